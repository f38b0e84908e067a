"""``kmslint estimate``: the cost breakdown only."""

from __future__ import annotations

import sys
from typing import Any

import click

from kmslint.commands.common import (
    EXIT_ERROR,
    EXIT_OK,
    guarded,
    print_diagnostics,
    scan_options,
    scan_options_from,
    write_outputs,
)


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

    report = scan(scan_options_from(kwargs))
    print_diagnostics(report.inventory.diagnostics)
    write_outputs(report, kwargs["formats"], kwargs["outputs"])
    sys.exit(EXIT_ERROR if report.errors and not kwargs["exit_zero"] else EXIT_OK)
