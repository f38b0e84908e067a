"""Terraform plan JSON (``terraform show -json plan.out``): exact values where the plan has them.

Keys come from ``planned_values`` (root and child modules, with Terraform's own addresses);
regions from ``configuration.provider_config``; a key that the plan's ``prior_state`` shows as
really PendingDeletion is free.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kmslint.errors import InputError
from kmslint.kms import KmsFacts
from kmslint.model import PENDING_DELETION, Inventory, Key, KeyVersion, SourceRange
from kmslint.terraform.config import read_text
from kmslint.terraform.instance import ProviderRegion
from kmslint.terraform.keys import (
    KEY_TYPE,
    VERSION_TYPE,
    KeyBuilder,
    RegionDefaults,
    resolve_region,
)
from kmslint.terraform.loader import region_defaults_for
from kmslint.terraform.values import Unknown

if TYPE_CHECKING:
    from kmslint.discovery import LoadRequest, Target

_NOT_WRITTEN = object()
MAX_DEPTH = 64


def _resources(module: dict[str, Any], depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > MAX_DEPTH:
        return
    yield from (r for r in module.get("resources", []) or [] if isinstance(r, dict))
    for child in module.get("child_modules", []) or []:
        if isinstance(child, dict):
            yield from _resources(child, depth + 1)


def _config_resources(
    module: dict[str, Any], prefix: str = "", depth: int = 0
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(module path prefix, resource configuration) for every resource of the configuration."""
    if depth > MAX_DEPTH:
        return
    for resource in module.get("resources", []) or []:
        yield prefix, resource
    for name, call in (module.get("module_calls") or {}).items():
        yield from _config_resources(call.get("module") or {}, f"{prefix}module.{name}.", depth + 1)


def _strip_indexes(address: str) -> str:
    out, depth = [], 0
    for char in address:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


class PlanReader:
    def __init__(self, plan: dict[str, Any], display: str, regions: RegionDefaults) -> None:
        self.plan, self.display, self.regions = plan, display, regions
        configuration = plan.get("configuration") or {}
        self.provider_configs: dict[str, Any] = configuration.get("provider_config") or {}
        self.provider_keys = {
            prefix + resource.get("address", ""): resource.get("provider_config_key", "alicloud")
            for prefix, resource in _config_resources(configuration.get("root_module") or {})
        }
        self.variables = {
            name: v.get("value")
            for name, v in (plan.get("variables") or {}).items()
            if isinstance(v, dict)
        }
        prior = ((plan.get("prior_state") or {}).get("values") or {}).get("root_module") or {}
        self.prior = {r.get("address"): r.get("values") or {} for r in _resources(prior)}

    def provider_region(self, address: str) -> ProviderRegion | None:
        key = self.provider_keys.get(_strip_indexes(address), "alicloud")
        candidates = [key, key.split(":")[-1], "alicloud"]
        config = next(
            (self.provider_configs[c] for c in candidates if c in self.provider_configs), None
        )
        if config is None:
            return None
        expression = (config.get("expressions") or {}).get("region")
        if expression is None:
            return ProviderRegion(None, f"provider {key} sets no region")
        if "constant_value" in expression:
            return ProviderRegion(expression["constant_value"], f"provider {key} ({self.display})")
        references = expression.get("references") or []
        variable = next((r[4:] for r in references if r.startswith("var.")), None)
        if variable is not None and isinstance(self.variables.get(variable), str):
            return ProviderRegion(self.variables[variable], f"provider {key} (var.{variable})")
        return ProviderRegion(Unknown("provider region is an expression"), f"provider {key}")

    def key(self, resource: dict[str, Any], book: KmsFacts) -> Key:
        values = resource.get("values") or {}
        address = str(resource.get("address"))
        model = Key(
            address=address,
            type=KEY_TYPE,
            source=SourceRange(self.display, 1),
            key_spec="",
            key_usage="",
            protection_level="",
        )
        model.attributes = {name: 1 for name, value in values.items() if value is not None}
        builder = KeyBuilder(model, lambda name: values.get(name, _NOT_WRITTEN), book)
        key = builder.build(resolve_region(self.provider_region(address), self.regions))
        if self.prior.get(address, {}).get("status") == PENDING_DELETION:
            key.status = PENDING_DELETION
            key.billed_when_pending_deletion = False
            key.notes.append("the plan's prior state has this key PendingDeletion: not billed")
        return key


def _parse(path: Path) -> dict[str, Any]:
    text = read_text(path)
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), exc.lineno, f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(str(path), None, "JSON is nested too deeply") from None
    if not isinstance(data, dict) or "planned_values" not in data:
        raise InputError(
            str(path),
            1,
            "not a Terraform plan (no planned_values); use `terraform show -json PLAN`",
        )
    return data


def load_plan(path: Path, region: str | None, region_source: str, book: KmsFacts) -> Inventory:
    plan = _parse(path)
    reader = PlanReader(plan, str(path), region_defaults_for(region, region_source, book))
    inventory = Inventory(scanned_files=[str(path)])
    root = (plan.get("planned_values") or {}).get("root_module") or {}
    for resource in _resources(root):
        if resource.get("mode") != "managed":
            continue
        if resource.get("type") == KEY_TYPE:
            inventory.keys.append(reader.key(resource, book))
        elif resource.get("type") == VERSION_TYPE:
            inventory.key_versions.append(_version(resource, plan, str(path)))
    _link_versions(inventory, plan)
    return inventory


def _version(resource: dict[str, Any], plan: dict[str, Any], display: str) -> KeyVersion:
    address = str(resource.get("address"))
    return KeyVersion(address=address, key_address=None, source=SourceRange(display, 1))


def _link_versions(inventory: Inventory, plan: dict[str, Any]) -> None:
    """Attach key versions to keys through the configuration's ``key_id`` references."""
    configuration = (plan.get("configuration") or {}).get("root_module") or {}
    references: dict[str, str] = {}
    for prefix, resource in _config_resources(configuration):
        if resource.get("type") != VERSION_TYPE:
            continue
        refs = ((resource.get("expressions") or {}).get("key_id") or {}).get("references") or []
        target = next((r for r in refs if r.startswith(KEY_TYPE + ".") and r.count(".") == 1), None)
        if target is not None:
            references[prefix + resource.get("address", "")] = prefix + target
    keys = {key.address: key for key in inventory.keys}
    for version in inventory.key_versions:
        target = references.get(_strip_indexes(version.address))
        key = keys.get(target or "")
        if key is not None:
            version.key_address = key.address
            key.extra_versions += 1
            key.notes.append(f"one more version from {version.address}")


def read_input(target: Target, request: LoadRequest) -> Inventory:
    """The input-kind entry point (``discovery.INPUT_KINDS``): one plan JSON file."""
    return load_plan(target.path, request.region, request.region_source, request.facts)
