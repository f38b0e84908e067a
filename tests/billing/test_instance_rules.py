"""KMS019 beyond its fixture: a hardware instance's rotating key, a spec the edition cannot hold."""

from __future__ import annotations

from pathlib import Path

from tests.policy.support import check

TEMPLATE = """ROSTemplateFormatVersion: '2015-09-01'
Resources:
  Hsm:
    Type: ALIYUN::KMS::Instance
    Properties:
      ProductVersion: hardware
      InstanceChargeType: Subscription
  Soft:
    Type: ALIYUN::KMS::Instance
    Properties:
      ProductVersion: software
  Rotating:
    Type: ALIYUN::KMS::Key
    Properties:
      DKMSInstanceId: !Ref Hsm
      EnableAutomaticRotation: true
      RotationInterval: 30d
      PendingWindowInDays: 7
  Sm2:
    Type: ALIYUN::KMS::Key
    Properties:
      DKMSInstanceId: !GetAtt Soft.InstanceId
      KeySpec: EC_SM2
      KeyUsage: SIGN/VERIFY
      PendingWindowInDays: 7
"""


def test_hardware_rotation_and_a_spec_a_software_instance_cannot_hold(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "stack.yaml").write_text(TEMPLATE, encoding="utf-8")
    run = check(tmp_path / "stack.yaml", "--region", "cn-hangzhou")
    found = [(line, address, message) for _, line, address, message in run.where("KMS019")]
    assert found == [
        (
            16,
            "Rotating",
            "keys of hardware instance Hsm do not rotate automatically; turn automatic rotation "
            "off and make new versions by hand",
        ),
        (
            23,
            "Sm2",
            "key_spec EC_SM2 cannot be held by software instance Soft (it holds Aliyun_AES_256, "
            "RSA_2048, RSA_3072, EC_P256, EC_P256K)",
        ),
    ]
    assert run.exit_code == 1
