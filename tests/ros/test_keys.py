"""How an ``ALIYUN::KMS::Key`` becomes an inventory key: fields, lines, suppressions, aliases."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from kmslint.model import Suppression
from tests.ros.support import inventory, template, write

KEYS = """Resources:
  Signer:
    Type: ALIYUN::KMS::Key
    DeletionPolicy: Retain
    Metadata:
      kmslint:
        ignore:
          - id: KMS011
            reason: the signing key must outlive the stack
          - id: KMS014
    Properties:
      KeySpec: EC_P256
      ProtectionLevel: HSM
      PendingWindowInDays: 14
      DeletionProtection: true
      Tags:
        - {Key: team, Value: release}
        - {Key: env, Value: !Ref ALIYUN::StackName}
  Rotating:
    Type: ALIYUN::KMS::Key
    Properties:
      EnableAutomaticRotation: true
      RotationInterval: 90d
  Alias:
    Type: ALIYUN::KMS::Alias
    Properties:
      AliasName: alias/signer
      KeyId: !Ref Signer
"""


def test_key_fields_and_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yml", template(KEYS))
    keys = {k.address: k for k in inventory(path).keys}
    signer = keys["Signer"]
    assert (signer.type, signer.key_spec, signer.key_usage, signer.protection_level) == (
        "ALIYUN::KMS::Key",
        "EC_P256",
        "SIGN/VERIFY",
        "HSM",
    )
    assert (signer.source.file, signer.source.line, signer.source.end_line) == (str(path), 3, 20)
    assert signer.pending_window_in_days == 14 and signer.deletion_protection is True
    assert signer.deletion_policy_retain is True
    assert signer.tags == {"team": "release"}
    assert signer.attribute_line("KeySpec") == signer.attribute_line("key_spec") == 13
    assert signer.attribute_line("deletion_policy") == 5
    assert signer.region == "ap-southeast-1" and signer.region_source == "--region"
    rotating = keys["Rotating"]
    assert rotating.rotation_enabled and rotating.rotation_interval == "90d"
    assert rotating.rotation_interval_days == Fraction(90)
    assert rotating.pending_window_in_days == 30  # the ROS default
    assert (rotating.key_spec, rotating.key_usage, rotating.protection_level) == (
        "Aliyun_AES_256",
        "ENCRYPT/DECRYPT",
        "SOFTWARE",
    )


def test_metadata_suppressions(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yml", template(KEYS))
    signer = next(k for k in inventory(path).keys if k.address == "Signer")
    assert signer.suppressions == [
        Suppression("KMS011", "the signing key must outlive the stack", str(path), 9),
        Suppression("KMS014", None, str(path), 11),
    ]


def test_aliases_mark_their_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yml", template(KEYS))
    keys = {k.address: k for k in inventory(path).keys}
    assert keys["Signer"].referenced_by_alias is True
    assert keys["Rotating"].referenced_by_alias is False


def test_unknown_spec_assumes_the_most_expensive(tmp_path: Path) -> None:
    body = "Parameters:\n  Spec: {Type: String}\nResources:\n  K:\n    Type: ALIYUN::KMS::Key\n    Properties:\n      KeySpec: !Ref Spec\n      ProtectionLevel: !GetAZs ''\n"
    key = inventory(write(tmp_path, "t.yml", template(body))).keys[0]
    assert key.key_spec == "RSA_3072" and key.protection_level == "HSM"
    fields = {u.field: u for u in key.unresolved}
    assert fields["key_spec"].line == 8 and fields["key_spec"].assumption.startswith(
        "RSA_3072 (the most expensive spec its KeyUsage allows; parameter Spec has no Default"
    )
    assert fields["protection_level"].assumption == "HSM (Fn::GetAZs is not evaluated by kmslint)"


def test_only_ros_templates_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.yml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n# ROSTemplateFormatVersion: no\n",
    )
    loaded = inventory(path)
    assert loaded.keys == [] and loaded.diagnostics == [] and loaded.scanned_files == [str(path)]
