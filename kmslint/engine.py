"""The cost engine: a thin dispatcher over the billing models of :mod:`kmslint.billing`.

Every key and secret carries a ``billing_model`` (``kms1`` or ``instance``); the engine hands
each model its members and puts the priced records back in inventory order. The models own
every pricing rule; this module only routes (and re-exports the names other stages import).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from kmslint.billing import MODELS
from kmslint.billing.calendar import Period, versions_on_day
from kmslint.billing.costs import (
    Classification,
    CostEstimate,
    InstanceCost,
    InstanceUsage,
    KeyCost,
    PricingRequest,
    SecretCost,
    classify,
)
from kmslint.billing.kms1 import TierBackground, is_tiered, tier_background, version_daily_price
from kmslint.model import Instance, Key, Secret
from kmslint.pricebook import PriceBook

__all__ = [
    "Classification",
    "CostEstimate",
    "InstanceCost",
    "KeyCost",
    "Period",
    "SecretCost",
    "TierBackground",
    "classify",
    "estimate",
    "is_tiered",
    "tier_background",
    "version_daily_price",
    "versions_on_day",
]


def estimate(
    keys: list[Key],
    calls: Mapping[str, Decimal | None],
    period: Period,
    book: PriceBook,
    existing_advanced_hsm_versions: int = 0,
    background: TierBackground | None = None,
    *,
    instances: Sequence[Instance] = (),
    secrets: Sequence[Secret] = (),
    instance_usage: Mapping[str, InstanceUsage] | None = None,
) -> CostEstimate:
    """Price every key, secret and instance over the period with its billing model."""
    request = PricingRequest(
        calls=calls,
        period=period,
        book=book,
        existing_advanced_hsm_versions=existing_advanced_hsm_versions,
        background=background,
        instances=tuple(instances),
        instance_usage=instance_usage or {},
    )
    result = CostEstimate(period)
    key_costs: dict[int, KeyCost] = {}
    secret_costs: dict[int, SecretCost] = {}
    for name, model in MODELS.items():
        members = [key for key in keys if key.billing_model == name]
        held = [secret for secret in secrets if secret.billing_model == name]
        if not members and not held and not (instances and name == "instance"):
            continue
        priced = model.price(members, held, request)
        key_costs.update((id(cost.key), cost) for cost in priced.keys)
        secret_costs.update((id(cost.secret), cost) for cost in priced.secrets)
        result.instances.extend(priced.instances)
    result.keys = [key_costs[id(key)] for key in keys]
    result.secrets = [secret_costs[id(secret)] for secret in secrets]
    return result
