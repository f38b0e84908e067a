"""``--format markdown``: the pull/merge request comment (also the job summary).

It leads with the verdict (the month-H and month-1 change and the new policy errors), then one
compact table per project, the changed keys with what changed on them, and the new findings
grouped by rule; what a reviewer rarely needs (findings the base already had, unchanged keys,
savings, the price book) is folded in ``<details>``. The body always fits GitHub's 65,536
characters: when it would not, the folded detail goes first, then rows are cut with a
"N more … — see the job artifact" line (the verdict, the project table and the new errors go
last). Every string from the report passes through ``markdown_text.text`` or ``code``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from kmslint import __version__
from kmslint.formatters.document import (
    Document,
    floor_mark,
    floor_note,
    is_diff,
    key_label,
    policy_line,
    several_projects,
    where,
)
from kmslint.formatters.markdown_text import LEFT, RIGHT, Section, code, fit, row, table_head, text
from kmslint.formatters.overview import (
    count,
    group_by_rule,
    grouped_money,
    grouped_signed,
    horizon_delta,
    new_findings,
    old_findings,
    project_totals,
    severity_summary,
    verdict,
    what_changed,
)
from kmslint.model import is_key_entry

# GitHub's comment limit, less room for the sticky marker and a tag.
BUDGET = 65_536 - 512


def money(value: Any) -> str:
    return text(grouped_money(value))


def signed(value: Any) -> str:
    return text(grouped_signed(value))


def _link(url: str) -> str:
    return quote(url, safe=":/?#=&%@+~,;!") if url.startswith(("https://", "http://")) else ""


def _header(document: Document, show_suppressed: bool) -> Section:
    summary = document["summary"]
    book = document.get("price_book", {})
    facts = [f"kmslint {__version__}", count(int(summary.get("key_count") or 0), "key")]
    if is_diff(document):
        facts.append(f"compared with {document.get('base', {}).get('label', 'the base')}")
    months = summary["horizon_months"]
    facts.append(f"{months}-month total {grouped_money(summary['horizon_total_cost'])}")
    if book.get("effective_date"):
        facts.append(f"prices of {book['effective_date']}")
    head = [
        f"#### {text(verdict(document, show_suppressed))}",
        "",
        f"<sub>{text(' · '.join(facts))}</sub>",
    ]
    policy = policy_line(document)
    if policy:
        head += ["", f"> {text(policy)}"]
    note = floor_note(summary)
    if note:
        head += ["", f"> {text(note)}"]
    unknown = int(summary.get("usage_unknown_count") or 0)
    if unknown:
        head += [
            "",
            f"> {count(unknown, 'key')} without usage in the usage file: their API calls are not "
            "counted (shown as “+ usage”).",
        ]
    return Section(head)


def _errors(document: Document) -> Section:
    errors = document.get("errors") or []
    if not errors:
        return Section([])
    head = [
        "",
        f"> **Incomplete:** {count(len(errors), 'input error')}; "
        "the figures leave out what could not be read.",
        "",
    ]
    items = [f"- {code(where(e) or '(input)')}: {text(e['message'])}" for e in errors]
    return Section(head, items, more="{n} more input errors — see the job artifact", priority=1)


def _projects(document: Document) -> Section:
    months = document["summary"]["horizon_months"]
    rows = project_totals(document)
    if is_diff(document):
        head = table_head(
            ("Project", "Before", "After", "Δ now", f"Δ month {months}"), (LEFT, *[RIGHT] * 4)
        )
        items = [
            row(
                code(r.name),
                money(r.before),
                money(r.after),
                signed(r.delta),
                signed(r.horizon_delta),
            )
            for r in rows
        ]
    else:
        head = table_head(
            ("Project", "Now", f"Month {months}", f"{months}-month total"), (LEFT, *[RIGHT] * 3)
        )
        items = [
            row(code(r.name), money(r.after), money(r.horizon_after), money(r.horizon_total))
            for r in rows
        ]
    tail = _total_row(document) if len(rows) > 1 else []
    return Section(["", *head], items, tail, "{n} more projects — see the job artifact", priority=1)


def _total_row(document: Document) -> list[str]:
    summary = document["summary"]
    if is_diff(document):
        return [
            row(
                "**Total**",
                money(summary["base_monthly_cost"]),
                money(summary["monthly_cost"]),
                signed(summary["monthly_cost_delta"]),
                signed(summary.get("horizon_monthly_cost_delta")),
            )
        ]
    return [
        row(
            "**Total**",
            money(summary["monthly_cost"]),
            money(summary["horizon_monthly_cost"]),
            money(summary["horizon_total_cost"]),
        )
    ]


def _changed_keys(document: Document) -> Section:
    resources = [
        r for r in document.get("resources", []) if r.get("change") not in (None, "unchanged")
    ]
    if not is_diff(document):
        return Section([])
    if not resources:
        return Section(["", "No key changed."])
    months = document["summary"]["horizon_months"]
    several = several_projects(document)
    kinds = {
        kind: sum(1 for r in resources if r["change"] == kind)
        for kind in ("added", "changed", "removed")
    }
    title = ", ".join(f"{n:,} {kind}" for kind, n in kinds.items() if n)
    head = [
        "",
        f"### Changed keys: {title}",
        "",
        *table_head(
            ("Key", "Change", "What changed", "Δ now", f"Δ month {months}"),
            (LEFT, LEFT, LEFT, RIGHT, RIGHT),
        ),
    ]
    items = [
        row(
            code(key_label(r, several)),
            text(r["change"]),
            text(what_changed(r)),
            signed(r.get("monthly_cost_delta")),
            signed(horizon_delta(r)),
        )
        for r in resources
    ]
    return Section(head, items, more="{n} more keys — see the job artifact", priority=3)


def _finding_item(finding: dict[str, Any]) -> str:
    parts = [code(finding["address"])] if finding.get("address") else []
    parts += [code(where(finding))] if where(finding) else []
    parts.append(text(finding["message"]))
    if finding.get("suppressed"):
        parts.append(f"_(suppressed: {text(finding.get('suppression_reason') or '')})_")
    return "- " + " · ".join(parts)


def _findings(document: Document, show_suppressed: bool) -> list[Section]:
    findings = new_findings(document, show_suppressed)
    title = "New findings" if is_diff(document) else "Findings"
    counts = severity_summary(findings) if findings else "none"
    sections = [Section(["", f"### {title}: {counts}"])]
    priorities = {"error": 2, "warning": 4}
    for group in group_by_rule(findings):
        name = text(f"{group.rule_id} {group.rule_name}".strip())
        link = _link(group.link)
        label = f"[{name}]({link})" if link else name
        sections.append(
            Section(
                ["", f"**{label}** ({text(group.severity)}, {len(group.findings):,})", ""],
                [_finding_item(f) for f in group.findings],
                more=f"{{n}} more {text(group.rule_id)} findings — see the job artifact",
                priority=priorities.get(group.severity, 5),
            )
        )
    return sections


def _folded(
    summary: str, items: list[str], noun: str, priority: int, table: list[str] | None = None
) -> Section:
    head = ["", f"<details><summary>{summary}</summary>", "", *(table or [])]
    return Section(
        head, items, ["", "</details>"], f"{{n}} more {noun} — see the job artifact", priority, True
    )


def _old_findings(document: Document, show_suppressed: bool) -> list[Section]:
    old = old_findings(document, show_suppressed)
    fixed = document.get("resolved_findings") or []
    sections = []
    if old:
        items = [
            f"- {text(g.rule_id)} {text(g.rule_name)} ({text(g.severity)}): {len(g.findings):,}"
            for g in group_by_rule(old)
        ]
        summary = f"{count(len(old), 'finding')} the base already had: {severity_summary(old)}"
        sections.append(_folded(summary, items, "rules", 6))
    if fixed:
        items = [
            " ".join(
                part
                for part in (
                    "-",
                    text(f["rule_id"]),
                    code(f["address"]) if f.get("address") else "",
                )
                if part
            )
            + f" {text(f['message'])}"
            for f in fixed
        ]
        sections.append(
            _folded(f"Fixed by this change: {count(len(fixed), 'finding')}", items, "findings", 6)
        )
    return sections


def _all_keys(document: Document) -> Section:
    resources = document.get("resources", [])
    months = document["summary"]["horizon_months"]
    several = several_projects(document)
    if is_diff(document):
        resources = [r for r in resources if r.get("change") == "unchanged"]
        if not resources:
            return Section([])
        summary, priority = count(len(resources), "unchanged key"), 9
    else:
        if not resources:
            return Section(["", "No KMS keys found."])
        summary, priority = count(len(resources), "key"), 3
    table = table_head(
        ("Key", "Spec, protection", "Versions", "Monthly", f"Month {months}"),
        (LEFT, LEFT, RIGHT, RIGHT, RIGHT),
    )
    items = [_key_row(r, several) for r in resources]
    return _folded(summary, items, "keys", priority, table)


def _shown(resource: dict[str, Any], field: str, figure: str) -> str:
    """The figure, or "not priced" for an instance or secret whose price is not published."""
    return (
        "not priced" if resource.get(field) is None and resource.get("priced") is False else figure
    )


def _key_row(resource: dict[str, Any], several: bool) -> str:
    versions = resource.get("versions") or {}
    unknown = " + usage" if resource.get("usage_known") is False else ""
    floor = floor_mark(resource)
    kind = f"{resource.get('key_spec')}, {resource.get('protection_level')}"
    if not is_key_entry(resource):  # a KMS instance (payment, edition) or a secret
        kind = f"{resource.get('payment_type') or 'secret'}, {resource.get('edition') or resource.get('billing_model')}"
    return row(
        code(key_label(resource, several)),
        text(kind),
        text(f"{versions.get('month_1', '?')} → {versions.get('horizon', '?')}"),
        _shown(resource, "monthly_cost", floor + money(resource.get("monthly_cost")) + unknown),
        _shown(
            resource,
            "horizon_monthly_cost",
            floor + money(resource.get("horizon_monthly_cost")) + unknown,
        ),
    )


def _savings(document: Document) -> Section:
    savings = document.get("savings") or []
    if not savings:
        return Section([])
    months = document["summary"]["horizon_months"]
    several = several_projects(document)
    items = [
        f"- {code(key_label(s, several))}: {text(s['description'])}: "
        f"saves {money(s['monthly_saving'])}/month now, "
        f"{money(s['horizon_monthly_saving'])}/month in month {months}"
        for s in savings
    ]
    return _folded(f"Possible savings: {count(len(savings), 'change')}", items, "savings", 7)


def _assumptions(document: Document) -> Section:
    book = document.get("price_book", {})
    head = [
        f"Prices: {text(book.get('name', ''))}, effective {text(book.get('effective_date', ''))}"
        f" ({text(book.get('month_days', '?'))}-day months)."
        f" Source: {text(book.get('source', ''))}.",
        "",
    ]
    items = [f"- {text(a)}" for a in book.get("assumptions", [])]
    section = _folded("Assumptions and price book", items, "assumptions", 8)
    section.head += head
    return section


def sections(document: Document, show_suppressed: bool = False) -> list[Section]:
    """The comment's parts, in reading order."""
    return [
        _header(document, show_suppressed),
        _errors(document),
        _projects(document),
        _changed_keys(document),
        *_findings(document, show_suppressed),
        *_old_findings(document, show_suppressed),
        _all_keys(document),
        _savings(document),
        _assumptions(document),
    ]


def render_comment(document: Document, budget: int = BUDGET, show_suppressed: bool = False) -> str:
    """The comment within ``budget`` characters (UTF-16 code units, as the APIs count)."""
    return fit(sections(document, show_suppressed), budget)


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    return render_comment(document, BUDGET, show_suppressed)
