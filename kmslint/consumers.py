"""The consumer catalogue: which resources use a KMS key, where they name it, what calls they imply."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kmslint.datafiles import load_package_yaml
from kmslint.model import Consumer, Key, ResourceRef, Unknown

TRUTHY = {"true", "on", "enabled", "yes", "1"}


@dataclass(frozen=True)
class ConsumerType:
    type: str
    key_paths: tuple[str, ...]
    encrypted_paths: tuple[str, ...]
    encrypted_values: tuple[str, ...]
    usage_fields: tuple[str, ...]
    storage: bool
    provider_calls: dict[str, str]

    def asks_for_encryption(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip()
        return text in self.encrypted_values or text.lower() in TRUTHY


@dataclass(frozen=True)
class ConsumerCatalogue:
    terraform: dict[str, ConsumerType]
    ros: dict[str, ConsumerType]
    provider_data_sources: dict[str, str]
    placeholders: frozenset[str]

    def lookup(self, resource_type: str) -> ConsumerType | None:
        return self.terraform.get(resource_type) or self.ros.get(resource_type)

    def is_placeholder(self, key_id: str) -> bool:
        text = key_id.strip()
        return text in self.placeholders or (text.startswith("<") and text.endswith(">"))


def _types(entries: dict[str, Any]) -> dict[str, ConsumerType]:
    return {
        name: ConsumerType(
            type=name,
            key_paths=tuple(entry.get("key_paths", [])),
            encrypted_paths=tuple(entry.get("encrypted_paths", [])),
            encrypted_values=tuple(str(v) for v in entry.get("encrypted_values", [])),
            usage_fields=tuple(entry.get("usage_fields", [])),
            storage=bool(entry.get("storage", False)),
            provider_calls=dict(entry.get("provider_calls", {})),
        )
        for name, entry in entries.items()
    }


@lru_cache(maxsize=1)
def consumer_catalogue() -> ConsumerCatalogue:
    data = load_package_yaml("consumers.yaml")
    return ConsumerCatalogue(
        terraform=_types(data["terraform"]),
        ros=_types(data["ros"]),
        provider_data_sources=dict(data["provider_data_sources"]),
        placeholders=frozenset(str(p) for p in data["placeholders"]),
    )


def _resolved_key(
    consumer: Consumer, reference: Any, keys: set[str], aliases: dict[str, str]
) -> str | None:
    """The key ``reference`` names, if any (resolve_reference records it on the consumer)."""
    consumer.key_address = None
    resolve_reference(consumer, reference, keys, aliases)
    return consumer.key_address


def resolve_reference(
    consumer: Consumer, reference: Any, keys: set[str], aliases: dict[str, str]
) -> None:
    """Point ``consumer`` at the key ``reference`` names, or say why it cannot."""
    if isinstance(reference, ResourceRef):
        target = aliases.get(reference.address, reference.address)
        if target in keys:
            consumer.key_address = target
        else:
            consumer.notes.append(
                f"key reference {reference.address}.{reference.attribute} is not a key of this scan"
            )
        return
    if isinstance(reference, Unknown):
        consumer.notes.append(f"key reference could not be resolved ({reference.reason})")
        return
    key_id = (
        str(reference)
        if isinstance(reference, (str, int)) and not isinstance(reference, bool)
        else ""
    )
    if consumer_catalogue().is_placeholder(key_id):
        consumer.notes.append(f"key id {key_id!r} is empty or a placeholder, not a key")
    elif aliases.get(key_id) in keys:
        consumer.key_address = aliases[key_id]
    else:
        consumer.external_key = key_id
        consumer.notes.append(f"uses key {key_id!r}, which is not declared in the scanned code")


def link_consumer(
    consumer: Consumer,
    kind: ConsumerType,
    references: list[Any],
    flags: list[Any],
    keys: set[str],
    aliases: dict[str, str],
) -> Consumer | None:
    """Resolve every key reference (the first key found is ``key_address``, the others
    ``other_keys``); without one, the consumer uses a free service key when it asks for
    encryption, and is no consumer at all when it does not (None)."""
    references = [r for r in references if r is not None]
    found: list[str] = []
    for reference in references:
        address = _resolved_key(consumer, reference, keys, aliases)
        if address and address not in found:
            found.append(address)
    if references:
        consumer.key_address = found[0] if found else None
        consumer.other_keys = found[1:]
        return consumer
    consumer.uses_service_key = any(
        f is not None and not isinstance(f, Unknown) and kind.asks_for_encryption(f) for f in flags
    )
    return consumer if consumer.uses_service_key else None


def dotted_values(data: Any, path: list[str]) -> list[Any]:
    """Values at ``a.b`` in nested mappings, looking into lists element by element."""
    values = [data]
    for name in path:
        stepped: list[Any] = []
        for value in values:
            for element in value if isinstance(value, list) else [value]:
                if isinstance(element, dict) and name in element:
                    stepped.append(element[name])
        values = stepped
    return values


def attach_consumers(keys: list[Key], consumers: list[Consumer]) -> None:
    """List each linked consumer on its key; provider-side calls become notes on the key."""
    by_address = {key.address: key for key in keys}
    for consumer in consumers:
        for address in [consumer.key_address or "", *consumer.other_keys]:
            key = by_address.get(address)
            if key is None:
                continue
            key.consumers.append(consumer)
            key.notes.extend(
                f"{consumer.address}: {note}" for note in consumer.notes if "decrypts" in note
            )
