"""A resource that uses several keys links to each; the consumer types landing zones use."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import json_report, write_module

KEYS = """
resource "alicloud_kms_key" "k" {
  count = 3
  pending_window_in_days = 7
}
"""


def consumers_by_key(tmp_path: Path, main: str) -> tuple[dict[str, list[str]], list[str]]:
    module = write_module(tmp_path / "m", {"main.tf": KEYS + main})
    report = json_report("check", module, "--fail-on", "error")
    linked = {
        r["address"]: [c["address"] for c in r["consumers"]]
        for r in report["resources"]
        if r["type"] == "alicloud_kms_key"
    }
    unused = [f["address"] for f in report["findings"] if f["rule_id"] == "KMS006"]
    return linked, unused


def test_an_instance_with_several_keys_links_to_every_one(tmp_path: Path) -> None:
    main = """
resource "alicloud_instance" "vm" {
  system_disk_kms_key_id = alicloud_kms_key.k[0].id
  data_disks {
    kms_key_id = alicloud_kms_key.k[1].id
  }
  dynamic "data_disks" {
    for_each = [2]
    content {
      kms_key_id = alicloud_kms_key.k[data_disks.value].id
    }
  }
}
"""
    linked, unused = consumers_by_key(tmp_path, main)
    assert linked == {
        "alicloud_kms_key.k[0]": ["alicloud_instance.vm"],
        "alicloud_kms_key.k[1]": ["alicloud_instance.vm"],
        "alicloud_kms_key.k[2]": ["alicloud_instance.vm"],
    }
    assert unused == []


def test_landing_zone_consumer_types_link_to_their_keys(tmp_path: Path) -> None:
    main = """
resource "alicloud_kms_ciphertext" "c" {
  key_id = alicloud_kms_key.k[0].id
  plaintext = "secret"
}
resource "alicloud_oss_bucket_server_side_encryption" "s" {
  bucket = "b"
  sse_algorithm = "KMS"
  kms_master_key_id = alicloud_kms_key.k[0].id
}
resource "alicloud_oss_bucket_replication" "r" {
  bucket = "b"
  encryption_configuration {
    replica_kms_key_id = alicloud_kms_key.k[1].id
  }
}
resource "alicloud_log_store" "l" {
  project = "p"
  name = "l"
  encrypt_conf {
    enable = true
    encrypt_type = "default"
    user_cmk_info {
      cmk_key_id = alicloud_kms_key.k[1].id
      arn = "acs:ram::1:role/aliyunlogdefaultrole"
      region_id = "cn-hangzhou"
    }
  }
}
resource "alicloud_oos_secret_parameter" "p" {
  secret_parameter_name = "p"
  value = "v"
  type = "Secret"
  key_id = alicloud_kms_key.k[2].id
}
resource "alicloud_kms_secret" "s" {
  secret_name = "s"
  secret_data = "d"
  version_id = "v1"
  encryption_key_id = alicloud_kms_key.k[2].id
}
"""
    linked, unused = consumers_by_key(tmp_path, main)
    assert {a: sorted(c) for a, c in linked.items()} == {
        "alicloud_kms_key.k[0]": [
            "alicloud_kms_ciphertext.c",
            "alicloud_oss_bucket_server_side_encryption.s",
        ],
        "alicloud_kms_key.k[1]": ["alicloud_log_store.l", "alicloud_oss_bucket_replication.r"],
        "alicloud_kms_key.k[2]": ["alicloud_kms_secret.s", "alicloud_oos_secret_parameter.p"],
    }
    assert unused == []


def test_the_ros_secret_parameter_links_to_its_key(tmp_path: Path) -> None:
    template = """
ROSTemplateFormatVersion: '2015-09-01'
Resources:
  Key:
    Type: ALIYUN::KMS::Key
    Properties:
      PendingWindowInDays: 7
  Param:
    Type: ALIYUN::OOS::SecretParameter
    Properties:
      SecretParameterName: p
      Value: v
      KeyId:
        Ref: Key
"""
    module = write_module(tmp_path / "ros", {"template.yml": template})
    report = json_report("check", module)
    keys = [r for r in report["resources"] if r["address"] == "Key"]
    assert [c["address"] for c in keys[0]["consumers"]] == ["Param"]
    assert [f for f in report["findings"] if f["rule_id"] == "KMS006"] == []


def test_the_ros_twins_of_the_landing_zone_consumers_link_to_their_keys(tmp_path: Path) -> None:
    # Property names as the ROS resource schema spells them:
    # ALIYUN::SLS::Logstore EncryptConf.UserCmkInfo.CmkKeyId: alibabacloud-go/ros-cdk
    #   alicloudroscdksls/RosLogstore_EncryptConfProperty.go, RosLogstore_UserCmkInfoProperty.go
    #   and sls.generated.js in alicloudroscdksls/jsii/alicloud-ros-cdk-sls-1.3.0.tgz;
    # ALIYUN::KMS::Secret EncryptionKeyId: aliyun/ros-templates resources/kms/secret.yml;
    # ALIYUN::OOS::SecretParameter KeyId: alibabacloud-go/ros-cdk alicloudroscdkoos;
    # ALIYUN::OSS::BucketReplication ReplicationConfiguration.Rule.EncryptionConfiguration: the ROS
    #   reference (help.aliyun.com/zh/ros/developer-reference/aliyun-oss-bucketreplication), and
    #   ReplicaKmsKeyID: ros-cdk-oss lib/oss.generated.js (the generated ROS template renderer).
    template = """
ROSTemplateFormatVersion: '2015-09-01'
Resources:
  LogKey:
    Type: ALIYUN::KMS::Key
    Properties:
      PendingWindowInDays: 7
  SecretKey:
    Type: ALIYUN::KMS::Key
    Properties:
      PendingWindowInDays: 7
  Logs:
    Type: ALIYUN::SLS::Logstore
    Properties:
      ProjectName: p
      LogstoreName: logs
      EncryptConf:
        Enable: true
        EncryptType: default
        UserCmkInfo:
          CmkKeyId: !GetAtt [LogKey, KeyId]
          Arn: acs:ram::1:role/aliyunlogdefaultrole
          RegionId: cn-hangzhou
  ServiceKeyLogs:
    Type: ALIYUN::SLS::Logstore
    Properties:
      ProjectName: p
      LogstoreName: service
      EncryptConf:
        Enable: true
        EncryptType: default
  Secret:
    Type: ALIYUN::KMS::Secret
    Properties:
      SecretName: s
      SecretData: d
      VersionId: v1
      EncryptionKeyId: !Ref SecretKey
  Param:
    Type: ALIYUN::OOS::SecretParameter
    Properties:
      SecretParameterName: p
      Value: v
      KeyId: !Ref SecretKey
  Replica:
    Type: ALIYUN::OSS::BucketReplication
    Properties:
      BucketName: src
      ReplicationConfiguration:
        Rule:
          Destination: {Bucket: dst, Location: oss-cn-beijing}
          SourceSelectionCriteria:
            SseKmsEncryptedObjects: {Status: Enabled}
          EncryptionConfiguration:
            ReplicaKmsKeyID: !GetAtt [LogKey, KeyId]
"""
    module = write_module(tmp_path / "ros", {"template.yml": template})
    report = json_report("check", module, "--fail-on", "error")
    linked = {
        r["address"]: sorted(c["address"] for c in r["consumers"])
        for r in report["resources"]
        if r["type"] == "ALIYUN::KMS::Key"
    }
    assert linked == {"LogKey": ["Logs", "Replica"], "SecretKey": ["Param", "Secret"]}
    assert [s["address"] for s in report["service_keys"]] == ["ServiceKeyLogs"]
    assert [f for f in report["findings"] if f["rule_id"] == "KMS006"] == []
