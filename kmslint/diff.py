"""The difference between two report documents: the base state and the new one.

The result is the new report with the diff fields of SPEC.md added: ``summary.base_monthly_cost``,
``summary.monthly_cost_delta`` (and a percent), a ``change`` on every resource
(``added|removed|changed|unchanged``) with its own before/delta, removed keys listed with a
cost of zero, findings marked ``added`` or ``unchanged`` and the base's findings that are gone
in ``resolved_findings``. Money is added and subtracted in Decimal and written as strings.
"""

from __future__ import annotations

import copy
from collections import Counter
from decimal import Decimal
from typing import Any

from kmslint.model import is_key_entry
from kmslint.money import money_str

Document = dict[str, Any]
ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
COMPARED_FIELDS = (
    "key_spec",
    "key_class",
    "protection_level",
    "key_usage",
    "region",
    "status",
    "rotation_interval",
    "versions",
    "monthly_calls",
    "monthly_cost",
    "horizon_monthly_cost",
    "usage_known",
    "billed",
    "billing_model",
)
ZEROED_FIELDS = (
    "monthly_cost",
    "hosting_cost",
    "api_cost",
    "horizon_monthly_cost",
    "horizon_total_cost",
)
PERCENT = Decimal("0.01")


def dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def percent_change(base: Decimal, new: Decimal) -> str | None:
    """``"251.52"`` for a 251.52 % change; None when the base is zero (no percentage exists)."""
    if base == 0:
        return None
    return str(((new - base) / base * 100).quantize(PERCENT))


def _identity(resource: dict[str, Any]) -> tuple[str, str]:
    return (str(resource.get("project") or ""), str(resource["address"]))


def match_resources(base: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[int, int]:
    """Index in ``new`` -> index in ``base`` of the same key.

    Keys match by project and address; what is left matches by address alone where that
    address is unique on both sides (reports written from another directory name the project
    differently).
    """
    by_identity = {_identity(r): i for i, r in enumerate(base)}
    pairs = {n: by_identity[_identity(r)] for n, r in enumerate(new) if _identity(r) in by_identity}
    left_base = [i for i in range(len(base)) if i not in set(pairs.values())]
    left_new = [n for n in range(len(new)) if n not in pairs]
    base_counts = Counter(base[i]["address"] for i in left_base)
    new_counts = Counter(new[n]["address"] for n in left_new)
    base_by_address = {base[i]["address"]: i for i in left_base}
    for n in left_new:
        address = new[n]["address"]
        if base_counts[address] == 1 and new_counts[address] == 1:
            pairs[n] = base_by_address[address]
    return pairs


def field_changes(base: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"field": name, "base": base.get(name), "value": new.get(name)}
        for name in COMPARED_FIELDS
        if base.get(name) != new.get(name)
    ]


def _changed_resource(resource: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
    entry = dict(resource)
    if before is None:
        entry.update(
            change=ADDED,
            base_monthly_cost=None,
            monthly_cost_delta=resource["monthly_cost"],
            base_horizon_monthly_cost=None,
            horizon_monthly_cost_delta=resource["horizon_monthly_cost"],
            base_hosting_cost=None,
            base_api_cost=None,
            changes=[],
        )
        return entry
    changes = field_changes(before, resource)
    delta = dec(resource["monthly_cost"]) - dec(before["monthly_cost"])
    horizon_delta = dec(resource["horizon_monthly_cost"]) - dec(before["horizon_monthly_cost"])
    entry.update(
        change=CHANGED if changes else UNCHANGED,
        base_monthly_cost=before["monthly_cost"],
        monthly_cost_delta=money_str(delta),
        base_horizon_monthly_cost=before["horizon_monthly_cost"],
        horizon_monthly_cost_delta=money_str(horizon_delta),
        base_hosting_cost=before.get("hosting_cost"),
        base_api_cost=before.get("api_cost"),
        changes=changes,
    )
    return entry


def _removed_resource(before: dict[str, Any], months: int) -> dict[str, Any]:
    entry = dict(before)
    entry.update({name: money_str(Decimal(0)) for name in ZEROED_FIELDS})
    entry["monthly_costs"] = [money_str(Decimal(0))] * months
    entry.update(
        change=REMOVED,
        base_monthly_cost=before["monthly_cost"],
        monthly_cost_delta=money_str(Decimal(0) - dec(before["monthly_cost"])),
        base_horizon_monthly_cost=before["horizon_monthly_cost"],
        horizon_monthly_cost_delta=money_str(Decimal(0) - dec(before["horizon_monthly_cost"])),
        base_hosting_cost=before.get("hosting_cost"),
        base_api_cost=before.get("api_cost"),
        changes=[],
    )
    return entry


def _finding_identity(finding: dict[str, Any]) -> tuple[str, str]:
    return (str(finding["rule_id"]), str(finding.get("address") or finding.get("message")))


def _mark_findings(document: Document, base: Document) -> None:
    before = Counter(
        _finding_identity(f) for f in base.get("findings", []) if not f.get("suppressed")
    )
    remaining = Counter(before)
    for finding in document.get("findings", []):
        identity = _finding_identity(finding)
        if remaining[identity] > 0 and not finding.get("suppressed"):
            remaining[identity] -= 1
            finding["change"] = UNCHANGED
        else:
            finding["change"] = ADDED
    now = Counter(
        _finding_identity(f) for f in document.get("findings", []) if not f.get("suppressed")
    )
    resolved = []
    for finding in base.get("findings", []):
        identity = _finding_identity(finding)
        if not finding.get("suppressed") and now[identity] < before[identity]:
            before[identity] -= 1
            resolved.append({**finding, "change": REMOVED})
    document["resolved_findings"] = resolved


def _summary(document: Document, base: Document, counts: Counter[str]) -> None:
    summary, before = document["summary"], base["summary"]
    base_monthly, new_monthly = dec(before["monthly_cost"]), dec(summary["monthly_cost"])
    base_horizon, new_horizon = (
        dec(before["horizon_monthly_cost"]),
        dec(summary["horizon_monthly_cost"]),
    )
    summary.update(
        base_monthly_cost=before["monthly_cost"],
        monthly_cost_delta=money_str(new_monthly - base_monthly),
        monthly_cost_delta_percent=percent_change(base_monthly, new_monthly),
        base_horizon_monthly_cost=before["horizon_monthly_cost"],
        horizon_monthly_cost_delta=money_str(new_horizon - base_horizon),
        base_key_count=before.get("key_count", len(base.get("resources", []))),
        base_usage_unknown_count=before.get("usage_unknown_count", 0),
        keys_added=counts[ADDED],
        keys_removed=counts[REMOVED],
        keys_changed=counts[CHANGED],
    )


def diff_documents(base: Document, new: Document, label: dict[str, Any]) -> Document:
    """The new document with the diff fields; ``label`` says what the base is (``{"label": ...}``)."""
    document = copy.deepcopy(new)
    base_resources = list(base.get("resources", []))
    new_resources = list(document.get("resources", []))
    pairs = match_resources(base_resources, new_resources)
    resources = [
        _changed_resource(r, base_resources[pairs[n]] if n in pairs else None)
        for n, r in enumerate(new_resources)
    ]
    months = int(document["summary"]["horizon_months"])
    matched = set(pairs.values())
    resources += [
        _removed_resource(r, months) for i, r in enumerate(base_resources) if i not in matched
    ]
    document["resources"] = resources
    counts = Counter(r["change"] for r in resources if is_key_entry(r))  # keys_added etc.
    _summary(document, base, counts)
    _mark_findings(document, base)
    document["base"] = dict(label)
    return document


def add_findings(document: Document, findings: list[dict[str, Any]]) -> None:
    """Findings of the diff itself (KMS013): new by definition."""
    document["findings"] = [
        *document.get("findings", []),
        *({**f, "change": ADDED} for f in findings),
    ]
