"""Plan JSON: key versions in counted modules and ``k[count.index]`` attach to the right key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import json_report, write_module


def _resource(address: str, type_: str, values: dict[str, Any]) -> dict[str, Any]:
    return {"address": address, "mode": "managed", "type": type_, "name": "x", "values": values}


KEY_VALUES = {"key_spec": "Aliyun_AES_256", "protection_level": "SOFTWARE", "status": "Enabled"}


def plan() -> dict[str, Any]:
    modules = []
    for i in range(2):
        prefix = f"module.m[{i}]"
        modules.append(
            {
                "address": prefix,
                "resources": [
                    _resource(f"{prefix}.alicloud_kms_key.k", "alicloud_kms_key", KEY_VALUES),
                    _resource(
                        f"{prefix}.alicloud_kms_key_version.v", "alicloud_kms_key_version", {}
                    ),
                ],
            }
        )
    root = [
        *(_resource(f"alicloud_kms_key.c[{i}]", "alicloud_kms_key", KEY_VALUES) for i in range(3)),
        *(
            _resource(f"alicloud_kms_key_version.per[{i}]", "alicloud_kms_key_version", {})
            for i in range(2)
        ),
        _resource("alicloud_kms_key_version.last", "alicloud_kms_key_version", {}),
    ]
    key_id = lambda *refs: {"key_id": {"references": list(refs)}}  # noqa: E731
    configuration = {
        "root_module": {
            "resources": [
                {"address": "alicloud_kms_key.c", "type": "alicloud_kms_key"},
                {
                    "address": "alicloud_kms_key_version.per",
                    "type": "alicloud_kms_key_version",
                    "expressions": key_id("alicloud_kms_key.c", "count.index"),
                },
                {
                    "address": "alicloud_kms_key_version.last",
                    "type": "alicloud_kms_key_version",
                    "expressions": key_id(
                        "alicloud_kms_key.c[2].id", "alicloud_kms_key.c[2]", "alicloud_kms_key.c"
                    ),
                },
            ],
            "module_calls": {
                "m": {
                    "module": {
                        "resources": [
                            {"address": "alicloud_kms_key.k", "type": "alicloud_kms_key"},
                            {
                                "address": "alicloud_kms_key_version.v",
                                "type": "alicloud_kms_key_version",
                                "expressions": key_id(
                                    "alicloud_kms_key.k.id", "alicloud_kms_key.k"
                                ),
                            },
                        ]
                    }
                }
            },
        }
    }
    return {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": root, "child_modules": modules}},
        "configuration": configuration,
    }


def test_versions_attach_to_the_key_instance_they_name(tmp_path: Path) -> None:
    directory = write_module(tmp_path / "p", {"plan.json": json.dumps(plan())})
    report = json_report("estimate", directory / "plan.json")
    versions = {r["address"]: r["versions"]["month_1"] for r in report["resources"]}
    assert versions == {
        "alicloud_kms_key.c[0]": 2,
        "alicloud_kms_key.c[1]": 2,
        "alicloud_kms_key.c[2]": 2,
        "module.m[0].alicloud_kms_key.k": 2,
        "module.m[1].alicloud_kms_key.k": 2,
    }


def test_values_unknown_at_plan_time_are_defaults_unless_written(tmp_path: Path) -> None:
    values = {"pending_window_in_days": 7, "automatic_rotation": "Enabled"}
    unknown = {"key_spec": True, "protection_level": True, "rotation_interval": True, "id": True}
    document = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [_resource("alicloud_kms_key.k", "alicloud_kms_key", values)]
            }
        },
        "resource_changes": [
            {
                "address": "alicloud_kms_key.k",
                "type": "alicloud_kms_key",
                "change": {"actions": ["create"], "after": values, "after_unknown": unknown},
            }
        ],
        "configuration": {
            "root_module": {
                "resources": [
                    {
                        "address": "alicloud_kms_key.k",
                        "type": "alicloud_kms_key",
                        "expressions": {
                            "pending_window_in_days": {"constant_value": 7},
                            "automatic_rotation": {"constant_value": "Enabled"},
                            "rotation_interval": {"references": ["var.interval"]},
                        },
                    }
                ]
            }
        },
    }
    directory = write_module(tmp_path / "p", {"plan.json": json.dumps(document)})
    report = json_report("check", directory / "plan.json")
    key = report["resources"][0]
    assert (key["key_spec"], key["protection_level"], key["rotation_interval"]) == (
        "Aliyun_AES_256",
        "SOFTWARE",
        "7d",
    )
    assert sorted(
        (f["rule_id"], f["message"].split(";")[0])
        for f in report["findings"]
        if f["rule_id"] in ("KMS005", "KMS008")
    ) == [("KMS005", "rotation_interval could not be resolved")]


def test_an_existing_rotating_key_has_the_versions_it_accumulated(tmp_path: Path) -> None:
    values = {
        **KEY_VALUES,
        "automatic_rotation": "Enabled",
        "rotation_interval": "30d",
        "pending_window_in_days": 7,
    }
    prior = {**values, "creation_date": "2024-01-01T08:00:00Z"}
    document = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [_resource("alicloud_kms_key.k", "alicloud_kms_key", values)]
            }
        },
        "prior_state": {
            "values": {
                "root_module": {
                    "resources": [_resource("alicloud_kms_key.k", "alicloud_kms_key", prior)]
                }
            }
        },
        "configuration": {"root_module": {"resources": []}},
    }
    directory = write_module(tmp_path / "p", {"plan.json": json.dumps(document)})
    report = json_report("estimate", directory / "plan.json", "--as-of", "2024-04-10")
    key = report["resources"][0]
    assert key["versions"]["month_1"] == 4  # 1 + floor(100 days / 30)
    assert (
        "created 2024-01-01: rotation every 30d has left an estimated 3 more version(s) by "
        "2024-04-10 (--as-of)"
    ) in key["notes"]
