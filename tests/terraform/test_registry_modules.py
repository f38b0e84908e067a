"""Registry and git modules as ``terraform init`` leaves them in ``.terraform/modules``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import json_report, run_cli, write_module

ROOT = """
module "kms" {
  source  = "terraform-alicloud-modules/kms/alicloud"
  version = "1.2.0"
  create_kms = true
  protection_level = "HSM"
}
"""
REGISTRY_MODULE = """
variable "create_kms" { default = false }
variable "protection_level" { default = "SOFTWARE" }
resource "alicloud_kms_key" "this" {
  count            = var.create_kms ? 1 : 0
  protection_level = var.protection_level
  pending_window_in_days = 7
}
module "nested" {
  source = "git::https://example.com/nested.git"
}
"""
NESTED = 'resource "alicloud_kms_key" "inner" {\n  pending_window_in_days = 7\n}\n'


def manifest(entries: list[dict[str, str]]) -> str:
    return json.dumps({"Modules": [{"Key": "", "Source": "", "Dir": "."}, *entries]})


def init_layout(root: Path, entries: list[dict[str, str]] | None = None) -> Path:
    entries = entries or [
        {
            "Key": "kms",
            "Source": "registry.terraform.io/terraform-alicloud-modules/kms/alicloud",
            "Version": "1.2.0",
            "Dir": ".terraform/modules/kms",
        },
        {
            "Key": "kms.nested",
            "Source": "git::https://example.com/nested.git",
            "Dir": ".terraform/modules/kms.nested",
        },
    ]
    return write_module(
        root,
        {
            "main.tf": ROOT,
            ".terraform/modules/modules.json": manifest(entries),
            ".terraform/modules/kms/main.tf": REGISTRY_MODULE,
            ".terraform/modules/kms.nested/main.tf": NESTED,
        },
    )


def test_a_downloaded_registry_module_is_evaluated_from_its_manifest_dir(tmp_path: Path) -> None:
    root = init_layout(tmp_path / "stack")
    report = json_report("estimate", root)
    found = {r["address"]: (r["protection_level"], r["file"]) for r in report["resources"]}
    assert found == {
        "module.kms.alicloud_kms_key.this[0]": (
            "HSM",
            str(root / ".terraform/modules/kms/main.tf"),
        ),
        "module.kms.module.nested.alicloud_kms_key.inner": (
            "SOFTWARE",
            str(root / ".terraform/modules/kms.nested/main.tf"),
        ),
    }
    assert report["summary"]["key_count"] == 2


def test_a_manifest_dir_outside_the_root_is_not_followed(tmp_path: Path) -> None:
    write_module(tmp_path / "outside", {"main.tf": REGISTRY_MODULE})
    root = init_layout(tmp_path / "stack", [{"Key": "kms", "Source": "x", "Dir": "../outside"}])
    result = run_cli("estimate", root, "--format", "json")
    assert json.loads(result.stdout)["resources"] == []
    assert "Dir '../outside' is outside the root; not read" in result.stderr


def test_without_the_manifest_the_module_is_reported_as_not_fetched(tmp_path: Path) -> None:
    root = write_module(tmp_path / "stack", {"main.tf": ROOT})
    result = run_cli("estimate", root, "--format", "json")
    assert json.loads(result.stdout)["resources"] == []
    assert "module kms from terraform-alicloud-modules/kms/alicloud is not fetched" in (
        result.stderr
    )


def test_an_unfetched_module_is_a_finding_in_every_format(tmp_path: Path) -> None:
    root = write_module(tmp_path / "stack", {"main.tf": ROOT})
    report = json_report("check", root)
    assert [(f["rule_id"], f["address"], f["line"]) for f in report["findings"]] == [
        ("KMS005", "module.kms", 2)
    ]
    expected = "module.kms from terraform-alicloud-modules/kms/alicloud is not fetched"
    for output in ("text", "markdown", "sarif", "github", "junit", "html"):
        result = run_cli("check", root, "--format", output)
        assert expected in result.stdout, output
