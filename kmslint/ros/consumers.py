"""ROS resources that use KMS keys (``ALIYUN::ECS::Disk`` ``KMSKeyId`` and the like)."""

from __future__ import annotations

from typing import Any

from kmslint.consumers import consumer_catalogue, dotted_values, link_consumer
from kmslint.model import Consumer, Key
from kmslint.ros.keys import ALIAS_TYPE, referenced_addresses
from kmslint.ros.resources import ResourceInstance


def consumer_types() -> set[str]:
    return set(consumer_catalogue().ros)


def _aliases(instances: list[ResourceInstance]) -> dict[str, str]:
    """``alias/name`` -> key address, for consumers that name a key by its alias."""
    aliases: dict[str, str] = {}
    for instance in instances:
        if instance.type != ALIAS_TYPE:
            continue
        targets = referenced_addresses(instance.properties.get("KeyId"))
        name = instance.properties.get("AliasName")
        if len(targets) == 1 and isinstance(name, str):
            aliases[name] = targets[0]
    return aliases


def _flatten(values: list[Any]) -> list[Any]:
    return [item for value in values for item in (value if isinstance(value, list) else [value])]


def ros_consumers(instances: list[ResourceInstance], keys: list[Key]) -> list[Consumer]:
    """Consumers among the template's resources, linked to the keys they name."""
    catalogue = consumer_catalogue()
    key_addresses = {key.address for key in keys}
    aliases = _aliases(instances)
    found: list[Consumer] = []
    for instance in instances:
        kind = catalogue.ros.get(instance.type)
        if kind is None:
            continue
        consumer = Consumer(
            address=instance.address,
            type=instance.type,
            source=instance.source,
            key_address=None,
            storage=kind.storage,
        )
        references = _flatten(
            [v for p in kind.key_paths for v in dotted_values(instance.properties, p.split("."))]
        )
        flags = [
            v
            for p in kind.encrypted_paths
            for v in dotted_values(instance.properties, p.split("."))
        ]
        linked = link_consumer(consumer, kind, references, flags, key_addresses, aliases)
        if linked is not None:
            found.append(linked)
    return found
