"""Apply the policy to a cost report: run rules, then suppressions, then the baseline."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from kmslint.errors import Diagnostic
from kmslint.findings import Finding
from kmslint.policy.baseline import Baseline, apply_baseline
from kmslint.policy.context import CheckContext, rule_finding
from kmslint.policy.fields import key_fields
from kmslint.policy.match import evaluate
from kmslint.policy.rule import SCOPE_CHECK, SCOPE_DIFF, render_message
from kmslint.policy.settings import Policy, ResolvedRule
from kmslint.policy.suppress import apply_suppressions

if TYPE_CHECKING:
    from kmslint.report import Report

COST_INCREASE_CHECK = "cost_increase"


def context_for(
    report: Report, resolved: ResolvedRule, link_base: str | None = None
) -> CheckContext:
    return CheckContext(
        report,
        resolved.rule,
        str(resolved.severity.value),
        resolved.param_values,
        resolved.param_locations,
        link_base,
    )


def _match_findings(ctx: CheckContext) -> Iterator[Finding]:
    rule = ctx.rule
    assert rule.match is not None
    attributes = (rule.at,) if rule.at else ()
    for cost in ctx.keys:
        fields = key_fields(cost, ctx.report)
        if evaluate(rule.match, fields, ctx.params):
            message = render_message(rule.message or rule.summary, fields, ctx.params)
            yield ctx.key_finding(cost.key, message, *attributes)


def run_rule(report: Report, resolved: ResolvedRule, link_base: str | None = None) -> list[Finding]:
    """Findings of one rule (built-in check or declarative match), with its effective severity."""
    from kmslint.policy.registry import CHECKS

    ctx = context_for(report, resolved, link_base)
    if resolved.rule.check is not None:
        found = list(CHECKS[resolved.rule.check].function(ctx))
    else:
        found = list(_match_findings(ctx))
    # KMS005 already reports an assumed value: it alone never makes an error finding.
    return [f for f in found if not (f.from_assumption and f.severity == "error")]


def _order(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.file or "", finding.line or 0, finding.rule_id, finding.address or "")


def evaluate_policy(
    report: Report, policy: Policy, baseline: Baseline | None = None
) -> list[Diagnostic]:
    """Set ``report.findings``; returns (and adds to the inventory) warnings about suppressions."""
    findings = [
        finding
        for resolved in policy.active(SCOPE_CHECK)
        for finding in run_rule(report, resolved, policy.link_base.value)
    ]
    findings.sort(key=_order)
    diagnostics = apply_suppressions(report, policy, findings)
    if baseline is not None:
        apply_baseline(findings, baseline, lambda rule_id: policy.ignorable(rule_id)[0])
    report.findings = findings
    report.inventory.diagnostics.extend(diagnostics)
    return diagnostics


def diff_findings(policy: Policy, base_monthly: Decimal, new_monthly: Decimal) -> list[Finding]:
    """Findings of the enabled diff-scope rules (KMS013) for a change of the monthly cost.

    For ``kmslint diff``: ``base_monthly`` / ``new_monthly`` are the two states' summary
    ``monthly_cost``. The findings carry no file or address (they are about the whole change).
    """
    from kmslint.policy.checks_cost import cost_increase

    findings = []
    for resolved in policy.active(SCOPE_DIFF):
        if resolved.rule.check != COST_INCREASE_CHECK:
            continue
        message = cost_increase(base_monthly, new_monthly, resolved.param_values)
        if message is not None:
            severity = str(resolved.severity.value)
            findings.append(
                rule_finding(
                    resolved.rule,
                    severity,
                    message,
                    address=None,
                    file=None,
                    line=None,
                    link_base=policy.link_base.value,
                )
            )
    return findings
