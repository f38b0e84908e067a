"""The usage-assumptions file (``kmslint-usage.yml``): parsing, validation and look-up."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from kmslint.datafiles import load_package_yaml
from kmslint.errors import Diagnostic, InputError
from kmslint.yamlsafe import Problems, did_you_mean, key_line, yaml_type_name

USAGE_FILE_NAME = "kmslint-usage.yml"
TOP_LEVEL = (
    "version",
    "defaults",
    "account",
    "parameters",
    "resource_type_default_usage",
    "resource_usage",
)
DEFAULT_FIELDS = ("region", "month_days", "horizon_months", "billing_model", "instance")
BILLING_MODELS = ("kms1", "instance")
ACCOUNT_FIELDS = ("existing_advanced_hsm_versions",)


@dataclass(frozen=True)
class UsageFieldCatalogue:
    key_types: tuple[str, ...]
    call_fields: dict[str, str | None]  # field -> operation (None: any operation)
    unit_fields: dict[str, dict[str, Decimal]]  # field -> {operation: calls per unit}
    help: dict[str, str]
    other_fields: tuple[str, ...]

    @property
    def all_fields(self) -> tuple[str, ...]:
        return (*self.call_fields, *self.unit_fields, *self.other_fields)


@lru_cache(maxsize=1)
def field_catalogue() -> UsageFieldCatalogue:
    data = load_package_yaml("usage_fields.yaml")
    helps = {
        name: entry["help"]
        for group in ("call_fields", "unit_fields", "other_fields")
        for name, entry in data[group].items()
    }
    return UsageFieldCatalogue(
        key_types=tuple(data["key_types"]),
        call_fields={name: entry["operation"] for name, entry in data["call_fields"].items()},
        unit_fields={
            name: {op: Decimal(str(n)) for op, n in entry["calls"].items()}
            for name, entry in data["unit_fields"].items()
        },
        help=helps,
        other_fields=tuple(data["other_fields"]),
    )


@dataclass(frozen=True)
class UsageValue:
    value: Decimal
    line: int


@dataclass
class UsageEntry:
    pattern: str
    line: int
    fields: dict[str, UsageValue]
    regex: re.Pattern[str] | None = None  # set for wildcard patterns

    @property
    def specificity(self) -> int:
        return -self.pattern.count("[*]")


@dataclass
class UsageFile:
    path: str | None = None
    region: str | None = None
    region_line: int | None = None
    month_days: int | None = None
    horizon_months: int | None = None
    existing_advanced_hsm_versions: int = 0
    billing_model: str | None = None  # defaults.billing_model: kms1 | instance
    default_instance: str | None = None  # defaults.instance: an address or an instance id
    parameters: dict[str, Any] = field(default_factory=dict)
    type_defaults: dict[str, dict[str, UsageValue]] = field(default_factory=dict)
    exact: dict[str, UsageEntry] = field(default_factory=dict)
    wildcards: list[UsageEntry] = field(default_factory=list)

    def fields_for(self, address: str, resource_type: str) -> dict[str, UsageValue]:
        """Usage for one resource: type default < wildcard address < exact address, field by field."""
        merged: dict[str, UsageValue] = dict(self.type_defaults.get(resource_type, {}))
        matching = [w for w in self.wildcards if w.regex is not None and w.regex.fullmatch(address)]
        for entry in sorted(matching, key=lambda w: w.specificity):
            merged.update(entry.fields)
        if address in self.exact:
            merged.update(self.exact[address].fields)
        return merged

    def has_explicit_usage(self, address: str, project: str = "") -> bool:
        """True when an exact or wildcard entry gives this address at least one field."""
        if address in self.exact and self.exact[address].fields:
            return True
        return any(w.fields and w.regex and w.regex.fullmatch(address) for w in self.wildcards)

    def unmatched(self, addresses: set[str]) -> list[Diagnostic]:
        """Warnings for ``resource_usage`` addresses that match no resource found."""
        found = []
        for entry in [*self.exact.values(), *self.wildcards]:
            if entry.regex is not None:
                hit = any(entry.regex.fullmatch(a) for a in addresses)
            else:
                hit = entry.pattern in addresses
            if not hit:
                hint = did_you_mean(entry.pattern, sorted(addresses))
                message = f"resource_usage address {entry.pattern!r} matches no resource{hint}"
                found.append(
                    Diagnostic(self.path or USAGE_FILE_NAME, entry.line, message, "warning")
                )
        return found


@dataclass
class ProjectUsage:
    """The usage file of each project of a scan (by ``Key.project``); ``fallback`` for the rest.

    Entries of one project's file never apply to another project's keys, so two projects with
    the same address each get their own usage.
    """

    by_project: dict[str, UsageFile] = field(default_factory=dict)
    fallback: UsageFile = field(default_factory=UsageFile)

    def of(self, project: str) -> UsageFile:
        return self.by_project.get(project, self.fallback)

    def has_explicit_usage(self, address: str, project: str = "") -> bool:
        return self.of(project).has_explicit_usage(address)

    @property
    def files(self) -> list[UsageFile]:
        distinct = {id(u): u for u in [self.fallback, *self.by_project.values()] if u.path}
        return list(distinct.values())

    def setting(self, name: str) -> int | None:
        """``defaults.horizon_months`` / ``month_days``: one value for the scan, or an error."""
        given = [(usage, getattr(usage, name)) for usage in self.files]
        given = [(usage, value) for usage, value in given if value is not None]
        for usage, value in given[1:]:
            if value != given[0][1]:
                option = "--horizon" if name == "horizon_months" else "--month-days"
                message = (
                    f"defaults.{name} is {value} here but {given[0][1]} in {given[0][0].path}; "
                    f"one report has one period: make them agree or give {option}"
                )
                raise InputError(usage.path or USAGE_FILE_NAME, None, message)
        return given[0][1] if given else None

    @property
    def existing_advanced_hsm_versions(self) -> int:
        return max((u.existing_advanced_hsm_versions for u in self.files), default=0)

    @property
    def existing_source(self) -> str:
        """Which usage file declared the account's existing advanced HSM versions."""
        wanted = self.existing_advanced_hsm_versions
        return next(
            (str(u.path) for u in self.files if u.existing_advanced_hsm_versions == wanted), ""
        )

    def unmatched(self, inventory: Any) -> list[Diagnostic]:
        """Each file's ``resource_usage`` addresses that match no resource of its projects."""
        addresses: dict[int, set[str]] = {id(usage): set() for usage in self.files}
        items = (*inventory.keys, *inventory.consumers, *inventory.instances, *inventory.secrets)
        for item in items:
            addresses.setdefault(id(self.of(item.project)), set()).add(item.address)
        return [d for usage in self.files for d in usage.unmatched(addresses[id(usage)])]


def wildcard_regex(pattern: str) -> re.Pattern[str]:
    parts = pattern.split("[*]")
    return re.compile(r"\[[^\]]+\]".join(re.escape(part) for part in parts))


def _usage_fields(
    reader: Problems, mapping: Any, line: int | None, what: str
) -> dict[str, UsageValue]:
    fields = reader.mapping(mapping, line, what)
    known = field_catalogue().all_fields
    reader.unknown_keys(fields, known, what, noun="usage field")
    result: dict[str, UsageValue] = {}
    for name in fields:
        amount = reader.amount(fields, name) if name in known else None
        if amount is not None:
            result[str(name)] = UsageValue(amount, key_line(fields, name) or 0)
    return result


def parse_usage(text: str, path: str) -> tuple[UsageFile, list[Diagnostic]]:
    """Parse and validate a usage file; every problem comes back as a diagnostic with its line."""
    from kmslint.yamlsafe import load_round_trip

    document = load_round_trip(text, path)
    reader = Problems(path)
    usage = UsageFile(path=path)
    if document is None:
        return usage, []
    root = reader.mapping(document, 1, "the usage file")
    reader.unknown_keys(root, TOP_LEVEL, "the usage file", noun="field")
    version = root.get("version")
    if version is not None and str(version) not in ("1", "0.1"):
        reader.error(
            key_line(root, "version"),
            f"unsupported usage file version {version!r} (expected 1)",
        )
    _read_defaults(reader, root, usage)
    account = reader.mapping(root.get("account"), key_line(root, "account"), "account")
    reader.unknown_keys(account, ACCOUNT_FIELDS, "account", noun="field")
    usage.existing_advanced_hsm_versions = (
        reader.count(account, "existing_advanced_hsm_versions") or 0
    )
    usage.parameters = dict(
        reader.mapping(root.get("parameters"), key_line(root, "parameters"), "parameters")
    )
    type_defaults = reader.mapping(
        root.get("resource_type_default_usage"),
        key_line(root, "resource_type_default_usage"),
        "resource_type_default_usage",
    )
    for type_name, fields in type_defaults.items():
        line = key_line(type_defaults, type_name)
        usage.type_defaults[str(type_name)] = _usage_fields(
            reader, fields, line, f"type default {type_name!r}"
        )
    resource_usage = reader.mapping(
        root.get("resource_usage"), key_line(root, "resource_usage"), "resource_usage"
    )
    for address, fields in resource_usage.items():
        line = key_line(resource_usage, address) or 0
        entry = UsageEntry(str(address), line, _usage_fields(reader, fields, line, f"{address!r}"))
        if "[*]" in entry.pattern:
            entry.regex = wildcard_regex(entry.pattern)
            usage.wildcards.append(entry)
        else:
            usage.exact[entry.pattern] = entry
    return usage, reader.diagnostics


def _read_defaults(reader: Problems, root: Any, usage: UsageFile) -> None:
    defaults = reader.mapping(root.get("defaults"), key_line(root, "defaults"), "defaults")
    reader.unknown_keys(defaults, DEFAULT_FIELDS, "defaults", noun="field")
    region = defaults.get("region")
    if region is not None:
        if not isinstance(region, str):
            reader.error(
                key_line(defaults, "region"),
                f"region must be a string, got {yaml_type_name(region)}",
            )
        else:
            usage.region = region
            usage.region_line = key_line(defaults, "region")
    usage.month_days = reader.count(defaults, "month_days", minimum=1)
    usage.horizon_months = reader.count(defaults, "horizon_months", minimum=1)
    _read_billing_defaults(reader, defaults, usage)


def _read_billing_defaults(reader: Problems, defaults: Any, usage: UsageFile) -> None:
    """``defaults.billing_model`` (kms1 | instance) and ``defaults.instance`` (address or id)."""
    model = defaults.get("billing_model")
    if model is not None:
        if model not in BILLING_MODELS:
            hint = did_you_mean(str(model), BILLING_MODELS)
            message = (
                f"billing_model must be one of {', '.join(BILLING_MODELS)}, got {model!r}{hint}"
            )
            reader.error(key_line(defaults, "billing_model"), message)
        else:
            usage.billing_model = model
    instance = defaults.get("instance")
    if instance is not None:
        if not isinstance(instance, str) or not instance:
            message = (
                f"instance must be an address or an instance id, got {yaml_type_name(instance)}"
            )
            reader.error(key_line(defaults, "instance"), message)
        else:
            usage.default_instance = instance


def load_usage_file(
    path: Path, named_by_pipeline: bool = True
) -> tuple[UsageFile, list[Diagnostic]]:
    from kmslint.safeio import read_text

    if not os.path.lexists(path):
        raise InputError(str(path), None, "usage file not found")
    return parse_usage(read_text(path, str(path), named_by_pipeline=named_by_pipeline), str(path))
