"""Which billing model each key and secret is priced under, and in which instance.

A key or secret whose ``dkms_instance_id`` refers to a scanned ``alicloud_kms_instance`` /
``ALIYUN::KMS::Instance`` is a member of it; a literal id or an instance outside the scan is
named and not priced. Without an instance id it stays ``kms1``, unless the usage file says
``defaults.billing_model: instance`` (after a migration): then it joins ``defaults.instance``
(an address of the scan or an id), or the scan's only instance in its region.
"""

from __future__ import annotations

from dataclasses import dataclass

from kmslint.billing.costs import InstanceUsage
from kmslint.model import INSTANCE, KMS1, Instance, Inventory, Key, Secret
from kmslint.pricebook import PriceBook
from kmslint.usage import ProjectUsage, UsageFile

OUTSIDE_NOTE = "instance {name} is not in the scan: the key's share is not priced"
UNKNOWN_NOTE = "dkms_instance_id is unknown ({reason}): in a KMS instance, not priced"
DEFAULT_INSTANCE_NOTE = (
    "no instance id: priced as a member of the account's default instance {name} "
    "(defaults.billing_model: instance)"
)
NO_DEFAULT_NOTE = (
    "no instance id and defaults.billing_model is instance, but the account's default instance "
    "is not in the scan (set defaults.instance): not priced"
)


@dataclass(frozen=True)
class BillingDefaults:
    billing_model: str = KMS1
    instance: str | None = None

    @classmethod
    def from_usage(cls, usage: UsageFile) -> BillingDefaults:
        return cls(usage.billing_model or KMS1, usage.default_instance)


def _scanned(instances: list[Instance], project: str, address: str) -> Instance | None:
    return next((i for i in instances if i.project == project and i.address == address), None)


def _default_instance(
    item: Key | Secret, instances: list[Instance], name: str | None
) -> str | None:
    """The address (or id) of the default instance a key without an instance id joins."""
    if name is not None:
        found = _scanned(instances, item.project, name)
        return found.address if found else name
    same_region = [i for i in instances if i.project == item.project and i.region == item.region]
    return same_region[0].address if len(same_region) == 1 else None


def _assign(item: Key | Secret, instances: list[Instance], defaults: BillingDefaults) -> None:
    if item.instance_address or item.dkms_instance_id:
        item.billing_model = INSTANCE
        item.instance = item.instance_address or item.dkms_instance_id
        if item.instance and not _scanned(instances, item.project, item.instance):
            item.notes.append(OUTSIDE_NOTE.format(name=item.instance))
        return
    if item.instance_unresolved:
        item.billing_model = INSTANCE
        item.notes.append(UNKNOWN_NOTE.format(reason=item.instance_unresolved))
        return
    if defaults.billing_model != INSTANCE:
        return
    item.billing_model = INSTANCE
    item.instance = _default_instance(item, instances, defaults.instance)
    if item.instance is None:
        item.notes.append(NO_DEFAULT_NOTE)
    elif _scanned(instances, item.project, item.instance):
        item.notes.append(DEFAULT_INSTANCE_NOTE.format(name=item.instance))
    else:
        item.notes.append(OUTSIDE_NOTE.format(name=item.instance))


def assign_billing(inventory: Inventory, usages: ProjectUsage) -> None:
    """Set ``billing_model`` and ``instance`` on every key and secret (each project's defaults)."""
    items: list[Key | Secret] = [*inventory.keys, *inventory.secrets]
    for item in items:
        _assign(item, inventory.instances, BillingDefaults.from_usage(usages.of(item.project)))


def kms1_notice(inventory: Inventory, book: PriceBook) -> str | None:
    """The End of Service notice, said once in a report that has KMS 1.0 keys."""
    if not any(key.billing_model == KMS1 and key.billed for key in inventory.keys):
        return None
    return (
        f"KMS 1.0 reached End of Service on {book.instances.kms1_end_of_service}: keys with "
        "billing_model kms1 are priced under it; `kmslint migrate` prices their move to a KMS "
        "instance, and defaults.billing_model: instance prices keys that have moved."
    )


def instance_usage(inventory: Inventory, usages: ProjectUsage) -> dict[str, InstanceUsage]:
    """``peak_qps`` and ``monthly_price_usd`` of each instance, by ``Instance.ref``."""
    found = {}
    for instance in inventory.instances:
        fields = usages.of(instance.project).fields_for(instance.address, instance.type)
        peak, price = fields.get("peak_qps"), fields.get("monthly_price_usd")
        found[instance.ref] = InstanceUsage(
            peak.value if peak else None, price.value if price else None
        )
    return found
