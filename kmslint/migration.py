"""The move off KMS 1.0: per region, what a KMS instance must hold and what each option costs.

For the KMS 1.0 keys of a report, one region at a time (an instance serves one region): the
keys and their versions now and at the horizon (every existing version moves and uses key
quota), the quota a target instance needs, the 50-key migration batches, and for each edition
(software, hardware) and payment type (pay-as-you-go, subscription) the month-1 and horizon-
month cost beside today's KMS 1.0 cost. Prices come from the price book; what is not
published is named, never priced as $0. Blockers are what a move would break.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from kmslint.billing.costs import ZERO, KeyCost
from kmslint.billing.instance import HSM_NOTE, key_share, qps_units
from kmslint.kms import HSM
from kmslint.model import HARDWARE_EDITION, KMS1, PAY_AS_YOU_GO, SOFTWARE_EDITION, SUBSCRIPTION
from kmslint.money import money_str
from kmslint.policy.fields import days_str
from kmslint.report import Report

EDITIONS = (SOFTWARE_EDITION, HARDWARE_EDITION)
PAYMENT_TYPES = (PAY_AS_YOU_GO, SUBSCRIPTION)
MIGRATION_VERSION = "1"
LIFECYCLE_FIELDS = ("dkms_instance_id", "automatic_rotation", "rotation_interval")
PRIOR_STATE_NOTE = "created "  # the note plan JSON reading gives a key from its creation_date
PRIOR_STATE_RULE = (
    "Versions now of a rotating key in a plan's prior state: 1 + floor((as of - creation_date) / "
    "rotation interval), as of {as_of}; every automatic rotation leaves a version that stays "
    "billed, versions made by hand are not in the plan (declare them with existing_versions)."
)


@dataclass
class Option:
    edition: str
    payment_type: str
    monthly_cost: Decimal | None
    horizon_monthly_cost: Decimal | None
    notes: list[str] = field(default_factory=list)

    @property
    def priced(self) -> bool:
        return self.monthly_cost is not None and self.horizon_monthly_cost is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "payment_type": self.payment_type,
            "monthly_cost": None if self.monthly_cost is None else money_str(self.monthly_cost),
            "horizon_monthly_cost": None
            if self.horizon_monthly_cost is None
            else money_str(self.horizon_monthly_cost),
            "priced": self.priced,
            "notes": list(self.notes),
        }


@dataclass
class Blocker:
    address: str
    file: str
    line: int
    edition: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "file": self.file,
            "line": self.line,
            "edition": self.edition,
            "reason": self.reason,
        }


@dataclass
class RegionPlan:
    region: str
    keys: list[KeyCost]
    options: list[Option]
    blockers: list[Blocker]
    batch_size: int

    @property
    def versions_month_1(self) -> int:
        return sum(cost.versions_month_1 for cost in self.keys)

    @property
    def versions_horizon(self) -> int:
        return sum(cost.versions_horizon for cost in self.keys)

    @property
    def batches(self) -> int:
        return math.ceil(len(self.keys) / self.batch_size)

    @property
    def kms1_monthly_cost(self) -> Decimal:
        return sum((cost.monthly_cost for cost in self.keys), ZERO)

    @property
    def kms1_horizon_monthly_cost(self) -> Decimal:
        return sum((cost.horizon_monthly_cost for cost in self.keys), ZERO)

    @property
    def usage_known(self) -> bool:
        return all(cost.usage_known for cost in self.keys)

    @property
    def hsm_keys(self) -> bool:
        return any(cost.classification.protection_level == HSM for cost in self.keys)

    def existing_versions(self) -> list[dict[str, str]]:
        """Versions a key already has from its plan's creation_date, with how they were counted."""
        return [
            {"address": cost.key.address, "note": note}
            for cost in self.keys
            for note in cost.key.notes
            if note.startswith(PRIOR_STATE_NOTE)
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "keys": len(self.keys),
            "addresses": [cost.key.address for cost in self.keys],
            "existing_versions": self.existing_versions(),
            "versions_month_1": self.versions_month_1,
            "versions_horizon": self.versions_horizon,
            "key_quota_needed": self.versions_horizon,
            "batches": self.batches,
            "kms1_monthly_cost": money_str(self.kms1_monthly_cost),
            "kms1_horizon_monthly_cost": money_str(self.kms1_horizon_monthly_cost),
            "kms1_usage_known": self.usage_known,
            "options": [option.to_json() for option in self.options],
            "blockers": [blocker.to_json() for blocker in self.blockers],
            "terraform_lifecycle": lifecycle_block(self.hsm_keys),
        }


def lifecycle_block(hsm_keys: bool) -> str:
    """The ``lifecycle`` block the migration guide asks for (providers <= 1.235.0)."""
    fields = [*LIFECYCLE_FIELDS, *(["protection_level"] if hsm_keys else [])]
    return "lifecycle {\n  ignore_changes = [" + ", ".join(fields) + "]\n}"


class _Pricer:
    """Prices the options of one region from the report's price book and period."""

    def __init__(self, report: Report) -> None:
        self.prices = report.book.instances
        self.period = report.estimate.period

    def payg(self, edition: str, keys: list[KeyCost]) -> Option:
        prices, period = self.prices, self.period
        qps = qps_units(None, [cost.calls for cost in keys])
        daily = prices.payg_instance_daily[edition] + qps.units * prices.payg_qps_unit_daily
        months = [period.month_days * daily] * period.months
        for cost in keys:
            share = key_share(cost.key, period, prices.payg_key_version_daily)
            months = [a + b for a, b in zip(months, share, strict=True)]
        notes = [qps.note] if qps.note else []
        return Option(edition, PAY_AS_YOU_GO, months[0], months[-1], notes)

    def subscription(self, edition: str, keys: list[KeyCost]) -> Option:
        limit = self.prices.included_key_num
        price = self.prices.subscription_monthly[edition]
        first = sum(cost.versions_month_1 for cost in keys)
        last = sum(cost.versions_horizon for cost in keys)
        option = Option(edition, SUBSCRIPTION, price, price)
        if first > limit:
            option.monthly_cost = None
        if last > limit:
            option.horizon_monthly_cost = None
            option.notes.append(
                f"not priced: a key quota of {last:,} (above the default {limit:,}) is not "
                "published"
            )
        return option

    def options(self, keys: list[KeyCost]) -> list[Option]:
        found = []
        for edition in EDITIONS:
            for option in (self.payg(edition, keys), self.subscription(edition, keys)):
                if edition == HARDWARE_EDITION:
                    option.notes.append(HSM_NOTE)
                found.append(option)
        return found


def _blockers(cost: KeyCost, report: Report) -> Iterator[Blocker]:
    key, prices = cost.key, report.book.instances

    def blocker(edition: str, reason: str, attribute: str) -> Blocker:
        return Blocker(key.address, key.file, key.attribute_line(attribute), edition, reason)

    for edition in EDITIONS:
        if key.key_spec not in prices.key_specs[edition]:
            yield blocker(
                edition,
                f"key_spec {key.key_spec} cannot be held by a {edition} instance",
                "key_spec",
            )
    interval = key.rotation_interval_days
    if key.rotation_enabled and interval is not None and interval > prices.rotation_max_days:
        reason = (
            f"rotation every {days_str(interval)} days is over the {prices.rotation_max_days} days "
            "a software-instance key allows"
        )
        yield blocker(SOFTWARE_EDITION, reason, "rotation_interval")
    if key.rotation_enabled:
        yield blocker(
            HARDWARE_EDITION,
            "hardware-instance keys do not rotate automatically",
            "automatic_rotation",
        )
    if cost.classification.protection_level == HSM:
        yield blocker(
            SOFTWARE_EDITION,
            "an HSM key moved to a software instance loses HSM protection",
            "protection_level",
        )


def plan_migration(report: Report) -> list[RegionPlan]:
    """One plan per region that has KMS 1.0 keys, in region order."""
    by_region: dict[str, list[KeyCost]] = {}
    for cost in report.estimate.keys:
        if cost.billing_model == KMS1 and cost.billed:
            by_region.setdefault(cost.key.region or "unknown", []).append(cost)
    pricer = _Pricer(report)
    batch = report.book.instances.migration_batch
    return [
        RegionPlan(
            region,
            keys,
            pricer.options(keys),
            [b for cost in keys for b in _blockers(cost, report)],
            batch,
        )
        for region, keys in sorted(by_region.items())
    ]


def migration_json(report: Report, as_of: date) -> dict[str, Any]:
    """The ``kmslint migrate --format json`` document."""
    plans = plan_migration(report)
    dated = any(plan.existing_versions() for plan in plans)
    return {
        "version": MIGRATION_VERSION,
        "currency": report.book.currency,
        "as_of": as_of.isoformat(),
        "horizon_months": report.estimate.period.months,
        "month_days": report.estimate.period.month_days,
        "kms1_end_of_service": report.book.instances.kms1_end_of_service,
        "assumptions": [PRIOR_STATE_RULE.format(as_of=as_of.isoformat())] if dated else [],
        "regions": [plan.to_json() for plan in plans],
        "errors": [d.to_json() for d in report.errors],
    }
