"""``kmslint estimate``: the cost breakdown only."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kmslint.commands.common import (
    EXIT_ERROR,
    EXIT_OK,
    guarded,
    options_from,
    print_diagnostics,
    scan_options,
    scan_options_from,
)
from kmslint.commands.outputs import write_outputs


@dataclass(frozen=True)
class EstimateOptions:
    """``kmslint estimate``'s own options (the scan options are ScanOptions)."""

    formats: tuple[str, ...]
    outputs: tuple[Path, ...]
    exit_zero: bool


@click.command()
@scan_options
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when some input could not be read (informational hooks).",
)
@guarded
def estimate(**kwargs: Any) -> None:
    """Estimate the monthly KMS 1.0 bill of the keys under PATHS."""
    from kmslint.scan import scan

    chosen = options_from(EstimateOptions, kwargs)
    report = scan(scan_options_from(kwargs))
    print_diagnostics(report.inventory.diagnostics)
    write_outputs(report, chosen.formats, chosen.outputs)
    sys.exit(EXIT_ERROR if report.errors and not chosen.exit_zero else EXIT_OK)
