"""Savings advice: what a cheaper choice for each key would save, month 1 and at the horizon.

Each alternative is priced by the same engine, as a marginal cost: the key and its
alternative are each priced against the advanced-HSM versions of the rest of the scan, so a
saving that moves the account across the 2,000-version tier is counted exactly, in time
linear in the number of keys.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kmslint.engine import (
    CostEstimate,
    Period,
    TierBackground,
    estimate,
    is_tiered,
    tier_background,
)
from kmslint.kms import HSM, SOFTWARE
from kmslint.model import Key
from kmslint.money import money_str
from kmslint.pricebook import PriceBook
from kmslint.usage import ProjectUsage

LONG_ROTATION = "365d"
LONG_ROTATION_DAYS = 365


@dataclass
class Saving:
    address: str
    kind: str  # longer-rotation | software-protection | service-key | remove-unused-key
    description: str
    monthly_saving: Decimal
    horizon_monthly_saving: Decimal
    horizon_total_saving: Decimal
    file: str
    line: int

    def to_json(self) -> dict[str, object]:
        return {
            "address": self.address,
            "file": self.file,
            "line": self.line,
            "kind": self.kind,
            "description": self.description,
            "monthly_saving": money_str(self.monthly_saving),
            "horizon_monthly_saving": money_str(self.horizon_monthly_saving),
            "horizon_total_saving": money_str(self.horizon_total_saving),
        }


Alternative = Callable[[Key], Key | None]  # None: the key goes away


def _longer_rotation(key: Key) -> Key:
    changed = copy.copy(key)
    changed.rotation_interval = LONG_ROTATION
    changed.rotation_interval_days = Fraction(LONG_ROTATION_DAYS)
    return changed


def _software(key: Key) -> Key:
    changed = copy.copy(key)
    changed.protection_level = SOFTWARE
    return changed


def _alternatives(
    key: Key, usage: ProjectUsage, versioned: set[str | None]
) -> list[tuple[str, str, Alternative]]:
    found: list[tuple[str, str, Alternative]] = []
    if key.rotation_days and key.rotation_days < LONG_ROTATION_DAYS:
        found.append(
            (
                "longer-rotation",
                f"rotate every {LONG_ROTATION} instead of {key.rotation_interval}",
                _longer_rotation,
            )
        )
    if key.protection_level == HSM:
        found.append(("software-protection", "use SOFTWARE protection instead of HSM", _software))
    if key.consumers and all(c.storage for c in key.consumers):
        found.append(
            (
                "service-key",
                "let the disks/buckets use a free service key instead of this key",
                lambda k: None,
            )
        )
    elif not (
        key.consumers
        or key.referenced_by_alias
        or key.ref in versioned
        or usage.has_explicit_usage(key.address, key.project)
    ):
        found.append(
            ("remove-unused-key", "remove the key: nothing in the scan uses it", lambda k: None)
        )
    return found


class SavingsCalculator:
    def __init__(
        self,
        keys: list[Key],
        calls: dict[str, Decimal | None],
        period: Period,
        book: PriceBook,
        existing: int,
    ) -> None:
        self.calls, self.period, self.book, self.existing = calls, period, book, existing
        self.background = tier_background(keys, period, book)

    def _priced(
        self, key: Key | None, background: TierBackground
    ) -> tuple[Decimal, Decimal, Decimal]:
        """The key's marginal cost beside ``background`` (which only a tiered key needs)."""
        if key is None:
            return (Decimal(0),) * 3
        beside = background if is_tiered(key, self.book) else None
        result: CostEstimate = estimate(
            [key], self.calls, self.period, self.book, self.existing, beside
        )
        return (
            result.total("monthly_cost"),
            result.total("horizon_monthly_cost"),
            result.total("horizon_total_cost"),
        )

    def savings(
        self, key: Key, alternatives: list[Alternative]
    ) -> list[tuple[Decimal, Decimal, Decimal]]:
        """What the scan saves, month 1 / month H / over the horizon, with each ``alternative(key)``."""
        if not alternatives:
            return []
        rest = self.background.without(key) if is_tiered(key, self.book) else self.background
        before = self._priced(key, rest)
        found = []
        for alternative in alternatives:
            after = self._priced(alternative(key), rest)
            found.append((before[0] - after[0], before[1] - after[1], before[2] - after[2]))
        return found


def find_savings(
    keys: list[Key],
    calls: dict[str, Decimal | None],
    period: Period,
    book: PriceBook,
    usage: ProjectUsage,
    versioned: set[str | None],
) -> list[Saving]:
    """Cheaper choices for each billed key; ``versioned``: refs of keys with explicit extra versions (not unused)."""
    calculator = SavingsCalculator(keys, calls, period, book, usage.existing_advanced_hsm_versions)
    found: list[Saving] = []
    for key in keys:
        if not key.billed:
            continue
        alternatives = _alternatives(key, usage, versioned)
        priced = calculator.savings(key, [alternative for _, _, alternative in alternatives])
        for (kind, description, _), (month_1, horizon, total) in zip(
            alternatives, priced, strict=True
        ):
            if horizon > 0 or month_1 > 0:
                found.append(
                    Saving(
                        key.address, kind, description, month_1, horizon, total, key.file, key.line
                    )
                )
    return found
