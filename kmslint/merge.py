"""One report from several: what a monorepo's CI jobs produce, combined.

Reports must share the format version, currency, price book and horizon (otherwise their
figures cannot be added). Lists are concatenated in the order the reports are given, findings
are ordered the way ``kmslint check`` orders them, the same key reported twice (by two jobs
that scanned overlapping paths) is counted once, and the summary is re-totalled in Decimal.
Merging the reports of two directories gives the report of scanning both.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from kmslint.errors import InputError
from kmslint.model import INSTANCE, INSTANCE_TYPES, KMS1, SECRET_TYPES, counts_apart, is_key_entry
from kmslint.money import money_str

Document = dict[str, Any]
REPORT_VERSION = "1"
LISTS = ("service_keys", "unlinked_consumers", "savings", "errors", "warnings")
MUST_AGREE = (
    ("currency",),
    ("price_book", "name"),
    ("price_book", "effective_date"),
    ("price_book", "month_days"),
    ("summary", "horizon_months"),
)
DIFF_TOTALS = (
    ("base_monthly_cost", "monthly_cost_delta", "monthly_cost"),
    ("base_horizon_monthly_cost", "horizon_monthly_cost_delta", "horizon_monthly_cost"),
)


def read_report(path: Path) -> Document:
    """A kmslint JSON report from a file; anything else is an InputError naming the file."""
    from kmslint.safeio import MAX_REPORT_BYTES, read_text

    text = read_text(Path(path), str(path), MAX_REPORT_BYTES, named_by_pipeline=True)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(str(path), line, f"not a JSON report: {exc}") from exc
    if (
        not isinstance(document, dict)
        or document.get("version") != REPORT_VERSION
        or not isinstance(document.get("summary"), dict)
    ):
        raise InputError(
            str(path),
            None,
            f"not a kmslint JSON report (version {REPORT_VERSION}); write one with --format json",
        )
    for name in ("resources", "findings"):
        if not isinstance(document.get(name, []), list):
            raise InputError(str(path), None, f"not a kmslint JSON report: {name} is not a list")
    return document


def _value(document: Document, path: tuple[str, ...]) -> Any:
    for name in path:
        document = document.get(name, {}) if isinstance(document, dict) else {}
    return document


def _check_compatible(documents: list[tuple[str, Document]]) -> None:
    first_name, first = documents[0]
    for name, document in documents[1:]:
        for path in MUST_AGREE:
            if _value(document, path) != _value(first, path):
                field = ".".join(path)
                raise InputError(
                    name,
                    None,
                    f"{field} is {_value(document, path)!r} but {_value(first, path)!r} in "
                    f"{first_name}: the reports cannot be added up",
                )


def _unique_resources(documents: list[Document]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()
    resources = []
    for document in documents:
        for resource in document.get("resources", []):
            identity = (
                str(resource.get("project") or resource.get("file") or ""),
                str(resource["address"]),
            )
            if identity not in seen:
                seen.add(identity)
                resources.append(resource)
    return resources


def _unique(items: list[Any]) -> list[Any]:
    """Items once each (by value), first occurrence first."""
    seen: set[str] = set()
    result = []
    for item in items:
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def _finding_order(finding: dict[str, Any]) -> tuple[str, int, str, str]:
    return (
        finding.get("file") or "",
        finding.get("line") or 0,
        finding["rule_id"],
        finding.get("address") or "",
    )


def _money_total(resources: list[dict[str, Any]], field: str) -> str:
    return money_str(
        sum((Decimal(str(r[field])) for r in resources if r.get(field) is not None), Decimal(0))
    )


def summary(resources: list[dict[str, Any]], horizon_months: int) -> dict[str, Any]:
    """The SPEC.md summary of a list of resources (removed ones, from a diff, cost 0 anyway)."""
    current = [r for r in resources if r.get("change") != "removed"]
    keys = [r for r in current if is_key_entry(r)]
    apart = [r for r in current if counts_apart(r)]
    instances = [r for r in current if r.get("type") in INSTANCE_TYPES]
    return {
        "monthly_cost": _money_total(apart, "monthly_cost"),
        "hosting_cost": _money_total(apart, "hosting_cost"),
        "api_cost": _money_total(keys, "api_cost"),
        "horizon_months": horizon_months,
        "horizon_monthly_cost": _money_total(apart, "horizon_monthly_cost"),
        "horizon_total_cost": _money_total(apart, "horizon_total_cost"),
        "key_count": len(keys),
        "usage_unknown_count": sum(1 for r in keys if r.get("usage_known") is False),
        "count_unknown_count": sum(1 for r in keys if r.get("instances_known") is False),
        "instance_count": len(instances),
        "secret_count": sum(1 for r in current if r.get("type") in SECRET_TYPES),
        "not_priced_count": sum(1 for r in instances if r.get("priced") is False),
        "by_billing_model": {
            KMS1: _model_totals([r for r in apart if r not in instances]),
            INSTANCE: _model_totals(instances),
        },
    }


def _model_totals(resources: list[dict[str, Any]]) -> dict[str, str]:
    return {
        "monthly_cost": _money_total(resources, "monthly_cost"),
        "horizon_monthly_cost": _money_total(resources, "horizon_monthly_cost"),
    }


def _diff_summary(documents: list[Document], merged: dict[str, Any]) -> dict[str, Any]:
    """Re-totalled diff fields, when every report is a diff."""
    if not all("base_monthly_cost" in d["summary"] for d in documents):
        return {}
    extra: dict[str, Any] = {}
    for base_field, delta_field, new_field in DIFF_TOTALS:
        base = sum((Decimal(str(d["summary"].get(base_field) or 0)) for d in documents), Decimal(0))
        extra[base_field] = money_str(base)
        extra[delta_field] = money_str(Decimal(merged[new_field]) - base)
    from kmslint.diff import percent_change

    extra["monthly_cost_delta_percent"] = percent_change(
        Decimal(extra["base_monthly_cost"]), Decimal(merged["monthly_cost"])
    )
    for count in (
        "base_key_count",
        "base_usage_unknown_count",
        "keys_added",
        "keys_removed",
        "keys_changed",
    ):
        extra[count] = sum(int(d["summary"].get(count) or 0) for d in documents)
    return extra


def merge_documents(named: list[tuple[str, Document]]) -> Document:
    """Combine reports (``(name, document)`` pairs, name for error messages) into one."""
    if not named:
        raise InputError("merge", None, "no reports to merge")
    _check_compatible(named)
    documents = [d for _, d in named]
    first = documents[0]
    resources = _unique_resources(documents)
    price_book = dict(first["price_book"])
    price_book["assumptions"] = _unique(
        [a for d in documents for a in d["price_book"].get("assumptions", [])]
    )
    price_book["assumptions"] += _tier_caveat(documents)
    merged: Document = {
        "version": REPORT_VERSION,
        "currency": first.get("currency"),
        "price_book": price_book,
    }
    merged["summary"] = summary(resources, int(first["summary"]["horizon_months"]))
    merged["summary"].update(_diff_summary(documents, merged["summary"]))
    merged["resources"] = resources
    for name in LISTS[:3]:
        merged[name] = _unique([item for d in documents for item in d.get(name, [])])
    merged["findings"] = sorted(
        _unique([f for d in documents for f in d.get("findings", [])]), key=_finding_order
    )
    for name in LISTS[3:]:
        merged[name] = _unique([item for d in documents for item in d.get(name, [])])
    _carry_other_fields(documents, merged)
    return merged


def _advanced_hsm_versions(document: Document) -> int:
    """Billed advanced-HSM key versions of a report at the horizon (what the tier counts)."""
    return sum(
        int((r.get("versions") or {}).get("horizon") or 0)
        for r in document.get("resources", [])
        if r.get("key_class") == "advanced"
        and r.get("protection_level") == "HSM"
        and r.get("billed", True)
        and r.get("change") != "removed"
    )


def _tier_caveat(documents: list[Document]) -> list[str]:
    """Say so when the reports priced the account-wide advanced-HSM tier each on their own, and it matters."""
    from kmslint.pricebook import load_price_book

    counts = [_advanced_hsm_versions(d) for d in documents]
    tier = load_price_book().advanced_tier_versions
    if sum(1 for c in counts if c) < 2 or sum(counts) <= tier:
        return []
    return [
        f"The merged reports priced the {tier:,}-version advanced-HSM tier each on their own; together they hold "
        f"{sum(counts):,} advanced HSM versions, so one scan of everything (or account.existing_advanced_hsm_versions "
        "in each job's usage file) prices the versions beyond the tier differently."
    ]


def _carry_other_fields(documents: list[Document], merged: Document) -> None:
    """Fields this module does not know: lists are concatenated, anything else taken from the first."""
    for document in documents:
        for name, value in document.items():
            if name in merged:
                continue
            values = [d[name] for d in documents if name in d]
            if all(isinstance(v, list) for v in values):
                merged[name] = _unique([item for v in values for item in v])
            else:
                merged[name] = value
