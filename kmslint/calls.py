"""Monthly billed calls per key: the key's own usage plus what its consumers imply."""

from __future__ import annotations

from decimal import Decimal

from kmslint.consumers import consumer_catalogue
from kmslint.errors import Diagnostic
from kmslint.model import Consumer, Inventory, Key
from kmslint.money import number_str
from kmslint.usage import ProjectUsage, UsageFile, UsageValue, field_catalogue


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


def _misplaced(
    fields: dict[str, UsageValue], allowed: set[str], address: str, path: str
) -> list[Diagnostic]:
    return [
        Diagnostic(path, usage.line, f"usage field {name!r} does not apply to {address}", "warning")
        for name, usage in fields.items()
        if name not in allowed
    ]


def _consumer_calls(
    consumer: Consumer, usage: UsageFile, problems: list[Diagnostic]
) -> Decimal | None:
    kind = consumer_catalogue().lookup(consumer.type)
    fields = usage.fields_for(consumer.address, consumer.type)
    allowed = set(field_catalogue().call_fields) | set(kind.usage_fields if kind else ())
    problems.extend(_misplaced(fields, allowed, consumer.address, usage.path or "usage file"))
    return calls_from_fields({k: v for k, v in fields.items() if k in allowed})


def _key_calls(key: Key, usage: UsageFile) -> Decimal | None:
    fields = usage.fields_for(key.address, key.type)
    existing = fields.get("existing_versions")
    if existing is not None:
        key.extra_versions += int(existing.value)
        key.notes.append(f"{int(existing.value)} existing version(s) declared in the usage file")
    return calls_from_fields(fields)


def apply_usage(
    inventory: Inventory, usages: ProjectUsage
) -> tuple[dict[str, Decimal | None], list[Diagnostic]]:
    """Monthly calls per key (by ``Key.ref``; None: unknown), each from its own project's usage."""
    problems: list[Diagnostic] = []
    keys = {key.ref: key for key in inventory.keys}
    calls = {ref: _key_calls(key, usages.of(key.project)) for ref, key in keys.items()}
    for consumer in inventory.consumers:
        key = keys.get(consumer.key_ref or "")
        if consumer.uses_service_key or key is None:
            continue
        implied = _consumer_calls(consumer, usages.of(consumer.project), problems)
        if implied is None:
            continue
        calls[key.ref] = (calls[key.ref] or Decimal(0)) + implied
        key.notes.append(f"{number_str(implied)} calls a month from {consumer.address}")
    return calls, problems
