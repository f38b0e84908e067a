"""The consumer catalogue: which resources use a KMS key, where they name it, what calls they imply."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kmslint.datafiles import load_package_yaml
from typing import Any

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
