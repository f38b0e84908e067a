"""``kmslint merge``: one report from the JSON reports of several CI jobs."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kmslint.commands.common import EXIT_OK, FormatOption, guarded, options_from
from kmslint.commands.outputs import write_outputs


@dataclass(frozen=True)
class MergeOptions:
    """``kmslint merge``'s options."""

    reports: tuple[Path, ...]
    formats: tuple[str, ...]
    outputs: tuple[Path, ...]
    show_suppressed: bool


@click.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "formats", multiple=True, cls=FormatOption, default_format="json")
@click.option(
    "--output",
    "outputs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="File for the matching --format.",
)
@click.option(
    "--show-suppressed",
    is_flag=True,
    help="Also show suppressed and baselined findings (if the reports have them).",
)
@guarded
def merge(**kwargs: Any) -> None:
    """Combine REPORTS (written with --format json) into one report.

    The reports must come from the same kmslint version, price book and horizon. Keys, findings
    and diagnostics are concatenated, a key present in several reports is counted once, and
    the totals are added up again. Exit codes: 0 merged, 2 bad input.
    """
    from kmslint.merge import merge_documents, read_report

    chosen = options_from(MergeOptions, kwargs)
    documents = [(str(path), read_report(path)) for path in chosen.reports]
    merged = merge_documents(documents)
    formats = chosen.formats or ("json",)
    write_outputs(merged, formats, chosen.outputs, show_suppressed=chosen.show_suppressed)
    sys.exit(EXIT_OK)
