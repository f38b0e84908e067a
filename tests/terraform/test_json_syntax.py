"""``*.tf.json`` files: Terraform's JSON syntax, read with line numbers."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import json_report, run_cli, write_module

CONFIG = """{
  "//": "a comment",
  "variable": {"n": {"default": 2}},
  "locals": {"spec": "Aliyun_${upper(\\"sm4\\")}"},
  "resource": {
    "alicloud_kms_key": {
      "k": {
        "count": "${var.n}",
        "key_spec": "${local.spec}",
        "protection_level": "HSM",
        "pending_window_in_days": 7
      }
    },
    "alicloud_ecs_disk": {
      "d": {"encrypted": true, "kms_key_id": "${alicloud_kms_key.k[0].id}", "size": 20}
    }
  }
}
"""


def test_a_json_configuration_is_read_with_lines(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", {"main.tf.json": CONFIG})
    report = json_report("estimate", module)
    found = {
        r["address"]: (r["key_spec"], r["protection_level"], r["line"], len(r["consumers"]))
        for r in report["resources"]
    }
    assert found == {
        "alicloud_kms_key.k[0]": ("Aliyun_SM4", "HSM", 7, 1),
        "alicloud_kms_key.k[1]": ("Aliyun_SM4", "HSM", 7, 0),
    }
    assert {r["file"] for r in report["resources"]} == {str(module / "main.tf.json")}


def test_invalid_json_configuration_is_a_located_error(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m", {"main.tf.json": '{\n  "resource": {\n    "alicloud_kms_key": [}\n}\n'}
    )
    result = run_cli("estimate", module)
    assert result.exit_code == 2
    assert f"{module / 'main.tf.json'}:3: invalid JSON configuration: expected a value" in (
        result.stderr
    )
