"""``kmslint migrate [PATH]...``: KMS 1.0 keys to a KMS instance, per region and option."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
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

MIGRATE_FORMATS = ("text", "json", "markdown", "html", "sarif", "junit", "github", "gitlab")


@dataclass(frozen=True)
class MigrateOptions:
    formats: tuple[str, ...]
    outputs: tuple[Path, ...]


def _render(name: str, document: dict[str, Any]) -> str:
    from kmslint.formatters.migration import render_markdown, render_text
    from kmslint.formatters.migration_findings import RENDERERS

    if name in RENDERERS:
        return RENDERERS[name](document)
    if name == "json":
        return json.dumps(document, indent=2) + "\n"
    return render_markdown(document) if name == "markdown" else render_text(document)


@click.command()
@scan_options
@guarded
def migrate(**kwargs: Any) -> None:
    """Plan the move of the KMS 1.0 keys under PATHS into KMS instances (every format but infracost)."""
    from kmslint.migration import migration_json
    from kmslint.scan import scan

    chosen = options_from(MigrateOptions, kwargs)
    formats = chosen.formats or ("text",)
    wrong = [name for name in formats if name not in MIGRATE_FORMATS]
    if wrong:
        raise click.BadParameter(
            f"migrate writes {', '.join(MIGRATE_FORMATS)}, not {wrong[0]!r}", param_hint="--format"
        )
    options = scan_options_from(kwargs)
    report = scan(options)
    print_diagnostics(report.inventory.diagnostics)
    document = migration_json(report, options.as_of or date.today())
    for index, name in enumerate(formats):
        text = _render(name, document)
        target = chosen.outputs[index] if index < len(chosen.outputs) else None
        if target is None or str(target) == "-":
            click.echo(text, nl=False)
        else:
            target.write_text(text, encoding="utf-8")
    sys.exit(EXIT_ERROR if report.errors else EXIT_OK)
