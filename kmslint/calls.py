"""Monthly billed calls per key, from the usage file (and, later, from consumer resources)."""

from __future__ import annotations

from decimal import Decimal

from kmslint.model import Key
from kmslint.usage import UsageFile, UsageValue, field_catalogue


def calls_from_fields(fields: dict[str, UsageValue]) -> Decimal | None:
    """Sum the billed calls the usage fields imply; None when no call field is given."""
    catalogue = field_catalogue()
    total: Decimal | None = None
    for name, usage in fields.items():
        if name in catalogue.call_fields:
            total = (total or Decimal(0)) + usage.value
        elif name in catalogue.unit_fields:
            per_unit = sum(catalogue.unit_fields[name].values(), Decimal(0))
            total = (total or Decimal(0)) + usage.value * per_unit
    return total


def apply_usage(keys: list[Key], usage: UsageFile) -> dict[str, Decimal | None]:
    """Monthly calls per key address; also adds ``existing_versions`` to each key's versions."""
    calls: dict[str, Decimal | None] = {}
    for key in keys:
        fields = usage.fields_for(key.address, key.type)
        existing = fields.get("existing_versions")
        if existing is not None:
            key.extra_versions += int(existing.value)
            key.notes.append(f"{int(existing.value)} existing version(s) declared in the usage file")
        calls[key.address] = calls_from_fields(fields)
    return calls
