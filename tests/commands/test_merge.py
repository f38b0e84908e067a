"""``kmslint merge``: one report from several, equal to the report of scanning everything at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES, run_cli, write_module

PROVIDER = 'provider "alicloud" {\n  region = "cn-hangzhou"\n}\n'
USAGE = "version: 1\nresource_type_default_usage:\n  alicloud_kms_key:\n    monthly_crypto_calls: 30000\n"


def report(*args: Any, command: str = "check") -> str:
    result = run_cli(command, *args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return str(result.stdout)


@pytest.fixture
def two_projects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_module(
        tmp_path / "a",
        {
            "main.tf": PROVIDER
            + (
                'resource "alicloud_kms_key" "rotating" {\n  protection_level       = "HSM"\n  automatic_rotation     = "Enabled"\n'
                '  rotation_interval      = "30d"\n  pending_window_in_days = 7\n}\n'
            )
        },
    )
    write_module(
        tmp_path / "b",
        {
            "main.tf": PROVIDER
            + (
                'resource "alicloud_kms_key" "sign" {\n  count                  = 2\n  key_spec               = "RSA_3072"\n'
                '  key_usage              = "SIGN/VERIFY"\n  protection_level       = "HSM"\n}\n'
            )
        },
    )
    (tmp_path / "usage.yml").write_text(USAGE, encoding="utf-8")
    return tmp_path


def test_merging_two_reports_equals_scanning_both(two_projects: Path) -> None:
    (two_projects / "a.json").write_text(report("a", "--usage-file", "usage.yml"), encoding="utf-8")
    (two_projects / "b.json").write_text(report("b", "--usage-file", "usage.yml"), encoding="utf-8")
    merged = run_cli("merge", "a.json", "b.json")
    assert merged.exit_code == 0, merged.stderr
    both = json.loads(report("a", "b", "--usage-file", "usage.yml"))
    assert json.loads(merged.stdout) == both
    summary = both["summary"]
    # cn-hangzhou: HSM basic 0.99 + 30,000 calls x 0.08/10k = 1.23; two RSA_3072 (advanced) 2 x (2.49 + 0.72) = 6.42.
    # Month 12: the 30-day rotation has made 12 versions: 11.88 + 0.24 + 6.42.
    assert (summary["monthly_cost"], summary["key_count"], summary["horizon_monthly_cost"]) == (
        "7.65",
        3,
        "18.54",
    )
    assert {f["rule_id"] for f in both["findings"]} >= {"KMS003", "KMS009"}


def test_merged_text_and_markdown(two_projects: Path) -> None:
    (two_projects / "a.json").write_text(report("a", "--usage-file", "usage.yml"), encoding="utf-8")
    (two_projects / "b.json").write_text(report("b", "--usage-file", "usage.yml"), encoding="utf-8")
    out = two_projects / "merged.md"
    result = run_cli(
        "merge",
        "a.json",
        "b.json",
        "--format",
        "markdown",
        "--output",
        out,
        "--format",
        "text",
        "--output",
        "-",
    )
    assert result.exit_code == 0
    assert "Monthly cost (month 1): $7.65" in result.stdout
    row = next(
        line for line in result.stdout.splitlines() if line.startswith("alicloud_kms_key.sign[1]")
    )
    # hosting 2.49, 30,000 calls at the advanced mainland rate 0.24 per 10,000 = 0.72; month 1 = month 12
    assert row.split() == [
        "alicloud_kms_key.sign[1]",
        "RSA_3072",
        "HSM",
        "advanced",
        "cn-hangzhou",
        "(mainland)",
        "1",
        "->",
        "1",
        "$2.49",
        "30000",
        "$0.72",
        "$3.21",
        "$3.21",
    ]
    assert out.read_text(encoding="utf-8").startswith("#### Monthly KMS cost is \\$7.65 now")


def test_the_same_key_in_two_reports_counts_once(tmp_path: Path) -> None:
    signing = tmp_path / "signing.json"
    signing.write_text(
        report(EXAMPLES / "terraform" / "signing", command="estimate"), encoding="utf-8"
    )
    merged = json.loads(run_cli("merge", signing, signing).stdout)
    assert (
        merged["summary"]["monthly_cost"],
        merged["summary"]["key_count"],
        len(merged["resources"]),
    ) == ("3.99", 1, 1)


def test_money_is_re_totalled_in_decimal(tmp_path: Path) -> None:
    paths = []
    for example in ("disk-encryption", "oss-client-side-encryption", "signing"):
        path = tmp_path / f"{example}.json"
        path.write_text(
            report(EXAMPLES / "terraform" / example, command="estimate"), encoding="utf-8"
        )
        paths.append(path)
    merged = json.loads(run_cli("merge", *paths).stdout)
    assert merged["summary"]["monthly_cost"] == "12.00225"  # 0.99225 + 7.02 + 3.99, exactly
    assert merged["summary"]["api_cost"] == "7.53225"


def test_reports_that_cannot_be_added_up(tmp_path: Path) -> None:
    twelve, six = tmp_path / "twelve.json", tmp_path / "six.json"
    twelve.write_text(
        report(EXAMPLES / "terraform" / "signing", command="estimate"), encoding="utf-8"
    )
    six.write_text(
        report(EXAMPLES / "terraform" / "signing", "--horizon", "6", command="estimate"),
        encoding="utf-8",
    )
    result = run_cli("merge", twelve, six)
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"{six}: summary.horizon_months is 6 but 12 in {twelve}: the reports cannot be added up"
    )


def test_bad_input(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    result = run_cli("merge", tmp_path / "x.json")
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"{tmp_path / 'x.json'}: not a kmslint JSON report (version 1); write one with --format json"
    )
    result = run_cli("merge", tmp_path / "missing.json")
    assert (
        result.exit_code == 2
        and "missing.json: cannot read file: No such file or directory" in result.stderr
    )
    assert run_cli("merge").exit_code == 2


def test_merged_reports_that_cross_the_tier_together_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    keys = 'resource "alicloud_kms_key" "k" {{\n  count = {n}\n  key_spec = "EC_P256"\n  protection_level = "HSM"\n}}\n'
    write_module(tmp_path / "a", {"main.tf": PROVIDER + keys.format(n=1500)})
    write_module(tmp_path / "b", {"main.tf": PROVIDER + keys.format(n=600)})
    for name in ("a", "b"):
        (tmp_path / f"{name}.json").write_text(report(name, command="estimate"), encoding="utf-8")
    merged = json.loads(run_cli("merge", "a.json", "b.json", "--format", "json").stdout)
    # Each job priced its versions inside the tier (2.49 each): 5229.00, where one scan gives 5079.00.
    assert merged["summary"]["monthly_cost"] == "5229.00"
    assert json.loads(report(".", command="estimate"))["summary"]["monthly_cost"] == "5079.00"
    assert merged["price_book"]["assumptions"][-1] == (
        "The merged reports priced the 2,000-version advanced-HSM tier each on their own; together they hold 2,100 "
        "advanced HSM versions, so one scan of everything (or account.existing_advanced_hsm_versions in each job's "
        "usage file) prices the versions beyond the tier differently."
    )
    write_module(tmp_path / "b", {"main.tf": PROVIDER + keys.format(n=500)})
    (tmp_path / "b.json").write_text(report("b", command="estimate"), encoding="utf-8")
    within = json.loads(run_cli("merge", "a.json", "b.json", "--format", "json").stdout)
    assert not any("each on their own" in a for a in within["price_book"]["assumptions"])
