"""``--format text``: a table per key with totals, findings, notes and every assumption."""

from __future__ import annotations

from collections import Counter

from kmslint.engine import KeyCost
from kmslint.findings import Finding
from kmslint.money import money_display, number_str
from kmslint.report import Report

HEADERS = ("KEY", "SPEC", "PROTECTION", "CLASS", "REGION", "VERSIONS", "HOSTING/MO", "CALLS/MO", "API/MO", "MONTHLY")
DEPENDS = "depends on usage"
_SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _style(text: str, color: bool, **kwargs: object) -> str:
    if not color:
        return text
    import click

    return click.style(text, **kwargs)  # type: ignore[arg-type]


def _row(cost: KeyCost, months: int) -> tuple[str, ...]:
    klass = cost.classification
    api = DEPENDS if cost.api_cost is None else money_display(cost.api_cost)
    calls = "?" if cost.calls is None else number_str(cost.calls)
    monthly = money_display(cost.monthly_cost) + (" + usage" if cost.api_cost is None else "")
    return (
        cost.key.address,
        klass.key_spec,
        klass.protection_level,
        klass.key_class,
        f"{klass.region} ({klass.region_class})",
        f"{cost.versions_month_1} -> {cost.versions_horizon}",
        money_display(cost.hosting_cost),
        calls,
        api,
        monthly,
    )


def _table(rows: list[tuple[str, ...]], color: bool) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        lines.append(_style(line, color, bold=True) if n == 0 else line)
    return lines


def _totals(report: Report) -> list[str]:
    estimate = report.estimate
    months = estimate.period.months
    unknown = estimate.usage_unknown_count
    monthly = money_display(estimate.total("monthly_cost"))
    lines = [
        f"Monthly cost (month 1): {monthly}"
        + (f" + API calls of {unknown} key(s) whose usage is not given ({DEPENDS})" if unknown else ""),
        f"  hosting {money_display(estimate.total('hosting_cost'))} · API {money_display(estimate.api_cost)}",
        f"Month {months}: {money_display(estimate.total('horizon_monthly_cost'))}/month · "
        f"{months}-month total: {money_display(estimate.total('horizon_total_cost'))}",
    ]
    return lines


def _finding_line(finding: Finding, color: bool) -> str:
    where = f"{finding.file}:{finding.line}" if finding.file else "(scan)"
    severity = _style(finding.severity, color, fg=_SEVERITY_COLORS[finding.severity], bold=True)
    suppressed = f" [suppressed: {finding.suppression_reason}]" if finding.suppressed else ""
    target = f" {finding.address}:" if finding.address else ""
    return f"{where}: {severity} {finding.rule_id} {finding.rule_name}:{target} {finding.message}{suppressed}\n    {finding.link}"


def _findings(report: Report, show_suppressed: bool, color: bool) -> list[str]:
    shown = report.findings if show_suppressed else report.active_findings
    if not shown:
        return []
    return ["", "Findings:", *(_finding_line(f, color) for f in shown)]


def _notes(report: Report) -> list[str]:
    lines = []
    for cost in report.estimate.keys:
        for note in cost.key.notes:
            lines.append(f"  {cost.key.address}: {note}")
    return ["", "Notes:", *lines] if lines else []


def _savings(report: Report) -> list[str]:
    if not report.savings:
        return []
    months = report.estimate.period.months
    lines = ["", "Savings:"]
    for saving in report.savings:
        lines.append(
            f"  {saving.address}: {saving.description}: saves {money_display(saving.monthly_saving)}/month now, "
            f"{money_display(saving.horizon_monthly_saving)}/month in month {months}"
        )
    return lines


def summary_line(report: Report) -> str:
    counts = Counter(f.severity for f in report.active_findings)
    parts = [f"{counts.get(s, 0)} {s}{'s' if counts.get(s, 0) != 1 else ''}" for s in ("error", "warning", "info")]
    total = sum(counts.values())
    return f"{total} finding{'s' if total != 1 else ''}: " + ", ".join(parts)


def render(report: Report, *, color: bool = False, show_suppressed: bool = False) -> str:
    book = report.book
    period = report.estimate.period
    lines = [f"{book.name}, prices of {book.effective_date} ({period.month_days}-day months)", ""]
    if report.errors:
        warning = f"INCOMPLETE: {len(report.errors)} error(s) (on stderr); the figures below leave out what could not be read."
        lines[:0] = [_style(warning, color, fg="red", bold=True)]
    if report.estimate.keys:
        lines += _table([HEADERS, *(_row(c, period.months) for c in report.estimate.keys)], color)
        lines.append("")
    else:
        lines += ["No KMS keys found.", ""]
    lines += _totals(report)
    service = [c for c in report.inventory.consumers if c.uses_service_key]
    if service:
        lines += ["", "Service keys (free):", *(f"  {c.address} ({c.source.file}:{c.source.line})" for c in service)]
    unlinked = report.unlinked_consumers
    if unlinked:
        lines += ["", "Consumers whose key is not in the scan:"]
        lines += [f"  {c.address} ({c.source.file}:{c.source.line}): {'; '.join(c.notes)}" for c in unlinked]
    lines += _savings(report)
    lines += _notes(report)
    lines += _findings(report, show_suppressed, color)
    lines += ["", "Assumptions:", *(f"  - {a}" for a in [*book.assumptions, *report.assumptions])]
    return "\n".join(lines) + "\n"
