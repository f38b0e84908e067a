"""``ALIYUN::KMS::Key`` resource copies as inventory keys, mapped as the Terraform loader does.

Unresolved cost-relevant values get the same conservative assumptions as in Terraform: an
unknown ProtectionLevel is HSM, an unknown KeySpec the most expensive spec for the usage, an
unknown Count one copy, an unknown Condition "created". ``Enable: false`` is Disabled (still
billed); a key with ``DKMSInstanceId`` lives in a dedicated instance (not billed by KMS 1.0).
"""

from __future__ import annotations

from typing import Any

from kmslint.kms import HSM, KmsFacts, interval_refusal, rotation_refusal
from kmslint.model import DISABLED, Key, Suppression
from kmslint.ros.kms_instances import instance_reference
from kmslint.ros.resources import ResourceInstance
from kmslint.ros.values import LList, LMap, RosRef, Unknown, text_of, type_name
from kmslint.terraform.keys import parse_interval

KEY_TYPE = "ALIYUN::KMS::Key"
ALIAS_TYPE = "ALIYUN::KMS::Alias"
ROS_DEFAULT_PENDING_WINDOW_DAYS = 30  # the ROS documentation's default for PendingWindowInDays
UNSPECIFIED_REGION = "mainland China prices (no --region or defaults.region given)"

# Property -> the normalised field name the rules ask ``attribute_line`` for.
FIELD_NAMES = {
    "KeySpec": "key_spec",
    "KeyUsage": "key_usage",
    "ProtectionLevel": "protection_level",
    "EnableAutomaticRotation": "automatic_rotation",
    "RotationInterval": "rotation_interval",
    "Enable": "status",
    "PendingWindowInDays": "pending_window_in_days",
    "DKMSInstanceId": "dkms_instance_id",
    "DeletionProtection": "deletion_protection",
    "Description": "description",
    "Policy": "policy",
    "Tags": "tags",
}


ROTATION_ASKED = "EnableAutomaticRotation is true"


class KeyBuilder:
    """Reads one evaluated key copy into a :class:`Key`."""

    def __init__(self, instance: ResourceInstance, book: KmsFacts) -> None:
        self.instance, self.book = instance, book
        attributes = dict(instance.property_lines)
        for name, normalised in FIELD_NAMES.items():
            if name in attributes:
                attributes.setdefault(normalised, attributes[name])
        for name, normalised in (
            ("DeletionPolicy", "deletion_policy"),
            ("Count", "count"),
            ("Condition", "condition"),
        ):
            if name in instance.declaration:
                attributes.setdefault(normalised, instance.declaration.key_line(name))
                attributes.setdefault(name, instance.declaration.key_line(name))
        self.key = Key(
            address=instance.address, type=KEY_TYPE, source=instance.source,
            key_spec="", key_usage="", protection_level="", attributes=attributes,
        )  # fmt: skip
        for assumption in instance.assumptions:
            self.key.assume(assumption.field, assumption.assumption, assumption.line)

    def value(self, name: str) -> Any:
        return self.instance.properties.get(name)

    def text(
        self, name: str, field: str, default: str | None, assumption: str | None
    ) -> str | None:
        value = self.value(name)
        if value is None:
            return default
        if isinstance(value, Unknown):
            if assumption is not None:
                self.key.assume(
                    field, f"{assumption} ({value.reason})", self.key.attribute_line(name)
                )
            return assumption if assumption is not None else default
        try:
            return text_of(value)
        except TypeError:
            self.key.notes.append(
                f"{name} is a {type_name(value)}, not a string; assumed {default}"
            )
            return default

    def flag(self, name: str, field: str, unknown_means: bool, assumption: str) -> bool | None:
        """A Boolean property: None when not written; ``unknown_means`` (stated) when unknown."""
        value = self.value(name)
        if value is None:
            return None
        if isinstance(value, Unknown):
            self.key.assume(field, f"{assumption} ({value.reason})", self.key.attribute_line(name))
            return unknown_means
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if isinstance(value, bool):
            return value
        self.key.notes.append(
            f"{name} is a {type_name(value)}, not true/false; assumed {assumption}"
        )
        return unknown_means

    def build(self, region: str | None, region_source: str) -> Key:
        key, defaults = self.key, self.book.defaults
        key.key_usage = self.text("KeyUsage", "key_usage", None, None) or ""
        key.protection_level = (
            ""  # ROS rejects an empty ProtectionLevel: KMS007 says so, priced as HSM
            if self.value("ProtectionLevel") == ""
            else self.text("ProtectionLevel", "protection_level", defaults["protection_level"], HSM)
            or HSM
        )
        self._spec()
        literal, address, unresolved = instance_reference(self.value("DKMSInstanceId"))
        key.dkms_instance_id, key.instance_address = literal, address
        key.instance_unresolved = unresolved
        if self.flag("Enable", "status", True, "Enabled (billed)") is False:
            key.status = DISABLED
        key.deletion_protection = self.flag(
            "DeletionProtection", "deletion_protection", False, "false"
        )
        key.deletion_policy_retain = self.instance.deletion_policy == "Retain"
        self._rotation()
        self._pending_window()
        self._tags()
        self._region(region, region_source)
        key.suppressions = suppressions(self.instance)
        return key

    def _spec(self) -> None:
        key, defaults = self.key, self.book.defaults
        written_usage = key.key_usage
        value = self.value("KeySpec")
        if isinstance(value, Unknown):
            rotation = self.value("EnableAutomaticRotation")
            rotating = isinstance(rotation, Unknown) or rotation is True or rotation == "true"
            worst = self.book.most_expensive_spec(written_usage or defaults["key_usage"], rotating)
            why = "that can rotate" if rotating else "its KeyUsage allows"
            assumption = f"{worst} (the most expensive spec {why}; {value.reason})"
            key.assume("key_spec", assumption, key.attribute_line("KeySpec"))
            key.key_spec = worst
        else:
            key.key_spec = self.text("KeySpec", "key_spec", defaults["key_spec"], None) or ""
        if not written_usage:
            # ROS picks a KeyUsage the spec supports (SIGN/VERIFY for EC keys) when none is given.
            spec = self.book.spec(key.key_spec)
            allowed = spec.usages if spec else ()
            key.key_usage = (
                defaults["key_usage"]
                if not allowed or defaults["key_usage"] in allowed
                else allowed[0]
            )

    def _rotation(self) -> None:
        refused = rotation_refusal(self.book, self.key.key_spec, self.key.origin)
        if isinstance(self.value("EnableAutomaticRotation"), Unknown) and refused:
            reason = f"Disabled ({refused})"
            self.flag("EnableAutomaticRotation", "automatic_rotation", False, reason)
            return
        enabled = self.flag("EnableAutomaticRotation", "automatic_rotation", True, "Enabled")
        if not enabled:
            return
        self.key.rotation_enabled = True
        self.key.refuse_rotation(ROTATION_ASKED, refused)
        interval = self.value("RotationInterval")
        if interval is None:
            self.key.notes.append(
                "EnableAutomaticRotation is true without RotationInterval; priced without rotation"
            )
            return
        if isinstance(interval, Unknown):
            shortest = f"{self.book.rotation_min_days}d"
            self.key.assume(
                "rotation_interval",
                f"{shortest} (the shortest allowed; {interval.reason})",
                self.key.attribute_line("RotationInterval"),
            )
            interval = shortest
        try:
            self.key.rotation_interval = text_of(interval)
        except TypeError:
            self.key.notes.append(
                f"RotationInterval is a {type_name(interval)}; priced without rotation"
            )
            return
        days = self.key.rotation_interval_days = parse_interval(self.key.rotation_interval)
        if days is None:
            self.key.notes.append(
                f"RotationInterval {self.key.rotation_interval!r} is not <integer><d|h|m|s>; priced without rotation"
            )
            return
        refused = interval_refusal(self.book, self.key.rotation_interval, days)
        self.key.refuse_rotation(ROTATION_ASKED, refused)

    def _pending_window(self) -> None:
        value = self.value("PendingWindowInDays")
        if value is None:
            self.key.pending_window_in_days = ROS_DEFAULT_PENDING_WINDOW_DAYS
        elif isinstance(value, (bool, Unknown)):
            return
        else:
            try:
                self.key.pending_window_in_days = int(text_of(value))
            except (TypeError, ValueError):
                self.key.notes.append("PendingWindowInDays is not a whole number")

    def _tags(self) -> None:
        tags = self.value("Tags")
        if isinstance(tags, dict):
            entries = [{"Key": k, "Value": v} for k, v in tags.items()]
        elif isinstance(tags, list):
            entries = [t for t in tags if isinstance(t, dict)]
        else:
            return
        for entry in entries:
            name, value = entry.get("Key"), entry.get("Value")
            if isinstance(name, str) and not isinstance(value, Unknown):
                self.key.tags[name] = value

    def _region(self, region: str | None, region_source: str) -> None:
        if region:
            self.key.region, self.key.region_source = region, region_source or "--region"
            return
        self.key.region, self.key.region_source = "", "unspecified"
        self.key.assume("region", UNSPECIFIED_REGION)


def suppressions(instance: ResourceInstance) -> list[Suppression]:
    """``Metadata: {kmslint: {ignore: [{id: KMS003, reason: ...}]}}`` of a resource."""
    metadata = instance.declaration.get("Metadata")
    kmslint = metadata.get("kmslint") if isinstance(metadata, LMap) else None
    ignore = kmslint.get("ignore") if isinstance(kmslint, LMap) else None
    if not isinstance(ignore, LList):
        return []
    found = []
    for position, entry in enumerate(ignore):
        if isinstance(entry, LMap) and isinstance(entry.get("id"), str):
            reason = entry.get("reason")
            line = entry.key_line("id")
            found.append(
                Suppression(
                    entry["id"], str(reason) if reason else None, instance.source.file, line
                )
            )
        elif isinstance(entry, str):
            found.append(Suppression(entry, None, instance.source.file, ignore.item_line(position)))
    return found


def build_key(
    instance: ResourceInstance, book: KmsFacts, region: str | None, region_source: str
) -> Key:
    return KeyBuilder(instance, book).build(region, region_source)


def referenced_addresses(value: Any) -> list[str]:
    """Addresses of the template resources a property value refers to (through Ref/GetAtt)."""
    if isinstance(value, RosRef):
        return [value.address]
    if isinstance(value, list):
        return [address for item in value for address in referenced_addresses(item)]
    return []


def mark_aliased(keys: list[Key], instances: list[ResourceInstance]) -> None:
    """Set ``referenced_by_alias`` on keys that an ``ALIYUN::KMS::Alias`` names."""
    by_address = {key.address: key for key in keys}
    for instance in instances:
        if instance.type != ALIAS_TYPE:
            continue
        for address in referenced_addresses(instance.properties.get("KeyId")):
            if address in by_address:
                by_address[address].referenced_by_alias = True
