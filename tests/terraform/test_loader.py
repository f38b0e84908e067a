"""Terraform as users write it: every fixture asserts exact addresses and hand-computed costs.

Prices: HSM basic 0.033/version/day, SOFTWARE 0.002, HSM advanced 0.083; 30-day months;
API per 10,000 calls: basic 0.08 mainland / 0.03 outside.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Any

from tests.helpers import json_report, run_cli, write_module

HSM_MONTH = "0.99"  # 0.033 x 30
SOFTWARE_MONTH = "0.06"  # 0.002 x 30
ADVANCED_MONTH = "2.49"  # 0.083 x 30


def costs(report: dict[str, Any]) -> dict[str, str]:
    return {r["address"]: r["monthly_cost"] for r in report["resources"]}


CREATE_OR_REUSE = {
    "main.tf": """
variable "use_existing_key" {
  default = false
}
variable "create_kms" {
  default = true
}
variable "kms_protection" {
  description = "deprecated; use protection_level"
  default     = null
}
variable "protection_level" {
  default = "SOFTWARE"
}
locals {
  protection = var.kms_protection != null ? var.kms_protection : var.protection_level
}
resource "alicloud_kms_key" "this" {
  count            = var.use_existing_key ? 0 : var.create_kms ? 1 : 0
  protection_level = local.protection
}
""",
}


def test_create_or_reuse_idiom_with_nested_ternaries(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", CREATE_OR_REUSE)
    assert costs(json_report("estimate", module)) == {"alicloud_kms_key.this[0]": SOFTWARE_MONTH}
    assert costs(json_report("estimate", module, "--var", "use_existing_key=true")) == {}
    assert costs(json_report("estimate", module, "--var", "create_kms=false")) == {}
    assert costs(json_report("estimate", module, "--var", "kms_protection=HSM")) == {
        "alicloud_kms_key.this[0]": HSM_MONTH
    }


FOR_EACH_OBJECTS = {
    "main.tf": """
variable "keys" {
  type = map(object({
    protection = optional(string, "SOFTWARE")
    spec       = optional(string, "Aliyun_AES_256")
    usage      = optional(string)
  }))
  default = {
    sign = { protection = "HSM", spec = "EC_P256", usage = "SIGN/VERIFY" }
    data = {}
  }
}
resource "alicloud_kms_key" "by_purpose" {
  for_each         = var.keys
  key_spec         = each.value.spec
  key_usage        = each.value.usage
  protection_level = each.value.protection
  description      = "${each.key} key"
}
""",
}


def test_for_each_over_a_map_of_objects_with_per_key_protection(tmp_path: Path) -> None:
    report = json_report("estimate", write_module(tmp_path / "m", FOR_EACH_OBJECTS))
    assert costs(report) == {
        'alicloud_kms_key.by_purpose["data"]': SOFTWARE_MONTH,
        'alicloud_kms_key.by_purpose["sign"]': ADVANCED_MONTH,
    }
    sign = next(r for r in report["resources"] if "sign" in r["address"])
    assert (sign["key_spec"], sign["key_usage"], sign["key_class"]) == (
        "EC_P256",
        "SIGN/VERIFY",
        "advanced",
    )
    assert report["summary"]["monthly_cost"] == "2.55"


NESTED_MODULES = {
    "main.tf": """
provider "alicloud" {
  region = "ap-southeast-1"
}
module "tenant" {
  source = "./modules/tenant"
  count  = 2
  name   = "t${count.index}"
}
output "first_keys" {
  value = module.tenant[0].key_ids
}
""",
    "modules/tenant/main.tf": """
variable "name" {}
module "keys" {
  source     = "../keyset"
  for_each   = toset(["a", "b"])
  protection = each.key == "a" ? "HSM" : "SOFTWARE"
  label      = "${var.name}-${each.key}"
}
output "key_ids" {
  value = { for k, m in module.keys : k => m.key_id }
}
""",
    "modules/keyset/main.tf": """
variable "protection" {
  type = string
}
variable "label" {}
resource "alicloud_kms_key" "k" {
  protection_level = var.protection
  description      = var.label
}
output "key_id" {
  value = alicloud_kms_key.k.id
}
""",
}


def test_module_with_count_calling_a_module_with_for_each(tmp_path: Path) -> None:
    report = json_report("estimate", write_module(tmp_path / "stack", NESTED_MODULES))
    assert costs(report) == {
        'module.tenant[0].module.keys["a"].alicloud_kms_key.k': HSM_MONTH,
        'module.tenant[0].module.keys["b"].alicloud_kms_key.k': SOFTWARE_MONTH,
        'module.tenant[1].module.keys["a"].alicloud_kms_key.k': HSM_MONTH,
        'module.tenant[1].module.keys["b"].alicloud_kms_key.k': SOFTWARE_MONTH,
    }
    assert report["summary"]["monthly_cost"] == "2.10"
    assert {r["region"] for r in report["resources"]} == {"ap-southeast-1"}
    assert all(
        r["file"].endswith("modules/keyset/main.tf") and r["line"] == 6 for r in report["resources"]
    )


PENDING_DELETION = {
    "variables.tf": 'variable "key_status" {\n  default = "PendingDeletion"\n}\n',
    "main.tf": 'resource "alicloud_kms_key" "k" {\n  protection_level = "HSM"\n  status = var.key_status\n}\n',
}


def test_tfvars_override_a_default_that_says_pending_deletion(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", PENDING_DELETION)
    # Terraform never schedules deletion from status = "PendingDeletion": still billed.
    report = json_report("estimate", module)
    assert (report["resources"][0]["status"], report["summary"]["monthly_cost"]) == (
        "PendingDeletion",
        HSM_MONTH,
    )
    (module / "terraform.tfvars").write_text('key_status = "Disabled"\n')
    report = json_report("estimate", module)
    assert (report["resources"][0]["status"], report["summary"]["monthly_cost"]) == (
        "Disabled",
        HSM_MONTH,
    )
    (module / "b.auto.tfvars").write_text('key_status = "Enabled"\n')
    assert json_report("estimate", module)["resources"][0]["status"] == "Enabled"
    extra = tmp_path / "extra.tfvars"
    extra.write_text('key_status = "Disabled"\n')
    assert (
        json_report("estimate", module, "--var-file", extra)["resources"][0]["status"] == "Disabled"
    )
    chosen = json_report("estimate", module, "--var-file", extra, "--var", "key_status=Enabled")
    assert chosen["resources"][0]["status"] == "Enabled"


PROVIDER_ALIASES = {
    "main.tf": """
provider "alicloud" {
  region = "cn-hangzhou"
}
provider "alicloud" {
  alias  = "sg"
  region = "ap-southeast-1"
}
resource "alicloud_kms_key" "mainland" {
  protection_level = "HSM"
}
resource "alicloud_kms_key" "singapore" {
  provider         = alicloud.sg
  protection_level = "HSM"
}
module "regional" {
  source    = "./regional"
  providers = { alicloud = alicloud.sg }
}
module "inherited" {
  source = "./regional"
}
""",
    "regional/main.tf": 'resource "alicloud_kms_key" "k" {\n  protection_level = "HSM"\n}\n',
    "kmslint-usage.yml": "resource_type_default_usage:\n  alicloud_kms_key:\n    monthly_crypto_calls: 10000\n",
}


def test_provider_alias_per_region_and_module_provider_maps(tmp_path: Path) -> None:
    report = json_report("estimate", write_module(tmp_path / "m", PROVIDER_ALIASES))
    regions = {
        r["address"]: (r["region"], r["api_cost"], r["monthly_cost"]) for r in report["resources"]
    }
    assert regions == {
        "alicloud_kms_key.mainland": ("cn-hangzhou", "0.08", "1.07"),
        "alicloud_kms_key.singapore": ("ap-southeast-1", "0.03", "1.02"),
        "module.regional.alicloud_kms_key.k": ("ap-southeast-1", "0.03", "1.02"),
        "module.inherited.alicloud_kms_key.k": ("cn-hangzhou", "0.08", "1.07"),
    }


def _region(
    module: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[str, str, list[str]]:
    key = json_report("estimate", module, *args, env=env)["resources"][0]
    return key["region"], key["region_class"], key["notes"]


def test_region_falls_back_to_environment_then_option_then_provider_default(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", {"main.tf": 'resource "alicloud_kms_key" "k" {}\n'})
    assert _region(module) == (
        "cn-beijing",
        "mainland",
        ["no region configured; the alicloud provider defaults to cn-beijing"],
    )
    (module / "kmslint-usage.yml").write_text("defaults:\n  region: ap-south-1\n")
    assert _region(module)[:2] == ("ap-south-1", "outside")
    assert _region(module, "--region", "eu-central-1")[:2] == ("eu-central-1", "outside")
    env = {"ALICLOUD_REGION": "us-east-1"}
    assert _region(module, "--region", "eu-central-1", env=env)[:2] == ("us-east-1", "outside")
    env["ALIBABA_CLOUD_REGION"] = "cn-shanghai"
    assert _region(module, "--region", "eu-central-1", env=env)[:2] == ("cn-shanghai", "mainland")
    (module / "main.tf").write_text(
        'provider "alicloud" {\n  region = "ap-southeast-1"\n}\nresource "alicloud_kms_key" "k" {}\n'
    )
    assert _region(module, "--region", "eu-central-1", env=env)[:2] == ("ap-southeast-1", "outside")


def test_unknown_provider_region_is_priced_as_mainland_and_noted(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": 'variable "region" {}\nprovider "alicloud" {\n  region = var.region\n}\n'
            'resource "alicloud_kms_key" "k" {\n  protection_level = "HSM"\n}\n',
            "kmslint-usage.yml": "resource_usage:\n  alicloud_kms_key.k:\n    monthly_crypto_calls: 10000\n",
        },
    )
    key = json_report("estimate", module)["resources"][0]
    assert (key["region"], key["region_class"]) == ("cn-beijing", "mainland")
    assert "region could not be resolved; assumed cn-beijing (mainland prices)" in key["notes"]
    assert (key["api_cost"], key["monthly_cost"]) == (
        "0.08",
        "1.07",
    )  # mainland rate; outside it would be 0.03


def test_deprecated_spellings_of_state_and_deletion_window(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'resource "alicloud_kms_key" "a" {\n  key_state = "Disabled"\n  protection_level = "HSM"\n}\n'
                'resource "alicloud_kms_key" "b" {\n  is_enabled = false\n}\n'
                'resource "alicloud_kms_key" "c" {\n  is_enabled = true\n  deletion_window_in_days = 3\n}\n'
            )
        },
    )
    report = json_report("check", module)
    keys = {r["address"]: (r["status"], r["monthly_cost"]) for r in report["resources"]}
    # Disabled keys are still billed.
    assert keys == {
        "alicloud_kms_key.a": ("Disabled", HSM_MONTH),
        "alicloud_kms_key.b": ("Disabled", SOFTWARE_MONTH),
        "alicloud_kms_key.c": ("Enabled", SOFTWARE_MONTH),
    }
    found = [
        (f["rule_id"], f["address"], f["line"])
        for f in report["findings"]
        if f["rule_id"] in ("KMS009", "KMS012")
    ]
    assert ("KMS012", "alicloud_kms_key.a", 2) in found and (
        "KMS012",
        "alicloud_kms_key.b",
        6,
    ) in found
    window = next(
        f
        for f in report["findings"]
        if f["rule_id"] == "KMS009" and f["address"] == "alicloud_kms_key.c"
    )
    assert (window["line"], window["message"]) == (
        10,
        "pending_window_in_days 3 is outside the allowed 7–366 days",
    )


REMOTE_MODULE = {
    "main.tf": """
module "kms" {
  source  = "terraform-alicloud-modules/kms/alicloud"
  version = "1.2.0"
}
resource "alicloud_kms_key" "local" {
  protection_level = "HSM"
}
""",
}


def test_remote_module_is_listed_as_unresolved_and_the_run_continues(tmp_path: Path) -> None:
    module = write_module(tmp_path / "m", REMOTE_MODULE)
    result = run_cli("estimate", module)
    assert result.exit_code == 0
    assert (
        "main.tf:2: warning: module kms from terraform-alicloud-modules/kms/alicloud is not fetched "
        "(run terraform init to download it into .terraform/modules); its keys are not counted"
    ) in result.stderr
    assert costs(json_report("estimate", module)) == {"alicloud_kms_key.local": HSM_MONTH}


def test_variable_with_no_value_is_priced_conservatively_and_noted(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'variable "protection" {}\nvariable "n" {}\n'
                'resource "alicloud_kms_key" "k" {\n  count = var.n\n  protection_level = var.protection\n}\n'
            )
        },
    )
    report = json_report("estimate", module)
    resource = report["resources"][0]
    assert resource["address"] == "alicloud_kms_key.k[0]"
    assert (resource["protection_level"], resource["monthly_cost"]) == ("HSM", HSM_MONTH)
    assert (
        "protection_level could not be resolved; assumed HSM (variable protection has no value)"
        in resource["notes"]
    )
    assert (
        "count could not be resolved; assumed at least 1 instance (variable n has no value)"
        in resource["notes"]
    )


def test_unknown_rotation_and_status_say_why(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'variable "on" {}\nvariable "every" {}\nvariable "state" {}\n'
                'resource "alicloud_kms_key" "k" {\n  automatic_rotation = var.on\n  rotation_interval = var.every\n  status = var.state\n}\n'
            )
        },
    )
    notes = json_report("estimate", module)["resources"][0]["notes"]
    assert notes[:3] == [
        "status could not be resolved; assumed Enabled (billed; variable state has no value)",
        "automatic_rotation could not be resolved; assumed Enabled (variable on has no value)",
        "rotation_interval could not be resolved; assumed 7d (the shortest allowed; variable every has no value)",
    ]


def test_unknown_count_of_a_module_call_is_noted_on_the_keys_inside(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": 'variable "n" {}\nmodule "c" {\n  source = "./child"\n  count = var.n\n}\n',
            "child/main.tf": 'resource "alicloud_kms_key" "k" {\n  for_each = var.names\n}\nvariable "names" {}\n',
        },
    )
    resource = json_report("estimate", module)["resources"][0]
    assert resource["address"] == 'module.c[0].alicloud_kms_key.k["?"]'
    assert resource["notes"][:2] == [
        f"count of module.c could not be resolved; assumed at least 1 instance (variable n has no value), {module / 'main.tf'}:4",
        "for_each could not be resolved; assumed at least 1 instance (variable names has no value)",
    ]


def test_unknown_spec_takes_the_most_expensive_spec_its_usage_allows(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'variable "spec" {}\nresource "alicloud_kms_key" "k" {\n  key_usage = "SIGN/VERIFY"\n'
                '  protection_level = "HSM"\n  key_spec = var.spec\n}\n'
            )
        },
    )
    resource = json_report("estimate", module)["resources"][0]
    assert (resource["key_spec"], resource["key_class"], resource["monthly_cost"]) == (
        "RSA_3072",
        "advanced",
        ADVANCED_MONTH,
    )
    assert (
        "key_spec could not be resolved; assumed RSA_3072 (the most expensive spec its key_usage allows; variable spec has no value)"
        in resource["notes"]
    )


def test_locals_in_any_order_and_a_cycle_reported_with_file_and_line(tmp_path: Path) -> None:
    ordered = write_module(
        tmp_path / "ok",
        {
            "main.tf": (
                'locals {\n  p = local.q\n  q = "HSM"\n}\nresource "alicloud_kms_key" "k" {\n  protection_level = local.p\n}\n'
            )
        },
    )
    assert costs(json_report("estimate", ordered)) == {"alicloud_kms_key.k": HSM_MONTH}
    cyclic = write_module(
        tmp_path / "cycle",
        {
            "main.tf": (
                'locals {\n  a = local.b\n  b = local.a\n}\nresource "alicloud_kms_key" "k" {\n  protection_level = local.a\n}\n'
            )
        },
    )
    result = run_cli("estimate", cyclic)
    assert result.exit_code == 2
    assert "main.tf:2: cycle in locals: a -> b -> a" in result.stderr


def test_key_versions_add_versions_to_their_key(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'resource "alicloud_kms_key" "k" {\n  key_spec = "RSA_2048"\n  key_usage = "SIGN/VERIFY"\n  protection_level = "HSM"\n}\n'
                'resource "alicloud_kms_key_version" "v" {\n  count = 2\n  key_id = alicloud_kms_key.k.id\n}\n'
            )
        },
    )
    resource = json_report("estimate", module)["resources"][0]
    assert resource["versions"] == {"month_1": 3, "horizon": 3}
    assert resource["monthly_cost"] == "2.97"


def test_huge_count_is_an_error_without_allocating(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m", {"main.tf": 'resource "alicloud_kms_key" "k" {\n  count = 100000000\n}\n'}
    )
    run_cli("estimate", module, "--no-cache")  # imports and caches warm: the second run is measured
    tracemalloc.start()
    result = run_cli("estimate", module, "--no-cache")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.exit_code == 2
    assert "main.tf:2: count of 100000000 is outside 0..10000" in result.stderr
    assert peak < 20 * 2**20  # a list of 10^8 instances would take gigabytes


def test_a_huge_range_is_an_error_without_allocating(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": 'locals {\n  big = range(100000000)\n}\nresource "alicloud_kms_key" "k" {\n  count = length(local.big)\n}\n',
        },
    )
    tracemalloc.start()
    result = run_cli("estimate", module, "--no-cache")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.exit_code == 2  # past the evaluation budget (SECURITY.md): an error, not a guess
    assert "main.tf:2: range: 100000000 elements is more than kmslint expands (100000)" in (
        result.stderr
    )
    assert peak < 20 * 2**20


def test_each_calling_stack_counts_the_shared_module_once(tmp_path: Path) -> None:
    shared = {
        "modules/kms/main.tf": 'resource "alicloud_kms_key" "this" {\n  protection_level = "HSM"\n}\n'
    }
    stacks = {
        f"stacks/{name}/main.tf": 'module "kms" {\n  source = "../../modules/kms"\n}\n'
        for name in ("a", "b", "c")
    }
    tree = write_module(tmp_path / "repo", {**shared, **stacks})
    report = json_report("estimate", tree)
    projects = sorted((Path(r["project"]).name, r["address"]) for r in report["resources"])
    assert projects == [(name, "module.kms.alicloud_kms_key.this") for name in ("a", "b", "c")]
    assert report["summary"]["monthly_cost"] == "2.97"
