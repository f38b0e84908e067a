"""Savings advice: what a cheaper choice for each key would save, month 1 and at the horizon.

Each alternative is priced by the same engine. Where the advanced-HSM tier cannot be crossed
(every advanced version of the scan fits in the first tier), a key is priced on its own;
otherwise the whole scan is priced again with the alternative in place.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Callable

from kmslint.engine import CostEstimate, Period, estimate, versions_on_day
from kmslint.model import Key
from kmslint.money import money_str
from kmslint.pricebook import ADVANCED, HSM, SOFTWARE, PriceBook
from kmslint.usage import UsageFile

LONG_ROTATION = "365d"
LONG_ROTATION_DAYS = Fraction(365)


@dataclass
class Saving:
    address: str
    kind: str  # longer-rotation | software-protection | service-key | remove-unused-key
    description: str
    monthly_saving: Decimal
    horizon_monthly_saving: Decimal
    horizon_total_saving: Decimal

    def to_json(self) -> dict[str, object]:
        return {
            "address": self.address,
            "kind": self.kind,
            "description": self.description,
            "monthly_saving": money_str(self.monthly_saving),
            "horizon_monthly_saving": money_str(self.horizon_monthly_saving),
            "horizon_total_saving": money_str(self.horizon_total_saving),
        }


Alternative = Callable[[Key], Key | None]  # None: the key goes away


def _longer_rotation(key: Key) -> Key:
    changed = copy.copy(key)
    changed.rotation_interval, changed.rotation_interval_days = LONG_ROTATION, LONG_ROTATION_DAYS
    return changed


def _software(key: Key) -> Key:
    changed = copy.copy(key)
    changed.protection_level = SOFTWARE
    return changed


def _alternatives(key: Key, usage: UsageFile) -> list[tuple[str, str, Alternative]]:
    found: list[tuple[str, str, Alternative]] = []
    if key.rotation_enabled and key.rotation_interval_days and key.rotation_interval_days < LONG_ROTATION_DAYS:
        found.append(("longer-rotation", f"rotate every {LONG_ROTATION} instead of {key.rotation_interval}", _longer_rotation))
    if key.protection_level == HSM:
        found.append(("software-protection", "use SOFTWARE protection instead of HSM", _software))
    if key.consumers and all(c.storage for c in key.consumers):
        found.append(("service-key", "let the disks/buckets use a free service key instead of this key", lambda k: None))
    elif not key.consumers and not key.referenced_by_alias and not usage.has_explicit_usage(key.address):
        found.append(("remove-unused-key", "remove the key: nothing in the scan uses it", lambda k: None))
    return found


class SavingsCalculator:
    def __init__(self, keys: list[Key], calls: dict[str, Decimal | None], period: Period, book: PriceBook, existing: int) -> None:
        self.keys, self.calls, self.period, self.book, self.existing = keys, calls, period, book, existing
        self.baseline = estimate(keys, calls, period, book, existing)
        last_day = period.days - 1
        advanced = sum(versions_on_day(k, last_day) for k in keys if k.billed and k.protection_level == HSM)
        self.tier_safe = existing + advanced <= book.advanced_tier_versions

    def _totals(self, result: CostEstimate) -> tuple[Decimal, Decimal, Decimal]:
        return (result.total("monthly_cost"), result.total("horizon_monthly_cost"), result.total("horizon_total_cost"))

    def _priced(self, keys: list[Key]) -> tuple[Decimal, Decimal, Decimal]:
        return self._totals(estimate(keys, self.calls, self.period, self.book, self.existing))

    def saving(self, key: Key, alternative: Alternative) -> tuple[Decimal, Decimal, Decimal]:
        changed = alternative(key)
        if self.tier_safe or self.book.spec(key.key_spec) is None or self.book.spec(key.key_spec).key_class != ADVANCED:  # type: ignore[union-attr]
            before = self._priced([key])
            after = self._priced([changed]) if changed is not None else (Decimal(0),) * 3
        else:
            before = self._totals(self.baseline)
            others = [k for k in self.keys if k is not key]
            after = self._priced(others + ([changed] if changed is not None else []))
        return before[0] - after[0], before[1] - after[1], before[2] - after[2]


def find_savings(keys: list[Key], calls: dict[str, Decimal | None], period: Period, book: PriceBook, usage: UsageFile) -> list[Saving]:
    calculator = SavingsCalculator(keys, calls, period, book, usage.existing_advanced_hsm_versions)
    found: list[Saving] = []
    for key in keys:
        if not key.billed:
            continue
        for kind, description, alternative in _alternatives(key, usage):
            month_1, horizon, total = calculator.saving(key, alternative)
            if horizon > 0 or month_1 > 0:
                found.append(Saving(key.address, kind, description, month_1, horizon, total))
    return found
