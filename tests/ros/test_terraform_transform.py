"""``Transform: Aliyun::Terraform-v…`` templates: Workspace files through the Terraform loader."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ros.support import (
    HSM_BASIC_DAY,
    SOFTWARE_DAY,
    by_address,
    cli,
    hosting,
    money,
    report,
    write,
)

TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Transform: 'Aliyun::Terraform-v1.5'
Parameters:
  protection:
    Type: String
    Default: HSM
  copies:
    Type: Number
    Default: 2
Workspace:
  main.tf: |-
    variable "protection" {
      type = string
    }
    variable "copies" {
      type = number
    }
    module "pool" {
      source = "./modules/pool"
      n      = var.copies
    }
    resource "alicloud_kms_key" "main" {
      protection_level       = var.protection
      pending_window_in_days = 7
    }
  modules/pool/main.tf: |
    variable "n" {}
    resource "alicloud_kms_key" "this" {
      count                  = var.n
      pending_window_in_days = 7
    }
  README.md: not Terraform
"""


def test_workspace_keys_with_lines_in_the_template(tmp_path: Path) -> None:
    path = write(tmp_path, "stack.yml", TEMPLATE)
    data = report(path, "--region", "ap-southeast-1")
    keys = by_address(data)
    assert list(keys) == [
        "alicloud_kms_key.main",
        "module.pool.alicloud_kms_key.this[0]",
        "module.pool.alicloud_kms_key.this[1]",
    ]
    assert {(k["file"], k["line"]) for k in keys.values()} == {(str(path), 22), (str(path), 28)}
    assert keys["alicloud_kms_key.main"]["protection_level"] == "HSM"
    assert money(data["summary"]["monthly_cost"]) == hosting(HSM_BASIC_DAY) + 2 * hosting(
        SOFTWARE_DAY
    )
    assert all(k["region"] == "ap-southeast-1" for k in keys.values())


def test_template_parameters_become_terraform_variables(tmp_path: Path) -> None:
    path = write(tmp_path, "stack.yml", TEMPLATE)
    data = report(
        path,
        "--region",
        "ap-southeast-1",
        "--parameter",
        "protection=SOFTWARE",
        "--parameter",
        "copies=3",
    )
    assert data["summary"]["key_count"] == 4
    assert money(data["summary"]["monthly_cost"]) == 4 * hosting(SOFTWARE_DAY)


def test_without_a_region_the_workspace_is_priced_as_mainland(tmp_path: Path) -> None:
    data = report(write(tmp_path, "stack.yml", TEMPLATE))
    for key in data["resources"]:
        assert (key["region"], key["region_class"]) == ("", "mainland")
        assert (
            "region could not be resolved; assumed mainland China prices (no --region or defaults.region given)"
            in key["notes"]
        )
        assert not any(note.startswith("no region configured") for note in key["notes"])


def test_json_template_workspace_lines_map_to_the_entry(tmp_path: Path) -> None:
    document = {
        "ROSTemplateFormatVersion": "2015-09-01",
        "Transform": "Aliyun::Terraform-v1.2",
        "Workspace": {
            "main.tf": 'resource "alicloud_kms_key" "k" {\n  protection_level = "HSM"\n}\n'
        },
    }
    path = write(tmp_path, "stack.json", json.dumps(document, indent=2))
    key = by_address(report(path, "--region", "ap-southeast-1"))["alicloud_kms_key.k"]
    assert (key["file"], key["line"]) == (str(path), 5)
    assert money(key["monthly_cost"]) == hosting(HSM_BASIC_DAY)


def test_syntax_errors_in_workspace_files_point_into_the_template(tmp_path: Path) -> None:
    broken = TEMPLATE.replace(
        "      protection_level       = var.protection\n",
        "      protection_level       = = var.protection\n",
    )
    path = write(tmp_path, "stack.yml", broken)
    result = cli("estimate", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"{path}:23: HCL syntax error")


def test_a_module_outside_the_workspace_is_reported(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    write(tmp_path / "elsewhere", "main.tf", 'resource "alicloud_kms_key" "disk" {}\n')
    text = TEMPLATE.replace('source = "./modules/pool"', 'source = "../elsewhere"')
    path = write(tmp_path, "stack.yml", text)
    result = cli("estimate", path, "--region", "ap-southeast-1", "--format", "json")
    assert result.exit_code == 0
    assert "is not in the Workspace; its keys are not counted" in result.stderr
    assert '"key_count": 1' in result.stdout


def test_parameter_values_are_written_as_hcl_literals() -> None:
    from decimal import Decimal

    from kmslint.ros.terraform_transform import hcl_literal

    assert (
        hcl_literal({"a": [1, Decimal("2.5"), True, None], "b": 'say "${x}"\n'})
        == '{"a" = [1, 2.5, true, null], "b" = "say \\"$${x}\\"\\n"}'
    )
