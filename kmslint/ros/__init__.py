"""ROS (Resource Orchestration Service) templates, YAML or JSON, as kmslint inventory.

``load_target`` is what the scan calls for every file that holds ``ROSTemplateFormatVersion``;
``evaluated_resources`` gives every resource copy of a template with its evaluated properties
(references to other resources stay recognisable as :class:`~kmslint.ros.values.RosRef`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kmslint.errors import InputError
from kmslint.kms import KmsFacts
from kmslint.model import Inventory

__all__ = ["ResourceInstance", "evaluated_resources", "load_target", "read_input"]

NO_REGION_ASSUMPTION = (
    "ROS templates carry no region: without --region or defaults.region their keys are priced at "
    "mainland China rates (the higher ones)."
)

if TYPE_CHECKING:
    from kmslint.discovery import LoadRequest, Target
    from kmslint.ros.cache import TemplateCache
    from kmslint.ros.resources import ResourceInstance


def __getattr__(name: str) -> Any:
    """``ResourceInstance`` on first use: a Terraform-only run never loads the ROS evaluator."""
    if name == "ResourceInstance":
        from kmslint.ros.resources import ResourceInstance

        return ResourceInstance
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def display_path(path: Path) -> str:
    """The path as reports show it: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_input(target: Target, request: LoadRequest) -> Inventory:
    """The input-kind entry point (``discovery.INPUT_KINDS``): one ROS template."""
    from kmslint.ros.cache import TemplateCache

    cache = TemplateCache.from_environment(request.use_cache)
    return load_target(
        target.path, request.parameters, request.region, request.region_source, request.facts, cache
    )


def load_target(
    path: Path,
    parameters: Mapping[str, Any],
    region: str | None,
    region_source: str,
    book: KmsFacts,
    cache: TemplateCache | None = None,
) -> Inventory:
    """The keys (and diagnostics) of one template; whole-file problems raise InputError."""
    display = display_path(path)
    try:
        return _load(path, display, dict(parameters), region, region_source, book, cache)
    except RecursionError:
        raise InputError(display, None, "the template is nested too deeply") from None


def _load(
    path: Path,
    display: str,
    parameters: dict[str, Any],
    region: str | None,
    region_source: str,
    book: KmsFacts,
    cache: TemplateCache | None,
) -> Inventory:
    from kmslint.consumers import attach_consumers
    from kmslint.ros.consumers import consumer_types, ros_consumers
    from kmslint.ros.keys import ALIAS_TYPE, KEY_TYPE, build_key, mark_aliased
    from kmslint.ros.kms_instances import INSTANCE_TYPE, SECRET_TYPE, read_instance, read_secret
    from kmslint.ros.stack import Stack
    from kmslint.ros.template import load_template

    inventory = Inventory(scanned_files=[display])
    template = load_template(path, display, cache)
    if template is None:
        return inventory
    stack = Stack(template, parameters, region)
    kms_types = {KEY_TYPE, ALIAS_TYPE, INSTANCE_TYPE, SECRET_TYPE}
    instances = stack.resources(kms_types | consumer_types())
    where = region or ""
    inventory.instances.extend(
        read_instance(i, where) for i in instances if i.type == INSTANCE_TYPE
    )
    inventory.secrets.extend(read_secret(i, where) for i in instances if i.type == SECRET_TYPE)
    inventory.keys.extend(
        build_key(i, book, region, region_source) for i in instances if i.type == KEY_TYPE
    )
    mark_aliased(inventory.keys, instances)
    inventory.consumers.extend(ros_consumers(instances, inventory.keys))
    attach_consumers(inventory.keys, inventory.consumers)
    if template.is_terraform():
        from kmslint.ros.terraform_transform import load_workspace

        workspace = load_workspace(
            template, stack.parameters, parameters, region, region_source, book
        )
        inventory.extend(workspace)
        inventory.scanned_files = [display]
    inventory.diagnostics[:0] = stack.diagnostics
    if not region and inventory.keys:
        inventory.assumptions.append(NO_REGION_ASSUMPTION)
    return inventory


def evaluated_resources(
    path: Path, parameters: Mapping[str, Any], region: str | None
) -> list[ResourceInstance]:
    """Every created resource copy of the template at ``path``, each with evaluated properties."""
    from kmslint.ros.stack import Stack
    from kmslint.ros.template import load_template

    display = display_path(path)
    try:
        template = load_template(path, display)
        return [] if template is None else Stack(template, dict(parameters), region).resources()
    except RecursionError:
        raise InputError(display, None, "the template is nested too deeply") from None
