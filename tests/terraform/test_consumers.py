"""Consumers: calls derived from the resources that use a key, and free service keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, json_report, write_module


def test_worked_example_1_as_a_key_plus_disks() -> None:
    report = json_report("estimate", EXAMPLES / "terraform" / "disk-encryption")
    assert report["summary"]["monthly_cost"] == "0.99225"
    key = report["resources"][0]
    assert key["monthly_calls"] == "750"
    assert [c["address"] for c in key["consumers"]] == ["alicloud_ecs_disk.data"]
    assert key["consumers"][0]["line"] == 19
    assert [s["address"] for s in report["service_keys"]] == ["alicloud_ecs_disk.scratch"]


def test_worked_example_2_with_object_fields_on_the_key() -> None:
    report = json_report("estimate", EXAMPLES / "terraform" / "oss-client-side-encryption")
    assert report["summary"]["monthly_cost"] == "7.02"
    assert report["resources"][0]["monthly_calls"] == "2010000"


def test_encrypted_disk_without_a_key_costs_nothing_and_uses_a_service_key(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": 'resource "alicloud_ecs_disk" "d" {\n  size = 20\n  encrypted = true\n}\n',
            "kmslint-usage.yml": "resource_usage:\n  alicloud_ecs_disk.d:\n    monthly_disks_created: 1000\n",
        },
    )
    report = json_report("estimate", module)
    assert report["resources"] == []
    assert report["summary"]["monthly_cost"] == "0.00"
    assert report["service_keys"] == [
        {
            "address": "alicloud_ecs_disk.d",
            "type": "alicloud_ecs_disk",
            "file": str(module / "main.tf"),
            "line": 1,
        }
    ]


def test_key_referenced_only_through_a_module_output_gets_its_consumers_calls(
    tmp_path: Path,
) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": """
provider "alicloud" {
  region = "ap-southeast-1"
}
module "kms" {
  source = "./kms"
}
resource "alicloud_oss_bucket" "logs" {
  bucket = "logs"
  server_side_encryption_rule {
    sse_algorithm     = "KMS"
    kms_master_key_id = module.kms.key_id
  }
}
resource "alicloud_instance" "vm" {
  dynamic "data_disks" {
    for_each = [1]
    content {
      encrypted  = true
      kms_key_id = module.kms.key_id
    }
  }
}
""",
            "kms/main.tf": 'resource "alicloud_kms_key" "this" {\n  protection_level = "HSM"\n}\noutput "key_id" {\n  value = alicloud_kms_key.this.id\n}\n',
            "kmslint-usage.yml": (
                "resource_usage:\n  alicloud_oss_bucket.logs:\n    monthly_objects_uploaded: 10000\n    monthly_object_reads: 20000\n"
                "  alicloud_instance.vm:\n    monthly_disks_created: 10\n"
            ),
        },
    )
    report = json_report("estimate", module)
    key = report["resources"][0]
    assert key["address"] == "module.kms.alicloud_kms_key.this"
    assert sorted(c["address"] for c in key["consumers"]) == [
        "alicloud_instance.vm",
        "alicloud_oss_bucket.logs",
    ]
    assert key["monthly_calls"] == "30030"  # 10,000 + 20,000 + 10 disks x 3
    assert key["api_cost"] == "0.09009"  # 3.003 x 0.03
    assert key["monthly_cost"] == "1.08009"


def test_alias_names_resolve_to_their_key(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'resource "alicloud_kms_key" "k" {}\n'
                'resource "alicloud_kms_alias" "a" {\n  alias_name = "alias/data"\n  key_id = alicloud_kms_key.k.id\n}\n'
                'resource "alicloud_ecs_disk" "d" {\n  encrypted = true\n  kms_key_id = "alias/data"\n}\n'
            ),
            "kmslint-usage.yml": "resource_usage:\n  alicloud_ecs_disk.d:\n    monthly_disks_created: 100\n",
        },
    )
    key = json_report("estimate", module, "--region", "cn-hangzhou")["resources"][0]
    assert key["monthly_calls"] == "300"
    assert key["api_cost"] == "0.0024"


@pytest.mark.parametrize("key_id", ["TODO", ""])
def test_placeholder_or_empty_key_id_is_reported_not_treated_as_a_user_key(
    tmp_path: Path, key_id: str
) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": f'resource "alicloud_kms_key" "k" {{}}\nresource "alicloud_ecs_disk" "d" {{\n  encrypted = true\n  kms_key_id = "{key_id}"\n}}\n',
        },
    )
    report = json_report("estimate", module)
    assert report["resources"][0]["consumers"] == []
    assert report["service_keys"] == []
    assert report["unlinked_consumers"] == [
        {
            "address": "alicloud_ecs_disk.d",
            "type": "alicloud_ecs_disk",
            "file": str(module / "main.tf"),
            "line": 2,
            "notes": [f"key id {key_id!r} is empty or a placeholder, not a key"],
        }
    ]


def test_provider_side_calls_are_noted_on_the_key(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'resource "alicloud_kms_key" "k" {}\n'
                'data "alicloud_kms_ciphertext" "pw" {\n  key_id = alicloud_kms_key.k.id\n  plaintext = "secret"\n}\n'
            ),
        },
    )
    notes = json_report("estimate", module)["resources"][0]["notes"]
    assert any("calls Encrypt on every plan" in note for note in notes)


def test_kms_encrypted_password_is_noted_on_the_key(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'resource "alicloud_kms_key" "k" {}\n'
                'resource "alicloud_instance" "vm" {\n  system_disk_encrypted = true\n'
                '  system_disk_kms_key_id = alicloud_kms_key.k.id\n  kms_encrypted_password = "ciphertext"\n}\n'
            ),
        },
    )
    key = json_report("estimate", module)["resources"][0]
    assert [c["address"] for c in key["consumers"]] == ["alicloud_instance.vm"]
    assert (
        "alicloud_instance.vm: the provider decrypts kms_encrypted_password on every create and update"
        in key["notes"]
    )


def test_unencrypted_resources_are_not_consumers(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": 'resource "alicloud_ecs_disk" "d" {\n  size = 20\n}\nresource "alicloud_oss_bucket" "b" {}\n'
        },
    )
    report = json_report("estimate", module)
    assert report["service_keys"] == [] and report["unlinked_consumers"] == []


def test_kms_keys_data_source_filtered_by_ids_resolves_to_the_key(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'resource "alicloud_kms_key" "k" {}\n'
                'data "alicloud_kms_keys" "found" {\n  ids = [alicloud_kms_key.k.id]\n}\n'
                'resource "alicloud_ecs_disk" "d" {\n  encrypted = true\n  kms_key_id = data.alicloud_kms_keys.found.keys[0].id\n}\n'
            ),
            "kmslint-usage.yml": "resource_usage:\n  alicloud_ecs_disk.d:\n    monthly_disks_created: 10\n",
        },
    )
    key = json_report("estimate", module)["resources"][0]
    assert [c["address"] for c in key["consumers"]] == ["alicloud_ecs_disk.d"]
    assert key["monthly_calls"] == "30"
