"""ROS consumers: disks and buckets name their key through Fn::GetAtt / Ref; service keys are free."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import EXAMPLES, json_report, write_module

TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Resources:
  DiskKey:
    Type: ALIYUN::KMS::Key
    Properties:
      ProtectionLevel: HSM
      PendingWindowInDays: 7
  KeyAlias:
    Type: ALIYUN::KMS::Alias
    Properties:
      AliasName: alias/disks
      KeyId: !Ref DiskKey
  DataDisk:
    Type: ALIYUN::ECS::Disk
    Count: 2
    Properties:
      Size: 100
      Encrypted: true
      KMSKeyId: !GetAtt [DiskKey, KeyId]
  AliasDisk:
    Type: ALIYUN::ECS::Disk
    Properties:
      Encrypted: true
      KMSKeyId: alias/disks
  Scratch:
    Type: ALIYUN::ECS::Disk
    Properties:
      Size: 20
      Encrypted: true
  Plain:
    Type: ALIYUN::ECS::Disk
    Properties:
      Size: 20
  Logs:
    Type: ALIYUN::OSS::Bucket
    Properties:
      BucketName: logs
      ServerSideEncryptionConfiguration:
        SSEAlgorithm: KMS
        KMSMasterKeyID: !Ref DiskKey
"""

USAGE = """\
defaults: {region: ap-southeast-1}
resource_usage:
  DataDisk[*]: {monthly_disks_created: 100}
  AliasDisk: {monthly_disks_created: 10}
  Logs: {monthly_objects_uploaded: 1000, monthly_object_reads: 400}
"""


def test_disks_and_buckets_link_to_their_key_and_add_calls(tmp_path: Path) -> None:
    report = json_report(
        "estimate",
        write_module(tmp_path / "stack", {"template.yml": TEMPLATE, "kmslint-usage.yml": USAGE}),
    )
    (key,) = report["resources"]
    assert sorted(c["address"] for c in key["consumers"]) == [
        "AliasDisk",
        "DataDisk[0]",
        "DataDisk[1]",
        "Logs",
    ]
    # 2 x 100 x 3 + 10 x 3 + 1,000 + 400 = 2,030 calls; 0.203 x 0.03 = 0.00609
    assert (key["monthly_calls"], key["api_cost"], key["monthly_cost"]) == (
        "2030",
        "0.00609",
        "0.99609",
    )
    assert [s["address"] for s in report["service_keys"]] == ["Scratch"]
    assert report["unlinked_consumers"] == []


def test_ros_disk_encryption_example_matches_its_terraform_twin() -> None:
    ros = json_report("estimate", EXAMPLES / "ros" / "disk-encryption")
    terraform = json_report("estimate", EXAMPLES / "terraform" / "disk-encryption")
    assert ros["summary"]["monthly_cost"] == terraform["summary"]["monthly_cost"] == "0.99225"
