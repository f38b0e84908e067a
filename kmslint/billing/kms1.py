"""KMS 1.0 billing: per key version per day, the account-wide advanced-HSM tier, API calls.

Hosting for a month is the sum over its days of versions x daily price. Advanced HSM versions
share one account-wide tier per day; each key pays a share of that day's tier cost
proportional to its versions, rounded so that the per-key figures add up exactly to the total.
API per month = calls / 10,000 x the rate of the key's class and region class.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from decimal import Decimal

from kmslint.billing.calendar import Period, segments, version_counter, versions_on_day
from kmslint.billing.costs import (
    Classification,
    KeyCost,
    Priced,
    PricingRequest,
    SecretCost,
    classify,
)
from kmslint.kms import ADVANCED, SOFTWARE
from kmslint.model import KMS1, Key, Secret
from kmslint.pricebook import PriceBook

# Tier shares are rounded to this quantum (USD) with a largest-remainder allocation.
SHARE_QUANTUM = Decimal("1e-10")
_SHARE_UNITS = 10**10


@dataclass(frozen=True)
class TierBackground:
    """Advanced-HSM versions billed beside the keys being priced, as a step function of the day.

    ``versions[i]`` holds from day ``starts[i]`` until the next start. Pricing keys against a
    background gives their marginal cost: what the account pays extra because they exist.
    """

    starts: tuple[int, ...]
    versions: tuple[int, ...]

    def on_day(self, day: int) -> int:
        index = bisect.bisect_right(self.starts, day) - 1
        return self.versions[index] if index >= 0 else 0

    def without(self, key: Key) -> TierBackground:
        """The background minus one of its keys (whose change days must be among ``starts``)."""
        return TierBackground(
            self.starts,
            tuple(
                v - versions_on_day(key, s) for s, v in zip(self.starts, self.versions, strict=True)
            ),
        )


def _tier_day_cost(total_versions: int, existing: int, book: PriceBook) -> Decimal:
    within = max(
        0,
        min(book.advanced_tier_versions, existing + total_versions)
        - min(book.advanced_tier_versions, existing),
    )
    beyond = total_versions - within
    return within * book.advanced_within_tier_daily + beyond * book.advanced_beyond_tier_daily


def _allocate(total: Decimal, shares: list[int]) -> list[Decimal]:
    """Split ``total`` in proportion to integer ``shares`` so that the parts add up to it exactly.

    Largest remainder on units of ``SHARE_QUANTUM``; ties go to the earlier share.
    """
    weight = sum(shares)
    if weight == 0:
        return [Decimal(0)] * len(shares)
    total_units = int((total * _SHARE_UNITS).to_integral_value())
    floors, remainders = [], []
    for share in shares:
        whole, rest = divmod(total_units * share, weight)
        floors.append(whole)
        remainders.append(rest)
    remainder = total_units - sum(floors)
    by_fraction = sorted(range(len(shares)), key=remainders.__getitem__, reverse=True)
    for i in by_fraction[:remainder]:
        floors[i] += 1
    return [Decimal(units) * SHARE_QUANTUM for units in floors]


def _daily_flat_price(classification: Classification, book: PriceBook) -> Decimal | None:
    """Daily price per version, or None for advanced HSM keys (priced through the tier)."""
    if classification.protection_level == SOFTWARE:
        return book.software_daily
    if classification.key_class == ADVANCED:
        return None
    return book.hsm_basic_daily


def version_daily_price(classification: Classification, book: PriceBook) -> Decimal:
    """Daily price of one version of a key; advanced HSM at the tier price of the first versions."""
    flat = _daily_flat_price(classification, book)
    return book.advanced_within_tier_daily if flat is None else flat


class _TierLedger:
    """Each month's advanced-HSM tier cost and each tiered key's share of it.

    A key's share of a month is the sum over its segments of ``days * versions / total``. It is
    kept exactly in integers: ``numerators[month][slot] / denominators[month]``, the
    denominator growing to the least common multiple of the segment totals seen.
    """

    def __init__(self, members: list[int], months: int) -> None:
        self.members = members
        self.totals = [Decimal(0)] * months
        self.numerators = [[0] * len(members) for _ in range(months)]
        self.denominators = [1] * months

    def add(
        self, month: int, days: int, day_cost: Decimal, versions: list[int], total_versions: int
    ) -> None:
        self.totals[month] += days * day_cost
        if len(self.members) <= 1:  # a lone key carries the whole cost: no shares to keep
            return
        numerators, denominator = self.numerators[month], self.denominators[month]
        if denominator % total_versions:
            common = math.lcm(denominator, total_versions)
            factor = common // denominator
            numerators[:] = [n * factor for n in numerators]
            self.denominators[month] = denominator = common
        scale = days * (denominator // total_versions)
        for slot, i in enumerate(self.members):
            numerators[slot] += scale * versions[i]

    def allocate(self, hosting: list[list[Decimal]]) -> None:
        for month, total in enumerate(self.totals):
            parts = (
                _allocate(total, self.numerators[month])
                if len(self.members) > 1
                else [total] * len(self.members)
            )
            for slot, part in enumerate(parts):
                hosting[self.members[slot]][month] += part


def is_tiered(key: Key, book: PriceBook) -> bool:
    """Whether the key's versions count towards the account-wide advanced-HSM tier."""
    return key.billed and _daily_flat_price(classify(key, book), book) is None


def tier_background(keys: list[Key], period: Period, book: PriceBook) -> TierBackground:
    """The advanced-HSM versions of ``keys`` over the period, day by day."""
    tiered = [key for key in keys if is_tiered(key, book)]
    starts = tuple(start for start, _ in segments(tiered, period))
    return TierBackground(
        starts, tuple(sum(versions_on_day(key, start) for key in tiered) for start in starts)
    )


def price_keys(keys: list[Key], request: PricingRequest) -> list[KeyCost]:
    """Price KMS 1.0 keys over the period (``calls`` maps ``Key.ref`` to monthly billed calls).

    With a ``background``, the advanced-HSM tier also counts its versions, so the keys pay
    their marginal tier cost on top of it.
    """
    period, book, background = request.period, request.book, request.background
    classes = [classify(key, book) for key in keys]
    billed = [key.billed for key in keys]
    flat = [_daily_flat_price(c, book) if billed[i] else Decimal(0) for i, c in enumerate(classes)]
    tier = _TierLedger([i for i, price in enumerate(flat) if price is None], period.months)
    hosting = [[Decimal(0)] * period.months for _ in keys]
    points = background.starts if background is not None else ()
    counters = [version_counter(key) for key in keys]
    for start, end in segments([keys[i] for i, b in enumerate(billed) if b], period, points):
        month, days = start // period.month_days, end - start
        versions = [base + start * q // p if p else base for base, p, q in counters]
        for i, price in enumerate(flat):
            if price:
                hosting[i][month] += days * versions[i] * price
        total_tiered = sum(versions[i] for i in tier.members)
        if total_tiered:
            beside = background.on_day(start) if background is not None else 0
            existing = request.existing_advanced_hsm_versions + beside
            tier.add(
                month, days, _tier_day_cost(total_tiered, existing, book), versions, total_tiered
            )
    tier.allocate(hosting)
    return [
        _key_cost(key, classes[i], billed[i], hosting[i], request.calls.get(key.ref), request)
        for i, key in enumerate(keys)
    ]


def _key_cost(
    key: Key,
    classification: Classification,
    billed: bool,
    hosting: list[Decimal],
    calls: Decimal | None,
    request: PricingRequest,
) -> KeyCost:
    book, period = request.book, request.period
    if not billed:
        api_cost: Decimal | None = Decimal(0)
    elif calls is None:
        api_cost = None
    else:
        rate = book.api_rate(classification.key_class, classification.region_class)
        api_cost = calls / book.calls_per_unit * rate
    return KeyCost(
        key=key,
        classification=classification,
        billed=billed,
        versions_month_1=versions_on_day(key, period.month_days - 1),
        versions_horizon=versions_on_day(key, period.days - 1),
        hosting_by_month=hosting,
        calls=calls,
        api_cost=api_cost,
    )


class Kms1Model:
    """The ``kms1`` billing model. KMS 1.0 secret fees are not in the price book: not priced."""

    name = KMS1

    def price(self, keys: list[Key], secrets: list[Secret], request: PricingRequest) -> Priced:
        return Priced(
            keys=price_keys(keys, request),
            secrets=[SecretCost(secret, None) for secret in secrets],
        )
