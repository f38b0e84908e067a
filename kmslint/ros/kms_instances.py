"""``ALIYUN::KMS::Instance`` and ``ALIYUN::KMS::Secret`` copies as inventory.

``DKMSInstanceId: {Ref: X}`` or ``!GetAtt X.InstanceId`` on a key or secret names the instance
resource ``X``; a string is a literal instance id. ``ProductVersion`` is the edition
(``software`` / ``hardware``; the ``-small`` editions are not priced); ``InstanceChargeType``
defaults to Subscription, the one the ROS reference documents.
"""

from __future__ import annotations

from typing import Any

from kmslint.model import (
    HARDWARE_EDITION,
    PAY_AS_YOU_GO,
    SOFTWARE_EDITION,
    SUBSCRIPTION,
    UNKNOWN_EDITION,
    Instance,
    Secret,
    Unknown,
)
from kmslint.ros.resources import ResourceInstance
from kmslint.ros.values import RosRef, text_of, type_name

INSTANCE_TYPE = "ALIYUN::KMS::Instance"
SECRET_TYPE = "ALIYUN::KMS::Secret"
CHARGE_TYPES = {
    "Subscription": SUBSCRIPTION,
    "PrePaid": SUBSCRIPTION,
    "PayAsYouGo": PAY_AS_YOU_GO,
    "PostPaid": PAY_AS_YOU_GO,
    "PayOnDemand": PAY_AS_YOU_GO,
}
EDITIONS = {
    "software": SOFTWARE_EDITION,
    "software-small": SOFTWARE_EDITION,
    "hardware": HARDWARE_EDITION,
    "hardware-small": HARDWARE_EDITION,
}
MONTHS_PER_UNIT = {"Month": 1, "Year": 12}
FIELDS = {
    "InstanceChargeType": "payment_type",
    "ProductVersion": "product_version",
    "Spec": "spec",
    "KeyNum": "key_num",
    "SecretNum": "secret_num",
    "VpcNum": "vpc_num",
    "Period": "period",
}


def instance_reference(value: Any) -> tuple[str | None, str | None, str | None]:
    """(literal id, referenced resource address, why unknown) of a ``DKMSInstanceId`` value."""
    if value is None:
        return None, None, None
    if isinstance(value, RosRef):
        return None, value.address, None
    if isinstance(value, Unknown):
        return None, None, value.reason
    try:
        text = text_of(value)
    except TypeError:
        return None, None, f"DKMSInstanceId is a {type_name(value)}"
    return (text or None), None, None


def _text(instance: Instance, copy: ResourceInstance, name: str) -> str | None:
    value = copy.properties.get(name)
    if value is None:
        return None
    if isinstance(value, Unknown):
        instance.assume(name, f"the default ({value.reason})", copy.line_of(name))
        return None
    try:
        return text_of(value)
    except TypeError:
        instance.notes.append(f"{name} is a {type_name(value)}; assumed the default")
        return None


def _number(instance: Instance, copy: ResourceInstance, name: str) -> int | None:
    text = _text(instance, copy, name)
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        instance.notes.append(f"{name} {text!r} is not a whole number; assumed the default")
        return None


def _attributes(copy: ResourceInstance) -> dict[str, int]:
    lines = dict(copy.property_lines)
    for name, normalised in FIELDS.items():
        if name in lines:
            lines.setdefault(normalised, lines[name])
    return lines


def read_instance(copy: ResourceInstance, region: str) -> Instance:
    instance = Instance(
        address=copy.address, type=INSTANCE_TYPE, source=copy.source, attributes=_attributes(copy)
    )
    charge = _text(instance, copy, "InstanceChargeType")
    instance.payment_type = CHARGE_TYPES.get(charge or "Subscription", SUBSCRIPTION)
    if charge is not None and charge not in CHARGE_TYPES:
        instance.notes.append(f"InstanceChargeType {charge!r} is not known; assumed Subscription")
    version = _text(instance, copy, "ProductVersion")
    instance.product_version = version
    instance.edition = EDITIONS.get(version or "software", UNKNOWN_EDITION)
    instance.spec = _number(instance, copy, "Spec")
    instance.key_num = _number(instance, copy, "KeyNum")
    instance.secret_num = _number(instance, copy, "SecretNum")
    instance.vpc_num = _number(instance, copy, "VpcNum")
    instance.log_storage = bool(_number(instance, copy, "LogStorage"))
    if instance.payment_type == SUBSCRIPTION:
        period = _number(instance, copy, "Period") or 1
        unit = _text(instance, copy, "PeriodUnit") or "Month"
        instance.term_months = period * MONTHS_PER_UNIT.get(unit, 1)
    instance.region = region
    return instance


def read_secret(copy: ResourceInstance, region: str) -> Secret:
    secret = Secret(
        address=copy.address, type=SECRET_TYPE, source=copy.source, attributes=_attributes(copy)
    )
    literal, address, unresolved = instance_reference(copy.properties.get("DKMSInstanceId"))
    secret.dkms_instance_id, secret.instance_address = literal, address
    secret.instance_unresolved = unresolved
    secret.region = region
    return secret
