"""What the billing models return: priced keys, secrets and instances, and the whole estimate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from kmslint.billing.calendar import Period
from kmslint.kms import HSM, MAINLAND, SOFTWARE
from kmslint.model import KMS1, Instance, Key, Secret
from kmslint.pricebook import PriceBook

if TYPE_CHECKING:
    from kmslint.billing.kms1 import TierBackground

ZERO = Decimal(0)


@dataclass(frozen=True)
class InstanceUsage:
    """What the usage file says about one instance."""

    peak_qps: Decimal | None = None
    monthly_price_usd: Decimal | None = None


@dataclass(frozen=True)
class PricingRequest:
    """Everything a billing model may need beyond its own members.

    ``calls`` maps ``Key.ref`` to monthly billed calls (None: unknown); ``background`` gives the
    advanced-HSM versions priced beside the keys (for marginal costs); ``instance_usage`` is
    keyed by ``Instance.ref``.
    """

    calls: Mapping[str, Decimal | None]
    period: Period
    book: PriceBook
    existing_advanced_hsm_versions: int = 0
    background: TierBackground | None = None
    instances: tuple[Instance, ...] = ()
    instance_usage: Mapping[str, InstanceUsage] = field(default_factory=dict)


@dataclass
class Classification:
    key_spec: str
    key_class: str
    protection_level: str
    region: str
    region_class: str


def classify(key: Key, book: PriceBook) -> Classification:
    """The spec class and region class the key is priced at (conservative where unknown)."""
    spec = book.spec(key.key_spec) or book.key_specs[book.most_expensive_spec(key.key_usage)]
    key_class = spec.key_class
    region = book.region(key.region)
    region_class = region.region_class if region else MAINLAND
    protection = key.protection_level if key.protection_level in (SOFTWARE, HSM) else HSM
    return Classification(key.key_spec, key_class, protection, key.region, region_class)


@dataclass
class KeyCost:
    """One priced key. Under ``instance`` billing, hosting is the key's share of its instance."""

    key: Key
    classification: Classification
    billed: bool  # billed by KMS 1.0 (per version, per call)
    versions_month_1: int
    versions_horizon: int
    hosting_by_month: list[Decimal]
    calls: Decimal | None
    api_cost: Decimal | None

    @property
    def billing_model(self) -> str:
        return self.key.billing_model

    @property
    def instance(self) -> str | None:
        return self.key.instance

    @property
    def hosting_cost(self) -> Decimal:
        return self.hosting_by_month[0]

    @property
    def usage_known(self) -> bool:
        return self.api_cost is not None

    @property
    def monthly_cost(self) -> Decimal:
        return self.hosting_by_month[0] + (self.api_cost or ZERO)

    @property
    def horizon_monthly_cost(self) -> Decimal:
        return self.hosting_by_month[-1] + (self.api_cost or ZERO)

    @property
    def horizon_total_cost(self) -> Decimal:
        return sum(self.hosting_by_month, ZERO) + len(self.hosting_by_month) * (
            self.api_cost or ZERO
        )

    def monthly_series(self) -> list[Decimal]:
        """Cost of each month of the horizon (hosting + API)."""
        api = self.api_cost or ZERO
        return [hosting + api for hosting in self.hosting_by_month]


@dataclass
class SecretCost:
    """One secret: its share of a pay-as-you-go instance, 0 in a subscription, else not priced."""

    secret: Secret
    by_month: list[Decimal] | None

    @property
    def priced(self) -> bool:
        return self.by_month is not None

    @property
    def monthly_cost(self) -> Decimal | None:
        return None if self.by_month is None else self.by_month[0]

    @property
    def horizon_monthly_cost(self) -> Decimal | None:
        return None if self.by_month is None else self.by_month[-1]


@dataclass
class Quota:
    """A quota of an instance and what uses it (None where it does not apply)."""

    limit: int | None
    used_month_1: int | None = None
    used_horizon: int | None = None
    exceeded_day: int | None = None  # first day the use is over the limit


@dataclass
class InstanceCost:
    """A KMS instance: its own fee (instance + QPS, or the subscription) and its members' shares.

    ``fee_by_month`` is None when the instance's price is not published (not priced, never $0).
    """

    instance: Instance
    fee_by_month: list[Decimal] | None
    members_by_month: list[Decimal]
    key_quota: Quota
    secret_quota: Quota
    qps_quota: Quota
    peak_qps: Decimal | None = None
    qps_units: int | None = None
    usage_known: bool = True
    not_priced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    key_count: int = 0
    secret_count: int = 0

    @property
    def priced(self) -> bool:
        return self.fee_by_month is not None

    @property
    def by_month(self) -> list[Decimal] | None:
        if self.fee_by_month is None:
            return None
        return [
            fee + members
            for fee, members in zip(self.fee_by_month, self.members_by_month, strict=True)
        ]

    def _month(self, index: int) -> Decimal | None:
        months = self.by_month
        return None if months is None else months[index]

    @property
    def monthly_cost(self) -> Decimal | None:
        return self._month(0)

    @property
    def horizon_monthly_cost(self) -> Decimal | None:
        return self._month(-1)

    @property
    def horizon_total_cost(self) -> Decimal | None:
        months = self.by_month
        return None if months is None else sum(months, ZERO)

    @property
    def hosting_cost(self) -> Decimal | None:
        return self.monthly_cost

    def monthly_series(self) -> list[Decimal]:
        return self.by_month or [ZERO] * len(self.members_by_month)


@dataclass
class Priced:
    """What one billing model returns for its members."""

    keys: list[KeyCost] = field(default_factory=list)
    instances: list[InstanceCost] = field(default_factory=list)
    secrets: list[SecretCost] = field(default_factory=list)


@dataclass
class CostEstimate:
    period: Period
    keys: list[KeyCost] = field(default_factory=list)
    instances: list[InstanceCost] = field(default_factory=list)
    secrets: list[SecretCost] = field(default_factory=list)

    def _billed_apart(self) -> list[KeyCost]:
        """Keys whose cost is not already inside an instance total (the KMS 1.0 keys)."""
        return [cost for cost in self.keys if cost.billing_model == KMS1]

    def total(self, attribute: str) -> Decimal:
        keys = sum((getattr(cost, attribute) for cost in self._billed_apart()), ZERO)
        instances = (getattr(cost, attribute) for cost in self.instances)
        return keys + sum((value for value in instances if value is not None), ZERO)

    def model_total(self, model: str, attribute: str) -> Decimal:
        """The total of one billing model (``kms1`` keys, or ``instance``: the instances)."""
        if model == KMS1:
            return sum((getattr(cost, attribute) for cost in self._billed_apart()), ZERO)
        values = (getattr(cost, attribute) for cost in self.instances)
        return sum((value for value in values if value is not None), ZERO)

    @property
    def api_cost(self) -> Decimal:
        return sum((c.api_cost for c in self.keys if c.api_cost is not None), ZERO)

    @property
    def usage_unknown_count(self) -> int:
        return sum(1 for c in self.keys if not c.usage_known)

    def monthly_series(self) -> list[Decimal]:
        totals = [ZERO] * self.period.months
        series = [cost.monthly_series() for cost in self._billed_apart()]
        series += [cost.monthly_series() for cost in self.instances]
        for months in series:
            totals = [a + b for a, b in zip(totals, months, strict=True)]
        return totals
