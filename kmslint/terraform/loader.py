"""Load one Terraform root module (and the local modules it calls) into an inventory."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kmslint.consumers import attach_consumers, consumer_catalogue
from kmslint.errors import InputError
from kmslint.kms import KmsFacts
from kmslint.model import Instance, Inventory, Key, Secret, SourceRange, UnfetchedModule
from kmslint.terraform.cache import ParseCache, Parser
from kmslint.terraform.config import (
    ModuleCall,
    ModuleConfig,
    ResourceConfig,
    display_path,
    load_module,
)
from kmslint.terraform.consumers import (
    ALIAS_TYPE,
    ConsumerReader,
    alias_targets,
    provider_data_notes,
)
from kmslint.terraform.expansion import InstanceKey
from kmslint.terraform.instance import (
    ModuleInstance,
    ProviderRegion,
    RunContext,
    attribute_value,
)
from kmslint.terraform.keys import (
    KEY_TYPE,
    VERSION_TYPE,
    KeyBuilder,
    RegionDefaults,
    key_version,
    resolve_region,
)
from kmslint.terraform.kms_instances import INSTANCE_TYPE, SECRET_TYPE, read_instance, read_secret
from kmslint.terraform.manifest import read_manifest
from kmslint.terraform.variables import root_variable_values
from kmslint.terraform.workspace import Workspace

if TYPE_CHECKING:
    from kmslint.discovery import LoadRequest, Target

REGION_ENVIRONMENT = ("ALIBABA_CLOUD_REGION", "ALICLOUD_REGION")


@dataclass
class TerraformOptions:
    var_files: list[Path] = field(default_factory=list)
    variables: list[tuple[str, str]] = field(default_factory=list)
    region: str | None = None
    region_source: str = "--region"
    # ("var", (name, value)) and ("var-file", path) in command-line order; None: files first
    command_line: list[tuple[str, Any]] | None = None

    def ordered_variables(self) -> list[tuple[str, Any]]:
        if self.command_line is not None:
            return self.command_line
        return [("var-file", f) for f in self.var_files] + [("var", v) for v in self.variables]

    env_vars: bool = True  # TF_VAR_* environment variables (off with --no-env-vars)


class ModuleLoader:
    """Parses each module directory once per run, however many callers it has."""

    def __init__(self, workspace: Workspace | None = None, parser: Parser | None = None) -> None:
        self.workspace = workspace or Workspace()
        self.parser = parser or Parser(ParseCache(None))
        self.modules: dict[Path, ModuleConfig] = {}
        self.reported: set[Path] = set()

    def __call__(self, directory: Path) -> ModuleConfig:
        directory = directory.resolve()
        if directory not in self.modules:
            self.modules[directory] = load_module(directory, self.workspace, self.parser)
        return self.modules[directory]

    def exists(self, directory: Path) -> bool:
        """Whether a local module's source directory exists (a missing one is an error)."""
        return directory.is_dir()

    def prefetch(self, roots: list[Path]) -> None:
        """Parse, in one batch (in parallel when it pays), every file the roots can need."""
        jobs: list[tuple[str, str]] = []
        pending, seen = [r.resolve() for r in roots], set()
        while pending:
            directory = pending.pop()
            if directory in seen or not self.workspace.reaches_kms(directory):
                continue
            seen.add(directory)
            for path in self.workspace.tf_files(directory):
                if path.name.endswith(".json"):
                    continue  # JSON syntax is read by load_module itself
                try:
                    jobs.append((self.workspace.text(path), display_path(path)))
                except InputError:
                    continue
            pending.extend(self.workspace.local_calls(directory))
        self.parser.parse_many(jobs)


def read_input(target: Target, request: LoadRequest) -> Inventory:
    """The input-kind entry point (``discovery.INPUT_KINDS``): one root module directory."""
    options = TerraformOptions(
        request.var_files, request.variables, request.region, request.region_source
    )
    options.command_line = request.variable_order
    options.env_vars = request.env_vars
    loader = request.module_loader() if request.module_loader else None
    return load_terraform_root(target.path, options, request.facts, loader)


def region_defaults_for(region: str | None, region_source: str, book: KmsFacts) -> RegionDefaults:
    """Where a key's region comes from when its provider block sets none."""
    env_name = next((name for name in REGION_ENVIRONMENT if os.environ.get(name)), None)
    return RegionDefaults(
        environment=os.environ.get(env_name) if env_name else None,
        environment_name=env_name,
        fallback=region,
        fallback_source=region_source,
        provider_default=book.defaults["terraform_region"],
    )


def load_terraform_root(
    directory: Path, options: TerraformOptions, book: KmsFacts, loader: ModuleLoader | None = None
) -> Inventory:
    loader = loader or ModuleLoader()
    inventory = Inventory()
    root_config = loader(directory)
    manifest = read_manifest(directory, display_path(directory))
    inventory.diagnostics.extend(manifest.diagnostics)
    context = RunContext(loader, loader.workspace, loader.exists, manifest=manifest)
    inputs = root_variable_values(
        root_config, options.ordered_variables(), inventory.diagnostics, options.env_vars
    )
    root = ModuleInstance(
        root_config, "", inputs, context, {"alicloud": ProviderRegion(None, "no provider block")}
    )
    regions = region_defaults_for(options.region, options.region_source, book)
    _collect(root, inventory, book, regions)
    for path, module in sorted(loader.modules.items()):
        if path not in loader.reported:
            loader.reported.add(path)
            inventory.scanned_files.extend(str(f.path) for f in module.files)
            inventory.diagnostics.extend(module.diagnostics)
    inventory.diagnostics.extend(context.diagnostics)
    _attach_versions(inventory)
    return inventory


Visit = tuple[ModuleInstance, ResourceConfig, InstanceKey]


@dataclass
class _Walk:
    """Resource instances of interest, gathered over the whole module tree of one root."""

    keys: list[Visit] = field(default_factory=list)
    versions: list[Visit] = field(default_factory=list)
    aliases: list[Visit] = field(default_factory=list)
    consumers: list[Visit] = field(default_factory=list)
    data_sources: list[Visit] = field(default_factory=list)
    unfetched: list[UnfetchedModule] = field(default_factory=list)
    instances: list[Visit] = field(default_factory=list)
    secrets: list[Visit] = field(default_factory=list)


def _bucket(resource: ResourceConfig, walk: _Walk) -> list[Visit] | None:
    catalogue = consumer_catalogue()
    if resource.mode == "data":
        return walk.data_sources if resource.type in catalogue.provider_data_sources else None
    return {
        KEY_TYPE: walk.keys,
        VERSION_TYPE: walk.versions,
        ALIAS_TYPE: walk.aliases,
    }.get(resource.type, walk.consumers if resource.type in catalogue.terraform else None)


def _kms_bucket(resource: ResourceConfig, walk: _Walk) -> list[Visit] | None:
    """Instances and secrets (a secret is also a consumer of its encryption key)."""
    if resource.mode == "data":
        return None
    return {INSTANCE_TYPE: walk.instances, SECRET_TYPE: walk.secrets}.get(resource.type)


def _walk(instance: ModuleInstance, walk: _Walk) -> None:
    for resource in instance.config.resources:
        buckets = [_bucket(resource, walk), _kms_bucket(resource, walk)]
        if buckets == [None, None]:
            continue
        for key in instance.expand(resource.block, resource.file):
            for bucket in buckets:
                if bucket is not None:
                    bucket.append((instance, resource, key))
    workspace = instance.context.workspace
    for call in instance.config.module_calls:
        if call.is_local and not workspace.reaches_kms(
            instance.config.directory / (call.source or "")
        ):
            continue
        for _key, child in instance.children(call):
            if child is None:
                instance.context.error(call.file, call.block.line, _not_fetched(call), "warning")
                address = f"{instance.prefix}module.{call.name}"
                if address not in {m.address for m in walk.unfetched}:
                    source = call.source or "(unknown source)"
                    walk.unfetched.append(
                        UnfetchedModule(address, source, call.file, call.block.line)
                    )
                continue
            _walk(child, walk)


def _not_fetched(call: ModuleCall) -> str:
    source = call.source or "(unknown source)"
    return (
        f"module {call.name} from {source} is not fetched (run terraform init to download it "
        "into .terraform/modules); its keys are not counted"
    )


def _collect(
    root: ModuleInstance, inventory: Inventory, book: KmsFacts, regions: RegionDefaults
) -> None:
    walk = _Walk()
    _walk(root, walk)
    inventory.unfetched_modules.extend(walk.unfetched)
    for instance, resource, key in walk.keys:
        provider = instance.providers.get(instance.provider_for(resource))
        builder = KeyBuilder.for_instance(instance, resource, key, book)
        inventory.keys.append(builder.build(resolve_region(provider, regions)))
    inventory.key_versions.extend(key_version(*visit) for visit in walk.versions)
    for visit in walk.instances:
        inventory.instances.append(kms_instance(visit, regions))
    for visit in walk.secrets:
        inventory.secrets.append(kms_secret(visit, regions))
    aliases: dict[str, str] = {}
    for visit in walk.aliases:
        alias_targets(*visit, aliases)
    catalogue = consumer_catalogue()
    key_addresses = {k.address for k in inventory.keys}
    for instance, resource, key in walk.consumers:
        consumer = ConsumerReader(instance, key_addresses, aliases).read(
            resource, catalogue.terraform[resource.type], key
        )
        if consumer is not None:
            inventory.consumers.append(consumer)
    by_address = {k.address: k for k in inventory.keys}
    for visit in walk.data_sources:
        found = provider_data_notes(*visit)
        if found and found[0] in by_address:
            by_address[found[0]].notes.append(found[1])
    _attach_consumers(inventory, by_address, set(aliases.values()))


def _attach_consumers(inventory: Inventory, by_address: dict[str, Key], aliased: set[str]) -> None:
    attach_consumers(inventory.keys, inventory.consumers)
    for address in aliased:
        if address in by_address:
            by_address[address].referenced_by_alias = True


def _attach_versions(inventory: Inventory) -> None:
    by_address = {key.address: key for key in inventory.keys}
    for version in inventory.key_versions:
        key = by_address.get(version.key_address or "")
        if key is not None:
            key.extra_versions += 1
            key.notes.append(f"one more version from {version.address}")


def _located(visit: Visit) -> tuple[str, SourceRange, dict[str, int], Callable[[str], Any]]:
    instance, resource, key = visit
    attributes = resource.block.body.attributes
    source = SourceRange(resource.file, resource.block.line, resource.block.end_line)
    return (
        instance.resource_address(resource, key),
        source,
        {name: attr.line for name, attr in attributes.items()},
        lambda name: attribute_value(instance, resource, key, name),
    )


def _region_of(visit: Visit, regions: RegionDefaults) -> str:
    instance, resource, _ = visit
    return resolve_region(instance.providers.get(instance.provider_for(resource)), regions).region


def kms_instance(visit: Visit, regions: RegionDefaults) -> Instance:
    """An ``alicloud_kms_instance`` instance of the walk."""
    bound_vpcs = len(visit[1].block.body.blocks_of("bind_vpcs"))
    found = read_instance(*_located(visit), bound_vpcs)
    found.region = _region_of(visit, regions)
    return found


def kms_secret(visit: Visit, regions: RegionDefaults) -> Secret:
    """An ``alicloud_kms_secret`` instance of the walk."""
    found = read_secret(*_located(visit))
    found.region = _region_of(visit, regions)
    return found
