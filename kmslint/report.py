"""The cost report: an estimate plus the inventory it came from, findings and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kmslint.engine import CostEstimate, KeyCost
from kmslint.errors import Diagnostic
from kmslint.findings import Finding
from kmslint.model import INSTANCE, KMS1, Consumer, Inventory
from kmslint.money import money_str, number_str
from kmslint.pricebook import PriceBook
from kmslint.report_instances import instance_json, secret_json
from kmslint.savings import Saving
from kmslint.usage import ProjectUsage

REPORT_VERSION = "1"


@dataclass
class Report:
    book: PriceBook
    estimate: CostEstimate
    inventory: Inventory
    usage: ProjectUsage = field(default_factory=ProjectUsage)
    findings: list[Finding] = field(default_factory=list)
    savings: list[Saving] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # said once per report (KMS 1.0 EoS)
    projects: list[Any] = field(default_factory=list)  # projects.Project: inputs that applied

    @property
    def errors(self) -> list[Diagnostic]:
        return self.inventory.errors

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.inventory.diagnostics if d.severity != "error"]

    @property
    def unlinked_consumers(self) -> list[Consumer]:
        """Consumers that name a key this scan does not have (external, placeholder, unresolved)."""
        return [
            c for c in self.inventory.consumers if not c.uses_service_key and c.key_address is None
        ]

    @property
    def active_findings(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def summary(self) -> dict[str, Any]:
        estimate = self.estimate
        return {
            "monthly_cost": money_str(estimate.total("monthly_cost")),
            "hosting_cost": money_str(estimate.total("hosting_cost")),
            "api_cost": money_str(estimate.api_cost),
            "horizon_months": estimate.period.months,
            "horizon_monthly_cost": money_str(estimate.total("horizon_monthly_cost")),
            "horizon_total_cost": money_str(estimate.total("horizon_total_cost")),
            "key_count": len(estimate.keys),
            "usage_unknown_count": estimate.usage_unknown_count,
            "count_unknown_count": sum(1 for c in estimate.keys if not c.key.instances_known),
            "instance_count": len(estimate.instances),
            "secret_count": len(estimate.secrets),
            "not_priced_count": sum(1 for cost in estimate.instances if not cost.priced),
            "by_billing_model": {
                model: {
                    "monthly_cost": money_str(estimate.model_total(model, "monthly_cost")),
                    "horizon_monthly_cost": money_str(
                        estimate.model_total(model, "horizon_monthly_cost")
                    ),
                }
                for model in (KMS1, INSTANCE)
            },
        }

    def resources_json(self) -> list[dict[str, Any]]:
        """Keys, then instances, then secrets."""
        estimate = self.estimate
        return [
            *(resource_json(cost) for cost in estimate.keys),
            *(instance_json(cost, estimate.period.month_days) for cost in estimate.instances),
            *(secret_json(cost) for cost in estimate.secrets),
        ]

    def to_json(self, include_suppressed: bool = False) -> dict[str, Any]:
        header = self.book.header(self.estimate.period.month_days)
        header["assumptions"] = [*header["assumptions"], *self.assumptions]
        header["instances"] = self.book.instances.header()
        findings = self.findings if include_suppressed else self.active_findings
        document = {
            "version": REPORT_VERSION,
            "currency": self.book.currency,
            "price_book": header,
            "summary": self.summary(),
            "resources": self.resources_json(),
            "notices": list(self.notices),
            "service_keys": [
                {"address": c.address, "type": c.type, "file": c.source.file, "line": c.source.line}
                for c in self.inventory.consumers
                if c.uses_service_key
            ],
            "unlinked_consumers": [
                {
                    "address": c.address,
                    "type": c.type,
                    "file": c.source.file,
                    "line": c.source.line,
                    "notes": list(c.notes),
                }
                for c in self.unlinked_consumers
            ],
            "savings": [s.to_json() for s in self.savings],
            "findings": [f.to_json() for f in findings],
            "projects": [project.to_json() for project in self.projects],
            "errors": [d.to_json() for d in self.errors],
            "warnings": [d.to_json() for d in self.warnings],
        }
        from kmslint import trustedtree

        trusted = trustedtree.active()
        if trusted is not None:  # --trusted-config-from: whose policy applied
            document["policy_source"] = trusted.to_json()
        return document


def resource_json(cost: KeyCost) -> dict[str, Any]:
    key = cost.key
    klass = cost.classification
    return {
        "address": key.address,
        "type": key.type,
        "project": key.project,
        "file": key.file,
        "line": key.line,
        "key_spec": klass.key_spec,
        "key_class": klass.key_class,
        "protection_level": klass.protection_level,
        "key_usage": key.key_usage,
        "region": klass.region,
        "region_class": klass.region_class,
        "status": key.status,
        "rotation_interval": key.rotation_interval if key.rotation_enabled else None,
        "versions": {"month_1": cost.versions_month_1, "horizon": cost.versions_horizon},
        "monthly_calls": None if cost.calls is None else number_str(cost.calls),
        "monthly_cost": money_str(cost.monthly_cost),
        "hosting_cost": money_str(cost.hosting_cost),
        "api_cost": None if cost.api_cost is None else money_str(cost.api_cost),
        "horizon_monthly_cost": money_str(cost.horizon_monthly_cost),
        "horizon_total_cost": money_str(cost.horizon_total_cost),
        "monthly_costs": [money_str(v) for v in cost.monthly_series()],
        "usage_known": cost.usage_known,
        "instances_known": key.instances_known,
        "billed": cost.billed,
        "billing_model": cost.billing_model,
        "instance": cost.instance,
        "tags": key.tags,
        "consumers": [
            {"address": c.address, "type": c.type, "file": c.source.file, "line": c.source.line}
            for c in key.consumers
        ],
        "notes": list(key.notes),
    }
