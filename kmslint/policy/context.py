"""What a built-in check sees: the report, the rule's resolved settings, and finding helpers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kmslint.findings import Finding, rule_link

if TYPE_CHECKING:
    from kmslint.engine import Classification, KeyCost
    from kmslint.model import Key
    from kmslint.policy.rule import Rule
    from kmslint.report import Report

# Terraform argument -> ROS property, for pointing a finding at the line that causes it.
ROS_PROPERTIES = {
    "key_spec": "KeySpec",
    "key_usage": "KeyUsage",
    "protection_level": "ProtectionLevel",
    "automatic_rotation": "EnableAutomaticRotation",
    "rotation_interval": "RotationInterval",
    "pending_window_in_days": "PendingWindowInDays",
    "status": "Enable",
    "dkms_instance_id": "DKMSInstanceId",
}
# Deprecated Terraform spellings of an argument (the provider still accepts them).
DEPRECATED_SPELLINGS = {
    "status": ("key_state", "is_enabled"),
    "pending_window_in_days": ("deletion_window_in_days",),
}


@dataclass(frozen=True)
class Location:
    """Where a setting was written (``file:line``), for findings about settings."""

    file: str | None
    line: int | None


@dataclass
class CheckContext:
    """A rule run: the report it looks at, its severity and parameters after config."""

    report: Report
    rule: Rule
    severity: str
    params: Mapping[str, Any]
    param_locations: Mapping[str, Location] = field(default_factory=dict)
    link_base: str | None = None  # ``link_base`` of .kmslint.yaml (None: the installed docs)

    # -- inputs ------------------------------------------------------------------------------
    @property
    def keys(self) -> list[KeyCost]:
        return self.report.estimate.keys

    @property
    def billed_keys(self) -> Iterator[KeyCost]:
        return (cost for cost in self.keys if cost.billed)

    @property
    def horizon_months(self) -> int:
        return self.report.estimate.period.months

    def param(self, name: str) -> Any:
        return self.params.get(name)

    def decimal_param(self, name: str) -> Decimal | None:
        """A money/number parameter as Decimal (None when unset)."""
        value = self.params.get(name)
        return None if value is None else Decimal(str(value))

    # -- findings ----------------------------------------------------------------------------
    def finding(
        self,
        message: str,
        *,
        address: str | None,
        file: str | None,
        line: int | None,
        end_line: int | None = None,
    ) -> Finding:
        return rule_finding(
            self.rule,
            self.severity,
            message,
            address=address,
            file=file,
            line=line,
            end_line=end_line,
            link_base=self.link_base,
        )

    def key_finding(
        self, key: Key, message: str, *attributes: str, line: int | None = None
    ) -> Finding:
        """A finding on a key, at the first of ``attributes`` written in its block.

        A finding whose every attribute is an assumed value (KMS005 states the assumption) is
        marked ``from_assumption``: it is never an error, since the value may be fine.
        """
        finding = self.finding(
            message,
            address=key.address,
            file=key.file,
            line=line or attribute_line(key, *attributes),
            end_line=key.source.end_line,
        )
        assumed = {entry.field for entry in key.unresolved}
        finding.from_assumption = bool(attributes) and all(a in assumed for a in attributes)
        return finding


def rule_finding(
    rule: Rule,
    severity: str,
    message: str,
    *,
    address: str | None,
    file: str | None,
    line: int | None,
    end_line: int | None = None,
    link_base: str | None = None,
) -> Finding:
    """A finding of ``rule``; its link is the rule's page (a custom rule's ``link`` or its file,
    a built-in rule's page under ``link_base`` or in the installed version's docs)."""
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=severity,
        message=message,
        address=address,
        file=file,
        line=line,
        end_line=end_line,
        link=rule.link or (rule_link(rule.id, link_base) if rule.builtin else rule.source),
    )


def attribute_line(key: Key, *attributes: str) -> int:
    """Line of the first written attribute (Terraform, deprecated or ROS spelling), else the block line."""
    for name in attributes:
        for spelling in (name, *DEPRECATED_SPELLINGS.get(name, ()), ROS_PROPERTIES.get(name, name)):
            if spelling in key.attributes:
                return key.attributes[spelling]
    return key.line


def version_day_price(classification: Classification, report: Report) -> Decimal:
    """Daily price of one version of a key (advanced HSM: the first-2,000 tier price)."""
    from kmslint.engine import version_daily_price  # loaded already: the report was priced with it

    return version_daily_price(classification, report.book)


def version_month_price(classification: Classification, report: Report) -> Decimal:
    """What one more version of a key costs a month."""
    return version_day_price(classification, report) * report.estimate.period.month_days


def cost_of(report: Report, ref: str | None) -> KeyCost | None:
    """The priced key whose ``Key.ref`` is ``ref``, if scanned."""
    return next((cost for cost in report.estimate.keys if cost.key.ref == ref), None)
