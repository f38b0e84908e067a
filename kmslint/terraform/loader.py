"""Load one Terraform root module (and the local modules it calls) into an inventory."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kmslint.model import Inventory
from kmslint.pricebook import PriceBook
from kmslint.terraform.config import ModuleConfig, load_module
from kmslint.terraform.instance import ModuleInstance, ProviderRegion, RunContext
from kmslint.terraform.keys import KEY_TYPE, VERSION_TYPE, KeyBuilder, RegionDefaults, key_version, resolve_region
from kmslint.terraform.variables import root_variable_values

REGION_ENVIRONMENT = ("ALIBABA_CLOUD_REGION", "ALICLOUD_REGION")


@dataclass
class TerraformOptions:
    var_files: list[Path] = field(default_factory=list)
    variables: list[tuple[str, str]] = field(default_factory=list)
    region: str | None = None
    region_source: str = "--region"


class ModuleLoader:
    """Parses each module directory once per run, however many callers it has."""

    def __init__(self) -> None:
        self.modules: dict[Path, ModuleConfig] = {}

    def __call__(self, directory: Path) -> ModuleConfig:
        directory = directory.resolve()
        if directory not in self.modules:
            self.modules[directory] = load_module(directory)
        return self.modules[directory]


def region_defaults_for(region: str | None, region_source: str, book: PriceBook) -> RegionDefaults:
    """Where a key's region comes from when its provider block sets none."""
    env_name = next((name for name in REGION_ENVIRONMENT if os.environ.get(name)), None)
    return RegionDefaults(
        environment=os.environ.get(env_name) if env_name else None,
        environment_name=env_name,
        fallback=region,
        fallback_source=region_source,
        provider_default=book.defaults["terraform_region"],
    )


def load_terraform_root(directory: Path, options: TerraformOptions, book: PriceBook, loader: ModuleLoader | None = None) -> Inventory:
    loader = loader or ModuleLoader()
    inventory = Inventory()
    root_config = loader(directory)
    inventory.diagnostics.extend(root_config.diagnostics)
    context = RunContext(load_module=loader)
    inputs = root_variable_values(root_config, options.var_files, options.variables, inventory.diagnostics)
    root = ModuleInstance(root_config, "", inputs, context, {"alicloud": ProviderRegion(None, "no provider block")})
    regions = region_defaults_for(options.region, options.region_source, book)
    _collect(root, inventory, book, regions)
    seen = {str(p) for p in loader.modules}
    for path in sorted(seen):
        inventory.scanned_files.extend(str(f.path) for f in loader.modules[Path(path)].files)
        if Path(path) != root_config.directory.resolve():
            inventory.diagnostics.extend(loader.modules[Path(path)].diagnostics)
    inventory.diagnostics.extend(context.diagnostics)
    _attach_versions(inventory)
    return inventory


def _collect(instance: ModuleInstance, inventory: Inventory, book: PriceBook, regions: RegionDefaults) -> None:
    for resource in instance.config.resources:
        if resource.mode != "resource" or resource.type not in (KEY_TYPE, VERSION_TYPE):
            continue
        for key in instance.expand(resource.block, resource.file, resource.local_address):
            if resource.type == KEY_TYPE:
                provider = instance.providers.get(instance.provider_for(resource))
                builder = KeyBuilder.for_instance(instance, resource, key, book)
                inventory.keys.append(builder.build(resolve_region(provider, regions)))
            else:
                inventory.key_versions.append(key_version(instance, resource, key))
    for call in instance.config.module_calls:
        for key, child in instance.children(call):
            if child is None:
                source = call.source or "(unknown source)"
                message = f"module {call.name} from {source} is not local and is not fetched; its keys are not counted"
                instance.context.error(call.file, call.block.line, message, "warning")
                continue
            _collect(child, inventory, book, regions)


def _attach_versions(inventory: Inventory) -> None:
    by_address = {key.address: key for key in inventory.keys}
    for version in inventory.key_versions:
        key = by_address.get(version.key_address or "")
        if key is not None:
            key.extra_versions += 1
            key.notes.append(f"one more version from {version.address}")
