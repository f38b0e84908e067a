"""``billing/kms1.py`` directly: the documentation's three worked examples, unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kmslint.billing import MODELS
from kmslint.billing.calendar import Period
from kmslint.billing.costs import PricingRequest
from kmslint.billing.kms1 import price_keys
from kmslint.model import Key, SourceRange
from kmslint.pricebook import load_price_book

BOOK = load_price_book()


def _key(spec: str) -> Key:
    return Key(
        address="alicloud_kms_key.k",
        type="alicloud_kms_key",
        source=SourceRange("main.tf", 1),
        key_spec=spec,
        key_usage="ENCRYPT/DECRYPT",
        protection_level="HSM",
        region="ap-southeast-1",
    )


@pytest.mark.parametrize(
    ("spec", "calls", "monthly"),
    [
        ("Aliyun_AES_256", 750, "0.99225"),  # disk encryption
        ("Aliyun_AES_256", 2_010_000, "7.02"),  # OSS client-side encryption
        ("EC_P256", 100_000, "3.99"),  # signing
    ],
)
def test_the_worked_examples(spec: str, calls: int, monthly: str) -> None:
    key = _key(spec)
    request = PricingRequest({key.ref: Decimal(calls)}, Period(12, 30), BOOK)
    (cost,) = price_keys([key], request)
    assert cost.monthly_cost == Decimal(monthly)


def test_the_registry_names_both_models_and_each_entry_prices() -> None:
    assert sorted(MODELS) == ["instance", "kms1"]
    request = PricingRequest({}, Period(1, 30), BOOK)
    for name, model in MODELS.items():
        assert model.name == name
        assert model.price([], [], request).keys == []
