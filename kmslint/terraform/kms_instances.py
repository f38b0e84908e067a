"""``alicloud_kms_instance`` and ``alicloud_kms_secret`` as inventory, and instance references.

Shared by the HCL and plan readers: each passes a ``lookup(name)`` that returns an argument's
value (None when not written). A key's or secret's ``dkms_instance_id`` is resolved to a
scanned instance's address when it is a reference (``alicloud_kms_instance.x.id``, through
variables and module outputs), kept as a literal id when it is a string.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kmslint.model import (
    PAY_AS_YOU_GO,
    SOFTWARE_EDITION,
    SUBSCRIPTION,
    UNKNOWN_EDITION,
    Instance,
    Secret,
    SourceRange,
)
from kmslint.terraform.values import ResourceRef, Unknown, to_number, to_string

INSTANCE_TYPE = "alicloud_kms_instance"
SECRET_TYPE = "alicloud_kms_secret"
PAYMENT_TYPES = {"PayAsYouGo": PAY_AS_YOU_GO, "Subscription": SUBSCRIPTION}
# product_version: "3" is software key management; "5" (spec 200, key_num 100) is the basic
# software edition (undocumented, not priced). Terraform has no hardware value.
SOFTWARE_VERSIONS = ("3", "5")
QUOTA_FIELDS = (("spec", "spec"), ("key_num", "key_num"), ("secret_num", "secret_num"))

Lookup = Callable[[str], Any]


@dataclass(frozen=True)
class InstanceReference:
    """What ``dkms_instance_id`` says: a literal id, a resource address, or why it is unknown."""

    literal: str | None = None
    address: str | None = None
    unresolved: str | None = None


def is_instance_address(address: str) -> bool:
    last = address.rsplit(".", 2)
    return len(last) >= 2 and last[-2] == INSTANCE_TYPE


def instance_reference(value: Any) -> InstanceReference:
    if value is None:
        return InstanceReference()
    if isinstance(value, ResourceRef) and is_instance_address(value.address):
        return InstanceReference(address=value.address)
    if isinstance(value, Unknown):
        return InstanceReference(unresolved=value.reason)
    try:
        text = to_string(value)
    except TypeError:
        return InstanceReference(unresolved="dkms_instance_id is not a string")
    return InstanceReference(literal=text) if text else InstanceReference()


def _count(instance: Instance, lookup: Lookup, name: str) -> int | None:
    value = lookup(name)
    if value is None:
        return None
    if isinstance(value, Unknown):
        instance.assume(name, f"the default ({value.reason})", instance.attribute_line(name))
        return None
    try:
        return int(to_number(value))
    except (TypeError, ValueError, ArithmeticError):
        instance.notes.append(f"{name} is not a number; assumed the default")
        return None


def _payment_type(instance: Instance, lookup: Lookup) -> str:
    value = lookup("payment_type")
    if value is None:
        return SUBSCRIPTION
    if isinstance(value, Unknown):
        line = instance.attribute_line("payment_type")
        instance.assume("payment_type", f"{SUBSCRIPTION} ({value.reason})", line)
        return SUBSCRIPTION
    text = value if isinstance(value, str) else ""
    if text not in PAYMENT_TYPES:
        instance.notes.append(f"payment_type {value!r} is not PayAsYouGo or Subscription")
    return PAYMENT_TYPES.get(text, SUBSCRIPTION)


def _edition(instance: Instance, lookup: Lookup) -> str:
    value = lookup("product_version")
    if value is None:
        instance.notes.append('product_version not written: assumed "3" (software key management)')
        return SOFTWARE_EDITION
    if isinstance(value, Unknown):
        instance.notes.append(f"product_version is unknown ({value.reason}): edition unknown")
        return UNKNOWN_EDITION
    try:
        instance.product_version = to_string(value)
    except TypeError:
        return UNKNOWN_EDITION
    return SOFTWARE_EDITION if instance.product_version in SOFTWARE_VERSIONS else UNKNOWN_EDITION


def read_instance(
    address: str,
    source: SourceRange,
    attributes: dict[str, int],
    lookup: Lookup,
    bound_vpcs: int,
) -> Instance:
    """One ``alicloud_kms_instance`` instance (region is set by the caller)."""
    instance = Instance(address=address, type=INSTANCE_TYPE, source=source, attributes=attributes)
    instance.payment_type = _payment_type(instance, lookup)
    instance.edition = _edition(instance, lookup)
    instance.spec = _count(instance, lookup, "spec")
    instance.key_num = _count(instance, lookup, "key_num")
    instance.secret_num = _count(instance, lookup, "secret_num")
    instance.vpc_num = _count(instance, lookup, "vpc_num")
    instance.bound_vpcs = bound_vpcs
    log = lookup("log")
    instance.log_storage = log in (True, "1", "true") or bool(
        _count(instance, lookup, "log_storage")
    )
    if instance.payment_type == SUBSCRIPTION:
        instance.term_months = _count(instance, lookup, "period") or 1
    elif any(lookup(name) is not None for name, _ in QUOTA_FIELDS):
        instance.notes.append("spec, key_num and secret_num are ignored on pay-as-you-go instances")
    return instance


def read_secret(
    address: str, source: SourceRange, attributes: dict[str, int], lookup: Lookup
) -> Secret:
    """One ``alicloud_kms_secret`` instance (region is set by the caller)."""
    secret = Secret(address=address, type=SECRET_TYPE, source=source, attributes=attributes)
    reference = instance_reference(lookup("dkms_instance_id"))
    secret.dkms_instance_id = reference.literal
    secret.instance_address = reference.address
    secret.instance_unresolved = reference.unresolved
    return secret
