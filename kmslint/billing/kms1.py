"""KMS 1.0 billing: per key version per day, the account-wide advanced-HSM tier, API calls.

Hosting for a month is the sum over its days of versions x daily price. Advanced HSM versions
share one account-wide tier per day; each key pays a share of that day's tier cost
proportional to its versions, rounded so that the per-key figures add up exactly to the total.
API per month = calls / 10,000 x the rate of the key's class and region class.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from kmslint.billing.calendar import (
    Period,
    first_day_with,
    segments,
    version_counter,
    version_days,
    versions_on_day,
)
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


VersionCounter = tuple[int, int, int]  # a key's (base, p, q): see ``calendar.version_counter``


@dataclass(frozen=True)
class TierBackground:
    """Advanced-HSM versions billed beside the keys being priced, as a step function of the day.

    ``versions[i]`` holds from day ``starts[i]`` until the next start, less what the keys
    counted in ``removed`` have on ``starts[i]``. It never decreases (versions only grow).
    Pricing keys against a background gives their marginal cost: what the account pays extra
    because they exist.
    """

    starts: tuple[int, ...]
    versions: tuple[int, ...]
    removed: tuple[VersionCounter, ...] = ()

    def at(self, index: int) -> int:
        """The versions of segment ``index`` (which starts on ``starts[index]``)."""
        start = self.starts[index]
        return self.versions[index] - sum(
            base + start * q // p if p else base for base, p, q in self.removed
        )

    def on_day(self, day: int) -> int:
        index = bisect.bisect_right(self.starts, day) - 1
        return self.at(index) if index >= 0 else 0

    def without(self, key: Key) -> TierBackground:
        """The background minus one of its keys (whose change days must be among ``starts``)."""
        return TierBackground(self.starts, self.versions, (*self.removed, version_counter(key)))


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
    kept exactly in integers: ``numerators[month][group] / denominators[month]``, the
    denominator growing to the least common multiple of the segment totals seen. Keys with the
    same version counter have the same share, so numerators are kept per group
    (``group_of[slot]``; by default each member is its own group) and ``add`` takes the
    versions of one key of each group.
    """

    def __init__(self, members: list[int], months: int, group_of: list[int] | None = None) -> None:
        self.members = members
        self.group_of = list(range(len(members))) if group_of is None else group_of
        groups = max(self.group_of, default=-1) + 1
        self.totals = [Decimal(0)] * months
        self.numerators = [[0] * groups for _ in range(months)]
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
        for group, count in enumerate(versions):
            numerators[group] += scale * count

    def allocate(self, hosting: list[list[Decimal]]) -> None:
        for month, total in enumerate(self.totals):
            if len(self.members) > 1:
                numerators = self.numerators[month]
                parts = _allocate(total, [numerators[group] for group in self.group_of])
            else:
                parts = [total] * len(self.members)
            for slot, part in enumerate(parts):
                hosting[self.members[slot]][month] += part


def is_tiered(key: Key, book: PriceBook) -> bool:
    """Whether the key's versions count towards the account-wide advanced-HSM tier."""
    return key.billed and _daily_flat_price(classify(key, book), book) is None


def _versions_of(counters: dict[VersionCounter, int], day: int) -> int:
    """The versions on ``day`` of ``counters[c]`` keys with each counter ``c``."""
    return sum(n * (base + day * q // p if p else base) for (base, p, q), n in counters.items())


def tier_background(keys: list[Key], period: Period, book: PriceBook) -> TierBackground:
    """The advanced-HSM versions of ``keys`` over the period, day by day."""
    tiered = [key for key in keys if is_tiered(key, book)]
    counters = Counter(version_counter(key) for key in tiered)
    starts = tuple(start for start, _ in segments(tiered, period))
    return TierBackground(starts, tuple(_versions_of(counters, start) for start in starts))


@functools.lru_cache(maxsize=4096)
def _month_version_days(counter: VersionCounter, period: Period) -> tuple[int, ...]:
    """The key's version-days in each month of the period."""
    step = period.month_days
    return tuple(version_days(counter, m * step, (m + 1) * step) for m in range(period.months))


def _month_pieces(period: Period, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """``(month index, lo, hi)`` for the parts of days [start, end) in each month."""
    step = period.month_days
    while start < end:
        month = start // step
        hi = min(end, (month + 1) * step)
        yield month, start, hi
        start = hi


def _under_tier(request: PricingRequest) -> Iterator[tuple[int, int, int]]:
    """``(start, end, versions)``: day ranges on which fewer than the tier's versions exist
    beside the keys being priced (the background and the declared existing versions)."""
    limit, days = request.book.advanced_tier_versions, request.period.days
    existing, background = request.existing_advanced_hsm_versions, request.background
    starts = background.starts if background is not None else ()
    if not starts or starts[0] > 0:  # no background before its first start
        if existing >= limit:
            return
        yield 0, min(starts[0], days) if starts else days, existing
    for index, start in enumerate(starts):
        beside = existing + background.at(index) if background is not None else existing
        if beside >= limit or start >= days:
            return  # the background never decreases
        end = starts[index + 1] if index + 1 < len(starts) else days
        yield start, min(end, days), beside


def _lone_tier_hosting(counter: VersionCounter, request: PricingRequest) -> list[Decimal]:
    """Each month's tier cost of one advanced-HSM key priced alone (beside the background).

    Its versions on a day cost the within-tier price up to the room left under the tier and
    the beyond-tier price above it, so a month costs ``W * within + (V - W) * beyond`` for the
    month's version-days ``V`` and version-days under the tier ``W``, both integers.
    """
    book, limit = request.book, request.book.advanced_tier_versions
    within = [0] * request.period.months
    for start, end, beside in _under_tier(request):
        room = limit - beside
        full = first_day_with(counter, room)  # from this day on the key fills the room
        for month, lo, hi in _month_pieces(request.period, start, end):
            cut = hi if full is None else min(hi, max(lo, full))
            within[month] += version_days(counter, lo, cut) + room * (hi - cut)
    return [
        under * book.advanced_within_tier_daily + (total - under) * book.advanced_beyond_tier_daily
        for under, total in zip(within, _month_version_days(counter, request.period), strict=True)
    ]


def _shared_tier_hosting(
    keys: list[Key], members: list[int], request: PricingRequest, hosting: list[list[Decimal]]
) -> None:
    """Add to ``hosting`` each member's share of the tier cost, segment by segment."""
    period, book, background = request.period, request.book, request.background
    groups: dict[VersionCounter, int] = {}
    group_of = [groups.setdefault(version_counter(keys[i]), len(groups)) for i in members]
    copies = Counter(group_of)
    tier = _TierLedger(members, period.months, group_of)
    points = background.starts if background is not None else ()
    for start, end in segments([key for key in keys if key.billed], period, points):
        versions = [base + start * q // p if p else base for base, p, q in groups]
        total = sum(copies[group] * count for group, count in enumerate(versions))
        beside = background.on_day(start) if background is not None else 0
        existing = request.existing_advanced_hsm_versions + beside
        day_cost = _tier_day_cost(total, existing, book)
        tier.add(start // period.month_days, end - start, day_cost, versions, total)
    tier.allocate(hosting)


def price_keys(keys: list[Key], request: PricingRequest) -> list[KeyCost]:
    """Price KMS 1.0 keys over the period (``calls`` maps ``Key.ref`` to monthly billed calls).

    With a ``background``, the advanced-HSM tier also counts its versions, so the keys pay
    their marginal tier cost on top of it. Hosting is integer version-days times the daily
    price; only the shares of a tier that several keys use are followed segment by segment.
    """
    period, book = request.period, request.book
    classes = [classify(key, book) for key in keys]
    billed = [key.billed for key in keys]
    flat = [_daily_flat_price(c, book) if billed[i] else Decimal(0) for i, c in enumerate(classes)]
    hosting = [[Decimal(0)] * period.months for _ in keys]
    for i, price in enumerate(flat):
        if price:
            by_month = _month_version_days(version_counter(keys[i]), period)
            for month, days in enumerate(by_month):
                hosting[i][month] += days * price
    members = [i for i, price in enumerate(flat) if price is None]
    if len(members) == 1:
        (lone,) = members
        for month, cost in enumerate(_lone_tier_hosting(version_counter(keys[lone]), request)):
            hosting[lone][month] += cost
    elif members:
        _shared_tier_hosting(keys, members, request, hosting)
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
