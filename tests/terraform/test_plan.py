"""A plan JSON (Terraform's documented ``terraform show -json`` format) gives what the HCL gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import json_report, run_cli, write_module
from tests.terraform.test_loader import NESTED_MODULES


def _key(address: str, index: Any, protection: str, label: str) -> dict[str, Any]:
    return {
        "address": address,
        "mode": "managed",
        "type": "alicloud_kms_key",
        "name": "k",
        "provider_name": "registry.terraform.io/aliyun/alicloud",
        "schema_version": 0,
        "values": {
            "automatic_rotation": "Disabled",
            "description": label,
            "dkms_instance_id": None,
            "key_spec": "Aliyun_AES_256",
            "key_usage": "ENCRYPT/DECRYPT",
            "origin": "Aliyun_KMS",
            "pending_window_in_days": None,
            "protection_level": protection,
            "rotation_interval": None,
            "status": "Enabled",
            "tags": None,
        },
        "sensitive_values": {},
    }


def _tenant(index: int) -> dict[str, Any]:
    prefix = f"module.tenant[{index}]"
    children = []
    for name, protection in (("a", "HSM"), ("b", "SOFTWARE")):
        module_address = f'{prefix}.module.keys["{name}"]'
        children.append(
            {
                "address": module_address,
                "resources": [
                    _key(
                        f"{module_address}.alicloud_kms_key.k", None, protection, f"t{index}-{name}"
                    )
                ],
            }
        )
    return {"address": prefix, "child_modules": children}


def nested_plan() -> dict[str, Any]:
    keyset = {
        "resources": [
            {
                "address": "alicloud_kms_key.k",
                "mode": "managed",
                "type": "alicloud_kms_key",
                "name": "k",
                "provider_config_key": "alicloud",
                "expressions": {"protection_level": {"references": ["var.protection"]}},
                "schema_version": 0,
            }
        ]
    }
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "planned_values": {"root_module": {"child_modules": [_tenant(0), _tenant(1)]}},
        "configuration": {
            "provider_config": {
                "alicloud": {
                    "name": "alicloud",
                    "full_name": "registry.terraform.io/aliyun/alicloud",
                    "expressions": {"region": {"constant_value": "ap-southeast-1"}},
                },
            },
            "root_module": {
                "module_calls": {
                    "tenant": {
                        "source": "./modules/tenant",
                        "count_expression": {"constant_value": 2},
                        "module": {
                            "module_calls": {"keys": {"source": "../keyset", "module": keyset}}
                        },
                    }
                }
            },
        },
    }


def _comparable(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (
            r["address"],
            r["key_spec"],
            r["protection_level"],
            r["region"],
            r["monthly_cost"],
            r["horizon_total_cost"],
        )
        for r in report["resources"]
    )


def test_plan_json_and_hcl_give_identical_keys_and_costs(tmp_path: Path) -> None:
    hcl = json_report("estimate", write_module(tmp_path / "stack", NESTED_MODULES))
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(nested_plan()))
    plan = json_report("estimate", plan_file)
    assert _comparable(plan) == _comparable(hcl)
    assert plan["summary"]["monthly_cost"] == hcl["summary"]["monthly_cost"] == "2.10"


def test_prior_state_pending_deletion_is_free_and_key_versions_are_linked(tmp_path: Path) -> None:
    key = _key("alicloud_kms_key.old", None, "HSM", "old")
    key["name"] = "old"
    fresh = _key("alicloud_kms_key.signing", None, "HSM", "signing")
    fresh["values"].update(key_spec="EC_P256", key_usage="SIGN/VERIFY")
    version = {
        "address": "alicloud_kms_key_version.v",
        "mode": "managed",
        "type": "alicloud_kms_key_version",
        "name": "v",
        "values": {},
    }
    prior = json.loads(json.dumps(key))
    prior["values"]["status"] = "PendingDeletion"
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [key, fresh, version]}},
        "prior_state": {"values": {"root_module": {"resources": [prior]}}},
        "configuration": {
            "provider_config": {
                "alicloud": {
                    "name": "alicloud",
                    "expressions": {"region": {"references": ["var.region"]}},
                }
            },
            "root_module": {
                "resources": [
                    {
                        "address": "alicloud_kms_key_version.v",
                        "type": "alicloud_kms_key_version",
                        "expressions": {
                            "key_id": {
                                "references": [
                                    "alicloud_kms_key.signing.id",
                                    "alicloud_kms_key.signing",
                                ]
                            }
                        },
                    }
                ]
            },
        },
        "variables": {"region": {"value": "eu-central-1"}},
    }
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan))
    report = json_report("estimate", plan_file)
    by_address = {r["address"]: r for r in report["resources"]}
    assert by_address["alicloud_kms_key.old"]["monthly_cost"] == "0.00"
    assert by_address["alicloud_kms_key.signing"]["versions"]["month_1"] == 2
    assert by_address["alicloud_kms_key.signing"]["monthly_cost"] == "4.98"
    assert by_address["alicloud_kms_key.signing"]["region"] == "eu-central-1"


def test_broken_plan_json_is_a_path_line_error(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text('{"planned_values": {\n  "root_module": [\n}\n')
    result = run_cli("estimate", plan_file)
    assert result.exit_code == 2
    assert f"{plan_file}:3: invalid JSON" in result.stderr
