"""Automatic rotation KMS refuses (an asymmetric spec, imported key material) adds no version:
the key is priced without it, with a note, and KMS008 reports the template (KMS-PRICING §3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import json_report, write_module

TERRAFORM = """provider "alicloud" {{
  region = "ap-southeast-1"
}}
resource "alicloud_kms_key" "k" {{
  {settings}
  protection_level       = "HSM"
  automatic_rotation     = "Enabled"
  rotation_interval      = "30d"
  pending_window_in_days = 7
}}
"""
ROS = """ROSTemplateFormatVersion: '2015-09-01'
Resources:
  Key:
    Type: ALIYUN::KMS::Key
    Properties:
      KeySpec: EC_P256
      KeyUsage: SIGN/VERIFY
      ProtectionLevel: HSM
      EnableAutomaticRotation: true
      RotationInterval: 30d
"""


def _key(report: dict) -> dict:
    (key,) = report["resources"]
    return key


def _kms008(report: dict) -> list[str]:
    return [f["message"] for f in report["findings"] if f["rule_id"] == "KMS008"]


@pytest.mark.parametrize(
    ("settings", "why", "hosting"),
    [
        ('key_spec = "EC_P256"\n  key_usage = "SIGN/VERIFY"', "EC_P256 keys cannot rotate", "2.49"),
        ('origin = "EXTERNAL"', "keys with imported key material cannot rotate", "0.99"),
    ],
    ids=["asymmetric", "external"],
)
def test_a_terraform_key_kms_cannot_rotate_keeps_one_version(
    tmp_path: Path, settings: str, why: str, hosting: str
) -> None:
    module = write_module(tmp_path / "m", {"main.tf": TERRAFORM.format(settings=settings)})
    report = json_report("check", module, "--horizon", "12")
    key = _key(report)
    assert key["versions"] == {"month_1": 1, "horizon": 1}
    assert key["hosting_cost"] == hosting  # one HSM version: 0.083 or 0.033 a day, 30 days
    assert key["monthly_costs"] == [hosting] * 12
    assert key["rotation_interval"] == "30d"  # what the template says, still shown
    assert (
        f"automatic rotation is enabled, but {why} (the API rejects this); priced without rotation"
        in key["notes"]
    )
    assert _kms008(report)
    assert not [s for s in report["savings"] if s["kind"] == "longer-rotation"]


@pytest.mark.parametrize("interval", ["3d", "731d", "12h"])
def test_an_interval_outside_7_to_730_days_adds_no_version(tmp_path: Path, interval: str) -> None:
    main = TERRAFORM.format(settings="").replace('"30d"', f'"{interval}"')
    report = json_report("check", write_module(tmp_path / "m", {"main.tf": main}))
    key = _key(report)
    assert key["versions"] == {"month_1": 1, "horizon": 1}
    assert key["notes"] == [
        f"automatic rotation is enabled, but the interval {interval} is outside the 7–730 days "
        "KMS allows (the API rejects this); priced without rotation"
    ]
    assert _kms008(report) == [
        f"rotation_interval {interval} ({days} days) is outside the allowed 7–730 days"
        for days in [{"3d": "3", "731d": "731", "12h": "0.5"}[interval]]
    ]


def test_a_rotating_symmetric_key_still_gains_a_version_every_interval(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", {"main.tf": TERRAFORM.format(settings="")})
    report = json_report("check", module, "--horizon", "12")
    key = _key(report)
    assert key["versions"] == {"month_1": 1, "horizon": 12}  # 1 + floor(day / 30), day 330
    assert key["notes"] == []
    assert _kms008(report) == []


def test_a_ros_key_kms_cannot_rotate_keeps_one_version(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(ROS, encoding="utf-8")
    report = json_report("check", tmp_path / "template.yaml", "--region", "ap-southeast-1")
    key = _key(report)
    assert key["versions"]["horizon"] == 1
    assert key["hosting_cost"] == "2.49"
    assert (
        "EnableAutomaticRotation is true, but EC_P256 keys cannot rotate (the API rejects this); "
        "priced without rotation"
    ) in key["notes"]
    assert _kms008(report)
