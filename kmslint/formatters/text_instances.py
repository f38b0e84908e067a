"""The text report's KMS instance and secret lines (keys stay in the key table)."""

from __future__ import annotations

from typing import Any

from kmslint.formatters.document import money
from kmslint.model import INSTANCE_TYPES, SECRET_TYPES

INSTANCE_HEADER = (
    "INSTANCE",
    "PAYMENT",
    "EDITION",
    "KEYS",
    "SECRETS",
    "KEY VERSIONS (QUOTA)",
    "QPS",
    "MONTH 1",
    "MONTH {h}",
)
NOT_PRICED = "not priced"


def _cost(entry: dict[str, Any], field: str) -> str:
    value = entry.get(field)
    if value is None:
        return NOT_PRICED
    return money(value) + ("" if entry.get("usage_known", True) else " (floor)")


def _quota(entry: dict[str, Any]) -> str:
    keys = (entry.get("quota") or {}).get("keys") or {}
    used = f"{keys.get('used_month_1')} -> {keys.get('used_horizon')}"
    limit = keys.get("limit")
    return used if limit is None else f"{used} ({limit})"


def _qps(entry: dict[str, Any]) -> str:
    qps = (entry.get("quota") or {}).get("qps") or {}
    peak, limit = qps.get("peak"), qps.get("limit")
    shown = "?" if peak is None else str(peak)
    return shown if limit is None else f"{shown} / {limit}"


def instance_row(entry: dict[str, Any]) -> tuple[str, ...]:
    return (
        str(entry["address"]),
        str(entry.get("payment_type")),
        str(entry.get("edition")),
        str(entry.get("key_count")),
        str(entry.get("secret_count")),
        _quota(entry),
        _qps(entry),
        _cost(entry, "monthly_cost"),
        _cost(entry, "horizon_monthly_cost"),
    )


def instances(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in document.get("resources", []) if r.get("type") in INSTANCE_TYPES]


def secret_lines(document: dict[str, Any]) -> list[str]:
    secrets = [r for r in document.get("resources", []) if r.get("type") in SECRET_TYPES]
    if not secrets:
        return []
    lines = ["", f"Secrets ({len(secrets)}):"]
    for secret in secrets:
        where = f"in {secret['instance']}" if secret.get("instance") else secret["billing_model"]
        cost = _cost(secret, "monthly_cost")
        lines.append(f"  {secret['address']} ({where}): {cost} a month")
    return lines


def instance_notes(document: dict[str, Any]) -> list[str]:
    lines = []
    for entry in instances(document):
        lines += [f"  {entry['address']}: {note}" for note in entry.get("notes") or []]
    return ["", "Instance notes:", *lines] if lines else []
