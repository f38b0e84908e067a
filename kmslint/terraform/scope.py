"""How an expression in a module instance sees names: tables of variables, locals and outputs
evaluated lazily (once each, a cycle reported where it closes), namespaces such as ``var`` and
``module.x``, and resource instances as objects."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kmslint.terraform.values import ResourceRef, Unknown

if TYPE_CHECKING:
    from kmslint.terraform.config import ResourceConfig
    from kmslint.terraform.expansion import InstanceKey
    from kmslint.terraform.instance import ModuleInstance

META_ARGUMENTS = {
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
    "provider",
    "lifecycle",
}


class LazyTable:
    """Evaluates named values on demand, once, detecting cycles."""

    def __init__(
        self,
        owner: ModuleInstance,
        kind: str,
        compute: Callable[[str], Any],
        where: Callable[[str], tuple[str, int]],
    ):
        self.owner, self.kind, self.compute, self.where = owner, kind, compute, where
        self.values: dict[str, Any] = {}
        self.active: list[str] = []

    def get(self, name: str) -> Any:
        if name in self.values:
            return self.values[name]
        if name in self.active:
            chain = " -> ".join([*self.active[self.active.index(name) :], name])
            file, line = self.where(name)
            self.owner.context.error(file, line, f"cycle in {self.kind}: {chain}")
            return Unknown(f"cycle in {self.kind} {name}")
        self.active.append(name)
        try:
            value = self.compute(name)
        finally:
            self.active.pop()
        self.values[name] = value
        return value


class Namespace:
    def __init__(self, lookup: Callable[[str, int], Any]) -> None:
        self.lookup = lookup

    def get_attribute(self, name: str, line: int) -> Any:
        return self.lookup(name, line)


def output_lookup(module: str, child: ModuleInstance | None) -> Callable[[str, int], Any]:
    """How ``module.<module>.<output>`` reads one instance's outputs (unknown for remote modules)."""

    def lookup(output: str, _line: int) -> Any:
        if child and output in child.config.outputs:
            return child.outputs.get(output)
        return Unknown(f"output {output} of module {module} is not known")

    return lookup


class ResourceObject:
    """A resource instance as other expressions see it: configured arguments, else computed."""

    def __init__(
        self, instance: ModuleInstance, resource: ResourceConfig, key: InstanceKey, address: str
    ) -> None:
        self.instance, self.resource, self.key, self.address = instance, resource, key, address

    def get_attribute(self, name: str, line: int) -> Any:
        if (
            self.resource.mode == "data"
            and self.resource.type == "alicloud_kms_keys"
            and name == "keys"
        ):
            return self._kms_keys_by_id(line)
        attribute = self.resource.block.body.attributes.get(name)
        if attribute is None or name in META_ARGUMENTS:
            return ResourceRef(
                f"{self.address}.{name} is known only after apply", self.address, name
            )
        return self.instance.evaluate(attribute.expr, self.resource.file, self.key.bindings)

    def _kms_keys_by_id(self, line: int) -> Any:
        """``data.alicloud_kms_keys.x.keys`` when the data source filters by ``ids``: one entry per id."""
        ids = self.get_attribute("ids", line)
        if not isinstance(ids, list):
            return ResourceRef(
                f"{self.address}.keys is known only after apply", self.address, "keys"
            )
        return [{"id": key_id, "arn": key_id, "key_id": key_id} for key_id in ids]


def where(table: dict[str, tuple[Any, str]], name: str) -> tuple[str, int]:
    node, file = table[name]
    return file, node.line
