"""Assumptions that can exist: unknown values are priced on the costliest combination KMS
accepts, stated, and never turned into an error finding on their own."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import json_report, run_cli, write_module

PROVIDER = 'provider "alicloud" {\n  region = "ap-southeast-1"\n}\n'
UNKNOWN = (
    PROVIDER
    + 'variable "spec" {}\nvariable "prot" {}\nvariable "rot" {}\nvariable "on" {}\n'
    + 'resource "alicloud_kms_key" "k" {\n'
    + "  key_spec               = var.spec\n  protection_level       = var.prot\n"
    + "  automatic_rotation     = var.on\n  rotation_interval      = var.rot\n"
    + "  pending_window_in_days = 7\n}\n"
)
ROS_UNKNOWN = """ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  Spec: {Type: String}
  Protection: {Type: String}
  Rotate: {Type: Boolean}
  Interval: {Type: String}
Resources:
  Key:
    Type: ALIYUN::KMS::Key
    Properties:
      KeySpec: !Ref Spec
      ProtectionLevel: !Ref Protection
      EnableAutomaticRotation: !Ref Rotate
      RotationInterval: !Ref Interval
      PendingWindowInDays: 7
"""


def _key(report: dict) -> dict:
    (resource,) = report["resources"]
    return resource


def test_unknown_values_take_the_costliest_combination_kms_accepts(tmp_path: Path) -> None:
    write_module(tmp_path, {"main.tf": UNKNOWN})
    report = json_report("check", tmp_path)
    key = _key(report)
    # An asymmetric spec cannot rotate: the costliest key that exists is a rotating HSM
    # symmetric key, 7-day rotation (52 versions in month 12 at 0.033 a day).
    assert (key["key_spec"], key["protection_level"], key["rotation_interval"]) == (
        "Aliyun_AES_256",
        "HSM",
        "7d",
    )
    assert key["horizon_monthly_cost"] == "49.302"
    assert any("the most expensive spec that can rotate" in note for note in key["notes"])
    assert [f["rule_id"] for f in report["findings"] if f["severity"] == "error"] == []
    assert {f["line"] for f in report["findings"] if f["rule_id"] == "KMS005"} == {9, 10, 11, 12}


def test_a_ros_template_assumes_the_same_combination(tmp_path: Path) -> None:
    path = tmp_path / "stack.yml"
    path.write_text(ROS_UNKNOWN, encoding="utf-8")
    report = json_report("check", path, "--region", "ap-southeast-1")
    key = _key(report)
    assert (key["key_spec"], key["protection_level"], key["rotation_interval"]) == (
        "Aliyun_AES_256",
        "HSM",
        "7d",
    )
    assert key["horizon_monthly_cost"] == "49.302"
    assert [f["rule_id"] for f in report["findings"] if f["severity"] == "error"] == []


def test_an_asymmetric_key_with_unknown_rotation_is_assumed_not_to_rotate(tmp_path: Path) -> None:
    text = UNKNOWN.replace("var.spec", '"RSA_2048"')
    write_module(tmp_path, {"main.tf": text})
    report = json_report("check", tmp_path)
    key = _key(report)
    assert key["rotation_interval"] is None and key["versions"]["horizon"] == 1
    assert any(
        "automatic_rotation could not be resolved; assumed Disabled (RSA_2048 keys cannot rotate"
        in note
        for note in key["notes"]
    )
    assert "KMS008" not in {f["rule_id"] for f in report["findings"]}


def test_an_error_rule_does_not_fire_on_an_assumed_value_alone(tmp_path: Path) -> None:
    write_module(
        tmp_path,
        {
            "main.tf": UNKNOWN,
            ".kmslint.yaml": "rules:\n  KMS010: {params: {hsm_unavailable_regions: [ap-southeast-1]}}\n",
        },
    )
    report = json_report("check", tmp_path)
    assert "KMS010" not in {f["rule_id"] for f in report["findings"]}
    written = UNKNOWN.replace("var.prot", '"HSM"')
    (tmp_path / "main.tf").write_text(written, encoding="utf-8")
    found = json_report("check", tmp_path)["findings"]
    assert [(f["rule_id"], f["line"]) for f in found if f["rule_id"] == "KMS010"] == [
        ("KMS010", 10)
    ]


def test_an_empty_protection_level_is_a_finding_not_a_silent_price(tmp_path: Path) -> None:
    text = (
        PROVIDER
        + 'resource "alicloud_kms_key" "k" {\n  protection_level       = ""\n  pending_window_in_days = 7\n}\n'
    )
    write_module(tmp_path, {"main.tf": text})
    result = run_cli("check", tmp_path)
    assert result.exit_code == 1
    assert (
        "main.tf:5: error KMS007 invalid-key-spec: alicloud_kms_key.k: protection_level '' is "
        "neither SOFTWARE nor HSM; priced as HSM"
    ) in result.stdout
    assert _key(json_report("estimate", tmp_path))["monthly_cost"] == "0.99"
