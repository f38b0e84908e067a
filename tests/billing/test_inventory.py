"""Instances and secrets read from every input, and keys resolved to their instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers import EXAMPLES, json_report, write_module

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROVIDER = 'provider "alicloud" {\n  region = "ap-southeast-1"\n}\n'
INSTANCE = 'resource "alicloud_kms_instance" "this" {\n  payment_type = "PayAsYouGo"\n}\n'


def _by_address(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["address"]: r for r in report["resources"]}


def _placement(report: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {
        r["address"]: (r["billing_model"], r.get("instance"))
        for r in report["resources"]
        if r["type"] not in ("alicloud_kms_instance", "ALIYUN::KMS::Instance")
    }


def test_a_key_joins_an_instance_through_a_module_output(tmp_path: Path) -> None:
    write_module(
        tmp_path,
        {
            "main.tf": PROVIDER
            + 'module "kms" {\n  source = "./kms"\n}\n'
            + 'resource "alicloud_kms_key" "app" {\n'
            + "  dkms_instance_id       = module.kms.instance_id\n"
            + "  pending_window_in_days = 7\n}\n",
            "kms/main.tf": INSTANCE
            + 'output "instance_id" {\n  value = alicloud_kms_instance.this.id\n}\n',
        },
    )
    report = json_report("estimate", tmp_path)
    assert _placement(report) == {
        "alicloud_kms_key.app": ("instance", "module.kms.alicloud_kms_instance.this")
    }
    instance = _by_address(report)["module.kms.alicloud_kms_instance.this"]
    assert instance["key_count"] == 1
    assert instance["file"].endswith("kms/main.tf") and instance["line"] == 1


def test_a_literal_instance_id_is_named_and_not_priced(tmp_path: Path) -> None:
    write_module(
        tmp_path,
        {
            "main.tf": PROVIDER
            + 'variable "instance" {\n  default = "kst-sgp-0123"\n}\n'
            + 'resource "alicloud_kms_key" "app" {\n'
            + "  dkms_instance_id       = var.instance\n"
            + "  pending_window_in_days = 7\n}\n"
        },
    )
    report = json_report("estimate", tmp_path)
    key = _by_address(report)["alicloud_kms_key.app"]
    assert (key["billing_model"], key["instance"], key["monthly_cost"]) == (
        "instance",
        "kst-sgp-0123",
        "0.00",
    )
    assert "instance kst-sgp-0123 is not in the scan: the key's share is not priced" in key["notes"]
    assert report["summary"]["monthly_cost"] == "0.00"


def test_defaults_billing_model_instance_puts_keys_without_an_id_in_the_default_instance(
    tmp_path: Path,
) -> None:
    write_module(
        tmp_path,
        {
            "main.tf": PROVIDER
            + INSTANCE
            + 'resource "alicloud_kms_key" "app" {\n  pending_window_in_days = 7\n}\n',
            "kmslint-usage.yml": "version: 1\ndefaults:\n  billing_model: instance\n"
            "  instance: alicloud_kms_instance.this\n"
            "resource_usage:\n  alicloud_kms_instance.this: {peak_qps: 1}\n",
        },
    )
    report = json_report("estimate", tmp_path)
    assert _placement(report) == {
        "alicloud_kms_key.app": ("instance", "alicloud_kms_instance.this")
    }
    # 135.00 instance + 15.00 for one QPS unit + 0.90 for the key's one version
    assert report["summary"]["monthly_cost"] == "150.90"


def test_a_wrong_billing_model_is_an_error_with_its_line(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    write_module(
        tmp_path,
        {
            "main.tf": PROVIDER + 'resource "alicloud_kms_key" "k" {\n}\n',
            "kmslint-usage.yml": "version: 1\ndefaults:\n  billing_model: kms3\n",
        },
    )
    result = run_cli("estimate", tmp_path)
    assert result.exit_code == 2
    assert "kmslint-usage.yml:3: billing_model must be one of kms1, instance, got 'kms3'" in (
        result.stderr
    )


def test_plan_json_keys_and_secrets_join_their_instance_through_references() -> None:
    usage = FIXTURES / "plan-usage.yml"
    report = json_report("estimate", FIXTURES / "plan.json", "--usage-file", usage)
    main = "alicloud_kms_instance.main"
    assert _placement(report) == {
        "alicloud_kms_key.a": ("instance", main),
        "alicloud_kms_key.b": ("instance", main),
        "alicloud_kms_key.c": ("instance", main),
        "alicloud_kms_key.legacy": ("kms1", None),
        "alicloud_kms_secret.x": ("instance", main),
        "alicloud_kms_secret.y": ("instance", main),
    }
    instance = _by_address(report)[main]
    assert (instance["monthly_cost"], instance["horizon_monthly_cost"]) == ("183.48", "193.38")


def test_ros_twin_costs_183_48_in_month_1_and_193_38_in_month_12() -> None:
    report = json_report("estimate", EXAMPLES / "ros" / "kms-instance-payg")
    instance = _by_address(report)["KmsInstance"]
    assert (instance["type"], instance["payment_type"], instance["edition"]) == (
        "ALIYUN::KMS::Instance",
        "PayAsYouGo",
        "software",
    )
    assert (instance["monthly_cost"], instance["horizon_monthly_cost"]) == ("183.48", "193.38")
    assert _placement(report) == {
        "DataKey": ("instance", "KmsInstance"),
        "BackupKey": ("instance", "KmsInstance"),  # !GetAtt KmsInstance.InstanceId
        "SigningKey": ("instance", "KmsInstance"),
        "DbPassword": ("instance", "KmsInstance"),
        "ApiToken": ("instance", "KmsInstance"),
    }


def test_ros_subscription_twin_costs_500_and_needs_4680_versions() -> None:
    report = json_report("estimate", EXAMPLES / "ros" / "kms-instance-subscription")
    instance = _by_address(report)["KmsInstance"]
    assert instance["monthly_cost"] == "500.00" and instance["term_months"] == 12
    assert instance["quota"]["keys"]["used_horizon"] == 4680
    assert instance["quota"]["keys"]["exceeded_month"] == 3
