"""``--format infracost``: Infracost's JSON output (format 0.2), so KMS costs join its comment.

``infracost output --path infracost.json --path kmslint.json --format github-comment`` merges
any file of this shape without an API key. Each scanned project is an Infracost project; each
key a resource with two cost components, key-version hosting and cryptographic API calls. A
key whose calls the usage file does not give has an API component (``usageBased: true`` like
every call component) with ``monthlyCost: null``: Infracost's "depends on usage", never a
silent $0.
Hourly figures are the monthly ones / 730, Infracost's month. From ``kmslint diff`` the base
goes to ``pastBreakdown`` and the change to ``diff``; otherwise the past is empty and the diff
is the whole breakdown, as ``infracost breakdown`` writes it. Money stays Decimal, written as
strings.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

from kmslint.formatters.document import Document, decimal, is_diff
from kmslint.formatters.provenance import provenance
from kmslint.model import counts_apart

VERSION = "0.2"
HOURS_PER_MONTH = Decimal(730)
CALLS_UNIT = Decimal(10_000)
HOURLY_PLACES = Decimal("1e-16")
Resource = dict[str, Any]


def number(value: Decimal | None) -> str | None:
    """A decimal string without exponent (``"0.0014383561643835616"``), or None."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def hourly(monthly: Decimal | None) -> str | None:
    """Monthly / 730, to 16 decimal places (as Infracost writes hourly figures)."""
    if monthly is None:
        return None
    return number((monthly / HOURS_PER_MONTH).quantize(HOURLY_PLACES))


def component(
    name: str, unit: str, quantity: Decimal | None, cost: Decimal | None, usage_based: bool
) -> Resource:
    price = cost / quantity if cost is not None and quantity else None
    return {
        "name": name,
        "unit": unit,
        "hourlyQuantity": hourly(quantity),
        "monthlyQuantity": number(quantity),
        "price": number(price) if price is not None else None,
        "hourlyCost": hourly(cost),
        "monthlyCost": number(cost),
        "usageBased": usage_based,
        "priceNotFound": False,
    }


def _optional(value: Any) -> Decimal | None:
    return None if value is None else decimal(value)


def _hosting(resource: Resource, cost: Decimal, versions: Any) -> Resource:
    protection = resource.get("protection_level") or "SOFTWARE"
    model = resource.get("billing_model") or "kms1"
    name = f"Key versions ({protection}, {resource.get('key_spec') or 'unknown spec'})"
    if model != "kms1":
        name = f"Key in a KMS instance ({model})"
    return component(name, "versions", _optional(versions), cost, False)


def _api(calls: Any, cost: Decimal | None) -> Resource:
    quantity = None if cost is None or calls is None else decimal(calls) / CALLS_UNIT
    return component("Cryptographic API calls", "10k requests", quantity, cost, True)


def _resource(resource: Resource, hosting: Decimal, api: Decimal | None, calls: Any) -> Resource:
    versions = (resource.get("versions") or {}).get("month_1")
    components = [_hosting(resource, hosting, versions), _api(calls, api)]
    monthly = hosting + (api or Decimal(0))
    return {
        "name": str(resource["address"]),
        "resourceType": str(resource.get("type") or ""),
        "tags": {str(k): str(v) for k, v in (resource.get("tags") or {}).items()},
        "metadata": {
            "filename": resource.get("file") or "",
            "startLine": resource.get("line") or 0,
            "kmslintHorizonMonthlyCost": resource.get("horizon_monthly_cost"),
            "kmslintUsageKnown": resource.get("usage_known") is not False,
        },
        "hourlyCost": hourly(monthly),
        "monthlyCost": number(monthly),
        "monthlyUsageCost": number(api) if api is not None else None,
        "costComponents": components,
    }


def current(resource: Resource) -> Resource:
    return _resource(
        resource,
        decimal(resource.get("hosting_cost")),
        _optional(resource.get("api_cost")),
        resource.get("monthly_calls"),
    )


def past(resource: Resource) -> Resource:
    """The key as it was in the base of a diff."""
    changes = {c["field"]: c["base"] for c in resource.get("changes") or []}
    before = dict(resource, **{k: v for k, v in changes.items() if k != "versions"})
    if "versions" in changes:
        before["versions"] = changes["versions"]
    calls = changes.get("monthly_calls", resource.get("monthly_calls"))
    return _resource(
        before,
        decimal(resource.get("base_hosting_cost")),
        _optional(resource.get("base_api_cost")),
        calls,
    )


def difference(after: Resource, before: Resource | None) -> Resource:
    """Infracost's diff resource: every figure as after - before."""
    if before is None:
        return after
    entry = dict(after)
    entry["hourlyCost"] = _minus(after["hourlyCost"], before["hourlyCost"])
    entry["monthlyCost"] = _minus(after["monthlyCost"], before["monthlyCost"])
    entry["monthlyUsageCost"] = _minus(after["monthlyUsageCost"], before["monthlyUsageCost"])
    entry["costComponents"] = [
        {
            **new,
            **{
                field: _minus(new[field], old[field])
                for field in ("hourlyQuantity", "monthlyQuantity", "hourlyCost", "monthlyCost")
            },
        }
        for new, old in zip(after["costComponents"], before["costComponents"], strict=True)
    ]
    return entry


def _minus(after: str | None, before: str | None) -> str | None:
    if after is None and before is None:
        return None
    return number(decimal(after) - decimal(before))


def breakdown(resources: list[Resource]) -> Resource:
    monthly = sum((decimal(r["monthlyCost"]) for r in resources), Decimal(0))
    usage = [r["monthlyUsageCost"] for r in resources if r["monthlyUsageCost"] is not None]
    return {
        "resources": resources,
        "totalHourlyCost": hourly(monthly),
        "totalMonthlyCost": number(monthly),
        "totalMonthlyUsageCost": number(sum((decimal(u) for u in usage), Decimal(0))),
    }


def _project(name: str, resources: list[Resource], diff: bool) -> Resource:
    now = [current(r) for r in resources if r.get("change") != "removed"]
    then: list[Resource] = []
    delta = now
    if diff:
        before = {i: past(r) for i, r in enumerate(resources) if r.get("change") != "added"}
        then = list(before.values())
        delta = [
            _changed(r, before.get(i))
            for i, r in enumerate(resources)
            if r.get("change") in ("added", "changed", "removed")
        ]
    return {
        "name": name or "kmslint",
        "displayName": name or "kmslint",
        "metadata": {"path": name or ".", "type": "kmslint"},
        "pastBreakdown": breakdown(then),
        "breakdown": breakdown(now),
        "diff": breakdown(delta),
        "summary": _summary([r for r in resources if r.get("change") != "removed"]),
    }


def _changed(resource: Resource, before: Resource | None) -> Resource:
    if resource.get("change") == "removed" and before is not None:
        return difference(_zero(before), before)
    return difference(current(resource), before)


def _zero(resource: Resource) -> Resource:
    """A removed key: what it was, costing nothing."""
    components = [
        {**c, "hourlyQuantity": "0", "monthlyQuantity": "0", "hourlyCost": "0", "monthlyCost": "0"}
        for c in resource["costComponents"]
    ]
    zeros = {"hourlyCost": "0", "monthlyCost": "0", "monthlyUsageCost": "0"}
    return {**resource, **zeros, "costComponents": components}


def _summary(resources: list[Resource]) -> Resource:
    types = Counter(str(r.get("type") or "") for r in resources)
    return {
        "totalResources": len(resources),
        "totalDetectedResources": len(resources),
        "totalSupportedResources": len(resources),
        "totalUnsupportedResources": 0,
        "totalUsageBasedResources": len(resources),
        "totalNoPriceResources": 0,
        "supportedResourceCounts": dict(types),
        "unsupportedResourceCounts": {},
        "noPriceResourceCounts": {},
    }


def _by_project(document: Document) -> dict[str, list[Resource]]:
    grouped: dict[str, list[Resource]] = {}
    for resource in document.get("resources", []):
        if not counts_apart(resource) or resource.get("hosting_cost") is None:
            continue  # an instance's keys and secrets are inside it; unpublished prices are not $0
        grouped.setdefault(str(resource.get("project") or ""), []).append(resource)
    return grouped


def infracost_root(document: Document) -> Resource:
    """The Infracost 0.2 document of a kmslint report (or diff) document."""
    diff = is_diff(document)
    projects = [_project(n, rs, diff) for n, rs in _by_project(document).items()]
    origin = provenance(document)
    totals = {
        prefix + field: _sum(projects, part, field)
        for prefix, part in (
            ("total", "breakdown"),
            ("pastTotal", "pastBreakdown"),
            ("diffTotal", "diff"),
        )
        for field in ("HourlyCost", "MonthlyCost", "MonthlyUsageCost")
    }
    present = [r for r in document.get("resources", []) if r.get("change") != "removed"]
    return {
        "version": VERSION,
        "metadata": {
            "infracostCommand": "kmslint",
            "vcsBranch": "",
            "vcsCommitSha": origin.commit,
            "vcsCommitAuthorName": "",
            "vcsCommitAuthorEmail": "",
            "vcsCommitTimestamp": origin.timestamp,
            "vcsCommitMessage": "",
        },
        "currency": str(document.get("currency") or "USD"),
        "projects": projects,
        **totals,
        "timeGenerated": origin.timestamp,
        "summary": _summary(present),
    }


def _sum(projects: list[Resource], part: str, field: str) -> str | None:
    values = [p[part]["total" + field] for p in projects]
    known = [decimal(v) for v in values if v is not None]
    return number(sum(known, Decimal(0))) if known or not values else None


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    return json.dumps(infracost_root(document), indent=2, ensure_ascii=False) + "\n"
