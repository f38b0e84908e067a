"""Hosting from integer version-days: exact figures worked by hand from KMS-PRICING.md.

Prices (section 1): advanced HSM 0.083 per version-day for the account's first 2,000 versions
and 0.033 beyond; basic HSM 0.033; SOFTWARE 0.002. API (per 10,000 calls): advanced 0.24 in
mainland China, 0.15 outside. Two 30-day months; the account declares 1,997 advanced HSM
versions outside the scan, so only 3 fit under the tier.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kmslint.billing.calendar import (
    Period,
    change_days,
    first_day_with,
    floor_sum,
    version_counter,
    version_days,
    versions_on_day,
)
from kmslint.engine import estimate
from kmslint.model import Key, SourceRange
from kmslint.pricebook import load_price_book
from kmslint.savings import SavingsCalculator, _longer_rotation, _software

BOOK = load_price_book()
PERIOD = Period(2, 30)
EXISTING = 1997
D = Decimal


def _key(name: str, rotation_days: int | None, **fields: Any) -> Key:
    values: dict[str, Any] = {
        "type": "alicloud_kms_key",
        "key_spec": "EC_P256",
        "key_usage": "SIGN/VERIFY",
        "protection_level": "HSM",
    }
    if rotation_days is not None:
        values.update(rotation_enabled=True, rotation_interval=f"{rotation_days}d")
        values["rotation_interval_days"] = Fraction(rotation_days)
    values.update(fields)
    return Key(address=f"alicloud_kms_key.{name}", source=SourceRange("main.tf", 1), **values)


# a: advanced, Hangzhou, a version every 20 days: 1 (days 0-19), 2 (20-39), 3 (40-59).
A = _key("a", 20, region="cn-hangzhou")
# b: advanced, Singapore, one alicloud_kms_key_version, every 45 days: 2, then 3 from day 45.
B = _key("b", 45, region="ap-southeast-1", extra_versions=1)
# c: basic HSM, Virginia, every 10 days: 60 version-days in month 1, 150 in month 2.
C = _key("c", 10, region="us-east-1", key_spec="Aliyun_AES_256", key_usage="ENCRYPT/DECRYPT")
# d: advanced but PendingDeletion: costs nothing and is not in the tier.
D_KEY = _key("d", 7, region="cn-shanghai", status="PendingDeletion")
D_KEY.billed_when_pending_deletion = False
KEYS = [A, B, C, D_KEY]
CALLS: dict[str, Decimal | None] = {
    A.ref: D(10_000),
    B.ref: D(10_000),
    C.ref: D(0),
    D_KEY.ref: None,
}


def test_rotating_keys_share_the_tier_exactly() -> None:
    result = estimate(KEYS, CALLS, PERIOD, BOOK, EXISTING)
    hosting = {cost.key.address: cost.hosting_by_month for cost in result.keys}
    # a + b use the tier's last 3 versions. Month 1: days 0-19 hold 3 versions (3 x 0.083 =
    # 0.249 a day), days 20-29 hold 4 (0.249 + 0.033): 20 x 0.249 + 10 x 0.282 = 7.80. Shares
    # are versions / total per day: a 20/3 + 10 x 2/4 = 35/3, b 20 x 2/3 + 5 = 55/3 of 30 days,
    # so a gets 7.80 x 7/18 = 3.0333... and b 4.7666...; the last unit of 1e-10 goes to b.
    # Month 2: days 30-39 hold 4 (2.82), 40-44 hold 5 (5 x 0.315), 45-59 hold 6 (15 x 0.348):
    # 9.615; a's share (5 + 3 + 7.5) / 30 = 31/60 gives 4.96775, b's 29/60 gives 4.64725.
    assert hosting["alicloud_kms_key.a"] == [D("3.0333333333"), D("4.96775")]
    assert hosting["alicloud_kms_key.b"] == [D("4.7666666667"), D("4.64725")]
    assert hosting["alicloud_kms_key.c"] == [D("1.98"), D("4.95")]  # 0.033 x 60, 0.033 x 150
    assert hosting["alicloud_kms_key.d"] == [D(0), D(0)]
    assert result.total("monthly_cost") == D("7.80") + D("1.98") + D("0.24") + D("0.15")
    # hosting 7.80 + 9.615 + 1.98 + 4.95, two months of 0.24 + 0.15 of calls
    assert result.total("horizon_total_cost") == D("24.345") + D("0.78")


def test_savings_price_each_alternative_beside_the_rest_of_the_tier() -> None:
    calculator = SavingsCalculator(KEYS, CALLS, PERIOD, BOOK, EXISTING)
    none = lambda key: None  # noqa: E731
    # a beside b: 1,999 versions until day 45 (room for 1), then 2,000. a pays 0.083 for its
    # first version and 0.033 for the others: month 1 20 x 0.083 + 10 x 0.116 = 2.82, month 2
    # 10 x 0.116 + 5 x 0.149 + 15 x 0.099 = 3.39; with 0.24 of calls: 3.06, 3.63, 6.69 in all.
    # 365-day rotation: one version, 0.083 then 0.033 from day 45: 2.49 + 0.24, 1.74 + 0.24.
    # SOFTWARE: 0.002 x 40 and x 80 version-days, advanced API rate still: 0.32, 0.40.
    assert calculator.savings(A, [_longer_rotation, _software, none]) == [
        (D("0.33"), D("1.65"), D("1.98")),
        (D("2.74"), D("3.23"), D("5.97")),
        (D("3.06"), D("3.63"), D("6.69")),
    ]
    # b beside a: room for 2 versions on days 0-19, 1 on days 20-39, none from day 40. b pays
    # 20 x 0.166 + 10 x 0.116 = 4.48, then 10 x 0.116 + 5 x 0.066 + 15 x 0.099 = 2.975; with
    # 0.15 of calls 4.63, 3.125, 7.755. 365 days keeps 2 versions (15 x 0.066 from day 45:
    # 2.48 in month 2); SOFTWARE 0.002 x 60 and x 75 + 0.15: 0.27, 0.30.
    assert calculator.savings(B, [_longer_rotation, _software]) == [
        (D("0.00"), D("0.495"), D("0.495")),
        (D("4.36"), D("2.825"), D("7.185")),
    ]
    # c is basic: no tier, 0.033 per version-day either way; SOFTWARE saves 0.031 of it.
    assert calculator.savings(C, [_software]) == [(D("1.86"), D("4.65"), D("6.51"))]


def _reference_lone_cost(key: Key, period: Period, beside: list[int]) -> list[Decimal]:
    """Day by day: each version under the tier at the within price, the others beyond it."""
    months = [Decimal(0)] * period.months
    for day in range(period.days):
        versions = versions_on_day(key, day)
        within = max(0, min(versions, BOOK.advanced_tier_versions - beside[day]))
        cost = within * BOOK.advanced_within_tier_daily
        months[day // period.month_days] += cost + (versions - within) * (
            BOOK.advanced_beyond_tier_daily
        )
    return months


@settings(max_examples=200, deadline=None)
@given(
    st.fractions(min_value=Fraction(1, 24), max_value=120, max_denominator=24),
    st.integers(0, 3),
    st.lists(st.fractions(min_value=1, max_value=90, max_denominator=4), max_size=3),
    st.integers(1980, 2001),
    st.integers(1, 4),
    st.integers(1, 31),
)
def test_a_key_beside_the_tier_costs_what_a_day_by_day_walk_gives(
    interval: Fraction,
    extra: int,
    others: list[Fraction],
    existing: int,
    months: int,
    month_days: int,
) -> None:
    key = _key("k", None, rotation_enabled=True, rotation_interval_days=interval)
    key.extra_versions = extra
    rest = [
        _key(f"r{i}", None, rotation_enabled=True, rotation_interval_days=r)
        for i, r in enumerate(others)
    ]
    period = Period(months, month_days)
    calculator = SavingsCalculator([key, *rest], {}, period, BOOK, existing)
    background = calculator.background.without(key)
    beside = [existing + sum(versions_on_day(r, day) for r in rest) for day in range(period.days)]
    result = estimate([key], {}, period, BOOK, existing, background)
    assert result.keys[0].hosting_by_month == _reference_lone_cost(key, period, beside)
    shared = estimate([key, *rest], {}, period, BOOK, existing)
    everyone = [existing] * period.days
    assert shared.monthly_series() == _reference_tier_total([key, *rest], period, everyone)
    # the others priced together beside the key: the tier's marginal cost of the others
    if len(rest) > 1:
        alone = calculator.background
        for other in rest:
            alone = alone.without(other)
        together = estimate(rest, {}, period, BOOK, existing, alone)
        key_days = [existing + versions_on_day(key, day) for day in range(period.days)]
        assert together.monthly_series() == _reference_tier_total(rest, period, key_days)


def _reference_tier_total(keys: list[Key], period: Period, beside: list[int]) -> list[Decimal]:
    """The keys' tier cost day by day beside ``beside[day]`` versions (shares add up to it)."""
    months = [Decimal(0)] * period.months
    for day in range(period.days):
        total = sum(versions_on_day(k, day) for k in keys)
        room = max(0, BOOK.advanced_tier_versions - beside[day])
        within = min(total, room)
        months[day // period.month_days] += (
            within * BOOK.advanced_within_tier_daily
            + (total - within) * BOOK.advanced_beyond_tier_daily
        )
    return months


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 400), st.integers(1, 60), st.integers(0, 60), st.integers(0, 60))
def test_floor_sum_equals_the_plain_sum(count: int, divisor: int, step: int, offset: int) -> None:
    assert floor_sum(count, divisor, step, offset) == sum(
        (step * i + offset) // divisor for i in range(count)
    )


@settings(max_examples=300, deadline=None)
@given(
    st.fractions(min_value=Fraction(1, 24), max_value=400, max_denominator=48),
    st.integers(0, 5),
    st.integers(0, 500),
    st.integers(0, 500),
    st.integers(1, 9),
)
def test_version_days_and_change_days_follow_the_day_by_day_count(
    interval: Fraction, extra: int, start: int, length: int, wanted: int
) -> None:
    key = _key("k", None, rotation_enabled=True, rotation_interval_days=interval)
    key.extra_versions = extra
    counter = version_counter(key)
    end = start + length
    assert version_days(counter, start, end) == sum(
        versions_on_day(key, d) for d in range(start, end)
    )
    period = Period(1, end + 1)
    assert change_days(key, period) == {
        d for d in range(1, period.days) if versions_on_day(key, d) > versions_on_day(key, d - 1)
    }
    first = first_day_with(counter, wanted)
    assert first is not None
    assert versions_on_day(key, first) >= wanted
    assert first == 0 or versions_on_day(key, first - 1) < wanted
    assert math.floor(Fraction(first) / interval) + 1 + extra >= wanted


def test_a_key_without_rotation_never_reaches_more_versions() -> None:
    key = _key("k", None)
    assert first_day_with(version_counter(key), 2) is None
    assert first_day_with(version_counter(key), 1) == 0
    assert change_days(key, PERIOD) == set()
    assert version_days(version_counter(key), 5, 3) == 0
