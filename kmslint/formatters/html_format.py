"""``--format html``: one self-contained page (no scripts, no external assets).

A header says what made the report (version, time, commit, scanned paths) and gives the
verdict; then the totals, a line chart of monthly cost over the horizon (per key and in total:
what rotation does to a bill), the projects, the keys folded by project, the findings folded
by rule and project, savings and every assumption. The page follows the reader's light or dark
scheme and fits a phone. A Content-Security-Policy forbids loading anything, and all text is
HTML-escaped; money is thousands-separated Decimal.
"""

from __future__ import annotations

from html import escape

from kmslint.formatters import svg_chart
from kmslint.formatters.document import (
    Document,
    decimal,
    floor_mark,
    floor_note,
    is_diff,
    key_label,
    several_projects,
    signed_percent,
    total_series,
    where,
)
from kmslint.formatters.html_sections import (
    OPEN_UP_TO,
    findings_section,
    fold,
    keys_section,
    projects_table,
)
from kmslint.formatters.html_style import STYLE
from kmslint.formatters.overview import count, grouped_money, grouped_signed, verdict
from kmslint.formatters.provenance import provenance
from kmslint.model import counts_apart

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
TITLE = "kmslint: Alibaba Cloud KMS cost report"
SHOWN_PATHS = 5  # more scanned paths than this are folded


def _paths(paths: tuple[str, ...]) -> str:
    shown = ", ".join(escape(p) for p in paths[:SHOWN_PATHS]) or "(none)"
    if len(paths) <= SHOWN_PATHS:
        return shown
    rest = "".join(f"<li>{escape(p)}</li>" for p in paths[SHOWN_PATHS:])
    return f"{shown} <details><summary>{len(paths) - SHOWN_PATHS:,} more</summary><ul>{rest}</ul></details>"


def _header(document: Document, show_suppressed: bool) -> list[str]:
    origin = provenance(document)
    meta = [
        ("kmslint", escape(origin.version)),
        ("Generated", f'<time datetime="{origin.timestamp}">{escape(origin.timestamp)}</time>'),
    ]
    if origin.commit:
        meta.append(("Commit", f"<code>{escape(origin.commit)}</code>"))
    meta.append(("Scanned", _paths(origin.paths)))
    return [
        "<header>",
        f"<h1>{escape(TITLE)}</h1>",
        f'<p class="verdict">{escape(verdict(document, show_suppressed))}</p>',
        '<dl class="meta">',
        *(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in meta),
        "</dl>",
        "</header>",
    ]


def _totals(document: Document) -> list[str]:
    summary = document["summary"]
    months = summary["horizon_months"]
    if is_diff(document):
        percent = signed_percent(summary.get("monthly_cost_delta_percent"))
        delta = grouped_signed(summary["monthly_cost_delta"]) + (f", {percent}" if percent else "")
        before, after = summary["base_monthly_cost"], summary["monthly_cost"]
        first = f"Monthly cost: {grouped_money(before)} → {grouped_money(after)} ({delta})"
    else:
        first = (
            f"Monthly cost (month 1): {floor_mark(summary)}{grouped_money(summary['monthly_cost'])}"
        )
    floor = floor_mark(summary)
    second = (
        f"Month {months}: {floor}{grouped_money(summary['horizon_monthly_cost'])} · {months}-month total: "
        f"{floor}{grouped_money(summary['horizon_total_cost'])}"
    )
    lines = [f'<p class="totals">{escape(first)}</p>', f"<p>{escape(second)}</p>"]
    note = floor_note(summary)
    if note:
        lines.append(f"<p>{escape(note)}</p>")
    unknown = summary.get("usage_unknown_count") or 0
    if unknown:
        lines.append(
            f"<p>{escape(f'{unknown} key(s) have no usage: their API calls are not counted (+ usage).')}</p>"
        )
    lines += [
        f'<p class="notice">{escape("Note: " + str(n))}</p>' for n in document.get("notices") or []
    ]
    errors = document.get("errors") or []
    if errors:
        lines.append(
            f'<p class="incomplete">{escape(f"Incomplete: {len(errors)} input error(s).")}</p><ul>'
        )
        lines += [f"<li>{escape(where(e))}: {escape(e['message'])}</li>" for e in errors]
        lines.append("</ul>")
    return lines


def _chart(document: Document) -> list[str]:
    months = int(document["summary"]["horizon_months"])
    resources = [
        r
        for r in document.get("resources", [])
        if r.get("change") != "removed" and counts_apart(r) and r.get("monthly_costs")
    ]  # KMS 1.0 keys and instances: an instance's keys are inside its series
    keys = [(r["address"], [decimal(v) for v in r.get("monthly_costs") or []]) for r in resources]
    series = svg_chart.choose_series(keys, total_series(document))
    title = f"Monthly KMS cost over {months} months, per key and in total"
    return [
        "<figure>",
        svg_chart.svg(series, months, title, svg_chart.WIDE),
        svg_chart.svg(series, months, title, svg_chart.NARROW),
        svg_chart.legend(series),
        f"<figcaption>{escape(title)}</figcaption>",
        "</figure>",
    ]


def _savings(document: Document) -> list[str]:
    savings = document.get("savings") or []
    if not savings:
        return []
    months = document["summary"]["horizon_months"]
    several = several_projects(document)
    items = [
        f"<li>{escape(key_label(s, several))}: {escape(s['description'])}: saves "
        f"{escape(grouped_money(s['monthly_saving']))}/month now, "
        f"{escape(grouped_money(s['horizon_monthly_saving']))}/month in month {months}</li>"
        for s in savings
    ]
    keys = len({(s.get("address"), s.get("file")) for s in savings})
    summary = escape(f"{count(len(savings), 'possible saving')} on {count(keys, 'key')}")
    return ["<h2>Possible savings</h2>"] + fold(
        summary, ["<ul>", *items, "</ul>"], len(savings) <= OPEN_UP_TO, "savings"
    )


def _assumptions(document: Document) -> list[str]:
    book = document.get("price_book", {})
    lines = ['<details><summary>Assumptions and price book</summary><div class="body">']
    lines.append(
        f"<p>{escape(str(book.get('name', '')))}, prices of {escape(str(book.get('effective_date', '')))} "
        f"({escape(str(book.get('month_days', '')))}-day months). Source: {escape(str(book.get('source', '')))}</p><ul>"
    )
    lines += [f"<li>{escape(a)}</li>" for a in book.get("assumptions", [])]
    return lines + ["</ul></div></details>"]


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>{escape(TITLE)}</title>",
        f"<style>{STYLE}</style></head><body>",
    ]
    body = _header(document, show_suppressed) + ["<main>"] + _totals(document)
    body += _chart(document) + projects_table(document) + keys_section(document)
    body += findings_section(document, show_suppressed) + _savings(document)
    body += _assumptions(document) + ["</main>"]
    return "\n".join(head + body + ["</body></html>"]) + "\n"
