"""KMS product facts: key specs, regions, protection levels, defaults and rotation bounds.

The loaders read these and nothing else from the price book: what a key *is* belongs here, what it
costs belongs to the billing side (``pricebook.py``, ``engine.py``). ``KmsFacts`` is the view of
the price book a loader is given, so a loader cannot reach a price by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

MAINLAND = "mainland"
OUTSIDE = "outside"
BASIC = "basic"
ADVANCED = "advanced"
SOFTWARE = "SOFTWARE"
HSM = "HSM"
EXTERNAL = "EXTERNAL"  # origin of a key whose material is imported


@dataclass(frozen=True)
class KeySpec:
    name: str
    key_class: str
    symmetric: bool
    kms1: bool
    usages: tuple[str, ...]
    mainland_hsm_only: bool = False


@dataclass(frozen=True)
class Region:
    id: str
    region_class: str
    china_site_multiplier: Decimal | None = None


class KmsFacts(Protocol):
    """What a loader may know about KMS: specs, regions, defaults, rotation bounds; no prices."""

    @property
    def key_specs(self) -> dict[str, KeySpec]: ...

    @property
    def regions(self) -> dict[str, Region]: ...

    @property
    def defaults(self) -> dict[str, str]: ...

    @property
    def rotation_min_days(self) -> int: ...

    @property
    def rotation_max_days(self) -> int: ...

    def spec(self, name: str) -> KeySpec | None: ...

    def most_expensive_spec(self, key_usage: str | None, rotating: bool = False) -> str: ...


def rotation_refusal(facts: KmsFacts, key_spec: str, origin: str) -> str | None:
    """Why KMS refuses automatic rotation of such a key (an asymmetric spec, imported key
    material), or None when it rotates."""
    spec = facts.spec(key_spec)
    if spec is not None and not spec.symmetric:
        return f"{spec.name} keys cannot rotate"
    if origin == EXTERNAL:
        return "keys with imported key material cannot rotate"
    return None


def interval_refusal(facts: KmsFacts, interval: str, days: Fraction) -> str | None:
    """Why KMS refuses a rotation interval (outside the days it allows), or None."""
    low, high = facts.rotation_min_days, facts.rotation_max_days
    if low <= days <= high:
        return None
    return f"the interval {interval} is outside the {low}–{high} days KMS allows"
