"""``--format text`` for report documents (``merge``, ``diff``, ``comment --dry-run``).

A merged report prints like ``kmslint check``: a table of keys, totals, findings. A diff
prints the totals before → after, the keys that were added, removed or changed, and the
findings the change adds or fixes.
"""

from __future__ import annotations

from typing import Any

from kmslint.formatters.document import (
    Document,
    is_diff,
    money,
    resource_monthly,
    severity_counts,
    shown_findings,
    signed_money,
    signed_percent,
    where,
)

KEY_HEADER = ("KEY", "SPEC", "PROTECTION", "CLASS", "REGION", "VERSIONS", "MONTHLY", "MONTH {h}")
DIFF_HEADER = ("CHANGE", "KEY", "SPEC", "PROTECTION", "REGION", "BEFORE", "AFTER", "DELTA")


def columns(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def _key_row(r: dict[str, Any]) -> tuple[str, ...]:
    versions = r.get("versions") or {}
    return (
        r["address"], str(r.get("key_spec")), str(r.get("protection_level")), str(r.get("key_class")),
        f"{r.get('region')} ({r.get('region_class')})", f"{versions.get('month_1')} -> {versions.get('horizon')}",
        resource_monthly(r), resource_monthly(r, "horizon_monthly_cost"),
    )


def _diff_row(r: dict[str, Any]) -> tuple[str, ...]:
    base = r.get("base_monthly_cost")
    after = "-" if r.get("change") == "removed" else resource_monthly(r)
    return (
        str(r.get("change")), r["address"], str(r.get("key_spec")), str(r.get("protection_level")), str(r.get("region")),
        "-" if base is None else money(base), after, signed_money(r.get("monthly_cost_delta")),
    )


def _finding_line(finding: dict[str, Any], diff: bool) -> str:
    location = where(finding) or "(scan)"
    new = " [new]" if diff and finding.get("change") == "added" else ""
    suppressed = f" [suppressed: {finding.get('suppression_reason')}]" if finding.get("suppressed") else ""
    target = f" {finding['address']}:" if finding.get("address") else ""
    return f"{location}: {finding['severity']} {finding['rule_id']} {finding.get('rule_name', '')}:{target} {finding['message']}{new}{suppressed}"


def _findings(document: Document, show_suppressed: bool) -> list[str]:
    findings = shown_findings(document, show_suppressed)
    diff = is_diff(document)
    lines = ["", "Findings:", *(_finding_line(f, diff) for f in findings)] if findings else []
    fixed = document.get("resolved_findings") or []
    if fixed:
        lines += ["", "Fixed by this change:", *(_finding_line(f, False) for f in fixed)]
    return lines


def _diff_body(document: Document) -> list[str]:
    summary = document["summary"]
    months = summary["horizon_months"]
    percent = signed_percent(summary.get("monthly_cost_delta_percent"))
    change = signed_money(summary["monthly_cost_delta"]) + (f", {percent}" if percent else "")
    lines = [
        f"Compared with {document.get('base', {}).get('label', 'the base')}",
        f"Monthly cost: {money(summary['base_monthly_cost'])} -> {money(summary['monthly_cost'])} ({change})",
        f"Month {months}: {money(summary.get('base_horizon_monthly_cost'))} -> {money(summary['horizon_monthly_cost'])}",
        "",
    ]
    changed = [r for r in document.get("resources", []) if r.get("change") != "unchanged"]
    unchanged = len(document.get("resources", [])) - len(changed)
    lines += columns([DIFF_HEADER, *(_diff_row(r) for r in changed)]) if changed else ["No key changed."]
    if unchanged:
        lines.append(f"{unchanged} key(s) unchanged.")
    return lines


def _plain_body(document: Document) -> list[str]:
    summary = document["summary"]
    months = summary["horizon_months"]
    resources = document.get("resources", [])
    header = tuple(h.format(h=months) for h in KEY_HEADER)
    lines = columns([header, *(_key_row(r) for r in resources)]) if resources else ["No KMS keys found."]
    unknown = summary.get("usage_unknown_count") or 0
    lines += [
        "",
        f"Monthly cost (month 1): {money(summary['monthly_cost'])}"
        + (f" + API calls of {unknown} key(s) whose usage is not given" if unknown else ""),
        f"Month {months}: {money(summary['horizon_monthly_cost'])}/month · {months}-month total: {money(summary['horizon_total_cost'])}",
    ]
    return lines


def render_document(document: Document, *, color: bool = False, show_suppressed: bool = False) -> str:
    book = document.get("price_book", {})
    lines = [f"{book.get('name', '')}, prices of {book.get('effective_date', '')} ({book.get('month_days', '?')}-day months)", ""]
    errors = document.get("errors") or []
    if errors:
        lines[:0] = [f"INCOMPLETE: {len(errors)} error(s); the figures leave out what could not be read."]
        lines += [f"{where(e) or '(input)'}: {e['message']}" for e in errors] + [""]
    lines += _diff_body(document) if is_diff(document) else _plain_body(document)
    lines += _findings(document, show_suppressed)
    findings = shown_findings(document, False)
    lines += ["", f"{len(findings)} finding{'s' if len(findings) != 1 else ''}: {severity_counts(findings)}"]
    return "\n".join(lines) + "\n"
