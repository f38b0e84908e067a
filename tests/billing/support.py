"""One call that prices an instance fixture: constructed keys, secrets and an instance."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from kmslint.billing.costs import CostEstimate, InstanceUsage
from kmslint.engine import Period, estimate
from kmslint.model import INSTANCE, Instance, Key, Secret, SourceRange
from kmslint.pricebook import load_price_book

BOOK = load_price_book()
ADDRESS = "alicloud_kms_instance.main"


def member(address: str, rotation_days: int | None = None, **fields: Any) -> Key:
    """A software key in the instance at ``ADDRESS`` (rotating every ``rotation_days``)."""
    values: dict[str, Any] = {
        "type": "alicloud_kms_key",
        "key_spec": "Aliyun_AES_256",
        "key_usage": "ENCRYPT/DECRYPT",
        "protection_level": "SOFTWARE",
        "region": "ap-southeast-1",
        "billing_model": INSTANCE,
        "instance": ADDRESS,
    }
    if rotation_days is not None:
        values.update(rotation_enabled=True, rotation_interval_days=Fraction(rotation_days))
        values["rotation_interval"] = f"{rotation_days}d"
    values.update(fields)
    return Key(address=address, source=SourceRange("main.tf", 1, 4), **values)


def secret(address: str) -> Secret:
    return Secret(
        address=address,
        type="alicloud_kms_secret",
        source=SourceRange("main.tf", 30, 34),
        billing_model=INSTANCE,
        instance=ADDRESS,
    )


def instance(**fields: Any) -> Instance:
    return Instance(
        address=ADDRESS, type="alicloud_kms_instance", source=SourceRange("main.tf", 5, 8), **fields
    )


def price(
    keys: list[Key],
    secrets: list[Secret],
    target: Instance,
    usage: InstanceUsage | None = None,
    calls: dict[str, Decimal | None] | None = None,
    months: int = 12,
) -> CostEstimate:
    known = {k.ref: Decimal(0) for k in keys} if calls is None else calls
    return estimate(
        keys,
        known,
        Period(months, 30),
        BOOK,
        instances=[target],
        secrets=secrets,
        instance_usage={target.ref: usage or InstanceUsage()},
    )
