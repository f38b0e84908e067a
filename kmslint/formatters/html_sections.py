"""The HTML report's long sections, folded so a big report stays short: keys by project, and
findings by rule and then by project, each ``<details>`` with its count in the ``<summary>``.

Small reports open their groups (``OPEN_UP_TO`` rows or fewer); big ones show the summaries
only. Money is thousands-separated; every string is HTML-escaped here.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from kmslint.formatters.document import (
    Document,
    is_diff,
    resource_monthly,
    signed_money,
    where,
)
from kmslint.formatters.overview import (
    NO_PROJECT,
    RuleGroup,
    count,
    group_by_rule,
    grouped_money,
    grouped_signed,
    new_findings,
    old_findings,
    project_totals,
    severity_summary,
    what_changed,
)

OPEN_UP_TO = 12
_WHOLE = re.compile(r"(?<=\$)(\d{4,})")


def grouped(text: str) -> str:
    """``$12345.60 + usage`` → ``$12,345.60 + usage`` (digits regrouped; never a float)."""
    return _WHOLE.sub(lambda m: f"{int(m.group(1)):,}", text)


PATH, ADDRESS = "/", "/.["  # where a file path and a key address may break


def breakable(text: str, after: str = PATH) -> str:
    """``text`` escaped, with line-break chances after each of the characters ``after``."""
    return re.sub(f"([{re.escape(after)}])", r"\1<wbr>", escape(text))


def cell(value: Any, numeric: bool = False, breaks: str = "") -> str:
    """A table cell; a path or address may break after the characters ``breaks``."""
    shown = str(value if value is not None else "-")
    if numeric:
        return f'<td class="num">{escape(shown)}</td>'
    return f"<td>{breakable(shown, breaks) if breaks else escape(shown)}</td>"


def head(*names: str, numeric: int = 0) -> str:
    """A header row; the last ``numeric`` columns are right-aligned like their cells."""
    first = len(names) - numeric
    return (
        "<tr>"
        + "".join(
            f'<th class="num">{escape(n)}</th>' if i >= first else f"<th>{escape(n)}</th>"
            for i, n in enumerate(names)
        )
        + "</tr>"
    )


def table(header: str, rows: list[str]) -> list[str]:
    return ['<div class="scroll"><table>', header, *rows, "</table></div>"]


def fold(summary: str, body: list[str], is_open: bool, css: str = "") -> list[str]:
    """A ``<details>`` block; ``summary`` is HTML already escaped by the caller."""
    attrs = (f' class="{css}"' if css else "") + (" open" if is_open else "")
    return [
        f"<details{attrs}><summary>{summary}</summary>",
        '<div class="body">',
        *body,
        "</div>",
    ] + ["</details>"]


def projects_table(document: Document) -> list[str]:
    months = document["summary"]["horizon_months"]
    rows = project_totals(document)
    if is_diff(document):
        header = head("Project", "Before", "After", "Δ now", f"Δ month {months}", numeric=4)
        cells = [
            [grouped_money(r.before), grouped_money(r.after), grouped_signed(r.delta)]
            + [grouped_signed(r.horizon_delta)]
            for r in rows
        ]
    else:
        header = head("Project", "Month 1", f"Month {months}", f"{months}-month total", numeric=3)
        cells = [
            [grouped_money(r.after), grouped_money(r.horizon_after), grouped_money(r.horizon_total)]
            for r in rows
        ]
    body = [
        "<tr>" + cell(r.name, breaks=PATH) + "".join(cell(v, True) for v in values) + "</tr>"
        for r, values in zip(rows, cells, strict=True)
    ]
    return ["<h2>Projects</h2>", *table(header, body)]


def _key_row(resource: dict[str, Any], diff: bool) -> str:
    versions = resource.get("versions") or {}
    cells = [cell(what_changed(resource))] if diff else []
    cells += [
        cell(resource["address"], breaks=ADDRESS),
        cell(where(resource), breaks=PATH),
        cell(resource.get("key_spec") or resource.get("payment_type") or "secret"),
        cell(
            resource.get("protection_level")
            or resource.get("edition")
            or resource.get("billing_model")
        ),
        cell(resource.get("key_class") or "-"),
        cell(resource.get("region")),
        cell(f"{versions.get('month_1')} → {versions.get('horizon')}"),
        cell(grouped(resource_monthly(resource)), True),
        cell(grouped(resource_monthly(resource, "horizon_monthly_cost")), True),
    ]
    if diff:
        cells.append(cell(grouped(signed_money(resource.get("monthly_cost_delta"))), True))
    return "<tr>" + "".join(cells) + "</tr>"


def keys_section(document: Document) -> list[str]:
    resources = document.get("resources", [])
    if not resources:
        return ["<h2>Keys</h2>", "<p>No KMS keys found.</p>"]
    months = document["summary"]["horizon_months"]
    diff = is_diff(document)
    names = ["Key", "File", "Spec", "Protection", "Class", "Region", "Versions"]
    header = head(
        *(["What changed"] if diff else []),
        *names,
        "Monthly",
        f"Month {months}",
        *(["Delta"] if diff else []),
        numeric=3 if diff else 2,
    )
    by_project: dict[str, list[dict[str, Any]]] = {}
    for resource in resources:
        by_project.setdefault(str(resource.get("project") or ""), []).append(resource)
    totals = {t.name: t for t in project_totals(document)}
    lines = [f"<h2>Keys ({escape(count(len(resources), 'resource'))})</h2>"]
    for project, items in by_project.items():
        name = project or NO_PROJECT
        total = totals.get(name)
        money = (
            f" · {grouped_money(total.after)}/month now, {grouped_money(total.horizon_after)} "
            f"in month {months}"
            if total
            else ""
        )
        summary = (
            f'{breakable(name)} <span class="count">{escape(count(len(items), "resource"))}'
            f"{escape(money)}</span>"
        )
        rows = [_key_row(r, diff) for r in items]
        lines += fold(summary, table(header, rows), len(resources) <= OPEN_UP_TO, "project")
    return lines


def finding_project(finding: dict[str, Any], projects: list[str]) -> str:
    """The project a finding belongs to: the longest project path its file is under."""
    file = str(finding.get("file") or "")
    for project in projects:
        if file and (not project or file == project or file.startswith(project + "/")):
            return project or NO_PROJECT
    return NO_PROJECT


def _rule_link(group: RuleGroup) -> list[str]:
    if group.link.startswith(("https://", "http://")):
        text = escape(f"{group.rule_id} {group.rule_name}".strip())
        return [f'<p><a href="{escape(group.link)}">{text}</a>: what the rule checks and why</p>']
    return []


def _finding_row(finding: dict[str, Any]) -> str:
    suppressed = " (suppressed)" if finding.get("suppressed") else ""
    return (
        f"<tr>{cell(finding.get('address') or '', breaks=ADDRESS)}{cell(where(finding), breaks=PATH)}"
        f"{cell(finding['message'] + suppressed)}</tr>"
    )


def _rule_group(group: RuleGroup, projects: list[str], is_open: bool) -> list[str]:
    by_project: dict[str, list[dict[str, Any]]] = {}
    for finding in group.findings:
        by_project.setdefault(finding_project(finding, projects), []).append(finding)
    header = head("Key", "Where", "Message")
    body = _rule_link(group)
    small = len(group.findings) <= OPEN_UP_TO
    for project, items in by_project.items():
        summary = f'{breakable(project)} <span class="count">{escape(count(len(items), "finding"))}</span>'
        rows = [_finding_row(f) for f in items]
        body += fold(summary, table(header, rows), small, "project")
    summary = (
        f'<span class="sev {escape(group.severity)}">{escape(group.severity)}</span> '
        f"{escape(group.rule_id)} {escape(group.rule_name)} "
        f'<span class="count">{escape(count(len(group.findings), "finding"))} in '
        f"{escape(count(len(by_project), 'project'))}</span>"
    )
    return fold(summary, body, is_open, "rule")


def grouped_findings(findings: list[dict[str, Any]], projects: list[str]) -> list[str]:
    ordered = sorted(projects, key=len, reverse=True)
    is_open = len(findings) <= OPEN_UP_TO
    lines: list[str] = []
    for group in group_by_rule(findings):
        lines += _rule_group(group, ordered, is_open)
    return lines


def findings_section(document: Document, show_suppressed: bool) -> list[str]:
    projects = [str(p.get("project") or "") for p in document.get("projects") or []]
    projects += [str(r.get("project") or "") for r in document.get("resources", [])]
    projects = list(dict.fromkeys(projects))
    new = new_findings(document, show_suppressed)
    noun = "New findings" if is_diff(document) else "Findings"
    lines = [f"<h2>{escape(f'{noun}: {severity_summary(new)}')}</h2>"]
    lines += grouped_findings(new, projects)
    old = old_findings(document, show_suppressed)
    if old:
        summary = escape(
            f"{count(len(old), 'finding')} the base already had: {severity_summary(old)}"
        )
        lines += fold(summary, grouped_findings(old, projects), False, "old")
    return lines
