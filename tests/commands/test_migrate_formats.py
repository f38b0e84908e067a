"""``kmslint migrate`` in html and the finding formats: blockers as ``migrate-blocker`` findings."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

from tests.helpers import EXAMPLES, run_cli, write_module

MIGRATION = EXAMPLES / "terraform" / "migration"
MAIN_TF = "examples/terraform/migration/main.tf"
AS_OF = ("--as-of", "2026-01-15")
SINGAPORE_BLOCKERS = [
    ("alicloud_kms_key.app", 15),
    ("alicloud_kms_key.disks", 23),
    ("alicloud_kms_key.signing", 32),
    ("alicloud_kms_key.archive", 40),
    ("alicloud_kms_key.archive", 39),
]


def _migrate(fmt: str, *paths: Path) -> str:
    result = run_cli("migrate", *(paths or (MIGRATION,)), *AS_OF, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _blockers() -> list[dict[str, object]]:
    document = json.loads(_migrate("json"))
    return [b for region in document["regions"] for b in region["blockers"]]


def test_sarif_has_one_result_per_blocker_under_the_migrate_blocker_rule() -> None:
    run = json.loads(_migrate("sarif"))["runs"][0]
    [rule] = run["tool"]["driver"]["rules"]
    assert (rule["id"], rule["name"]) == ("migrate-blocker", "MigrationBlocker")
    assert "migrate-blocker is the rule id kmslint migrate gives" in rule["fullDescription"]["text"]
    results = run["results"]
    assert len(results) == len(_blockers())
    found = [
        (
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == MAIN_TF
    ]
    assert found[:5] == SINGAPORE_BLOCKERS
    assert {r["level"] for r in results} == {"warning"}
    assert results[0]["message"]["text"] == (
        "moving to a hardware instance in ap-southeast-1: hardware-instance keys do not rotate "
        "automatically."
    )


def test_github_annotates_each_blocker_and_prints_the_options_of_each_region() -> None:
    lines = _migrate("github").splitlines()
    annotations = [line for line in lines if line.startswith("::warning ")]
    assert len(annotations) == len(_blockers())
    assert annotations[0] == (
        f"::warning file={MAIN_TF},line=15,title=migrate-blocker migration-blocker::"
        "alicloud_kms_key.app: moving to a hardware instance in ap-southeast-1: "
        "hardware-instance keys do not rotate automatically"
    )
    notices = [line for line in lines if line.startswith("::notice title=kmslint migrate ")]
    assert [n.split("::")[1] for n in notices] == [
        "notice title=kmslint migrate ap-southeast-1",
        "notice title=kmslint migrate cn-hangzhou",
    ]
    assert "software, pay-as-you-go: $156.30 / $159.00" in notices[0]
    assert "KMS 1.0 today: $5.88225 / $6.06225" in notices[0]


def test_gitlab_has_one_issue_per_blocker() -> None:
    entries = json.loads(_migrate("gitlab"))
    assert len(entries) == len(_blockers())
    assert {e["check_name"] for e in entries} == {"migrate-blocker"}
    first = entries[0]
    assert (first["severity"], first["location"]) == (
        "minor",
        {"path": MAIN_TF, "lines": {"begin": 15}},
    )
    assert len({e["fingerprint"] for e in entries}) == len(entries)


def test_junit_has_a_failing_case_per_blocked_key() -> None:
    root = ElementTree.fromstring(_migrate("junit"))
    cases = list(root.iter("testcase"))
    archive = [c for c in cases if c.get("classname") == "alicloud_kms_key.archive"]
    [case] = archive
    assert case.get("name") == "migrate-blocker migration-blocker"
    failure = case.find("failure")
    assert failure is not None
    assert (failure.text or "").count("warning: moving to a") == 2
    assert root.get("failures") == str(len({b["address"] for b in _blockers()}))


def test_html_has_a_table_per_region_with_every_option_to_the_cent() -> None:
    page = _migrate("html")
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page and "<script" not in page and "://" not in page
    assert page.count("<table>") == 2
    assert (
        '<tr><td>software, pay-as-you-go</td><td class="num">$156.30</td>'
        '<td class="num">$159.00</td></tr>'
    ) in page
    assert (
        '<tr><td>KMS 1.0 today</td><td class="num">$5.88225</td><td class="num">$6.06225</td></tr>'
    ) in page
    assert "ignore_changes = [dkms_instance_id, automatic_rotation" in page


def test_html_escapes_what_the_template_names_and_prints_not_priced(tmp_path: Path) -> None:
    write_module(
        tmp_path,
        {
            "main.tf": 'provider "alicloud" {\n  region = "ap-<b>x</b>"\n}\n'
            'resource "alicloud_kms_key" "k" {\n  count = 90\n  automatic_rotation = "Enabled"\n'
            '  rotation_interval = "7d"\n  pending_window_in_days = 7\n}\n'
        },
    )
    page = _migrate("html", tmp_path)
    assert "<b>x</b>" not in page and "ap-&lt;b&gt;x&lt;/b&gt;" in page
    row = next(line for line in page.splitlines() if "<td>software, subscription</td>" in line)
    assert row.endswith('<td class="num">$500.00</td><td class="num">not priced</td></tr>')


def test_no_kms1_keys_is_an_empty_finding_list_and_a_note(tmp_path: Path) -> None:
    empty = write_module(tmp_path, {"main.tf": 'provider "alicloud" {\n  region = "x"\n}\n'})
    assert json.loads(_migrate("gitlab", empty)) == []
    assert json.loads(_migrate("sarif", empty))["runs"][0]["results"] == []
    assert "No KMS 1.0 keys found." in _migrate("html", empty)
    assert _migrate("github", empty) == "::notice title=kmslint migrate::No KMS 1.0 keys found.\n"


def test_html_states_the_creation_date_assumption() -> None:
    plan = Path(__file__).parent / "fixtures" / "migrate-plan" / "plan.json"
    page = _migrate("html", plan)
    assert (
        "<p>Assumption: Versions now of a rotating key in a plan&#x27;s prior state: 1 + " in page
    )
    assert (
        "<li>alicloud_kms_key.app: created 2025-01-01: rotation every 30d has left an estimated "
        "12 more version(s) by 2026-01-15 (--as-of)</li>"
    ) in page
