"""Terraform plan JSON (``terraform show -json plan.out``): exact values where the plan has them.

Keys come from ``planned_values`` (root and child modules, with Terraform's own addresses);
regions from ``configuration.provider_config``; a key that the plan's ``prior_state`` shows as
really PendingDeletion is free.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kmslint.errors import InputError
from kmslint.kms import KmsFacts
from kmslint.model import PENDING_DELETION, Inventory, Key, KeyVersion, Secret, SourceRange
from kmslint.terraform.config import read_text
from kmslint.terraform.instance import ProviderRegion
from kmslint.terraform.keys import (
    KEY_TYPE,
    NOT_WRITTEN,
    VERSION_TYPE,
    KeyBuilder,
    RegionDefaults,
    resolve_region,
)
from kmslint.terraform.kms_instances import (
    INSTANCE_TYPE,
    SECRET_TYPE,
    is_instance_address,
    read_instance,
    read_secret,
)
from kmslint.terraform.loader import region_defaults_for
from kmslint.terraform.values import Unknown

if TYPE_CHECKING:
    from kmslint.discovery import LoadRequest, Target

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


def _creation_date(text: Any) -> date | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


def accumulated_versions(key: Key, prior: dict[str, Any], as_of: date | None) -> None:
    """A key that already exists (its ``creation_date`` in the prior state) has rotated
    ``floor(days since creation / interval)`` times already: each rotation left a billed version."""
    created = _creation_date(prior.get("creation_date"))
    if created is None or not key.rotation_days:
        return
    today, source = (as_of, "--as-of") if as_of else (date.today(), "today; fix it with --as-of")
    days = max((today - created).days, 0)
    versions = math.floor(days / key.rotation_days)
    if versions <= 0:
        return
    key.extra_versions += versions
    key.notes.append(
        f"created {created.isoformat()}: rotation every {key.rotation_interval} has left an "
        f"estimated {versions} more version(s) by {today.isoformat()} ({source})"
    )


class PlanReader:
    def __init__(
        self,
        plan: dict[str, Any],
        display: str,
        regions: RegionDefaults,
        as_of: date | None = None,
    ) -> None:
        self.plan, self.display, self.regions = plan, display, regions
        self.as_of = as_of
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
        self.after_unknown = {
            str(change.get("address")): (change.get("change") or {}).get("after_unknown") or {}
            for change in plan.get("resource_changes") or []
            if isinstance(change, dict)
        }
        self.written = {
            prefix + resource.get("address", ""): set(resource.get("expressions") or {})
            for prefix, resource in _config_resources(configuration.get("root_module") or {})
        }
        prior = ((plan.get("prior_state") or {}).get("values") or {}).get("root_module") or {}
        self.prior = {r.get("address"): r.get("values") or {} for r in _resources(prior)}

    def _lookup(self, address: str, values: dict[str, Any]) -> Any:
        """An argument's planned value. One absent from ``values`` is unknown at plan time:
        an assumption when the configuration writes it, else a computed default (not written)."""
        unknown = self.after_unknown.get(address, {})
        written = self.written.get(_strip_indexes(address), set())

        def lookup(name: str) -> Any:
            if name in values:
                return values[name]
            if unknown.get(name) is True and name in written:
                return Unknown(f"{name} is known only after apply")
            return NOT_WRITTEN

        return lookup

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
        builder = KeyBuilder(model, self._lookup(address, values), book)
        key = builder.build(resolve_region(self.provider_region(address), self.regions))
        accumulated_versions(key, self.prior.get(address, {}), self.as_of)
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


def load_plan(
    path: Path,
    region: str | None,
    region_source: str,
    book: KmsFacts,
    as_of: date | None = None,
) -> Inventory:
    plan = _parse(path)
    regions = region_defaults_for(region, region_source, book)
    reader = PlanReader(plan, str(path), regions, as_of)
    inventory = Inventory(scanned_files=[str(path)])
    root = (plan.get("planned_values") or {}).get("root_module") or {}
    for resource in _resources(root):
        if resource.get("mode") != "managed":
            continue
        if resource.get("type") == KEY_TYPE:
            inventory.keys.append(reader.key(resource, book))
        elif resource.get("type") == VERSION_TYPE:
            inventory.key_versions.append(_version(resource, plan, str(path)))
        elif resource.get("type") in (INSTANCE_TYPE, SECRET_TYPE):
            _read_kms_item(reader, resource, inventory)
    _link_versions(inventory, plan)
    _link_instances(inventory, plan)
    return inventory


def _read_kms_item(reader: PlanReader, resource: dict[str, Any], inventory: Inventory) -> None:
    """An ``alicloud_kms_instance`` or ``alicloud_kms_secret`` from planned values."""
    values = resource.get("values") or {}
    address = str(resource.get("address"))
    source = SourceRange(reader.display, 1)
    written = {name: 1 for name, value in values.items() if value is not None}
    region = resolve_region(reader.provider_region(address), reader.regions).region
    if resource.get("type") == INSTANCE_TYPE:
        vpcs = values.get("bind_vpcs")
        found = read_instance(address, source, written, values.get, len(vpcs or []))
        found.region = region
        inventory.instances.append(found)
    else:
        secret = read_secret(address, source, written, values.get)
        secret.region = region
        inventory.secrets.append(secret)


def _instance_references(plan: dict[str, Any]) -> dict[str, str]:
    """Configuration address of a key or secret -> the instance its dkms_instance_id names."""
    configuration = (plan.get("configuration") or {}).get("root_module") or {}
    found: dict[str, str] = {}
    for prefix, resource in _config_resources(configuration):
        expression = (resource.get("expressions") or {}).get("dkms_instance_id") or {}
        refs = expression.get("references") or []
        target = next((r for r in refs if is_instance_address(r) and r.count(".") == 1), None)
        if target is not None:
            found[prefix + resource.get("address", "")] = prefix + target
    return found


def _link_instances(inventory: Inventory, plan: dict[str, Any]) -> None:
    """Keys and secrets whose instance id is known only after apply: their instance, by reference."""
    references = _instance_references(plan)
    scanned = {instance.address for instance in inventory.instances}
    items: list[Key | Secret] = [*inventory.keys, *inventory.secrets]
    for item in items:
        if item.names_instance:
            continue
        target = references.get(_strip_indexes(item.address))
        if target is None:
            continue
        single = [a for a in scanned if _strip_indexes(a) == target]
        item.instance_address = single[0] if len(single) == 1 else target


def _version(resource: dict[str, Any], plan: dict[str, Any], display: str) -> KeyVersion:
    address = str(resource.get("address"))
    return KeyVersion(address=address, key_address=None, source=SourceRange(display, 1))


_KEY_REFERENCE = re.compile(r"^alicloud_kms_key\.([A-Za-z0-9_-]+)(\[[^\]]+\])?$")
_OWN_INDEX = re.compile(r"(\[[^\]]+\])$")


def _key_reference(references: list[str]) -> tuple[str, str | None, bool]:
    """(key name, its instance index if the reference names one, whether it is the
    version's own count.index / each.key) from a ``key_id`` expression's references."""
    name, index = "", None
    for reference in references:
        match = _KEY_REFERENCE.match(reference)
        if match and (match.group(2) or not name):
            name, index = match.group(1), match.group(2) or index
    own = index is None and any(r in ("count.index", "each.key", "each.value") for r in references)
    return name, index, own


def _version_targets(plan: dict[str, Any]) -> dict[str, tuple[str, str | None, bool]]:
    """Configuration address of each key version -> the key reference of its ``key_id``."""
    configuration = (plan.get("configuration") or {}).get("root_module") or {}
    targets: dict[str, tuple[str, str | None, bool]] = {}
    for prefix, resource in _config_resources(configuration):
        if resource.get("type") != VERSION_TYPE:
            continue
        refs = ((resource.get("expressions") or {}).get("key_id") or {}).get("references") or []
        name, index, own = _key_reference([r for r in refs if isinstance(r, str)])
        if name:
            targets[prefix + resource.get("address", "")] = (name, index, own)
    return targets


def _version_key(version: str, target: tuple[str, str | None, bool], keys: set[str]) -> str | None:
    """The key instance a version instance uses, in the same module instance as the version."""
    name, index, own = target
    module_prefix = version[: version.rfind(VERSION_TYPE + ".")]
    base = f"{module_prefix}{KEY_TYPE}.{name}"
    if own:
        own_index = _OWN_INDEX.search(version)
        index = own_index.group(1) if own_index else None
    if index is not None:
        return base + index if base + index in keys else None
    if base in keys:
        return base
    instances = [
        k for k in keys if _strip_indexes(k) == _strip_indexes(base) and k.startswith(base)
    ]
    return instances[0] if len(instances) == 1 else None


def _link_versions(inventory: Inventory, plan: dict[str, Any]) -> None:
    """Attach key versions to keys through the configuration's ``key_id`` references, in
    counted and for_each modules too, and to ``k[count.index]`` / ``k[0]`` instances."""
    targets = _version_targets(plan)
    keys = {key.address: key for key in inventory.keys}
    for version in inventory.key_versions:
        target = targets.get(_strip_indexes(version.address))
        address = _version_key(version.address, target, set(keys)) if target else None
        key = keys.get(address or "")
        if key is not None:
            version.key_address = key.address
            key.extra_versions += 1
            key.notes.append(f"one more version from {version.address}")


def read_input(target: Target, request: LoadRequest) -> Inventory:
    """The input-kind entry point (``discovery.INPUT_KINDS``): one plan JSON file."""
    return load_plan(
        target.path, request.region, request.region_source, request.facts, request.as_of
    )
