"""The three worked examples of KMS-PRICING.md §7 as ROS templates, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES
from tests.ros.support import (
    HSM_ADVANCED_DAY,
    HSM_BASIC_DAY,
    ROS_EXAMPLES,
    api,
    by_address,
    hosting,
    money,
    report,
)

WORKED = [
    ("disk-encryption", "0.99225", hosting(HSM_BASIC_DAY) + api(750, "basic", "outside")),
    (
        "oss-client-side-encryption",
        "7.02",
        hosting(HSM_BASIC_DAY) + api(2_010_000, "basic", "outside"),
    ),
    ("signing", "3.99", hosting(HSM_ADVANCED_DAY) + api(100_000, "advanced", "outside")),
]


@pytest.mark.parametrize(("example", "printed", "by_hand"), WORKED)
def test_worked_example_totals(example: str, printed: str, by_hand: object) -> None:
    data = report(ROS_EXAMPLES / example)
    assert data["summary"]["monthly_cost"] == printed
    assert money(printed) == by_hand
    assert data["summary"]["key_count"] == 1
    assert data["summary"]["usage_unknown_count"] == 0
    assert data["errors"] == [] and data["warnings"] == []


@pytest.mark.parametrize("example", [name for name, _, _ in WORKED])
def test_same_totals_as_the_terraform_twin(example: str) -> None:
    ros = report(ROS_EXAMPLES / example)["summary"]
    terraform = report(EXAMPLES / "terraform" / example)["summary"]
    for field in (
        "monthly_cost",
        "hosting_cost",
        "api_cost",
        "horizon_monthly_cost",
        "horizon_total_cost",
        "key_count",
    ):
        assert ros[field] == terraform[field], field


def test_examples_cover_yaml_short_forms_json_and_long_forms() -> None:
    disk = (ROS_EXAMPLES / "disk-encryption" / "template.yml").read_text(encoding="utf-8")
    assert "!Ref ProtectionLevel" in disk and "!GetAtt DiskKey.KeyId" in disk
    oss = json.loads(
        (ROS_EXAMPLES / "oss-client-side-encryption" / "template.json").read_text(encoding="utf-8")
    )
    assert oss["ROSTemplateFormatVersion"] == "2015-09-01"
    signing = (ROS_EXAMPLES / "signing" / "template.yaml").read_text(encoding="utf-8")
    assert "Fn::FindInMap" in signing and "!" not in signing.split("Resources:")[1]


def test_example_resources_are_addressed_by_logical_id() -> None:
    disk = by_address(report(ROS_EXAMPLES / "disk-encryption"))["DiskKey"]
    assert disk["file"].endswith("template.yml") and disk["line"] == 15
    assert (disk["key_spec"], disk["protection_level"], disk["region"], disk["region_class"]) == (
        "Aliyun_AES_256", "HSM", "ap-southeast-1", "outside",
    )  # fmt: skip
    oss = by_address(report(ROS_EXAMPLES / "oss-client-side-encryption"))["OssKey"]
    assert oss["file"].endswith("template.json") and oss["line"] == 11
    sign = by_address(report(ROS_EXAMPLES / "signing"))["SignKey"]
    assert (sign["key_spec"], sign["key_class"], sign["key_usage"]) == (
        "EC_P256",
        "advanced",
        "SIGN/VERIFY",
    )


def test_scanning_the_examples_directory_applies_each_templates_own_usage_file() -> None:
    # Each template uses the kmslint-usage.yml beside it (its calls and defaults.region), so the
    # directory costs what the three templates cost one by one.
    data = report(ROS_EXAMPLES)
    resources = {
        address: r for address, r in by_address(data).items() if r.get("billing_model") == "kms1"
    }
    assert set(resources) == {"DiskKey", "OssKey", "SignKey"}  # the rest are in KMS instances
    assert data["summary"]["usage_unknown_count"] == 0
    kms1 = data["summary"]["by_billing_model"]["kms1"]["monthly_cost"]
    assert money(kms1) == sum(by_hand for _, _, by_hand in WORKED)
    assert {r["region_class"] for r in resources.values()} == {"outside"}
    assert sorted(Path(p["usage_file"]).resolve() for p in data["projects"]) == sorted(
        p.parent / "kmslint-usage.yml" for p in ROS_EXAMPLES.glob("*/template.*")
    )
