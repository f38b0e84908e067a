"""The billing calendar both models share: months of days, and a key's versions on each day.

Day 0 is the apply day; month m covers days [(m-1)*D, m*D). A key's versions on day d are
1 + extra + floor(d / R) with automatic rotation every R days (R may be fractional).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from kmslint.model import Key


@dataclass(frozen=True)
class Period:
    months: int
    month_days: int

    @property
    def days(self) -> int:
        return self.months * self.month_days

    def month_of(self, day: int) -> int:
        """The 1-based month that ``day`` falls in."""
        return day // self.month_days + 1


def version_counter(key: Key) -> tuple[int, int, int]:
    """``(base, p, q)`` in integers: the key has ``base + day * q // p`` versions on ``day``.

    The rotation interval is ``p / q`` days; ``p == 0`` means no automatic rotation.
    """
    interval = key.rotation_interval_days
    if key.rotation_enabled and interval:
        return 1 + key.extra_versions, interval.numerator, interval.denominator
    return 1 + key.extra_versions, 0, 1


def versions_on_day(key: Key, day: int) -> int:
    base, p, q = version_counter(key)
    return base + day * q // p if p else base


def change_days(key: Key, period: Period) -> set[int]:
    """Days on which the key gains a rotation version (within the period)."""
    interval = key.rotation_interval_days
    if not key.rotation_enabled or not interval:
        return set()
    if interval <= 1:  # a version (or more) every day: closed form, whatever the interval
        return set(range(1, period.days))
    days: set[int] = set()
    j = 1
    while True:
        day = math.ceil(j * interval)
        if day >= period.days:
            return days
        days.add(day)
        j += 1


def segments(
    keys: Iterable[Key], period: Period, extra_points: Iterable[int] = ()
) -> list[tuple[int, int]]:
    """Day ranges [start, end) within which no key's version count changes and no month ends."""
    points = {m * period.month_days for m in range(period.months + 1)}
    points |= set(extra_points)
    for key in keys:
        points |= change_days(key, period)
    ordered = sorted(p for p in points if 0 <= p <= period.days)
    return list(pairwise(ordered))
