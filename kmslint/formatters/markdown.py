"""``--format markdown``: the body of a pull/merge request comment.

Totals first (before → after when the document is a diff), then a table of keys (only the
changed ones in full when diffing), the findings with links to their rules, savings, and the
price book and every assumption in a collapsed ``<details>`` section. Every piece of text
that comes from the scanned code is escaped, so it cannot inject HTML or forge the comment's
hidden marker.
"""

from __future__ import annotations

import html
import re
from typing import Any

from kmslint.formatters.document import (
    Document,
    is_diff,
    key_label,
    money,
    resource_monthly,
    several_projects,
    severity_counts,
    shown_findings,
    signed_money,
    signed_percent,
    where,
)

TITLE = "## kmslint: Alibaba Cloud KMS cost"
_SPECIAL = re.compile(r"([\\`*_\[\]|~#$])")
KEY_HEADER = ("Key", "Spec", "Protection", "Region", "Versions", "Monthly", "Month {h}")
DIFF_HEADER = (
    "Change",
    "Key",
    "Spec",
    "Protection",
    "Region",
    "Versions",
    "Before",
    "After",
    "Delta",
)


def text(value: Any) -> str:
    """Plain text safe in Markdown and table cells: HTML-escaped, specials backslashed."""
    escaped = html.escape(str(value), quote=False)
    return _SPECIAL.sub(r"\\\1", escaped).replace("\r", " ").replace("\n", " ")


def code(value: Any) -> str:
    """A code span (safe in table cells); HTML inside a code span is shown literally."""
    body = str(value).replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _totals(document: Document) -> list[str]:
    summary = document["summary"]
    months = summary["horizon_months"]
    if is_diff(document):
        percent = signed_percent(summary.get("monthly_cost_delta_percent"))
        change = signed_money(summary["monthly_cost_delta"]) + (f", {percent}" if percent else "")
        lines = [
            f"**Monthly cost: {money(summary['base_monthly_cost'])} → {money(summary['monthly_cost'])} ({change})**",
            "",
            f"Month {months}: {money(summary.get('base_horizon_monthly_cost'))} → "
            f"{money(summary['horizon_monthly_cost'])}"
            f" · compared with {text(document.get('base', {}).get('label', 'the base'))}",
        ]
    else:
        lines = [
            f"**Monthly cost: {money(summary['monthly_cost'])}**",
            "",
            f"Month {months}: {money(summary['horizon_monthly_cost'])} · {months}-month total: "
            f"{money(summary['horizon_total_cost'])}",
        ]
    unknown = summary.get("usage_unknown_count") or 0
    if unknown:
        lines += [
            "",
            f"> {unknown} key(s) have no usage in the usage file: their API calls are not "
            "counted (shown as “+ usage”).",
        ]
    return lines


def _versions(resource: dict[str, Any]) -> str:
    versions = resource.get("versions") or {}
    return f"{versions.get('month_1', '?')} → {versions.get('horizon', '?')}"


def _key_row(resource: dict[str, Any], several: bool) -> tuple[str, ...]:
    return (
        code(key_label(resource, several)),
        text(resource.get("key_spec")),
        text(resource.get("protection_level")),
        text(resource.get("region")),
        _versions(resource),
        resource_monthly(resource),
        resource_monthly(resource, "horizon_monthly_cost"),
    )


def _diff_row(resource: dict[str, Any], several: bool) -> tuple[str, ...]:
    base = resource.get("base_monthly_cost")
    return (
        text(resource.get("change")),
        code(key_label(resource, several)),
        text(resource.get("key_spec")),
        text(resource.get("protection_level")),
        text(resource.get("region")),
        _versions(resource),
        "–" if base is None else money(base),
        "–" if resource.get("change") == "removed" else resource_monthly(resource),
        signed_money(resource.get("monthly_cost_delta")),
    )


def _keys(document: Document) -> list[str]:
    resources = document.get("resources", [])
    if not resources:
        return ["", "No KMS keys found."]
    several = several_projects(document)
    if not is_diff(document):
        header = tuple(h.format(h=document["summary"]["horizon_months"]) for h in KEY_HEADER)
        return ["", *table(header, [_key_row(r, several) for r in resources])]
    changed = [r for r in resources if r.get("change") != "unchanged"]
    unchanged = [r for r in resources if r.get("change") == "unchanged"]
    lines = (
        ["", *table(DIFF_HEADER, [_diff_row(r, several) for r in changed])]
        if changed
        else ["", "No key changed."]
    )
    if unchanged:
        lines += ["", f"<details><summary>{len(unchanged)} unchanged key(s)</summary>", ""]
        lines += [*table(DIFF_HEADER, [_diff_row(r, several) for r in unchanged]), "", "</details>"]
    return lines


def _finding_row(finding: dict[str, Any], diff: bool) -> tuple[str, ...]:
    severity = f"**{text(finding['severity'])}**"
    if diff and finding.get("change") == "added":
        severity += " (new)"
    if finding.get("suppressed"):
        severity += f" (suppressed: {text(finding.get('suppression_reason') or '')})"
    rule = f"{finding['rule_id']} {finding.get('rule_name', '')}".strip()
    link = finding.get("link")
    rule_cell = f"[{text(rule)}]({link})" if link else text(rule)
    location = where(finding)
    return (
        severity,
        rule_cell,
        code(finding["address"]) if finding.get("address") else "",
        code(location) if location else "",
        text(finding["message"]),
    )


def _findings(document: Document, show_suppressed: bool) -> list[str]:
    findings = shown_findings(document, show_suppressed)
    diff = is_diff(document)
    new = sum(1 for f in findings if f.get("change") == "added")
    heading = f"### Findings: {severity_counts(findings)}" + (f" ({new} new)" if diff else "")
    lines = ["", heading]
    if findings:
        lines += [
            "",
            *table(
                ("Severity", "Rule", "Key", "Where", "Message"),
                [_finding_row(f, diff) for f in findings],
            ),
        ]
    fixed = document.get("resolved_findings") or []
    if fixed:
        lines += ["", f"Fixed by this change: {len(fixed)}", ""]
        lines += [
            f"- {text(f['rule_id'])} {code(f['address']) if f.get('address') else ''} {text(f['message'])}".replace(
                "  ", " "
            )
            for f in fixed
        ]
    return lines


def _errors(document: Document) -> list[str]:
    errors = document.get("errors") or []
    if not errors:
        return []
    lines = [
        "",
        f"> **Incomplete:** {len(errors)} input error(s); the figures leave out what could not be read.",
        "",
    ]
    return lines + [f"- {code(where(e) or '(input)')}: {text(e['message'])}" for e in errors]


def _savings(document: Document) -> list[str]:
    savings = document.get("savings") or []
    if not savings:
        return []
    months = document["summary"]["horizon_months"]
    several = several_projects(document)
    lines = ["", "<details><summary>Possible savings</summary>", ""]
    for saving in savings:
        lines.append(
            f"- {code(key_label(saving, several))}: {text(saving['description'])}: saves "
            f"{money(saving['monthly_saving'])}/month now, "
            f"{money(saving['horizon_monthly_saving'])}/month in month {months}"
        )
    return lines + ["", "</details>"]


def _assumptions(document: Document) -> list[str]:
    book = document.get("price_book", {})
    lines = ["", "<details><summary>Assumptions and price book</summary>", ""]
    lines.append(
        f"Prices: {text(book.get('name', ''))}, effective {text(book.get('effective_date', ''))}"
        f" ({book.get('month_days', '?')}-day months). Source: {text(book.get('source', ''))}."
    )
    lines += ["", *(f"- {text(a)}" for a in book.get("assumptions", []))]
    return lines + ["", "</details>"]


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    lines = [TITLE, "", *_totals(document)]
    lines += _errors(document)
    lines += _keys(document)
    lines += _findings(document, show_suppressed)
    lines += _savings(document)
    lines += _assumptions(document)
    return "\n".join(lines) + "\n"
