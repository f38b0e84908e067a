"""Savings advice: exact figures for the cheaper choice on each key."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import EXAMPLES, json_report, run_cli, write_module


def _savings(report: dict) -> dict[tuple[str, str], tuple[str, str, str]]:
    return {
        (s["address"], s["kind"]): (
            s["monthly_saving"],
            s["horizon_monthly_saving"],
            s["horizon_total_saving"],
        )
        for s in report["savings"]
    }


def test_30_day_hsm_rotation_versus_365_days_over_12_months(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'provider "alicloud" {\n  region = "ap-southeast-1"\n}\n'
                'resource "alicloud_kms_key" "k" {\n  protection_level = "HSM"\n  automatic_rotation = "Enabled"\n'
                '  rotation_interval = "30d"\n}\n'
            ),
            "kmslint-usage.yml": "resource_usage:\n  alicloud_kms_key.k:\n    monthly_crypto_calls: 10000\n",
        },
    )
    savings = _savings(json_report("estimate", module))
    # 30d: month 12 has 12 versions (11.88), 12 months 77.22; 365d: 1 version all year (0.99, 11.88).
    assert savings[("alicloud_kms_key.k", "longer-rotation")] == ("0.00", "10.89", "65.34")
    # SOFTWARE: 0.031 less per version-day: 0.93 in month 1, 12 x 0.93 = 11.16 in month 12.
    assert savings[("alicloud_kms_key.k", "software-protection")] == ("0.93", "11.16", "72.54")


def test_hsm_key_used_only_by_disks_could_be_a_free_service_key() -> None:
    report = json_report("estimate", EXAMPLES / "terraform" / "disk-encryption")
    savings = _savings(report)
    assert savings[("alicloud_kms_key.disks", "service-key")] == ("0.99225", "0.99225", "11.907")
    text = run_cli("estimate", EXAMPLES / "terraform" / "disk-encryption").stdout
    assert (
        "alicloud_kms_key.disks: let the disks/buckets use a free service key instead of this key: "
        "saves $0.99225/month now, $0.99225/month in month 12"
    ) in text


def test_a_key_nobody_uses_can_be_removed(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {"main.tf": 'resource "alicloud_kms_key" "k" {\n  protection_level = "SOFTWARE"\n}\n'},
    )
    assert _savings(json_report("estimate", module)) == {
        ("alicloud_kms_key.k", "remove-unused-key"): ("0.06", "0.06", "0.72")
    }


def test_tier_crossing_savings_are_priced_on_the_whole_scan(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": 'resource "alicloud_kms_key" "k" {\n  key_spec = "EC_P256"\n  key_usage = "SIGN/VERIFY"\n  protection_level = "HSM"\n}\n',
            "kmslint-usage.yml": "account:\n  existing_advanced_hsm_versions: 2000\nresource_usage:\n  alicloud_kms_key.k:\n    monthly_sign_calls: 0\n",
        },
    )
    report = json_report("estimate", module)
    assert report["resources"][0]["hosting_cost"] == "0.99"  # beyond the tier: 0.033 a day
    # SOFTWARE would cost 0.06: the saving is 0.93, not the 2.43 the in-tier price would suggest.
    assert _savings(report)[("alicloud_kms_key.k", "software-protection")][0] == "0.93"


def test_savings_sections_in_markdown_and_html() -> None:
    example = EXAMPLES / "terraform" / "disk-encryption"
    markdown = run_cli("estimate", example, "--format", "markdown").stdout
    assert (
        "- `alicloud_kms_key.disks`: use SOFTWARE protection instead of HSM: saves \\$0.93/month now, "
        "\\$0.93/month in month 12"
    ) in markdown
    html = run_cli("estimate", example, "--format", "html").stdout
    assert (
        "<li>alicloud_kms_key.disks: let the disks/buckets use a free service key instead of this key: "
        "saves $0.99225/month now, $0.99225/month in month 12</li>"
    ) in html


def test_savings_across_the_tier_for_2100_keys(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": 'resource "alicloud_kms_key" "k" {\n  count = 2100\n  key_spec = "EC_P256"\n  protection_level = "HSM"\n}\n',
        },
    )
    report = json_report("estimate", module)
    # 2,000 versions at 2.49 and 100 beyond the tier at 0.99 a month.
    assert report["summary"]["monthly_cost"] == "5079.00"
    savings = _savings(report)
    assert len(savings) == 4200
    # Any one key removed or moved to SOFTWARE takes a version off the beyond-tier price.
    assert savings[("alicloud_kms_key.k[0]", "remove-unused-key")] == ("0.99", "0.99", "11.88")
    assert savings[("alicloud_kms_key.k[2099]", "software-protection")] == ("0.93", "0.93", "11.16")


ROTATING_TIER = """provider "alicloud" {
  region = "cn-hangzhou"
}

provider "alicloud" {
  alias  = "sg"
  region = "ap-southeast-1"
}

provider "alicloud" {
  alias  = "us"
  region = "us-east-1"
}

resource "alicloud_kms_key" "a" {
  key_spec           = "EC_P256"
  key_usage          = "SIGN/VERIFY"
  protection_level   = "HSM"
  automatic_rotation = "Enabled"
  rotation_interval  = "20d"
}

resource "alicloud_kms_key" "b" {
  provider         = alicloud.sg
  key_spec         = "EC_P256"
  key_usage        = "SIGN/VERIFY"
  protection_level = "HSM"
}

resource "alicloud_kms_key_version" "b2" {
  provider = alicloud.sg
  key_id   = alicloud_kms_key.b.id
}

resource "alicloud_kms_key" "c" {
  provider           = alicloud.us
  protection_level   = "HSM"
  automatic_rotation = "Enabled"
  rotation_interval  = "10d"
}
"""


def test_hsm_keys_in_three_regions_beside_the_advanced_tier(tmp_path: Path) -> None:
    """Worked by hand from KMS-PRICING.md. Advanced keys are asymmetric and cannot rotate, so
    a's rotation is refused (KMS008) and priced without it: a has 1 version, b 2 (b2), beside
    1,998 versions elsewhere the tier has room for 2 of the 3 at 0.083 a day, the third at
    0.033, shared by version count: a 1.99 a month, b 3.98. c (basic, 0.033) rotates every 10
    days: 60 version-days in month 1 (1.98), 150 in month 2 (4.95)."""
    usage = (
        "account:\n  existing_advanced_hsm_versions: 1998\nresource_usage:\n"
        "  alicloud_kms_key.a:\n    monthly_sign_calls: 10000\n"
        "  alicloud_kms_key.b:\n    monthly_sign_calls: 10000\n"
        "  alicloud_kms_key.c:\n    monthly_crypto_calls: 0\n"
    )
    module = write_module(tmp_path / "m", {"main.tf": ROTATING_TIER, "kmslint-usage.yml": usage})
    report = json_report("estimate", module, "--horizon", "2")
    costs = {r["address"]: r["monthly_costs"] for r in report["resources"]}
    # 10,000 sign calls: 0.24 on an advanced key in mainland China (a), 0.15 outside (b)
    assert costs == {
        "alicloud_kms_key.a": ["2.23", "2.23"],
        "alicloud_kms_key.b": ["4.13", "4.13"],
        "alicloud_kms_key.c": ["1.98", "4.95"],
    }
    assert report["summary"]["horizon_total_cost"] == "19.65"
    assert _savings(report) == {
        # a SOFTWARE: 0.06 a month, and b's 2 versions fit the tier's room (4.98): 5.97 -> 5.04
        ("alicloud_kms_key.a", "software-protection"): ("0.93", "0.93", "1.86"),
        # b SOFTWARE: 0.12 a month, and a's version fits the room (2.49): 5.97 -> 2.61
        ("alicloud_kms_key.b", "software-protection"): ("3.36", "3.36", "6.72"),
        # c: one version at 0.033 instead of 1 + day // 10 (60 and 150 version-days)
        ("alicloud_kms_key.c", "longer-rotation"): ("0.99", "3.96", "4.95"),
        ("alicloud_kms_key.c", "software-protection"): ("1.86", "4.65", "6.51"),
    }
