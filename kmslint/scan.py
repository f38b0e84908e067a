"""The estimate pipeline: paths -> loaders -> inventory -> usage -> cost engine -> report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kmslint.calls import apply_usage
from kmslint.discovery import PLAN, ROS, TERRAFORM, Target, discover
from kmslint.engine import Period, estimate
from kmslint.errors import InputError
from kmslint.model import Consumer, Inventory, Key, KeyVersion
from kmslint.pricebook import PriceBook, load_price_book
from kmslint.progress import Progress
from kmslint.report import Report
from kmslint.savings import find_savings
from kmslint.terraform.workspace import Workspace
from kmslint.usage import USAGE_FILE_NAME, UsageFile, load_usage_file

DEFAULT_HORIZON_MONTHS = 12
MAX_HORIZON_MONTHS = 120
MAX_MONTH_DAYS = 31


@dataclass
class ScanOptions:
    paths: list[Path] = field(default_factory=lambda: [Path(".")])
    usage_file: Path | None = None
    var_files: list[Path] = field(default_factory=list)
    variables: list[tuple[str, str]] = field(default_factory=list)
    parameters: dict[str, str] = field(default_factory=dict)
    region: str | None = None
    horizon_months: int | None = None
    month_days: int | None = None
    use_cache: bool = True
    prefilter: bool = True


def find_usage_file(options: ScanOptions) -> Path | None:
    if options.usage_file is not None:
        return options.usage_file
    for path in options.paths:
        directory = path if path.is_dir() else path.parent
        candidate = directory / USAGE_FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def _period(options: ScanOptions, usage: UsageFile, book: PriceBook) -> Period:
    months = options.horizon_months or usage.horizon_months or DEFAULT_HORIZON_MONTHS
    days = options.month_days or usage.month_days or book.month_days
    if not 1 <= months <= MAX_HORIZON_MONTHS:
        raise InputError(
            "--horizon", None, f"horizon must be 1..{MAX_HORIZON_MONTHS} months, got {months}"
        )
    if not 1 <= days <= MAX_MONTH_DAYS:
        raise InputError(
            "--month-days", None, f"month length must be 1..{MAX_MONTH_DAYS} days, got {days}"
        )
    return Period(months, days)


@dataclass
class Run:
    """What one scan shares across its targets: options, usage, prices, files read, parses."""

    options: ScanOptions
    usage: UsageFile
    book: PriceBook
    workspace: Workspace
    module_loader: Any = None

    def terraform_loader(self) -> Any:
        if self.module_loader is None:
            from kmslint.terraform.cache import ParseCache, Parser
            from kmslint.terraform.loader import ModuleLoader

            parser = Parser(ParseCache.from_environment(self.options.use_cache))
            self.module_loader = ModuleLoader(self.workspace, parser)
        return self.module_loader


Loader = Callable[[Target, Run], Inventory]


def _load_terraform(target: Target, run: Run) -> Inventory:
    from kmslint.terraform.loader import TerraformOptions, load_terraform_root

    region, source = _fallback_region(run.options, run.usage)
    tf_options = TerraformOptions(run.options.var_files, run.options.variables, region, source)
    return load_terraform_root(target.path, tf_options, run.book, run.terraform_loader())


def _fallback_region(options: ScanOptions, usage: UsageFile) -> tuple[str | None, str]:
    if options.region:
        return options.region, "--region"
    if usage.region:
        return usage.region, f"{usage.path}:{usage.region_line} (defaults.region)"
    return None, ""


def _load_ros(target: Target, run: Run) -> Inventory:
    from kmslint.ros import load_target

    region, source = _fallback_region(run.options, run.usage)
    parameters = {**run.usage.parameters, **run.options.parameters}
    return load_target(target.path, parameters, region, source, run.book)


def _load_plan(target: Target, run: Run) -> Inventory:
    from kmslint.terraform.plan import load_plan

    region, source = _fallback_region(run.options, run.usage)
    return load_plan(target.path, region, source, run.book)


LOADERS: dict[str, Loader] = {TERRAFORM: _load_terraform, ROS: _load_ros, PLAN: _load_plan}


def _load_target(target: Target, run: Run) -> Inventory:
    try:
        return LOADERS[target.kind](target, run)
    except InputError as exc:
        inventory = Inventory()
        inventory.diagnostics.append(exc.diagnostic)
        return inventory


def build_inventory(options: ScanOptions, usage: UsageFile, book: PriceBook) -> Inventory:
    run = Run(
        options, usage, book, Workspace(prefilter=options.prefilter, remember=options.use_cache)
    )
    targets = discover(options.paths, run.workspace)
    terraform_roots = [t.path for t in targets if t.kind == TERRAFORM]
    inventory = Inventory()
    with Progress(len(targets)) as progress:
        if terraform_roots:
            run.terraform_loader().prefetch(terraform_roots)
        for target in targets:
            loaded = _load_target(target, run)
            found: list[Key | Consumer | KeyVersion] = [
                *loaded.keys,
                *loaded.consumers,
                *loaded.key_versions,
            ]
            for located in found:
                located.project = located.project or str(target.path)
            inventory.extend(loaded)
            progress.advance()
    run.workspace.save()
    return inventory


def scan(options: ScanOptions) -> Report:
    """Run loaders and the cost engine. Raises InputError for problems that stop everything."""
    book = load_price_book()
    usage_path = find_usage_file(options)
    usage = UsageFile()
    usage_diagnostics: list[Any] = []
    if usage_path is not None:
        usage, usage_diagnostics = load_usage_file(usage_path)
    period = _period(options, usage, book)
    inventory = build_inventory(options, usage, book)
    inventory.diagnostics.extend(usage_diagnostics)
    addresses = {key.address for key in inventory.keys} | {c.address for c in inventory.consumers}
    inventory.diagnostics.extend(usage.unmatched(addresses))
    calls, usage_problems = apply_usage(inventory, usage)
    inventory.diagnostics.extend(usage_problems)
    result = estimate(inventory.keys, calls, period, book, usage.existing_advanced_hsm_versions)
    report = Report(book=book, estimate=result, inventory=inventory, usage=usage)
    versioned = {version.key_ref for version in inventory.key_versions}
    report.savings = find_savings(inventory.keys, calls, period, book, usage, versioned)
    report.assumptions.extend(inventory.assumptions)
    if usage.existing_advanced_hsm_versions:
        report.assumptions.append(
            f"{usage.existing_advanced_hsm_versions} advanced HSM versions already exist outside the scan (usage file)"
        )
    return report
