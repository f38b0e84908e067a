"""Billing models: how a key, secret or instance turns into money.

A billing model is a unit behind one interface (:class:`BillingModel`); ``MODELS`` is the only
list of them. The engine splits the inventory by ``billing_model`` and asks each model to
price its members: ``kms1`` (KMS 1.0: per version per day, per call) and ``instance`` (KMS
instances: the instance, its key versions, secrets and QPS).
"""

from __future__ import annotations

from typing import Protocol

from kmslint.billing.costs import Priced, PricingRequest
from kmslint.billing.instance import InstanceModel
from kmslint.billing.kms1 import Kms1Model
from kmslint.model import Key, Secret


class BillingModel(Protocol):
    """What a billing model provides: its name and a way to price its members."""

    name: str

    def price(self, keys: list[Key], secrets: list[Secret], request: PricingRequest) -> Priced:
        """Price the keys and secrets assigned to this model (instances come in ``request``)."""
        ...


MODELS: dict[str, BillingModel] = {model.name: model for model in (Kms1Model(), InstanceModel())}


def billing_model(name: str) -> BillingModel:
    return MODELS[name]
