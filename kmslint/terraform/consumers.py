"""Terraform resources that use KMS keys: follow their key references to the keys of the scan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kmslint.consumers import ConsumerType, consumer_catalogue, link_consumer
from kmslint.model import Consumer, SourceRange
from kmslint.terraform import ast
from kmslint.terraform.config import ResourceConfig
from kmslint.terraform.expansion import InstanceKey
from kmslint.terraform.instance import ModuleInstance
from kmslint.terraform.values import ResourceRef, is_unknown

KEY_TYPE = "alicloud_kms_key"
ALIAS_TYPE = "alicloud_kms_alias"


def _blocks(
    instance: ModuleInstance, body: ast.Body, name: str, file: str, bindings: dict[str, Any]
) -> Iterator[tuple[ast.Body, dict[str, Any]]]:
    """Nested blocks called ``name``, with ``dynamic`` blocks expanded."""
    for block in body.blocks_of(name):
        yield block.body, bindings
    for block in body.blocks_of("dynamic"):
        if block.labels[:1] != (name,) or "for_each" not in block.body.attributes:
            continue
        content = next(iter(block.body.blocks_of("content")), None)
        collection = instance.evaluate(block.body.attributes["for_each"].expr, file, bindings)
        if content is None or is_unknown(collection) or not isinstance(collection, (list, dict)):
            continue
        iterator_attr = block.body.attributes.get("iterator")
        iterator = (
            iterator_attr.expr.name
            if iterator_attr and isinstance(iterator_attr.expr, ast.Var)
            else name
        )
        items = collection.items() if isinstance(collection, dict) else enumerate(collection)
        for key, value in items:
            yield content.body, {**bindings, iterator: {"key": key, "value": value}}


def path_values(
    instance: ModuleInstance, body: ast.Body, path: list[str], file: str, bindings: dict[str, Any]
) -> list[Any]:
    """Every value at ``a.b.c`` below ``body``: attributes, nested (and dynamic) blocks, object lists."""
    head, rest = path[0], path[1:]
    direct = (
        [instance.evaluate(body.attributes[head].expr, file, bindings)]
        if head in body.attributes
        else []
    )
    if not rest:
        return direct
    found: list[Any] = []
    for nested, inner in _blocks(instance, body, head, file, bindings):
        found.extend(path_values(instance, nested, rest, file, inner))
    for value in direct:
        for element in value if isinstance(value, list) else [value]:
            for name in rest:
                element = element.get(name) if isinstance(element, dict) else None
            found.append(element)
    return found


class ConsumerReader:
    """Builds Consumers for one module instance's resources."""

    def __init__(self, instance: ModuleInstance, keys: set[str], aliases: dict[str, str]) -> None:
        self.instance, self.keys, self.aliases = instance, keys, aliases

    def read(
        self, resource: ResourceConfig, kind: ConsumerType, key: InstanceKey
    ) -> Consumer | None:
        """The consumer, or None when the resource neither names a key nor asks for encryption."""
        body, file = resource.block.body, resource.file
        consumer = Consumer(
            address=self.instance.resource_address(resource, key),
            type=resource.type,
            source=SourceRange(file, resource.block.line, resource.block.end_line),
            key_address=None,
            storage=kind.storage,
        )
        references = [
            v
            for p in kind.key_paths
            for v in path_values(self.instance, body, p.split("."), file, key.bindings)
        ]
        flags = [
            v
            for p in kind.encrypted_paths
            for v in path_values(self.instance, body, p.split("."), file, key.bindings)
        ]
        linked = link_consumer(consumer, kind, references, flags, self.keys, self.aliases)
        if linked is not None:
            linked.notes.extend(
                note
                for attribute, note in kind.provider_calls.items()
                if attribute in body.attributes
            )
        return linked


def alias_targets(
    instance: ModuleInstance, resource: ResourceConfig, key: InstanceKey, aliases: dict[str, str]
) -> None:
    """Record ``alias_name`` and the alias resource's own address -> the key it points at."""
    body = resource.block.body
    if "key_id" not in body.attributes:
        return
    target = instance.evaluate(body.attributes["key_id"].expr, resource.file, key.bindings)
    if not isinstance(target, ResourceRef):
        return
    aliases[instance.resource_address(resource, key)] = target.address
    if "alias_name" in body.attributes:
        name = instance.evaluate(body.attributes["alias_name"].expr, resource.file, key.bindings)
        if isinstance(name, str):
            aliases[name] = target.address


def provider_data_notes(
    instance: ModuleInstance, resource: ResourceConfig, key: InstanceKey
) -> tuple[str | None, str] | None:
    """(key address, note) for a data source that calls KMS itself on every plan."""
    note = consumer_catalogue().provider_data_sources.get(resource.type)
    if note is None or resource.mode != "data":
        return None
    target = None
    if "key_id" in resource.block.body.attributes:
        value = instance.evaluate(
            resource.block.body.attributes["key_id"].expr, resource.file, key.bindings
        )
        target = value.address if isinstance(value, ResourceRef) else None
    return target, f"{note} ({instance.resource_address(resource, key)})"


__all__ = ["ConsumerReader", "alias_targets", "path_values", "provider_data_notes"]
