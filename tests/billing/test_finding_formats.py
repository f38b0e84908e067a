"""Instance and secret findings in the finding formats, and instances in ``kmslint merge``."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

from tests.helpers import EXAMPLES, run_cli

SUBSCRIPTION = EXAMPLES / "terraform" / "kms-instance-subscription"
PAYG = EXAMPLES / "terraform" / "kms-instance-payg"
SECRETS = Path(__file__).parents[1] / "policy" / "fixtures" / "KMS017" / "fires"
MAIN_TF = "examples/terraform/kms-instance-subscription/main.tf"
ADDRESS = "alicloud_kms_instance.main"


def _check(path: Path, fmt: str) -> str:
    result = run_cli("check", path, "--format", fmt)
    assert result.exit_code == 1, result.output  # KMS016 is an error
    return result.stdout


def test_sarif_carries_the_instance_quota_finding_with_file_line_and_address() -> None:
    document = json.loads(_check(SUBSCRIPTION, "sarif"))
    run = document["runs"][0]
    [result] = [r for r in run["results"] if r["ruleId"] == "KMS016"]
    assert result["level"] == "error"
    [location] = result["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == MAIN_TF
    assert location["physicalLocation"]["region"] == {"startLine": 12, "endLine": 17}
    assert location["logicalLocations"] == [{"fullyQualifiedName": ADDRESS, "kind": "resource"}]
    assert "from month 3" in result["message"]["text"]
    assert "4,680 versions" in result["message"]["text"]
    assert "KMS016" in {rule["id"] for rule in run["tool"]["driver"]["rules"]}


def test_junit_carries_the_instance_quota_finding_as_a_failure() -> None:
    root = ElementTree.fromstring(_check(SUBSCRIPTION, "junit"))
    [case] = [c for c in root.iter("testcase") if c.get("name") == "KMS016 instance-key-quota"]
    assert (case.get("classname"), case.get("file"), case.get("line")) == (ADDRESS, MAIN_TF, "12")
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "KMS016"
    assert (failure.text or "").startswith(f"{MAIN_TF}:12: error: the 90 key(s) in this instance")


def test_github_annotation_for_the_instance_quota_finding() -> None:
    lines = _check(SUBSCRIPTION, "github").splitlines()
    [line] = [x for x in lines if "title=KMS016" in x]
    assert line.startswith(
        f"::error file={MAIN_TF},line=12,endLine=17,title=KMS016 instance-key-quota::{ADDRESS}: "
    )
    assert "from month 3 (day 77); by month 12 they need 4,680 versions" in line


def test_gitlab_code_quality_entry_for_the_instance_quota_finding() -> None:
    entries = json.loads(_check(SUBSCRIPTION, "gitlab"))
    [entry] = [e for e in entries if e["check_name"] == "KMS016"]
    assert entry["severity"] == "major"
    assert entry["location"] == {"path": MAIN_TF, "lines": {"begin": 12}}
    assert entry["description"].startswith(f"KMS016 instance-key-quota: {ADDRESS}: ")


def test_secret_quota_finding_reaches_every_finding_format() -> None:
    sarif = json.loads(_check(SECRETS, "sarif"))
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "KMS017"]
    location = result["locations"][0]
    uri = location["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("tests/policy/fixtures/KMS017/fires/main.tf")
    line = location["physicalLocation"]["region"]["startLine"]
    address = location["logicalLocations"][0]["fullyQualifiedName"]
    assert address.startswith("alicloud_kms_instance.")
    gitlab = [e for e in json.loads(_check(SECRETS, "gitlab")) if e["check_name"] == "KMS017"]
    assert [(e["location"]["path"], e["location"]["lines"]["begin"]) for e in gitlab] == [
        (uri, line)
    ]
    github = [x for x in _check(SECRETS, "github").splitlines() if "title=KMS017" in x]
    assert len(github) == 1 and f"file={uri},line={line}," in github[0]
    junit = ElementTree.fromstring(_check(SECRETS, "junit"))
    cases = [c for c in junit.iter("testcase") if (c.get("name") or "").startswith("KMS017")]
    assert [(c.get("classname"), c.get("line")) for c in cases] == [(address, str(line))]


def _report(path: Path, target: Path) -> Path:
    result = run_cli("check", target, "--format", "json")
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_merge_keeps_instances_secrets_and_sums_billing_models(tmp_path: Path) -> None:
    signing = EXAMPLES / "terraform" / "signing"
    reports = [
        _report(tmp_path / f"{i}.json", target)
        for i, target in enumerate((PAYG, SUBSCRIPTION, signing))
    ]
    merged = json.loads(run_cli("merge", *reports, "--format", "json").stdout)
    whole = json.loads(run_cli("check", PAYG, SUBSCRIPTION, signing, "--format", "json").stdout)
    assert merged["summary"] == whole["summary"]
    assert merged["summary"]["by_billing_model"] == {
        "kms1": {"monthly_cost": "3.99", "horizon_monthly_cost": "3.99"},
        "instance": {"monthly_cost": "683.48", "horizon_monthly_cost": "693.38"},
    }
    assert merged["summary"]["monthly_cost"] == "687.47"
    assert (merged["summary"]["instance_count"], merged["summary"]["secret_count"]) == (2, 2)
    by_address = {r["address"]: r for r in merged["resources"]}
    assert by_address == {r["address"]: r for r in whole["resources"]}
    secret = by_address["alicloud_kms_secret.db_password"]
    assert (secret["billing_model"], secret["instance"]) == ("instance", ADDRESS)
    assert by_address[ADDRESS]["quota"]["keys"]["used_horizon"] == 4680
    assert "KMS016" in {f["rule_id"] for f in merged["findings"]}


def test_merge_keeps_a_not_priced_instance_not_priced(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.mkdir()
    (big / "main.tf").write_text(
        'resource "alicloud_kms_instance" "big" {\n  key_num = 5000\n  product_version = "3"\n}\n',
        encoding="utf-8",
    )
    reports = [_report(tmp_path / "big.json", big), _report(tmp_path / "payg.json", PAYG)]
    merged = json.loads(run_cli("merge", *reports, "--format", "json").stdout)
    entry = next(r for r in merged["resources"] if r["address"] == "alicloud_kms_instance.big")
    assert (entry["priced"], entry["monthly_cost"]) == (False, None)
    assert entry["not_priced"] == ["key quota 5000 (above the default 1000)"]
    assert merged["summary"]["not_priced_count"] == 1
    assert merged["summary"]["by_billing_model"]["instance"]["monthly_cost"] == "183.48"
