"""The estimate pipeline: paths -> loaders -> inventory -> usage -> cost engine -> report."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kmslint.billing.assign import assign_billing, instance_usage, kms1_notice
from kmslint.calls import apply_usage
from kmslint.discovery import INPUT_KINDS, TERRAFORM, LoadRequest, Target, discover
from kmslint.engine import Period, estimate
from kmslint.errors import Diagnostic, InputError
from kmslint.excludes import Excludes
from kmslint.instance_counts import expand_instance_counts
from kmslint.model import Consumer, Instance, Inventory, Key, KeyVersion, Secret
from kmslint.pricebook import PriceBook, load_price_book
from kmslint.progress import Progress
from kmslint.projects import resolve_inputs
from kmslint.report import Report
from kmslint.savings import find_savings
from kmslint.terraform.workspace import Workspace
from kmslint.usage import ProjectUsage, UsageFile

DEFAULT_HORIZON_MONTHS = 12
MAX_HORIZON_MONTHS = 120
MAX_MONTH_DAYS = 31


@dataclass
class ScanOptions:
    paths: list[Path] = field(default_factory=lambda: [Path(".")])
    usage_file: Path | None = None
    var_files: list[Path] = field(default_factory=list)
    variables: list[tuple[str, str]] = field(default_factory=list)
    # --var and --var-file as given on the command line (None: var files, then variables)
    variable_order: list[tuple[str, Any]] | None = None
    as_of: date | None = None  # --as-of DATE for versions accumulated by existing keys
    parameters: dict[str, str] = field(default_factory=dict)
    region: str | None = None
    horizon_months: int | None = None
    month_days: int | None = None
    use_cache: bool = True
    config_file: Path | None = None  # --config: one config for every project
    excludes: list[str] = field(default_factory=list)  # --exclude patterns
    gitignore: bool = True  # honour .gitignore inside a git work tree
    prefilter: bool = True
    env_vars: bool = True  # TF_VAR_* (off with --no-env-vars)
    # Remember the prefilter's summaries between runs; off for throwaway trees (diff's base).
    remember_summaries: bool = True


def _first(*values: int | None) -> int:
    """The first value given (0 is a value: it is reported as out of range, not replaced)."""
    return next(value for value in values if value is not None) or 0


def _period(options: ScanOptions, usages: ProjectUsage, book: PriceBook) -> Period:
    months = options.horizon_months
    if months is None:
        months = _first(usages.setting("horizon_months"), DEFAULT_HORIZON_MONTHS)
    days = options.month_days
    if days is None:
        days = _first(usages.setting("month_days"), book.month_days)
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


def _fallback_region(options: ScanOptions, usage: UsageFile) -> tuple[str | None, str]:
    if options.region:
        return options.region, "--region"
    if usage.region:
        return usage.region, f"{usage.path}:{usage.region_line} (defaults.region)"
    return None, ""


def _request(run: Run, usage: UsageFile) -> LoadRequest:
    """What the front ends read besides the target: options, the usage file's defaults, facts."""
    region, source = _fallback_region(run.options, usage)
    return LoadRequest(
        facts=run.book,
        region=region,
        region_source=source,
        parameters={**usage.parameters, **run.options.parameters},
        var_files=run.options.var_files,
        variables=run.options.variables,
        variable_order=run.options.variable_order,
        as_of=run.options.as_of,
        module_loader=run.terraform_loader,
        use_cache=run.options.use_cache,
        env_vars=run.options.env_vars,
    )


def _load_target(target: Target, run: Run, usage: UsageFile) -> Inventory:
    """One target's inventory; whatever goes wrong fails this target only, with its path."""
    try:
        return INPUT_KINDS[target.kind].read(target, _request(run, usage))
    except InputError as exc:
        diagnostic = exc.diagnostic
    except RecursionError:
        diagnostic = Diagnostic(str(target), None, "the input is nested too deeply")
    except Exception as exc:
        if os.environ.get("KMSLINT_DEBUG"):
            raise
        message = f"internal error: {type(exc).__name__}: {exc} (set KMSLINT_DEBUG=1 for details)"
        diagnostic = Diagnostic(str(target), None, message)
    inventory = Inventory()
    inventory.diagnostics.append(diagnostic)
    return inventory


def _workspace(options: ScanOptions) -> Workspace:
    remember = options.use_cache and options.remember_summaries
    return Workspace(prefilter=options.prefilter, remember=remember)


def build_inventory(options: ScanOptions, usage: UsageFile, book: PriceBook) -> Inventory:
    """Every key, consumer and key version under ``options.paths``, with one usage file for all."""
    run = Run(options, book, _workspace(options))
    targets = discover(options.paths, run.workspace, Excludes.from_options(options))
    return _inventory(targets, ProjectUsage(fallback=usage), run)


def _inventory(targets: list[Target], usages: ProjectUsage, run: Run) -> Inventory:
    terraform_roots = [t.path for t in targets if t.kind == TERRAFORM]
    inventory = Inventory()
    with Progress(len(targets)) as progress:
        if terraform_roots:
            run.terraform_loader().prefetch(terraform_roots)
        for target in targets:
            loaded = _load_target(target, run, usages.of(str(target.path)))
            found: list[Key | Consumer | KeyVersion | Instance | Secret] = [
                *loaded.keys,
                *loaded.consumers,
                *loaded.key_versions,
                *loaded.instances,
                *loaded.secrets,
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
    run = Run(options, book, _workspace(options))
    targets = discover(options.paths, run.workspace, Excludes.from_options(options))
    inputs = resolve_inputs(targets, options)
    usages = inputs.usages
    period = _period(options, usages, book)
    inventory = _inventory(targets, usages, run)
    inventory.diagnostics[:0] = inputs.diagnostics
    inventory.diagnostics.extend(usages.unmatched(inventory))
    expand_instance_counts(inventory, usages)
    calls, usage_problems = apply_usage(inventory, usages)
    inventory.diagnostics.extend(usage_problems)
    assign_billing(inventory, usages)
    existing = usages.existing_advanced_hsm_versions
    result = estimate(
        inventory.keys,
        calls,
        period,
        book,
        existing,
        instances=inventory.instances,
        secrets=inventory.secrets,
        instance_usage=instance_usage(inventory, usages),
    )
    report = Report(book=book, estimate=result, inventory=inventory, usage=usages)
    items: list[Key | Consumer | KeyVersion | Instance | Secret] = [
        *inventory.keys,
        *inventory.consumers,
        *inventory.key_versions,
        *inventory.instances,
        *inventory.secrets,
    ]
    found = {item.project for item in items}
    report.projects = [project for project in inputs.projects if project.name in found]
    versioned = {version.key_ref for version in inventory.key_versions}
    report.savings = find_savings(inventory.keys, calls, period, book, usages, versioned)
    report.assumptions.extend(inventory.assumptions)
    notice = kms1_notice(inventory, book)
    if notice is not None:
        report.notices.append(notice)
    if existing:
        source = usages.existing_source
        report.assumptions.append(
            f"{existing} advanced HSM versions already exist outside the scan ({source})"
        )
    return report
