"""``--format text``: a table per key with totals, findings, savings, notes and every assumption.

It renders the report document (the JSON of SPEC.md), so a fresh scan, a saved report, a merge
and a diff all print the same way; a diff prints its totals before -> after and the keys that
changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kmslint.formatters.document import (
    Document,
    floor_mark,
    floor_note,
    is_diff,
    key_label,
    money,
    policy_line,
    projects,
    resource_monthly,
    several_projects,
    severity_counts,
    shown_findings,
    signed_money,
    signed_percent,
    where,
)
from kmslint.formatters.text_instances import (
    INSTANCE_HEADER,
    instance_notes,
    instance_row,
    instances,
    secret_lines,
)
from kmslint.model import is_key_entry

if TYPE_CHECKING:
    from kmslint.report import Report

KEY_HEADER = (
    "KEY",
    "SPEC",
    "PROTECTION",
    "CLASS",
    "REGION",
    "VERSIONS",
    "HOSTING/MO",
    "CALLS/MO",
    "API/MO",
    "MONTHLY",
    "MONTH {h}",
)
DIFF_HEADER = ("CHANGE", "KEY", "SPEC", "PROTECTION", "REGION", "BEFORE", "AFTER", "DELTA")
DEPENDS = "depends on usage"
_SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _style(text: str, color: bool, **kwargs: Any) -> str:
    if not color:
        return text
    import click

    return click.style(text, **kwargs)


def columns(rows: list[tuple[str, ...]], color: bool = False) -> list[str]:
    """Rows as aligned columns; the first row (the header) in bold when colour is on."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    return [_style(lines[0], color, bold=True), *lines[1:]]


def _key_row(r: dict[str, Any]) -> tuple[str, ...]:
    versions = r.get("versions") or {}
    known = r.get("api_cost") is not None
    return (
        r["address"],
        str(r.get("key_spec")),
        str(r.get("protection_level")),
        str(r.get("key_class")),
        f"{r.get('region')} ({r.get('region_class')})",
        f"{versions.get('month_1')} -> {versions.get('horizon')}",
        money(r.get("hosting_cost")),
        str(r.get("monthly_calls") or "?") if known else "?",
        money(r.get("api_cost")) if known else DEPENDS,
        resource_monthly(r),
        resource_monthly(r, "horizon_monthly_cost"),
    )


def _diff_row(r: dict[str, Any], several: bool) -> tuple[str, ...]:
    base = r.get("base_monthly_cost")
    after = "-" if r.get("change") == "removed" else resource_monthly(r)
    return (
        str(r.get("change")),
        key_label(r, several),
        str(r.get("key_spec") or r.get("payment_type") or "-"),  # instances: payment, edition
        str(r.get("protection_level") or r.get("edition") or "-"),
        str(r.get("region")),
        "-" if base is None else money(base),
        after,
        signed_money(r.get("monthly_cost_delta")),
    )


def _totals(summary: dict[str, Any]) -> list[str]:
    months, unknown = summary["horizon_months"], summary.get("usage_unknown_count") or 0
    floor, note = floor_mark(summary), floor_note(summary)
    return [
        f"Monthly cost (month 1): {floor}{money(summary['monthly_cost'])}"
        + (
            f" + API calls of {unknown} key(s) whose usage is not given ({DEPENDS})"
            if unknown
            else ""
        ),
        f"  hosting {money(summary.get('hosting_cost'))} · API {money(summary.get('api_cost'))}",
        f"Month {months}: {floor}{money(summary['horizon_monthly_cost'])}/month · "
        f"{months}-month total: {floor}{money(summary['horizon_total_cost'])}",
        *([note] if note else []),
    ]


def _key_table(document: Document, color: bool) -> list[str]:
    """One table; with several projects, its rows grouped under a ``Project:`` line each."""
    order = {project: index for index, project in enumerate(projects(document))}
    resources = sorted(
        (r for r in document.get("resources", []) if is_key_entry(r)),
        key=lambda r: order[str(r.get("project") or "")],
    )
    header = tuple(h.format(h=document["summary"]["horizon_months"]) for h in KEY_HEADER)
    header_line, *rows = columns([header, *(_key_row(r) for r in resources)], color)
    if len(order) < 2:
        return [header_line, *rows]
    lines, current = [header_line], None
    for resource, row in zip(resources, rows, strict=True):
        project = str(resource.get("project") or "")
        if project != current:
            lines.append(f"Project: {project or '-'}")
            current = project
        lines.append(row)
    return lines


def _instance_table(document: Document, color: bool) -> list[str]:
    found = instances(document)
    if not found:
        return []
    months = document["summary"]["horizon_months"]
    header = tuple(h.format(h=months) for h in INSTANCE_HEADER)
    return ["", *columns([header, *(instance_row(r) for r in found)], color)]


def _not_priced(summary: dict[str, Any]) -> list[str]:
    count = summary.get("not_priced_count") or 0
    if not count:
        return []
    return [
        f"{count} KMS instance(s) not priced (their size's price is not published): not in these totals"
    ]


def _plain_body(document: Document, color: bool) -> list[str]:
    has_keys = any(is_key_entry(r) for r in document.get("resources", []))
    table = _key_table(document, color) if has_keys else ["No KMS keys found."]
    extra = [*_instance_table(document, color), *secret_lines(document)]
    notices = [f"Note: {n}" for n in document.get("notices") or []]
    return [
        *table,
        *extra,
        *instance_notes(document),
        "",
        *_totals(document["summary"]),
        *_not_priced(document["summary"]),
        *notices,
    ]


def _diff_body(document: Document, color: bool) -> list[str]:
    summary = document["summary"]
    months = summary["horizon_months"]
    percent = signed_percent(summary.get("monthly_cost_delta_percent"))
    change = signed_money(summary["monthly_cost_delta"]) + (f", {percent}" if percent else "")
    lines = [
        f"Compared with {document.get('base', {}).get('label', 'the base')}",
        f"Monthly cost: {money(summary['base_monthly_cost'])} -> {money(summary['monthly_cost'])} ({change})",
        f"Month {months}: {money(summary.get('base_horizon_monthly_cost'))} -> "
        f"{money(summary['horizon_monthly_cost'])}",
        "",
    ]
    changed = [r for r in document.get("resources", []) if r.get("change") != "unchanged"]
    unchanged = len(document.get("resources", [])) - len(changed)
    several = several_projects(document)
    lines += (
        columns([DIFF_HEADER, *(_diff_row(r, several) for r in changed)], color)
        if changed
        else ["No key changed."]
    )
    return lines + ([f"{unchanged} key(s) unchanged."] if unchanged else [])


def _located(title: str, items: list[dict[str, Any]], detail: str | None = None) -> list[str]:
    if not items:
        return []
    return [
        "",
        title,
        *(
            f"  {i['address']} ({where(i)})"
            + (f": {'; '.join(i.get(detail) or [])}" if detail else "")
            for i in items
        ),
    ]


def _savings(document: Document) -> list[str]:
    savings = document.get("savings") or []
    months = document["summary"]["horizon_months"]
    several = several_projects(document)
    lines = [
        f"  {key_label(s, several)}: {s['description']}: saves {money(s['monthly_saving'])}/month now, "
        f"{money(s['horizon_monthly_saving'])}/month in month {months}"
        for s in savings
    ]
    return ["", "Savings:", *lines] if lines else []


def _inputs(document: Document) -> list[str]:
    """Which usage file and config each project used (nearest at or above it, or the options)."""
    lines = [
        f"  {p['project']}: usage {p.get('usage_file') or 'none'} · config {p.get('config') or 'none'}"
        for p in document.get("projects") or []
        if p.get("usage_file") or p.get("config")
    ]
    return ["", "Usage files and configs:", *lines] if lines else []


def _notes(document: Document) -> list[str]:
    several = several_projects(document)
    lines = [
        f"  {key_label(r, several)}: {note}"
        for r in document.get("resources", [])
        for note in r.get("notes") or []
    ]
    return ["", "Notes:", *lines] if lines else []


def _finding_line(finding: dict[str, Any], diff: bool, color: bool) -> str:
    location = where(finding) or "(scan)"
    severity = _style(
        str(finding["severity"]), color, fg=_SEVERITY_COLORS.get(finding["severity"]), bold=True
    )
    new = " [new]" if diff and finding.get("change") == "added" else ""
    suppressed = (
        f" [suppressed: {finding.get('suppression_reason')}]" if finding.get("suppressed") else ""
    )
    target = f" {finding['address']}:" if finding.get("address") else ""
    link = f"\n    {finding['link']}" if finding.get("link") else ""
    return (
        f"{location}: {severity} {finding['rule_id']} {finding.get('rule_name', '')}:{target} "
        f"{finding['message']}{new}{suppressed}{link}"
    )


def _findings(document: Document, show_suppressed: bool, color: bool) -> list[str]:
    diff = is_diff(document)
    findings = shown_findings(document, show_suppressed)
    lines = (
        ["", "Findings:", *(_finding_line(f, diff, color) for f in findings)] if findings else []
    )
    fixed = document.get("resolved_findings") or []
    if fixed:
        lines += ["", "Fixed by this change:", *(_finding_line(f, False, color) for f in fixed)]
    return lines


def _header(document: Document, color: bool) -> list[str]:
    book = document.get("price_book", {})
    lines = [
        f"{book.get('name', '')}, prices of {book.get('effective_date', '')} "
        f"({book.get('month_days', '?')}-day months)",
        "",
    ]
    policy = policy_line(document)
    if policy:
        lines[1:1] = [policy]
    errors = document.get("errors") or []
    if errors:
        warning = f"INCOMPLETE: {len(errors)} error(s) (on stderr); the figures below leave out what could not be read."
        lines[:0] = [_style(warning, color, fg="red", bold=True)]
    return lines


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    lines = _header(document, color)
    lines += _diff_body(document, color) if is_diff(document) else _plain_body(document, color)
    lines += _located("Service keys (free):", document.get("service_keys") or [])
    lines += _located(
        "Consumers whose key is not in the scan:", document.get("unlinked_consumers") or [], "notes"
    )
    lines += _savings(document) + _notes(document) + _findings(document, show_suppressed, color)
    lines += _inputs(document)
    assumptions = document.get("price_book", {}).get("assumptions") or []
    lines += ["", "Assumptions:", *(f"  - {a}" for a in assumptions)]
    return "\n".join(lines) + "\n"


def render_quiet(document: Document, *, color: bool = False, show_suppressed: bool = False) -> str:
    """``--quiet``: the findings, one per line, and the month-1 cost line."""
    diff = is_diff(document)
    findings = shown_findings(document, show_suppressed)
    lines = _header(document, color)[:1] if document.get("errors") else []  # INCOMPLETE: ...
    lines += [_finding_line(f, diff, color).split("\n")[0] for f in findings]
    lines.append(_totals(document["summary"])[0])
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    """The closing line of ``kmslint check``: ``3 findings: 1 error, 2 warnings, 0 infos``."""
    findings = [f.to_json() for f in report.active_findings]
    return (
        f"{len(findings)} finding{'s' if len(findings) != 1 else ''}: {severity_counts(findings)}"
    )
