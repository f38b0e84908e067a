"""Turn evaluated ``alicloud_kms_key`` / ``alicloud_kms_key_version`` instances into the inventory."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kmslint.kms import HSM, KmsFacts, interval_refusal, rotation_refusal
from kmslint.model import DISABLED, ENABLED, Key, KeyVersion, SourceRange
from kmslint.terraform.config import ResourceConfig
from kmslint.terraform.expansion import InstanceKey
from kmslint.terraform.instance import ModuleInstance, ProviderRegion, attribute_value
from kmslint.terraform.kms_instances import instance_reference
from kmslint.terraform.values import ResourceRef, Unknown, is_unknown, to_bool, to_number, to_string

KEY_TYPE = "alicloud_kms_key"
VERSION_TYPE = "alicloud_kms_key_version"
_INTERVAL = re.compile(r"^\s*(\d{1,12})\s*([dhms])\s*$")
_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
NOT_WRITTEN = object()  # what a lookup returns for an argument the resource does not set
PROVIDER_DEFAULT_SOURCE = "the alicloud provider's default region"


def parse_interval(text: str) -> Fraction | None:
    """``"30d"`` -> 30 days; ``"2592000s"`` -> 30 days; None when not ``<integer><d|h|m|s>``."""
    match = _INTERVAL.match(text)
    if not match:
        return None
    return Fraction(int(match.group(1)) * _SECONDS[match.group(2)], 86400)


@dataclass
class RegionDefaults:
    """Where a key's region comes from when its provider sets none."""

    environment: str | None
    environment_name: str | None
    fallback: str | None
    fallback_source: str
    provider_default: str


def _mark_instances(
    model: Key, instance: ModuleInstance, resource: ResourceConfig, key: InstanceKey
) -> None:
    """A key made by an unresolved count/for_each stands for at least one instance."""
    if key.assumed is not None:
        before = f"{instance.prefix}{resource.local_address}"
        model.instance_placeholder = (before, key.suffix, "")
    elif instance.placeholder is not None:
        before, index = instance.placeholder
        model.instance_placeholder = (before, index, model.address[len(before) + len(index) :])
    model.instances_known = model.instance_placeholder is None


ROTATION_ASKED = "automatic rotation is enabled"  # how a note names the setting


class KeyBuilder:
    """Reads one key instance's arguments, applying defaults and conservative assumptions.

    ``lookup(name)`` returns an argument's value (``None`` when it is not written); the HCL path
    evaluates expressions, the plan path reads planned values.
    """

    def __init__(self, key: Key, lookup: Callable[[str], Any], book: KmsFacts) -> None:
        self.key, self.lookup, self.book = key, lookup, book

    @classmethod
    def for_instance(
        cls, instance: ModuleInstance, resource: ResourceConfig, key: InstanceKey, book: KmsFacts
    ) -> KeyBuilder:
        attributes = resource.block.body.attributes
        model = Key(
            address=instance.resource_address(resource, key),
            type=KEY_TYPE,
            source=SourceRange(resource.file, resource.block.line, resource.block.end_line),
            key_spec="",
            key_usage="",
            protection_level="",
            attributes={name: attr.line for name, attr in attributes.items()},
        )
        for unresolved in (*instance.assumed, *([key.assumed] if key.assumed else [])):
            model.assume(unresolved.field, unresolved.assumption, unresolved.line)
        _mark_instances(model, instance, resource, key)
        return cls(
            model,
            lambda name: (
                attribute_value(instance, resource, key, name)
                if name in attributes
                else NOT_WRITTEN
            ),
            book,
        )

    def value(self, *names: str) -> tuple[str | None, Any]:
        """The first of ``names`` that is written (deprecated spellings last), and its value."""
        for name in names:
            value = self.lookup(name)
            if value is not NOT_WRITTEN:
                return name, value
        return None, None

    def text(
        self, field: str, names: tuple[str, ...], default: str | None, assumption: str | None
    ) -> str | None:
        written, value = self.value(*names)
        if written is None or value is None or value == "":  # the provider takes "" as unset
            return default
        if is_unknown(value):
            if assumption is not None:
                self.key.assume(
                    field, f"{assumption} ({value.reason})", self.key.attribute_line(written)
                )
            return assumption
        try:
            return to_string(value)
        except TypeError:
            self.key.assume(
                field, f"{default} ({written} is not a string)", self.key.attribute_line(written)
            )
            return default

    def string_or_note(self, name: str, value: Any) -> str | None:
        """The value as a string; a list, map or null gets a note and None instead."""
        try:
            return to_string(value)
        except TypeError:
            self.key.notes.append(f"{name} is not a string; ignored")
            return None

    def build(self, region: ResolvedRegion) -> Key:
        key, defaults = self.key, self.book.defaults
        key.key_usage = (
            self.text("key_usage", ("key_usage",), defaults["key_usage"], None)
            or defaults["key_usage"]
        )
        written, level = self.value("protection_level")
        key.protection_level = (
            ""  # the provider rejects an empty protection_level: KMS007 says so, priced as HSM
            if written is not None and level == ""
            else self.text(
                "protection_level", ("protection_level",), defaults["protection_level"], HSM
            )
            or HSM
        )
        key.key_spec = self._spec()
        key.origin = (
            self.text("origin", ("origin",), defaults["origin"], defaults["origin"])
            or defaults["origin"]
        )
        self._instance()
        self._status()
        self._rotation()
        self._pending_window()
        self._tags()
        key.region, key.region_source = region.region, region.source
        key.notes.extend(region.notes)
        for field_name, assumption in region.assumptions:
            key.assume(field_name, assumption)
        return key

    def _instance(self) -> None:
        written, value = self.value("dkms_instance_id")
        reference = instance_reference(value if written else None)
        self.key.dkms_instance_id = reference.literal
        self.key.instance_address = reference.address
        self.key.instance_unresolved = reference.unresolved

    def _cannot_rotate(self) -> str | None:
        """Why KMS rejects rotation on this key (asymmetric spec, imported material), if it does."""
        return rotation_refusal(self.book, self.key.key_spec, self.key.origin)

    def _may_rotate(self) -> bool:
        """Whether automatic rotation is (or, unknown, may be) enabled."""
        written, enabled = self.value("automatic_rotation")
        if written is None or enabled is None:
            return False
        return is_unknown(enabled) or enabled == "Enabled"

    def _spec(self) -> str:
        """The key spec; unknown, the most expensive one KMS accepts with the other settings."""
        _, value = self.value("key_spec")
        if is_unknown(value):
            rotating = self._may_rotate()
            worst = self.book.most_expensive_spec(self.key.key_usage, rotating)
            why = "that can rotate" if rotating else "its key_usage allows"
            assumption = f"{worst} (the most expensive spec {why}; {value.reason})"
            self.key.assume("key_spec", assumption, self.key.attribute_line("key_spec"))
            return worst
        return self.text("key_spec", ("key_spec",), self.book.defaults["key_spec"], None) or ""

    def _status(self) -> None:
        written, value = self.value("status", "key_state", "is_enabled")
        if written is None or value is None:
            return
        if is_unknown(value):
            self.key.assume(
                "status", f"{ENABLED} (billed; {value.reason})", self.key.attribute_line(written)
            )
            return
        if written == "is_enabled":
            try:
                self.key.status = ENABLED if to_bool(value) else DISABLED
            except TypeError:
                self.key.assume(
                    "is_enabled", f"{ENABLED} (not a bool)", self.key.attribute_line(written)
                )
            return
        self.key.status = self.string_or_note(written, value) or self.key.status
        if written != "status":
            self.key.attributes.setdefault("status", self.key.attribute_line(written))

    def _rotation(self) -> None:
        written, enabled = self.value("automatic_rotation")
        _, interval = self.value("rotation_interval")
        line = self.key.attribute_line("automatic_rotation")
        if written is None or enabled is None:
            return
        if is_unknown(enabled):
            cannot = self._cannot_rotate()
            if cannot:
                assumption = f"Disabled ({cannot}; {enabled.reason})"
                self.key.assume("automatic_rotation", assumption, line)
                return
            self.key.assume("automatic_rotation", f"Enabled ({enabled.reason})", line)
            enabled = "Enabled"
        if self.string_or_note("automatic_rotation", enabled) != "Enabled":
            return
        self.key.rotation_enabled = True
        self.key.refuse_rotation(ROTATION_ASKED, self._cannot_rotate())
        if interval is None or interval == "":
            self.key.notes.append(
                "automatic rotation is enabled without rotation_interval (the API rejects this); "
                "priced without rotation"
            )
            return
        if is_unknown(interval):
            minimum = f"{self.book.rotation_min_days}d"
            self.key.assume(
                "rotation_interval",
                f"{minimum} (the shortest allowed; {interval.reason})",
                self.key.attribute_line("rotation_interval"),
            )
            interval = minimum
        self.key.rotation_interval = self.string_or_note("rotation_interval", interval) or ""
        days = self.key.rotation_interval_days = parse_interval(self.key.rotation_interval)
        if days is None:
            self.key.notes.append(
                f"rotation_interval {self.key.rotation_interval!r} is not <integer><d|h|m|s>; priced without rotation"
            )
            return
        refused = interval_refusal(self.book, self.key.rotation_interval, days)
        self.key.refuse_rotation(ROTATION_ASKED, refused)

    def _pending_window(self) -> None:
        written, value = self.value("pending_window_in_days", "deletion_window_in_days")
        if written is None or value is None or is_unknown(value):
            return
        try:
            self.key.pending_window_in_days = int(to_number(value))
        except (TypeError, ValueError, ArithmeticError):
            self.key.notes.append(f"{written} is not a number")
        if written != "pending_window_in_days":
            self.key.attributes.setdefault(
                "pending_window_in_days", self.key.attribute_line(written)
            )

    def _tags(self) -> None:
        _, value = self.value("tags")
        if isinstance(value, dict):
            self.key.tags = {k: v for k, v in value.items() if not is_unknown(v)}


@dataclass
class ResolvedRegion:
    region: str
    source: str
    notes: list[str]
    assumptions: list[tuple[str, str]]


def resolve_region(provider: ProviderRegion | None, regions: RegionDefaults) -> ResolvedRegion:
    """Provider block region, else environment, else --region/usage default, else the provider default."""
    if provider is not None and isinstance(provider.value, str):
        return ResolvedRegion(provider.value, provider.source, [], [])
    notes: list[str] = []
    unknown = provider is not None and isinstance(provider.value, Unknown)
    if unknown:
        notes.append(f"region of {provider.source} is unknown ({provider.value.reason})")  # type: ignore[union-attr]
    if regions.environment:
        return ResolvedRegion(
            regions.environment, f"environment variable {regions.environment_name}", notes, []
        )
    if regions.fallback:
        return ResolvedRegion(regions.fallback, regions.fallback_source, notes, [])
    if unknown:
        return ResolvedRegion(
            regions.provider_default,
            "assumed",
            notes,
            [("region", f"{regions.provider_default} (mainland prices)")],
        )
    notes.append(
        f"no region configured; the alicloud provider defaults to {regions.provider_default}"
    )
    return ResolvedRegion(regions.provider_default, PROVIDER_DEFAULT_SOURCE, notes, [])


def key_version(instance: ModuleInstance, resource: ResourceConfig, key: InstanceKey) -> KeyVersion:
    target = attribute_value(instance, resource, key, "key_id")
    key_address = target.address if isinstance(target, ResourceRef) else None
    return KeyVersion(
        address=instance.resource_address(resource, key),
        key_address=key_address,
        source=SourceRange(resource.file, resource.block.line, resource.block.end_line),
    )
