"""One instance of a Terraform module: its variables, locals, resources and child modules.

Names are resolved lazily, so locals, module outputs and resource attributes may refer to
each other in any order; a cycle is reported with the file and line where it closes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from kmslint import safeio
from kmslint.budget import Budget, BudgetExceeded
from kmslint.errors import Diagnostic
from kmslint.model import Unresolved
from kmslint.terraform import ast
from kmslint.terraform.config import ModuleCall, ModuleConfig, ResourceConfig
from kmslint.terraform.evaluator import BudgetError, EvalError, Evaluator, get_attribute
from kmslint.terraform.expansion import InstanceKey, count_keys, for_each_keys
from kmslint.terraform.manifest import ModuleManifest
from kmslint.terraform.scope import (
    META_ARGUMENTS,
    LazyTable,
    Namespace,
    ResourceObject,
    output_lookup,
    where,
)
from kmslint.terraform.types import conform
from kmslint.terraform.values import Unknown
from kmslint.terraform.workspace import Workspace

MAX_MODULE_DEPTH = 32


@dataclass
class ProviderRegion:
    value: Any  # str, Unknown, or None when the provider block sets no region
    source: str


@dataclass
class RunContext:
    """What every module instance of one root shares."""

    load_module: Callable[[Path], ModuleConfig]
    workspace: Workspace
    module_exists: Callable[[Path], bool] = Path.is_dir
    manifest: ModuleManifest | None = None  # modules terraform init downloaded
    diagnostics: list[Diagnostic] = field(default_factory=list)
    reported: set[tuple[str, int, str]] = field(default_factory=set)
    budget: Budget = field(default_factory=Budget)

    def error(self, file: str, line: int | None, message: str, severity: str = "error") -> None:
        marker = (file, line or 0, message)
        if marker not in self.reported:
            self.reported.add(marker)
            self.diagnostics.append(Diagnostic(file, line, message, severity))


class ModuleInstance:
    def __init__(
        self,
        config: ModuleConfig,
        prefix: str,
        inputs: dict[str, Any],
        context: RunContext,
        providers: dict[str, ProviderRegion],
        depth: int = 0,
        assumed: tuple[Unresolved, ...] = (),
        module_key: str = "",
    ) -> None:
        self.config, self.prefix, self.context, self.depth = config, prefix, context, depth
        self.module_key = module_key  # the call path in terraform's manifest: "kms.inner"
        # where this instance's address holds the placeholder index of an unresolved module
        # count/for_each: (text before, the index), so a usage ``count:`` can expand it
        self.placeholder: tuple[str, str] | None = None
        self.assumed = (
            assumed  # unresolved count/for_each of the module calls that made this instance
        )
        self.inputs = inputs
        self.variables = LazyTable(
            self, "variables", self._variable, lambda n: where(config.variables, n)
        )
        self.locals = LazyTable(self, "locals", self._local, lambda n: where(config.locals, n))
        self.outputs = LazyTable(self, "outputs", self._output, lambda n: where(config.outputs, n))
        self.providers = dict(providers)
        self._expansions: dict[str, list[InstanceKey]] = {}
        self._resource_values: dict[str, Any] = {}
        self._children: dict[str, list[tuple[InstanceKey, ModuleInstance | None]]] = {}
        self.evaluator = Evaluator(self._root, context.budget)
        self._apply_own_providers()

    # -- evaluation -------------------------------------------------------------------
    def evaluate(self, expr: ast.Expr, file: str, bindings: dict[str, Any] | None = None) -> Any:
        try:
            return self.evaluator.eval(expr, bindings)
        except EvalError as exc:
            severity = "error" if isinstance(exc, BudgetError) else "warning"
            self.context.error(file, exc.line or getattr(expr, "line", None), exc.message, severity)
            return Unknown(exc.message)
        except RecursionError:
            self.context.error(file, getattr(expr, "line", None), "expression is nested too deeply")
            return Unknown("expression nested too deeply")

    def _root(self, name: str, line: int) -> Any:
        if name == "var":
            return Namespace(
                lambda n, _l: (
                    self.variables.get(n)
                    if n in self.config.variables
                    else Unknown(f"undeclared variable {n}")
                )
            )
        if name == "local":
            return Namespace(
                lambda n, _l: (
                    self.locals.get(n)
                    if n in self.config.locals
                    else Unknown(f"undeclared local {n}")
                )
            )
        if name == "module":
            return Namespace(lambda n, _l: self.module_value(n))
        if name == "data":
            return Namespace(
                lambda t, _l: Namespace(lambda n, _l2: self.resource_value("data", t, n))
            )
        if name == "path":
            return {
                "module": str(self.config.directory),
                "root": str(self.config.directory),
                "cwd": ".",
            }
        if name == "terraform":
            return {"workspace": "default"}
        if name in ("count", "each", "self"):
            return Unknown(f"{name} is not available here")
        if any(r.mode == "resource" and r.type == name for r in self.config.resources):
            return Namespace(lambda n, _l: self.resource_value("resource", name, n))
        return Unknown(f"{name} is not evaluated by kmslint")

    def _variable(self, name: str) -> Any:
        block, file = self.config.variables[name]
        default = block.body.attributes.get("default")
        if name in self.inputs and not (self.inputs[name] is None and _not_nullable(block)):
            value = self.inputs[name]
        elif default is not None:
            value = self.evaluate(default.expr, file)
        else:
            return Unknown(f"variable {name} has no value")
        type_attribute = block.body.attributes.get("type")
        if type_attribute is None:
            return value
        return conform(type_attribute.expr, value, lambda expr: self.evaluate(expr, file))

    def _local(self, name: str) -> Any:
        attribute, file = self.config.locals[name]
        return self.evaluate(attribute.expr, file)

    def _output(self, name: str) -> Any:
        attribute, file = self.config.outputs[name]
        return self.evaluate(attribute.expr, file)

    # -- expansion ----------------------------------------------------------------------
    def expand(self, block: ast.Block, file: str) -> list[InstanceKey]:
        """The instances ``count`` / ``for_each`` make of a resource or module call."""
        cache_key = f"{file}:{block.line}"
        if cache_key not in self._expansions:
            keys = self._expand(block, file)
            try:
                self.context.budget.add_instances(len(keys))
            except BudgetExceeded as exc:
                self.context.error(file, block.line, str(exc))
                keys = []
            self._expansions[cache_key] = keys
        return self._expansions[cache_key]

    def _expand(self, block: ast.Block, file: str) -> list[InstanceKey]:
        for name, keys_of in (("count", count_keys), ("for_each", for_each_keys)):
            attribute = block.body.attributes.get(name)
            if attribute is not None:
                value = self.evaluate(attribute.expr, file)
                return keys_of(
                    value, attribute.line, partial(self.context.error, file, attribute.line)
                )
        return [InstanceKey("", {})]

    # -- resources ---------------------------------------------------------------------
    def resource_address(self, resource: ResourceConfig, key: InstanceKey) -> str:
        return f"{self.prefix}{resource.local_address}{key.suffix}"

    def resource_value(self, mode: str, type_name_: str, name: str) -> Any:
        for resource in self.config.resources:
            if resource.mode == mode and resource.type == type_name_ and resource.name == name:
                return self._instances_value(resource)
        return Unknown(f"{mode} {type_name_}.{name} is not declared in this module")

    def _instances_value(self, resource: ResourceConfig) -> Any:
        """``type.name`` as an expression sees it; made once per resource (``k[i]`` over every
        instance of a counted resource would otherwise make all of them each time), each
        reader given its own list or map."""
        cache_key = f"{resource.file}:{resource.block.line}"
        if cache_key not in self._resource_values:
            self._resource_values[cache_key] = self._make_instances_value(resource)
        value = self._resource_values[cache_key]
        return value.copy() if isinstance(value, list | dict) else value

    def _make_instances_value(self, resource: ResourceConfig) -> Any:
        keys = self.expand(resource.block, resource.file)
        objects = [
            ResourceObject(self, resource, k, self.resource_address(resource, k)) for k in keys
        ]
        attributes = resource.block.body.attributes
        if "count" in attributes:
            return objects
        if "for_each" in attributes:
            return {str(k.bindings["each"]["key"]): o for k, o in zip(keys, objects, strict=True)}
        return objects[0] if objects else Unknown("resource has no instances")

    # -- module calls ------------------------------------------------------------------
    def children(self, call: ModuleCall) -> list[tuple[InstanceKey, ModuleInstance | None]]:
        if call.name not in self._children:
            self._children[call.name] = self._make_children(call)
        return self._children[call.name]

    def module_value(self, name: str) -> Any:
        call = next((c for c in self.config.module_calls if c.name == name), None)
        if call is None:
            return Unknown(f"module {name} is not declared")
        made = self.children(call)
        objects = [Namespace(output_lookup(name, child)) for _key, child in made]
        attributes = call.block.body.attributes
        if "count" in attributes:
            return objects
        if "for_each" in attributes:
            return {
                str(k.bindings["each"]["key"]): o for (k, _c), o in zip(made, objects, strict=True)
            }
        return objects[0] if objects else Unknown(f"module {name} has no instances")

    def call_key(self, call: ModuleCall) -> str:
        return f"{self.module_key}.{call.name}" if self.module_key else call.name

    def call_directory(self, call: ModuleCall) -> Path | None:
        """A local module's directory, or where terraform init put a registry or git module."""
        if call.is_local:
            return (self.config.directory / (call.source or "")).resolve()
        manifest = self.context.manifest
        return manifest.directory(self.call_key(call)) if manifest is not None else None

    def _make_children(self, call: ModuleCall) -> list[tuple[InstanceKey, ModuleInstance | None]]:
        directory = self.call_directory(call)
        if directory is None:
            return [(key, None) for key in self.expand(call.block, call.file)]
        if self.depth >= MAX_MODULE_DEPTH:
            self.context.error(
                call.file,
                call.block.line,
                f"modules nested deeper than {MAX_MODULE_DEPTH} (a module cycle?)",
            )
            return []
        if not safeio.inside_root(directory):
            source = call.block.body.attributes.get("source", call.block)
            message = safeio.leaves_root_message("module source", call.source or "")
            self.context.error(call.file, source.line, message)
            return []
        if not self.context.module_exists(directory):  # an error, as in terraform init
            message = f'module "{call.name}": source {call.source} does not exist'
            self.context.error(call.file, call.block.line, message)
            return []
        config = self.context.load_module(directory)
        made: list[tuple[InstanceKey, ModuleInstance | None]] = []
        for key in self.expand(call.block, call.file):
            inputs = {
                name: self.evaluate(attribute.expr, call.file, key.bindings)
                for name, attribute in call.block.body.attributes.items()
                if name not in META_ARGUMENTS
            }
            prefix = f"{self.prefix}module.{call.name}{key.suffix}."
            assumed = self.assumed
            if key.assumed is not None:
                where = f"{call.file}:{key.assumed.line}"
                assumed += (
                    Unresolved(
                        f"{key.assumed.field} of module.{call.name}",
                        f"{key.assumed.assumption}, {where}",
                    ),
                )
            child = ModuleInstance(
                config,
                prefix,
                inputs,
                self.context,
                self._child_providers(call),
                self.depth + 1,
                assumed,
                self.call_key(call),
            )
            if key.assumed is not None:
                child.placeholder = (f"{self.prefix}module.{call.name}", key.suffix)
            elif self.placeholder is not None:
                child.placeholder = self.placeholder
            made.append((key, child))
        return made

    # -- providers ---------------------------------------------------------------------
    def _apply_own_providers(self) -> None:
        for block, file in self.config.providers:
            if block.labels[0] != "alicloud":
                continue
            alias_attr = block.body.attributes.get("alias")
            alias = self.evaluate(alias_attr.expr, file) if alias_attr else None
            name = f"alicloud.{alias}" if isinstance(alias, str) else "alicloud"
            region_attr = block.body.attributes.get("region")
            if region_attr is None:
                self.providers[name] = ProviderRegion(
                    None, f"provider {name} ({file}:{block.line}) sets no region"
                )
            else:
                value = self.evaluate(region_attr.expr, file)
                self.providers[name] = ProviderRegion(
                    value, f"provider {name} ({file}:{region_attr.line})"
                )

    def _child_providers(self, call: ModuleCall) -> dict[str, ProviderRegion]:
        mapping = call.block.body.attributes.get("providers")
        inherited = {"alicloud": self.providers["alicloud"]} if "alicloud" in self.providers else {}
        if mapping is None or not isinstance(mapping.expr, ast.ObjectExpr):
            return inherited
        for key_expr, value_expr in mapping.expr.items:
            child_name = _provider_name(key_expr)
            parent_name = _provider_name(value_expr)
            if child_name and parent_name and parent_name in self.providers:
                inherited[child_name] = self.providers[parent_name]
        return inherited

    def provider_for(self, resource: ResourceConfig) -> str:
        attribute = resource.block.body.attributes.get("provider")
        name = _provider_name(attribute.expr) if attribute else None
        return name or "alicloud"


def _not_nullable(block: ast.Block) -> bool:
    """``nullable = false``: a null input takes the default instead."""
    attribute = block.body.attributes.get("nullable")
    return (
        attribute is not None
        and isinstance(attribute.expr, ast.Lit)
        and attribute.expr.value is False
    )


def _provider_name(expr: ast.Expr) -> str | None:
    if isinstance(expr, ast.Lit) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Template) and all(isinstance(p, str) for p in expr.parts):
        return "".join(p for p in expr.parts if isinstance(p, str))  # JSON syntax
    if isinstance(expr, ast.Var):
        return expr.name
    if isinstance(expr, ast.Attr) and isinstance(expr.obj, ast.Var):
        return f"{expr.obj.name}.{expr.name}"
    return None


def attribute_value(
    instance: ModuleInstance, resource: ResourceConfig, key: InstanceKey, name: str
) -> Any:
    """Evaluate one argument of a resource instance (``None`` when not written)."""
    attribute = resource.block.body.attributes.get(name)
    if attribute is None:
        return None
    return instance.evaluate(attribute.expr, resource.file, key.bindings)


__all__ = [
    "ModuleInstance",
    "ProviderRegion",
    "RunContext",
    "attribute_value",
    "get_attribute",
]
