"""The instance examples' figures, through the CLI's JSON (the README quotes them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import EXAMPLES, json_report


def _entry(report: dict[str, Any], resource_type: str) -> dict[str, Any]:
    return next(r for r in report["resources"] if r["type"] == resource_type)


def test_terraform_payg_instance_costs_183_48_in_month_1_and_193_38_in_month_12() -> None:
    report = json_report("estimate", EXAMPLES / "terraform" / "kms-instance-payg")
    instance = _entry(report, "alicloud_kms_instance")
    assert (instance["monthly_cost"], instance["horizon_monthly_cost"]) == ("183.48", "193.38")
    assert (instance["payment_type"], instance["edition"], instance["priced"]) == (
        "PayAsYouGo",
        "software",
        True,
    )
    assert instance["quota"]["qps"] == {"limit": None, "peak": "2.4", "units": 3}
    assert (report["summary"]["monthly_cost"], report["summary"]["horizon_monthly_cost"]) == (
        "183.48",
        "193.38",
    )
    assert report["summary"]["by_billing_model"] == {
        "kms1": {"monthly_cost": "0.00", "horizon_monthly_cost": "0.00"},
        "instance": {"monthly_cost": "183.48", "horizon_monthly_cost": "193.38"},
    }
    keys = [r for r in report["resources"] if r["type"] == "alicloud_kms_key"]
    assert [
        (k["billing_model"], k["instance"], k["monthly_cost"], k["api_cost"]) for k in keys
    ] == [("instance", "alicloud_kms_instance.main", "0.90", "0.00")] * 3
    secrets = [r for r in report["resources"] if r["type"] == "alicloud_kms_secret"]
    assert [(s["instance"], s["monthly_cost"]) for s in secrets] == [
        ("alicloud_kms_instance.main", "0.39")
    ] * 2


def test_terraform_subscription_instance_costs_500_and_needs_4680_versions_by_month_12() -> None:
    report = json_report("estimate", EXAMPLES / "terraform" / "kms-instance-subscription")
    instance = _entry(report, "alicloud_kms_instance")
    assert (instance["monthly_cost"], instance["horizon_monthly_cost"]) == ("500.00", "500.00")
    assert instance["term_months"] == 12
    assert instance["quota"]["keys"] == {
        "limit": 1000,
        "used_month_1": 450,
        "used_horizon": 4680,
        "exceeded_month": 3,
    }
    assert report["summary"]["key_count"] == 90
    assert report["summary"]["monthly_cost"] == "500.00"


def test_text_lists_the_instance_its_quota_and_its_secrets() -> None:
    from tests.helpers import run_cli

    result = run_cli("estimate", EXAMPLES / "terraform" / "kms-instance-subscription")
    row = next(line for line in result.stdout.splitlines() if "alicloud_kms_instance.main" in line)
    assert row.split() == [
        "alicloud_kms_instance.main",
        "Subscription",
        "software",
        "90",
        "0",
        "450",
        "->",
        "4680",
        "(1000)",
        "?",
        "/",
        "1000",
        "$500.00",
        "$500.00",
    ]
    payg = run_cli("estimate", EXAMPLES / "terraform" / "kms-instance-payg").stdout
    assert (
        "  alicloud_kms_secret.db_password (in alicloud_kms_instance.main): $0.39 a month" in payg
    )
    assert "Note: KMS 1.0 reached End of Service" not in payg  # no KMS 1.0 key there


def test_an_unpublished_size_reads_not_priced_in_text(tmp_path: Path) -> None:
    from tests.helpers import run_cli, write_module

    write_module(
        tmp_path,
        {
            "main.tf": 'resource "alicloud_kms_instance" "big" {\n  key_num = 5000\n'
            '  product_version = "3"\n}\n'
        },
    )
    result = run_cli("estimate", tmp_path, "--format", "json")
    entry = json.loads(result.stdout)["resources"][0]
    assert (entry["priced"], entry["monthly_cost"]) == (False, None)
    assert entry["not_priced"] == ["key quota 5000 (above the default 1000)"]
    text = run_cli("estimate", tmp_path).stdout
    row = next(line for line in text.splitlines() if "alicloud_kms_instance.big" in line)
    assert row.endswith("not priced  not priced")
    assert "$0.00  $0.00" not in row
