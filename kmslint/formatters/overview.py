"""What a reader wants first, as plain text and Decimal: the verdict, the per-project totals,
what changed on each key and the findings grouped by rule.

Shared by the comment (markdown) and the HTML report, which escape these strings for their
own output; nothing here is escaped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kmslint.formatters.document import (
    SEVERITY_ORDER,
    Document,
    decimal,
    floor_mark,
    is_diff,
    money,
    projects,
    shown_findings,
)
from kmslint.model import counts_apart

NO_PROJECT = "(scan)"
# Fields of a diff's ``changes`` shown as "what changed", in this order, with their label.
SHOWN_CHANGES = (
    ("rotation_interval", "rotation"),
    ("key_spec", ""),
    ("protection_level", ""),
    ("billing_model", ""),
    ("key_usage", "usage"),
    ("region", ""),
    ("status", ""),
    ("monthly_calls", "calls/month"),
    ("usage_known", "usage known"),
)


def grouped_money(value: Any) -> str:
    """``$12,345.60`` (thousands separated; every significant decimal kept)."""
    shown = money(value)
    sign, digits = ("-", shown[2:]) if shown.startswith("-$") else ("", shown[1:])
    whole, _, fraction = digits.partition(".")
    grouped = f"{int(whole):,}" if whole.isdigit() else whole
    return f"{sign}${grouped}" + (f".{fraction}" if fraction else "")


def grouped_signed(value: Any) -> str:
    """``+$1,234.50``, ``-$0.99`` or ``$0.00``."""
    amount = decimal(value)
    if amount > 0:
        return "+" + grouped_money(amount)
    if amount < 0:
        return "-" + grouped_money(-amount)
    return grouped_money(amount)


def count(number: int, noun: str) -> str:
    """``1 error``, ``3 errors``, ``1,204 keys``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@dataclass
class ProjectTotals:
    name: str
    before: Decimal
    after: Decimal
    horizon_before: Decimal
    horizon_after: Decimal
    horizon_total: Decimal

    @property
    def delta(self) -> Decimal:
        return self.after - self.before

    @property
    def horizon_delta(self) -> Decimal:
        return self.horizon_after - self.horizon_before


def horizon_delta(resource: dict[str, Any]) -> Decimal:
    """A key's change of month-H cost in a diff (also from diffs written before the field)."""
    if "horizon_monthly_cost_delta" in resource:
        return decimal(resource["horizon_monthly_cost_delta"])
    if resource.get("change") == "added":
        return decimal(resource.get("horizon_monthly_cost"))
    change = next(
        (c for c in resource.get("changes") or [] if c["field"] == "horizon_monthly_cost"), None
    )
    return decimal(change["value"]) - decimal(change["base"]) if change else Decimal(0)


def project_totals(document: Document) -> list[ProjectTotals]:
    """One row per project: its keys' costs before and after (before = after outside a diff)."""
    rows = {
        name: ProjectTotals(name or NO_PROJECT, *([Decimal(0)] * 5)) for name in projects(document)
    }
    diff = is_diff(document)
    for resource in document.get("resources", []):
        if not counts_apart(resource):
            continue  # an instance's keys and secrets are inside the instance's cost
        row = rows[str(resource.get("project") or "")]
        after, horizon = (
            decimal(resource.get("monthly_cost")),
            decimal(resource.get("horizon_monthly_cost")),
        )
        row.after += after
        row.horizon_after += horizon
        row.horizon_total += decimal(resource.get("horizon_total_cost"))
        row.before += decimal(resource.get("base_monthly_cost")) if diff else after
        row.horizon_before += horizon - horizon_delta(resource) if diff else horizon
    return list(rows.values())


def _shown_value(field: str, value: Any) -> str:
    if value is None:
        return "off" if field == "rotation_interval" else "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field == "monthly_calls":
        amount = decimal(value)
        return f"{amount:,}" if amount == amount.to_integral_value() else str(amount)
    return str(value)


def what_changed(resource: dict[str, Any]) -> str:
    """``rotation 30d → 7d, SOFTWARE → HSM`` for a changed key; a short description otherwise."""
    change = resource.get("change")
    if change == "added":
        parts = [resource.get("key_spec"), resource.get("protection_level"), resource.get("region")]
        return "new key: " + ", ".join(str(p) for p in parts if p)
    if change == "removed":
        return "key removed"
    changes = {c["field"]: c for c in resource.get("changes") or []}
    shown = []
    for field, label in SHOWN_CHANGES:
        if field in changes:
            before = _shown_value(field, changes[field]["base"])
            after = _shown_value(field, changes[field]["value"])
            shown.append(f"{label} {before} → {after}".strip())
    if not shown and changes:
        return "price only (shared HSM tier or price book)"
    return ", ".join(shown) or "no change"


def new_findings(document: Document, show_suppressed: bool) -> list[dict[str, Any]]:
    """The findings a reader must look at: new ones in a diff, all of them otherwise."""
    findings = shown_findings(document, show_suppressed)
    if not is_diff(document):
        return findings
    return [f for f in findings if f.get("change") == "added"]


def old_findings(document: Document, show_suppressed: bool) -> list[dict[str, Any]]:
    """In a diff, the findings the base already had (empty outside a diff)."""
    if not is_diff(document):
        return []
    return [f for f in shown_findings(document, show_suppressed) if f.get("change") != "added"]


@dataclass
class RuleGroup:
    rule_id: str
    rule_name: str
    severity: str
    link: str
    findings: list[dict[str, Any]]


def group_by_rule(findings: list[dict[str, Any]]) -> list[RuleGroup]:
    """Findings by rule, errors first, then by rule id; each group keeps the findings' order."""
    groups: dict[tuple[str, str], RuleGroup] = {}
    for finding in findings:
        severity = str(finding.get("severity"))
        key = (severity, str(finding["rule_id"]))
        if key not in groups:
            groups[key] = RuleGroup(
                key[1],
                str(finding.get("rule_name") or ""),
                severity,
                str(finding.get("link") or ""),
                [],
            )
        groups[key].findings.append(finding)
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    return sorted(groups.values(), key=lambda g: (rank.get(g.severity, 9), g.rule_id))


def counts_by_severity(findings: list[dict[str, Any]]) -> Counter[str]:
    return Counter(str(f.get("severity")) for f in findings if not f.get("suppressed"))


def severity_summary(findings: list[dict[str, Any]]) -> str:
    """``1 error, 2 warnings, 0 infos`` (thousands separated)."""
    counts = Counter(str(f.get("severity")) for f in findings)
    return ", ".join(count(counts.get(s, 0), s) for s in SEVERITY_ORDER)


def _policy_phrase(findings: list[dict[str, Any]], new: bool) -> str:
    counts = counts_by_severity(findings)
    adjective = "new " if new else ""
    errors = counts.get("error", 0)
    phrase = count(errors, f"{adjective}policy error") if errors else f"no {adjective}policy errors"
    warnings = counts.get("warning", 0)
    return phrase + (f", {count(warnings, adjective + 'warning')}" if warnings else "")


def _cost_phrase(document: Document) -> str:
    summary = document["summary"]
    months = summary["horizon_months"]
    if not is_diff(document):
        floor = floor_mark(summary)
        return (
            f"Monthly KMS cost is {floor}{grouped_money(summary['monthly_cost'])} now and "
            f"{floor}{grouped_money(summary['horizon_monthly_cost'])} by month {months}"
        )
    now = decimal(summary.get("monthly_cost_delta"))
    later = decimal(summary.get("horizon_monthly_cost_delta"))
    if later == 0 and now == 0:
        return (
            f"Monthly KMS cost does not change ({grouped_money(summary['monthly_cost'])} now, "
            f"{grouped_money(summary['horizon_monthly_cost'])} by month {months})"
        )
    if later == 0:
        direction = "rises" if now > 0 else "falls"
        return (
            f"Monthly KMS cost {direction} by {grouped_money(abs(now))} now "
            f"(no change by month {months})"
        )
    direction = "rises" if later > 0 else "falls"
    return (
        f"Monthly KMS cost {direction} by {grouped_money(abs(later))} by month {months} "
        f"({grouped_signed(now)} now)"
    )


def verdict(document: Document, show_suppressed: bool = False) -> str:
    """``Monthly KMS cost rises by $38.41 by month 12 (+$2.64 now): 3 new policy errors``."""
    findings = new_findings(document, show_suppressed)
    return f"{_cost_phrase(document)}: {_policy_phrase(findings, is_diff(document))}"
