"""The policy of each project: rules, severities, budget and fail-on from its nearest config.

``kmslint check`` on a monorepo evaluates each group of projects that share a ``.kmslint.yaml``
with that file's policy (``--config`` gives one policy to all). The budget of KMS001 and the
version limit of KMS002 then apply to the keys of the projects under that config.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kmslint.config import Config
from kmslint.findings import Finding, severity_rank
from kmslint.model import Inventory
from kmslint.policy.baseline import Baseline
from kmslint.policy.engine import evaluate_policy
from kmslint.policy.settings import Overrides, Policy, build_policy

if TYPE_CHECKING:
    from kmslint.report import Report

BaselineFor = Callable[[Policy], "Baseline | None"]


@dataclass
class PolicyGroup:
    """Projects that share a config, and the policy built from it."""

    policy: Policy
    projects: set[str]
    findings: list[Finding]

    def failing(self) -> list[Finding]:
        threshold = severity_rank(str(self.policy.fail_on.value))
        return [
            f for f in self.findings if not f.suppressed and severity_rank(f.severity) >= threshold
        ]


def project_groups(report: Report, overrides: Overrides, given: Policy | None) -> list[PolicyGroup]:
    """One group per config in use; ``given`` (from ``--config``) covers every project."""
    every = {project.name for project in report.projects}
    if given is not None:
        return [PolicyGroup(given, every, [])]
    by_config: dict[Path | None, tuple[Config, set[str]]] = {}
    for project in report.projects:
        key = None if project.config_path is None else project.config_path.resolve()
        config = project.config or Config()
        by_config.setdefault(key, (config, set()))[1].add(project.name)
    if not by_config:
        by_config[None] = (Config(), set())
    return [PolicyGroup(build_policy(c, overrides), names, []) for c, names in by_config.values()]


def _part(report: Report, names: set[str]) -> Report:
    """The report restricted to the keys, versions and consumers of ``names``."""
    inventory = report.inventory
    part = Inventory(
        keys=[k for k in inventory.keys if k.project in names],
        key_versions=[v for v in inventory.key_versions if v.project in names],
        consumers=[c for c in inventory.consumers if c.project in names],
        assumptions=inventory.assumptions,
        scanned_files=inventory.scanned_files,
    )
    estimate = replace(
        report.estimate, keys=[c for c in report.estimate.keys if c.key.project in names]
    )
    return replace(report, estimate=estimate, inventory=part, findings=[])


def evaluate_groups(report: Report, groups: list[PolicyGroup], baseline_for: BaselineFor) -> None:
    """Set ``report.findings`` from each group's rules on its own projects."""
    if len(groups) == 1:
        evaluate_policy(report, groups[0].policy, baseline_for(groups[0].policy))
        groups[0].findings = report.findings
        return
    findings: list[Finding] = []
    for group in groups:
        part = _part(report, group.projects)
        report.inventory.diagnostics.extend(
            evaluate_policy(part, group.policy, baseline_for(group.policy))
        )
        group.findings = part.findings
        findings += part.findings
    findings.sort(key=lambda f: (f.file or "", f.line or 0, f.rule_id, f.address or ""))
    report.findings = findings
