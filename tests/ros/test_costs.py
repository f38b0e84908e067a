"""Exact costs of templates with Count, Conditions, Fn::If, NoValue, FindInMap, DKMS, Enable."""

from __future__ import annotations

from pathlib import Path

from tests.ros.support import (
    HSM_ADVANCED_DAY,
    HSM_BASIC_DAY,
    SOFTWARE_DAY,
    api,
    by_address,
    hosting,
    money,
    report,
    template,
    write,
)

SINGAPORE = ("--region", "ap-southeast-1")


def stack(tmp_path: Path, body: str, usage: str = "") -> Path:
    write(tmp_path, "template.yml", template(body))
    if usage:
        write(tmp_path, "kmslint-usage.yml", "version: 1\n" + usage)
    return tmp_path


COUNTED = """Parameters:
  Copies: {Type: Number, Default: 2}
Resources:
  DataKey:
    Type: ALIYUN::KMS::Key
    Count: !Ref Copies
    Properties:
      ProtectionLevel: HSM
      Description: !Sub 'data key ${ALIYUN::Index}'
"""
COUNTED_USAGE = "resource_usage:\n  DataKey[*]:\n    monthly_crypto_calls: 10000\n"


def test_count_from_a_parameter(tmp_path: Path) -> None:
    directory = stack(tmp_path, COUNTED, COUNTED_USAGE)
    each = hosting(HSM_BASIC_DAY) + api(10_000, "basic", "outside")
    data = report(directory, *SINGAPORE)
    assert list(by_address(data)) == ["DataKey[0]", "DataKey[1]"]
    assert money(data["summary"]["monthly_cost"]) == 2 * each
    data = report(directory, *SINGAPORE, "--parameter", "Copies=3")
    assert list(by_address(data)) == ["DataKey[0]", "DataKey[1]", "DataKey[2]"]
    assert money(data["summary"]["monthly_cost"]) == 3 * each
    assert all(money(r["monthly_cost"]) == each for r in data["resources"])
    assert by_address(data)["DataKey[2]"]["line"] == 5


def test_count_of_an_unknown_parameter_assumes_one(tmp_path: Path) -> None:
    directory = stack(tmp_path, COUNTED.replace("{Type: Number, Default: 2}", "{Type: Number}"))
    data = report(directory, *SINGAPORE)
    key = by_address(data)["DataKey[0]"]
    assert data["summary"]["key_count"] == 1
    assert money(data["summary"]["monthly_cost"]) == hosting(HSM_BASIC_DAY)
    assert any(
        note.startswith("count could not be resolved; assumed 1 (Count of DataKey is unknown")
        for note in key["notes"]
    )


CONDITIONAL = """Parameters:
  Env: {Type: String, AllowedValues: [dev, prod], Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  AppKey:
    Type: ALIYUN::KMS::Key
    Properties:
      ProtectionLevel: !If [IsProd, HSM, SOFTWARE]
  AuditKey:
    Type: ALIYUN::KMS::Key
    Condition: IsProd
    Properties:
      ProtectionLevel: HSM
      KeySpec: RSA_3072
"""


def test_a_condition_removes_a_key_and_fn_if_picks_the_protection(tmp_path: Path) -> None:
    directory = stack(
        tmp_path,
        CONDITIONAL,
        "resource_usage:\n  AppKey: {monthly_crypto_calls: 20000}\n  AuditKey: {monthly_crypto_calls: 0}\n",
    )
    dev = report(directory, *SINGAPORE)
    assert list(by_address(dev)) == ["AppKey"]
    assert by_address(dev)["AppKey"]["protection_level"] == "SOFTWARE"
    assert money(dev["summary"]["monthly_cost"]) == hosting(SOFTWARE_DAY) + api(
        20_000, "basic", "outside"
    )
    prod = report(directory, *SINGAPORE, "--parameter", "Env=prod")
    keys = by_address(prod)
    assert list(keys) == ["AppKey", "AuditKey"]
    assert money(keys["AppKey"]["monthly_cost"]) == hosting(HSM_BASIC_DAY) + api(
        20_000, "basic", "outside"
    )
    assert money(keys["AuditKey"]["monthly_cost"]) == hosting(HSM_ADVANCED_DAY)
    assert money(prod["summary"]["monthly_cost"]) == hosting(HSM_BASIC_DAY) + api(
        20_000, "basic", "outside"
    ) + hosting(HSM_ADVANCED_DAY)


def test_an_unknown_condition_assumes_the_costly_branch(tmp_path: Path) -> None:
    directory = stack(
        tmp_path,
        CONDITIONAL.replace(
            "AllowedValues: [dev, prod], Default: dev", "AllowedValues: [dev, prod]"
        ),
    )
    keys = by_address(report(directory, *SINGAPORE))
    assert list(keys) == ["AppKey", "AuditKey"]
    assert keys["AppKey"]["protection_level"] == "HSM"
    assert money(keys["AppKey"]["hosting_cost"]) == hosting(HSM_BASIC_DAY)
    assert any(
        n.startswith("protection_level could not be resolved; assumed HSM")
        for n in keys["AppKey"]["notes"]
    )
    assert any(
        n.startswith("condition could not be resolved; assumed the resource is created")
        for n in keys["AuditKey"]["notes"]
    )


def test_no_value_leaves_the_default(tmp_path: Path) -> None:
    body = """Parameters:
  UseHsm: {Type: Boolean, Default: false}
Conditions:
  Hsm: !Equals [!Ref UseHsm, true]
Resources:
  Key:
    Type: ALIYUN::KMS::Key
    Properties:
      ProtectionLevel: !If [Hsm, HSM, !Ref ALIYUN::NoValue]
      KeySpec: !If [Hsm, RSA_3072, {Ref: ALIYUN::NoValue}]
"""
    directory = stack(tmp_path, body)
    key = by_address(report(directory, *SINGAPORE))["Key"]
    assert (key["protection_level"], key["key_spec"]) == ("SOFTWARE", "Aliyun_AES_256")
    assert money(key["monthly_cost"]) == hosting(SOFTWARE_DAY)
    key = by_address(report(directory, *SINGAPORE, "--parameter", "UseHsm=true"))["Key"]
    assert (key["protection_level"], key["key_spec"], key["key_class"]) == (
        "HSM",
        "RSA_3072",
        "advanced",
    )
    assert money(key["monthly_cost"]) == hosting(HSM_ADVANCED_DAY)


def test_find_in_map_picks_the_spec(tmp_path: Path) -> None:
    body = """Parameters:
  Tier: {Type: String, Default: basic}
Mappings:
  Tiers:
    basic: {Spec: Aliyun_AES_256, Usage: ENCRYPT/DECRYPT}
    signing: {Spec: EC_P256, Usage: SIGN/VERIFY}
Resources:
  Key:
    Type: ALIYUN::KMS::Key
    Properties:
      ProtectionLevel: HSM
      KeySpec: !FindInMap [Tiers, !Ref Tier, Spec]
      KeyUsage: !FindInMap [Tiers, !Ref Tier, Usage]
"""
    directory = stack(tmp_path, body, "resource_usage:\n  Key: {monthly_signatures: 50000}\n")
    basic = by_address(report(directory, *SINGAPORE))["Key"]
    assert money(basic["monthly_cost"]) == hosting(HSM_BASIC_DAY) + api(50_000, "basic", "outside")
    signing = by_address(report(directory, *SINGAPORE, "--parameter", "Tier=signing"))["Key"]
    assert (signing["key_spec"], signing["key_usage"]) == ("EC_P256", "SIGN/VERIFY")
    assert money(signing["monthly_cost"]) == hosting(HSM_ADVANCED_DAY) + api(
        50_000, "advanced", "outside"
    )


def test_a_key_in_a_dedicated_instance_costs_nothing(tmp_path: Path) -> None:
    body = "Resources:\n  InstanceKey:\n    Type: ALIYUN::KMS::Key\n    Properties:\n      DKMSInstanceId: kst-sgp123\n      ProtectionLevel: HSM\n  Plain:\n    Type: ALIYUN::KMS::Key\n"
    data = report(
        stack(
            tmp_path,
            body,
            "resource_type_default_usage:\n  ALIYUN::KMS::Key: {monthly_crypto_calls: 10000}\n",
        ),
        *SINGAPORE,
    )
    keys = by_address(data)
    assert (
        money(keys["InstanceKey"]["monthly_cost"]) == 0 and keys["InstanceKey"]["billed"] is False
    )
    assert (
        "instance kst-sgp123 is not in the scan: the key's share is not priced"
        in keys["InstanceKey"]["notes"]
    )
    assert money(data["summary"]["monthly_cost"]) == hosting(SOFTWARE_DAY) + api(
        10_000, "basic", "outside"
    )


def test_a_disabled_key_is_still_billed(tmp_path: Path) -> None:
    body = "Resources:\n  Old:\n    Type: ALIYUN::KMS::Key\n    Properties:\n      Enable: false\n      ProtectionLevel: HSM\n"
    key = by_address(report(stack(tmp_path, body), *SINGAPORE))["Old"]
    assert key["status"] == "Disabled" and key["billed"] is True
    assert money(key["monthly_cost"]) == hosting(HSM_BASIC_DAY)


def test_without_a_region_keys_are_priced_as_mainland_and_say_so(tmp_path: Path) -> None:
    body = "Resources:\n  Key:\n    Type: ALIYUN::KMS::Key\n    Properties:\n      ProtectionLevel: HSM\n"
    data = report(stack(tmp_path, body, "resource_usage:\n  Key: {monthly_crypto_calls: 10000}\n"))
    key = by_address(data)["Key"]
    assert (key["region"], key["region_class"]) == ("", "mainland")
    assert money(key["monthly_cost"]) == hosting(HSM_BASIC_DAY) + api(10_000, "basic", "mainland")
    assert (
        "region could not be resolved; assumed mainland China prices (no --region or defaults.region given)"
        in key["notes"]
    )
    assert any(
        a.startswith("ROS templates carry no region") for a in data["price_book"]["assumptions"]
    )


def test_region_from_the_usage_file_and_the_region_pseudo_parameter(tmp_path: Path) -> None:
    body = """Mappings:
  Protection:
    ap-southeast-1: {Level: HSM}
    cn-hangzhou: {Level: SOFTWARE}
Resources:
  Key:
    Type: ALIYUN::KMS::Key
    Properties:
      ProtectionLevel: !FindInMap [Protection, !Ref ALIYUN::Region, Level]
"""
    directory = stack(tmp_path, body, "defaults: {region: ap-southeast-1}\n")
    key = by_address(report(directory))["Key"]
    assert (key["region"], key["protection_level"]) == ("ap-southeast-1", "HSM")
    key = by_address(report(directory, "--region", "cn-hangzhou"))["Key"]
    assert (key["region"], key["region_class"], key["protection_level"]) == (
        "cn-hangzhou",
        "mainland",
        "SOFTWARE",
    )


def test_rotation_adds_billed_versions(tmp_path: Path) -> None:
    body = "Resources:\n  Rotating:\n    Type: ALIYUN::KMS::Key\n    Properties:\n      ProtectionLevel: HSM\n      EnableAutomaticRotation: true\n      RotationInterval: 2592000s\n"
    key = by_address(report(stack(tmp_path, body), *SINGAPORE))["Rotating"]
    assert key["rotation_interval"] == "2592000s"
    assert money(key["monthly_cost"]) == hosting(HSM_BASIC_DAY)
    # Month 12 covers days 330..359: 1 + floor(day / 30) = 12 versions every day.
    assert money(key["horizon_monthly_cost"]) == hosting(HSM_BASIC_DAY, versions=12)
