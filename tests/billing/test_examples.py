"""The instance examples' figures, through the CLI's JSON (the README quotes them)."""

from __future__ import annotations

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
