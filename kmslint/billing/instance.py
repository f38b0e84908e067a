"""KMS instance billing ("KMS 3.0"): the instance is the unit of cost, not the key or the call.

Pay-as-you-go, per calendar day: the instance (software or hardware), every key version of
the keys inside it (PendingDeletion keys are free), every secret, and every QPS unit
(ceil of the peak QPS). Subscription: a monthly price for the default size, whatever it holds.
No per-call fee in either. Each key's and secret's pay-as-you-go fee is its own line, so the
per-key figures plus the instance's own fee add up to the instance total exactly.
Prices that are not published (non-default sizes, ``-small`` editions, sharing, multi-VPC,
log storage) are named in ``not_priced``; a price that depends on them is None, never $0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from kmslint.billing.calendar import Period, change_days, segments, versions_on_day
from kmslint.billing.costs import (
    ZERO,
    InstanceCost,
    InstanceUsage,
    KeyCost,
    Priced,
    PricingRequest,
    Quota,
    SecretCost,
    classify,
)
from kmslint.model import (
    HARDWARE_EDITION,
    INSTANCE,
    PAY_AS_YOU_GO,
    SOFTWARE_EDITION,
    Instance,
    Key,
    Secret,
    key_ref,
)
from kmslint.pricebook import InstancePrices

KNOWN_EDITIONS = (SOFTWARE_EDITION, HARDWARE_EDITION)
# The basic editions: Terraform's undocumented "5" and ROS's "-small" ones (prices unpublished).
BASIC_EDITIONS = {
    "5": 'product_version "5" (the basic software edition; price not published)',
    "software-small": 'ProductVersion "software-small" (a basic edition; price not published)',
    "hardware-small": 'ProductVersion "hardware-small" (a basic edition; price not published)',
}
HSM_NOTE = "the Cloud HSM a hardware instance needs is bought separately and is not included"


def members_of(item: Key | Secret) -> str | None:
    """The ``Instance.ref`` a key or secret belongs to (None outside any instance)."""
    return key_ref(item.project, item.instance) if item.instance else None


def key_share(key: Key, period: Period, daily: Decimal) -> list[Decimal]:
    """A key's pay-as-you-go version fee for each month (PendingDeletion keys are free)."""
    months = [ZERO] * period.months
    if not key.exists_billed:
        return months
    for start, end in segments([key], period):
        months[start // period.month_days] += (end - start) * versions_on_day(key, start) * daily
    return months


def key_quota(keys: list[Key], limit: int | None, period: Period) -> Quota:
    """Key versions in use at the end of month 1 and of the horizon; the first day over a limit."""
    last_day = period.days - 1
    quota = Quota(
        limit,
        sum(versions_on_day(key, period.month_days - 1) for key in keys),
        sum(versions_on_day(key, last_day) for key in keys),
    )
    if limit is None:
        return quota
    days = sorted({0}.union(*(change_days(key, period) for key in keys)))
    quota.exceeded_day = next(
        (day for day in days if sum(versions_on_day(key, day) for key in keys) > limit), None
    )
    return quota


def unpublished(instance: Instance, prices: InstancePrices) -> tuple[list[str], bool]:
    """What in this instance has no published price, and whether that leaves it unpriced."""
    if instance.edition not in KNOWN_EDITIONS:
        return [f"edition {instance.edition!r} (not a published price)"], True
    if instance.product_version in BASIC_EDITIONS:
        return [BASIC_EDITIONS[instance.product_version]], True
    found = []
    if instance.payment_type == PAY_AS_YOU_GO:
        if instance.bound_vpcs > 1:
            found.append(f"multi-VPC fee ({instance.bound_vpcs} VPCs bound)")
        if instance.log_storage:
            found.append("log storage")
        return found, False
    included_spec = prices.included_spec[instance.edition]
    if instance.key_num is not None and instance.key_num > prices.included_key_num:
        found.append(f"key quota {instance.key_num} (above the default {prices.included_key_num})")
    if instance.spec is not None and instance.spec > included_spec:
        found.append(f"QPS spec {instance.spec} (above the default {included_spec})")
    if instance.secret_num:
        found.append(f"secret quota {instance.secret_num}")
    if instance.vpc_num is not None and instance.vpc_num > prices.included_vpc_num:
        found.append(f"VPC quota {instance.vpc_num} (above the default {prices.included_vpc_num})")
    if instance.log_storage:
        found.append("log storage")
    return found, bool(found)


@dataclass
class _Qps:
    units: int
    known: bool
    note: str | None = None


def qps_units(peak: Decimal | None, calls: list[Decimal | None]) -> _Qps:
    """QPS units of a pay-as-you-go instance: ceil(peak_qps), else a lower bound from calls."""
    if peak is not None:
        return _Qps(math.ceil(peak), True)
    if any(c for c in calls if c is not None):
        note = "calls are declared on its keys but no peak_qps: priced at 1 QPS unit, a lower bound"
        return _Qps(1, True, note)
    if calls and all(c is not None for c in calls):
        return _Qps(0, True)
    note = "QPS cost depends on usage (give peak_qps for this instance): the figure is a floor"
    return _Qps(0, False, note)


class _InstancePricer:
    """Prices one instance and its members."""

    def __init__(
        self, instance: Instance, keys: list[Key], secrets: list[Secret], request: PricingRequest
    ) -> None:
        self.instance, self.keys, self.secrets, self.request = instance, keys, secrets, request
        self.prices = request.book.instances
        self.usage = request.instance_usage.get(instance.ref, InstanceUsage())
        self.period = request.period

    def price(self) -> Priced:
        instance, prices, period = self.instance, self.prices, self.period
        not_priced, blocks = unpublished(instance, prices)
        payg = instance.payment_type == PAY_AS_YOU_GO
        negotiated = self.usage.monthly_price_usd
        priced = negotiated is not None or not blocks
        cost = InstanceCost(
            instance=instance,
            fee_by_month=None,
            members_by_month=[ZERO] * period.months,
            key_quota=key_quota(self.keys, None if payg else self._key_limit(), period),
            secret_quota=Quota(None if payg else instance.secret_num, len(self.secrets)),
            qps_quota=Quota(None if payg else self._qps_limit()),
            peak_qps=self.usage.peak_qps,
            not_priced=not_priced,
            key_count=len(self.keys),
            secret_count=len(self.secrets),
        )
        shares = [[ZERO] * period.months for _ in self.keys]
        secret_months: list[list[Decimal] | None] = [[ZERO] * period.months for _ in self.secrets]
        if payg and priced and not blocks:
            shares = [key_share(k, period, prices.payg_key_version_daily) for k in self.keys]
            secret_months = [self._secret_months() for _ in self.secrets]
        elif not priced:
            secret_months = [None for _ in self.secrets]
        if priced:
            cost.fee_by_month = self._payg_fee(cost) if payg else self._subscription_fee()
        for months in [*shares, *(m for m in secret_months if m is not None)]:
            cost.members_by_month = [
                a + b for a, b in zip(cost.members_by_month, months, strict=True)
            ]
        cost.notes.extend(self._notes(not_priced, negotiated))
        keys = [self._key_cost(key, months) for key, months in zip(self.keys, shares, strict=True)]
        secrets = [SecretCost(s, m) for s, m in zip(self.secrets, secret_months, strict=True)]
        return Priced(keys=keys, instances=[cost], secrets=secrets)

    def _key_limit(self) -> int:
        return self.instance.key_num or self.prices.included_key_num

    def _qps_limit(self) -> int | None:
        if self.instance.spec is not None:
            return self.instance.spec
        return self.prices.included_spec.get(self.instance.edition)

    def _secret_months(self) -> list[Decimal]:
        return [self.period.month_days * self.prices.payg_secret_daily] * self.period.months

    def _payg_fee(self, cost: InstanceCost) -> list[Decimal]:
        calls = [self.request.calls.get(key.ref) for key in self.keys]
        qps = qps_units(self.usage.peak_qps, calls)
        cost.qps_units, cost.usage_known = qps.units, qps.known
        if qps.note:
            cost.notes.append(qps.note)
        prices, days = self.prices, self.period.month_days
        base = days * prices.payg_instance_daily[self.instance.edition]
        if self.usage.monthly_price_usd is not None:
            base = self.usage.monthly_price_usd
        return [base + days * qps.units * prices.payg_qps_unit_daily] * self.period.months

    def _subscription_fee(self) -> list[Decimal]:
        negotiated = self.usage.monthly_price_usd
        fee = (
            negotiated
            if negotiated is not None
            else self.prices.subscription_monthly[self.instance.edition]
        )
        return [fee] * self.period.months

    def _notes(self, not_priced: list[str], negotiated: Decimal | None) -> list[str]:
        notes = [f"not priced: {item}" for item in not_priced]
        if negotiated is not None:
            notes.append("monthly_price_usd from the usage file replaces the list price")
        if self.instance.edition == HARDWARE_EDITION:
            notes.append(HSM_NOTE)
        if self.instance.payment_type != PAY_AS_YOU_GO and self.instance.term_months:
            notes.append(f"subscription term: {self.instance.term_months} month(s)")
        return notes

    def _key_cost(self, key: Key, months: list[Decimal]) -> KeyCost:
        return KeyCost(
            key=key,
            classification=classify(key, self.request.book),
            billed=False,
            versions_month_1=versions_on_day(key, self.period.month_days - 1),
            versions_horizon=versions_on_day(key, self.period.days - 1),
            hosting_by_month=months,
            calls=self.request.calls.get(key.ref),
            api_cost=ZERO,
        )


def outside_key_cost(key: Key, request: PricingRequest) -> KeyCost:
    """A key in an instance the scan does not hold: named, not priced (its figures are 0)."""
    period = request.period
    return KeyCost(
        key=key,
        classification=classify(key, request.book),
        billed=False,
        versions_month_1=versions_on_day(key, period.month_days - 1),
        versions_horizon=versions_on_day(key, period.days - 1),
        hosting_by_month=[ZERO] * period.months,
        calls=request.calls.get(key.ref),
        api_cost=ZERO,
    )


class InstanceModel:
    """The ``instance`` billing model: every scanned instance with the keys and secrets in it."""

    name = INSTANCE

    def price(self, keys: list[Key], secrets: list[Secret], request: PricingRequest) -> Priced:
        result = Priced()
        priced_keys: dict[str, KeyCost] = {}
        priced_secrets: dict[str, SecretCost] = {}
        for instance in request.instances:
            members = [k for k in keys if members_of(k) == instance.ref]
            held = [s for s in secrets if members_of(s) == instance.ref]
            priced = _InstancePricer(instance, members, held, request).price()
            result.instances.extend(priced.instances)
            priced_keys.update((cost.key.ref, cost) for cost in priced.keys)
            priced_secrets.update((cost.secret.ref, cost) for cost in priced.secrets)
        result.keys = [priced_keys.get(k.ref) or outside_key_cost(k, request) for k in keys]
        result.secrets = [priced_secrets.get(s.ref) or SecretCost(s, None) for s in secrets]
        return result
