"""``--format html``: one self-contained page (no scripts, no external assets).

A line chart of monthly cost over the horizon, per key and in total, shows what rotation does
to a bill; then the totals, a table of keys, the findings, savings and every assumption.
A Content-Security-Policy forbids loading anything, and all text is HTML-escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from kmslint.formatters import svg_chart
from kmslint.formatters.document import (
    Document,
    decimal,
    floor_mark,
    floor_note,
    is_diff,
    key_label,
    money,
    resource_monthly,
    several_projects,
    severity_counts,
    shown_findings,
    signed_money,
    signed_percent,
    total_series,
    where,
)
from kmslint.model import counts_apart

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.legend{list-style:none;padding:0}.legend li{display:inline-block;margin-right:1.2rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
.error{color:#b00020;font-weight:bold}.warning{color:#a15c00;font-weight:bold}.info{color:#00579b}
.totals{font-size:1.2rem}.incomplete{color:#b00020}
"""


def _cell(value: Any, numeric: bool = False) -> str:
    return (
        f'<td class="num">{escape(str(value))}</td>'
        if numeric
        else f"<td>{escape(str(value))}</td>"
    )


def _head(*names: str) -> str:
    return "<tr>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr>"


def _totals(document: Document) -> list[str]:
    summary = document["summary"]
    months = summary["horizon_months"]
    if is_diff(document):
        percent = signed_percent(summary.get("monthly_cost_delta_percent"))
        delta = signed_money(summary["monthly_cost_delta"]) + (f", {percent}" if percent else "")
        first = f"Monthly cost: {money(summary['base_monthly_cost'])} → {money(summary['monthly_cost'])} ({delta})"
    else:
        first = f"Monthly cost (month 1): {floor_mark(summary)}{money(summary['monthly_cost'])}"
    floor = floor_mark(summary)
    second = (
        f"Month {months}: {floor}{money(summary['horizon_monthly_cost'])} · {months}-month total: "
        f"{floor}{money(summary['horizon_total_cost'])}"
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
        svg_chart.svg(series, months, title),
        svg_chart.legend(series),
        f"<figcaption>{escape(title)}</figcaption>",
        "</figure>",
    ]


def _keys(document: Document) -> list[str]:
    resources = document.get("resources", [])
    if not resources:
        return ["<p>No KMS keys found.</p>"]
    months = document["summary"]["horizon_months"]
    diff = is_diff(document)
    names = [
        "Key",
        "File",
        "Spec",
        "Protection",
        "Class",
        "Region",
        "Versions",
        "Monthly",
        f"Month {months}",
    ]
    rows = ["<table>", _head(*(["Change"] if diff else []), *names, *(["Delta"] if diff else []))]
    for r in resources:
        versions = r.get("versions") or {}
        cells = [_cell(r["change"])] if diff else []
        cells += [
            _cell(r["address"]),
            _cell(where(r)),
            _cell(r.get("key_spec") or r.get("payment_type") or "secret"),
            _cell(r.get("protection_level") or r.get("edition") or r.get("billing_model")),
            _cell(r.get("key_class") or "-"),
        ]
        cells += [
            _cell(r.get("region")),
            _cell(f"{versions.get('month_1')} → {versions.get('horizon')}"),
        ]
        cells += [
            _cell(resource_monthly(r), True),
            _cell(resource_monthly(r, "horizon_monthly_cost"), True),
        ]
        cells += [_cell(signed_money(r.get("monthly_cost_delta")), True)] if diff else []
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return rows + ["</table>"]


def _findings(document: Document, show_suppressed: bool) -> list[str]:
    findings = shown_findings(document, show_suppressed)
    lines = [f"<h2>{escape('Findings: ' + severity_counts(findings))}</h2>"]
    if not findings:
        return lines
    lines += ["<table>", _head("Severity", "Rule", "Key", "Where", "Message")]
    for f in findings:
        rule = escape(f"{f['rule_id']} {f.get('rule_name', '')}".strip())
        link = f.get("link") or ""
        rule_html = (
            f'<a href="{escape(link)}">{rule}</a>'
            if link.startswith(("https://", "http://"))
            else rule
        )
        severity = f["severity"] + (" (suppressed)" if f.get("suppressed") else "")
        lines.append(
            f'<tr><td class="{escape(f["severity"])}">{escape(severity)}</td><td>{rule_html}</td>'
            f"{_cell(f.get('address') or '')}{_cell(where(f))}{_cell(f['message'])}</tr>"
        )
    return lines + ["</table>"]


def _savings(document: Document) -> list[str]:
    savings = document.get("savings") or []
    if not savings:
        return []
    months = document["summary"]["horizon_months"]
    several = several_projects(document)
    lines = ["<h2>Possible savings</h2>", "<ul>"]
    lines += [
        f"<li>{escape(key_label(s, several))}: {escape(s['description'])}: saves "
        f"{escape(money(s['monthly_saving']))}/month now, "
        f"{escape(money(s['horizon_monthly_saving']))}/month in month {months}</li>"
        for s in savings
    ]
    return lines + ["</ul>"]


def _assumptions(document: Document) -> list[str]:
    book = document.get("price_book", {})
    lines = ["<details><summary>Assumptions and price book</summary>"]
    lines.append(
        f"<p>{escape(str(book.get('name', '')))}, prices of {escape(str(book.get('effective_date', '')))} "
        f"({escape(str(book.get('month_days', '')))}-day months). Source: {escape(str(book.get('source', '')))}</p><ul>"
    )
    lines += [f"<li>{escape(a)}</li>" for a in book.get("assumptions", [])]
    return lines + ["</ul></details>"]


def render_document(
    document: Document, *, color: bool = False, show_suppressed: bool = False
) -> str:
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>kmslint: Alibaba Cloud KMS cost report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>kmslint: Alibaba Cloud KMS cost report</h1>",
    ]
    body = _totals(document) + _chart(document) + ["<h2>Keys</h2>"] + _keys(document)
    body += _findings(document, show_suppressed) + _savings(document) + _assumptions(document)
    return "\n".join(head + body + ["</body></html>"]) + "\n"
