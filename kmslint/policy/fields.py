"""A key's normalised fields: what declarative rules match and message templates show."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from kmslint.money import money_display, number_str

if TYPE_CHECKING:
    from kmslint.engine import KeyCost
    from kmslint.model import Key
    from kmslint.report import Report

STRING, NUMBER, MONEY, BOOL, MAPPING, LIST = (
    "string",
    "number",
    "money",
    "boolean",
    "mapping",
    "list",
)

# Field name -> kind. ``tags.<name>`` reads one tag (a string).
FIELDS: dict[str, str] = {
    "address": STRING,
    "type": STRING,
    "file": STRING,
    "line": NUMBER,
    "key_spec": STRING,
    "key_usage": STRING,
    "key_class": STRING,
    "protection_level": STRING,
    "origin": STRING,
    "region": STRING,
    "region_class": STRING,
    "region_known": BOOL,
    "status": STRING,
    "billed": BOOL,
    "dedicated_instance": BOOL,
    "dkms_instance_id": STRING,
    "rotation_enabled": BOOL,
    "rotation_interval": STRING,
    "rotation_days": NUMBER,
    "versions_month_1": NUMBER,
    "versions_horizon": NUMBER,
    "extra_versions": NUMBER,
    "pending_window_in_days": NUMBER,
    "deletion_protection": BOOL,
    "deletion_policy_retain": BOOL,
    "monthly_cost": MONEY,
    "hosting_cost": MONEY,
    "api_cost": MONEY,
    "horizon_monthly_cost": MONEY,
    "horizon_total_cost": MONEY,
    "horizon_months": NUMBER,
    "monthly_calls": NUMBER,
    "usage_known": BOOL,
    "consumer_count": NUMBER,
    "consumer_types": LIST,
    "unresolved_count": NUMBER,
    "tags": MAPPING,
    "billing_model": STRING,
    "instance": STRING,
    "kms1_end_of_service": STRING,
    "instance_version_fee": MONEY,
    "instance_version_delta": STRING,
    "instance_fee_floor": MONEY,
}
NUMERIC_KINDS = (NUMBER, MONEY)
TAG_PREFIX = "tags."


def field_kind(name: str) -> str | None:
    """The kind of a field name (``tags.x`` is a string), or None for an unknown name."""
    if name.startswith(TAG_PREFIX) and len(name) > len(TAG_PREFIX):
        return STRING
    return FIELDS.get(name)


def key_fields(cost: KeyCost, report: Report) -> dict[str, Any]:
    """Every field of FIELDS for one priced key; unknown values are None."""
    key, klass = cost.key, cost.classification
    consumers = consumers_of(report, key)
    region_known = bool(key.region) and report.book.region(key.region) is not None
    return {
        "address": key.address,
        "type": key.type,
        "file": key.file,
        "line": key.line,
        "key_spec": klass.key_spec,
        "key_usage": key.key_usage,
        "key_class": klass.key_class,
        "protection_level": klass.protection_level,
        "origin": key.origin,
        "region": klass.region,
        "region_class": klass.region_class,
        "region_known": region_known,
        "status": key.status,
        "billed": cost.billed,
        "dedicated_instance": key.in_dedicated_instance,
        "dkms_instance_id": key.dkms_instance_id,
        "rotation_enabled": key.rotation_enabled,
        "rotation_interval": key.rotation_interval if key.rotation_enabled else None,
        "rotation_days": key.rotation_interval_days if key.rotation_enabled else None,
        "versions_month_1": cost.versions_month_1,
        "versions_horizon": cost.versions_horizon,
        "extra_versions": key.extra_versions,
        "pending_window_in_days": key.pending_window_in_days,
        "deletion_protection": key.deletion_protection,
        "deletion_policy_retain": key.deletion_policy_retain,
        "monthly_cost": cost.monthly_cost,
        "hosting_cost": cost.hosting_cost,
        "api_cost": cost.api_cost,
        "horizon_monthly_cost": cost.horizon_monthly_cost,
        "horizon_total_cost": cost.horizon_total_cost,
        "horizon_months": len(cost.hosting_by_month),
        "monthly_calls": cost.calls,
        "usage_known": cost.usage_known,
        "consumer_count": len(consumers),
        "consumer_types": sorted({c.type for c in consumers}),
        "unresolved_count": len(key.unresolved),
        "tags": {str(k): v for k, v in key.tags.items()},
        **instance_fields(cost, report),
    }


def instance_fields(cost: KeyCost, report: Report) -> dict[str, Any]:
    """Billing model fields, and what the key would cost in a pay-as-you-go software instance."""
    from kmslint.billing.instance import key_share

    prices, period = report.book.instances, report.estimate.period
    fee = key_share(cost.key, period, prices.payg_key_version_daily)[0]
    delta = fee - cost.monthly_cost
    sign = "+" if delta >= 0 else "-"
    return {
        "billing_model": cost.billing_model,
        "instance": cost.instance,
        "kms1_end_of_service": prices.kms1_end_of_service,
        "instance_version_fee": fee,
        "instance_version_delta": f"{sign}{money_display(abs(delta))}",
        "instance_fee_floor": period.month_days * prices.payg_instance_daily["software"],
    }


def consumers_of(report: Report, key: Key) -> list[Any]:
    """Consumers of a key: those attached to it plus any inventory consumer of its project naming it."""
    found = {c.address: c for c in key.consumers}
    for consumer in report.inventory.consumers:
        if consumer.key_ref == key.ref and not consumer.uses_service_key:
            found.setdefault(consumer.address, consumer)
    return list(found.values())


def lookup(fields: dict[str, Any], name: str) -> tuple[bool, Any]:
    """(exists, value) for a field name, reading ``tags.x`` from the tags mapping."""
    if name.startswith(TAG_PREFIX):
        tags = fields.get("tags") or {}
        tag = name[len(TAG_PREFIX) :]
        return (tag in tags and tags[tag] is not None), tags.get(tag)
    value = fields.get(name)
    return value is not None, value


def display(name: str, value: Any) -> str:
    """How a field value reads in a message: money as ``$1.98``, numbers plainly."""
    if value is None:
        return "unknown"
    if field_kind(name) == MONEY:
        return money_display(Decimal(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return days_str(value)
    if isinstance(value, Decimal):
        return number_str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def days_str(days: Fraction) -> str:
    """A day count for messages: ``30`` or ``0.5``."""
    if days.denominator == 1:
        return str(days.numerator)
    return number_str(
        (Decimal(days.numerator) / Decimal(days.denominator)).quantize(Decimal("0.0001"))
    )
