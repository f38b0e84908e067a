"""The KMS 1.0 tier shares in integers agree exactly with a plain ``Fraction`` reference."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kmslint.billing.calendar import versions_on_day
from kmslint.billing.kms1 import SHARE_QUANTUM, _TierLedger
from kmslint.model import Key, SourceRange

_UNITS = 10**10


def _reference_allocate(total: Decimal, shares: list[Fraction]) -> list[Decimal]:
    """The straightforward rational split: largest remainder, ties to the earlier share."""
    weight = sum(shares, Fraction(0))
    if weight == 0:
        return [Decimal(0)] * len(shares)
    total_units = int((total * _UNITS).to_integral_value())
    exact = [Fraction(total_units) * share / weight for share in shares]
    floors = [math.floor(value) for value in exact]
    remainder = total_units - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:remainder]:
        floors[i] += 1
    return [Decimal(units) * SHARE_QUANTUM for units in floors]


def _reference(members: int, segments: list[tuple[int, int, str, list[int]]]) -> list[Decimal]:
    totals = [Decimal(0), Decimal(0)]
    shares = [[Fraction(0)] * members for _ in range(2)]
    for month, days, cost, versions in segments:
        totals[month] += days * Decimal(cost)
        for slot in range(members):
            shares[month][slot] += Fraction(days * versions[slot], sum(versions))
    hosting = [Decimal(0)] * members
    for month in range(2):
        parts = (
            _reference_allocate(totals[month], shares[month]) if members > 1 else [totals[month]]
        )
        for slot, part in enumerate(parts):
            hosting[slot] += part
    return hosting


@st.composite
def _segments(draw: st.DrawFn) -> tuple[int, list[tuple[int, int, str, list[int]]]]:
    members = draw(st.integers(1, 6))
    segment = st.tuples(
        st.integers(0, 1),
        st.integers(1, 31),
        st.decimals("0", "3", places=6).map(str),
        st.lists(st.integers(1, 4000), min_size=members, max_size=members),
    )
    return members, draw(st.lists(segment, max_size=12))


@settings(max_examples=300, deadline=None)
@given(_segments())
def test_integer_tier_shares_equal_the_fraction_reference(
    case: tuple[int, list[tuple[int, int, str, list[int]]]],
) -> None:
    members, segments = case
    ledger = _TierLedger(list(range(members)), 2)
    for month, days, cost, versions in segments:
        ledger.add(month, days, Decimal(cost), versions, sum(versions))
    hosting = [[Decimal(0), Decimal(0)] for _ in range(members)]
    ledger.allocate(hosting)
    assert [sum(h, Decimal(0)) for h in hosting] == _reference(members, segments)
    assert sum((sum(h, Decimal(0)) for h in hosting), Decimal(0)) == sum(
        (days * Decimal(cost) for _, days, cost, _ in segments), Decimal(0)
    )


@settings(max_examples=300, deadline=None)
@given(
    st.fractions(min_value=Fraction(1, 24), max_value=400, max_denominator=48),
    st.integers(0, 4000),
    st.integers(0, 5),
)
def test_versions_on_day_is_one_plus_extra_plus_floor_of_day_over_interval(
    interval: Fraction, day: int, extra: int
) -> None:
    key = Key(
        address="alicloud_kms_key.k",
        type="alicloud_kms_key",
        source=SourceRange("main.tf", 1),
        key_spec="EC_P256",
        key_usage="SIGN/VERIFY",
        protection_level="HSM",
        rotation_enabled=True,
        rotation_interval_days=interval,
        extra_versions=extra,
    )
    assert versions_on_day(key, day) == 1 + extra + math.floor(Fraction(day) / interval)
