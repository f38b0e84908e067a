"""The billing calendar both models share: months of days, and a key's versions on each day.

Day 0 is the apply day; month m covers days [(m-1)*D, m*D). A key's versions on day d are
1 + extra + floor(d / R) with automatic rotation every R days (R may be fractional).
"""

from __future__ import annotations

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
    interval = key.rotation_days
    if interval:
        return 1 + key.extra_versions, interval.numerator, interval.denominator
    return 1 + key.extra_versions, 0, 1


def versions_on_day(key: Key, day: int) -> int:
    base, p, q = version_counter(key)
    return base + day * q // p if p else base


def floor_sum(count: int, divisor: int, step: int, offset: int) -> int:
    """``sum(floor((step * i + offset) / divisor) for i in range(count))`` in O(log) integer steps.

    ``divisor > 0``, ``step >= 0``, ``offset >= 0``. Whole multiples of the divisor are taken out
    of the step and the offset in closed form; what remains counts lattice points under a line,
    which is the same sum with the roles of the step and the divisor exchanged.
    """
    total = 0
    while count > 0:
        if step >= divisor:
            total += (step // divisor) * (count * (count - 1) // 2)
            step %= divisor
        if offset >= divisor:
            total += (offset // divisor) * count
            offset %= divisor
        top = step * count + offset
        if top < divisor:
            break
        count, offset = divmod(top, divisor)
        divisor, step = step, divisor
    return total


def version_days(counter: tuple[int, int, int], start: int, end: int) -> int:
    """Sum over days ``start <= d < end`` of the versions ``counter`` gives on day ``d``."""
    base, p, q = counter
    if end <= start:
        return 0
    total = base * (end - start)
    if p:
        total += floor_sum(end, p, q, 0) - floor_sum(start, p, q, 0)
    return total


def first_day_with(counter: tuple[int, int, int], versions: int) -> int | None:
    """The first day on which ``counter`` gives at least ``versions`` versions (None: never)."""
    base, p, q = counter
    if base >= versions:
        return 0
    if not p:
        return None
    # base + d * q // p >= versions  <=>  d * q >= (versions - base) * p
    return ((versions - base) * p + q - 1) // q


def _counter_change_days(p: int, q: int, days: int) -> set[int]:
    if not p:
        return set()
    if p <= q:  # a version (or more) every day: closed form, whatever the interval
        return set(range(1, days))
    # the j-th rotation version appears on day ceil(j * p / q): before ``days`` iff
    # j * p <= (days - 1) * q
    return {(j * p + q - 1) // q for j in range(1, (days - 1) * q // p + 1)}


def change_days(key: Key, period: Period) -> set[int]:
    """Days on which the key gains a rotation version (within the period)."""
    _base, p, q = version_counter(key)
    return _counter_change_days(p, q, period.days)


def segments(
    keys: Iterable[Key], period: Period, extra_points: Iterable[int] = ()
) -> list[tuple[int, int]]:
    """Day ranges [start, end) within which no key's version count changes and no month ends."""
    points = {m * period.month_days for m in range(period.months + 1)}
    points |= set(extra_points)
    for p, q in {version_counter(key)[1:] for key in keys}:
        points |= _counter_change_days(p, q, period.days)
    ordered = sorted(p for p in points if 0 <= p <= period.days)
    return list(pairwise(ordered))
