"""``kmslint check``: the estimate plus policy rules; the command for CI and pre-commit."""

from __future__ import annotations

import sys
from typing import Any

import click

from kmslint.commands.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    guarded,
    print_diagnostics,
    scan_options,
    scan_options_from,
    write_outputs,
)
from kmslint.findings import SEVERITIES, severity_rank


@click.command()
@scan_options
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="Lowest severity that fails the run (default: error).")
@guarded
def check(**kwargs: Any) -> None:
    """Estimate costs and apply the policy rules; exit 1 on findings at or above --fail-on."""
    from kmslint.formatters.text import summary_line
    from kmslint.scan import scan

    report = scan(scan_options_from(kwargs))
    print_diagnostics(report.inventory.diagnostics)
    write_outputs(report, kwargs["formats"], kwargs["outputs"])
    click.echo(summary_line(report), err=True)
    if report.errors:
        sys.exit(EXIT_ERROR)
    threshold = severity_rank(kwargs["fail_on"] or "error")
    failing = [f for f in report.active_findings if severity_rank(f.severity) >= threshold]
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)
