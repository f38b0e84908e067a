"""``kmslint usage init [PATH]... [--sync]``: write or update a usage file skeleton."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kmslint import safeio
from kmslint.commands.common import (
    guarded,
    jail_options,
    options_from,
    print_diagnostics,
    scan_options_from,
)
from kmslint.errors import InputError


@dataclass(frozen=True)
class InitOptions:
    """``kmslint usage init``'s own options (the scan options are ScanOptions)."""

    usage_file: Path | None
    sync: bool


def jail_options_decorator(function: Any) -> Any:
    for option in reversed(jail_options()):
        function = option(function)
    return function


@click.group()
def usage() -> None:
    """Usage-file helpers."""


@usage.command("init")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--usage-file",
    type=click.Path(path_type=Path),
    help="File to write (default: kmslint-usage.yml beside PATH).",
)
@click.option(
    "--sync",
    is_flag=True,
    help="Update an existing file: add new addresses, drop vanished ones, keep your values.",
)
@click.option(
    "--var", "variables", multiple=True, metavar="NAME=VALUE", help="Set a Terraform root variable."
)
@click.option(
    "--var-file",
    "var_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Terraform variables file.",
)
@click.option(
    "--parameter",
    "parameters",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a ROS template parameter.",
)
@click.option("--region", help="Region for keys whose provider sets none (and for ROS stacks).")
@jail_options_decorator
@guarded
def init(**kwargs: Any) -> None:
    """Write kmslint-usage.yml with every key and consumer, each field commented out."""
    from kmslint.pricebook import load_price_book
    from kmslint.scan import build_inventory
    from kmslint.usage import USAGE_FILE_NAME, UsageFile
    from kmslint.usage_skeleton import new_file, sync_file

    options = scan_options_from(
        {
            **kwargs,
            "usage_file": None,
            "horizon_months": None,
            "month_days": None,
            "no_cache": False,
        }
    )
    chosen = options_from(InitOptions, kwargs)
    first = options.paths[0]
    target = chosen.usage_file or (first if first.is_dir() else first.parent) / USAGE_FILE_NAME
    book = load_price_book()
    inventory = build_inventory(options, UsageFile(), book)
    print_diagnostics(inventory.diagnostics)
    if inventory.errors:
        raise SystemExit(2)
    if chosen.sync:
        if not os.path.lexists(target):
            raise InputError(
                str(target), None, "no usage file to --sync; run `kmslint usage init` first"
            )
        safeio.refuse_link(target, str(target))
        text, added, removed = sync_file(
            safeio.read_text(target, named_by_pipeline=bool(chosen.usage_file)),
            str(target),
            inventory,
            book,
        )
        safeio.write_text(target, text)
        click.echo(f"{target}: {len(added)} address(es) added, {len(removed)} removed")
        return
    safeio.refuse_link(target, str(target))
    if os.path.lexists(target):
        raise InputError(str(target), None, "already exists; use --sync to update it")
    safeio.write_text(target, new_file(inventory, book))
    click.echo(
        f"{target}: written with {len(inventory.keys)} key(s) and {len(inventory.consumers)} consumer(s)"
    )
