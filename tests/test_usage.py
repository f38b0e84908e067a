"""The usage file: type defaults < ``[*]`` wildcards < exact addresses, field by field."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import json_report, write_module

USAGE = """version: 1
resource_type_default_usage:
  alicloud_kms_key:
    monthly_encrypt_calls: 1
    monthly_decrypt_calls: 1000
resource_usage:
  alicloud_kms_key.k[*]:
    monthly_decrypt_calls: 10000
  alicloud_kms_key.k[1]:
    monthly_encrypt_calls: 100000
"""


def test_each_field_comes_from_the_most_specific_level_that_sets_it(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": 'provider "alicloud" {\n  region = "ap-southeast-1"\n}\nresource "alicloud_kms_key" "k" {\n  count = 2\n}\n'
            'resource "alicloud_kms_key" "other" {}\n',
            "kmslint-usage.yml": USAGE,
        },
    )
    calls = {r["address"]: r["monthly_calls"] for r in json_report("estimate", module)["resources"]}
    assert calls == {
        "alicloud_kms_key.k[0]": "10001",  # encrypt 1 (type default) + decrypt 10,000 (wildcard)
        "alicloud_kms_key.k[1]": "110000",  # encrypt 100,000 (exact) + decrypt 10,000 (wildcard)
        "alicloud_kms_key.other": "1001",  # the type default alone
    }
