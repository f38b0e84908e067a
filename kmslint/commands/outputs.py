"""Writing a command's report: each ``--format`` to its ``--output``, colour, escaping."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from kmslint.errors import InputError


def public_words() -> frozenset[str]:
    """Words kmslint prints anyway (key specs, regions): never redacted."""
    from kmslint.pricebook import load_price_book

    book = load_price_book()
    return frozenset(book.key_specs) | frozenset(book.regions)


def redacted(text: str) -> str:
    from kmslint.redact import has_secrets, redact

    return redact(text, public_words()) if has_secrets() else text


def use_color(choice: bool | None = None) -> bool:
    """``--color``/``--no-color``, else FORCE_COLOR, else NO_COLOR (non-empty), else a terminal."""
    if choice is not None:
        return choice
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def check_outputs(formats: tuple[str, ...], outputs: tuple[Path, ...]) -> None:
    """Each --output pairs with the --format in its position; each file must be writable."""
    given = max(len(formats), 1)
    if outputs and len(outputs) != given:
        raise click.UsageError(
            f"{len(outputs)} --output for {given} --format: give one --output per --format, "
            "in the same order (- for stdout)"
        )
    for path in outputs:
        if str(path) == "-":
            continue
        problem = _unwritable(path)
        if problem:
            raise InputError(str(path), None, problem)


def _unwritable(path: Path) -> str | None:
    if path.is_dir():
        return "is a directory, not a file to write"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"cannot write: directory {parent} does not exist"
    if (path.exists() and not os.access(path, os.W_OK)) or not os.access(parent, os.W_OK):
        return "cannot write: permission denied"
    return None


def _context_flag(name: str) -> Any:
    context = click.get_current_context(silent=True)
    return context.params.get(name) if context is not None else None


READ_BY_PEOPLE = {"text", "github", "markdown", "html"}  # shown on terminals, logs, comments


def _shown_document(report: Any, show_suppressed: bool) -> Any:
    """The document with control characters of its strings made visible (SECURITY.md)."""
    from kmslint.escape import visible_document

    document = report if isinstance(report, dict) else report.to_json(show_suppressed)
    return visible_document(document)


def write_outputs(
    report: Any, formats: tuple[str, ...], outputs: tuple[Path, ...], show_suppressed: bool = False
) -> None:
    """Render each requested format; the i-th --format goes to the i-th --output, the rest to stdout."""
    from kmslint.formatters import FORMATS, render

    chosen = list(formats) or ["text"]
    for name in chosen:
        if name not in FORMATS:
            raise click.BadParameter(
                f"{name!r} is not one of {', '.join(FORMATS)}", param_hint="--format"
            )
    check_outputs(tuple(formats), outputs)
    quiet, color = bool(_context_flag("quiet")), use_color(_context_flag("color"))
    shown = _shown_document(report, show_suppressed) if set(chosen) & READ_BY_PEOPLE else None
    data = report
    for index, name in enumerate(chosen):
        report = shown if name in READ_BY_PEOPLE else data
        path = outputs[index] if index < len(outputs) else None
        to_stdout = path is None or str(path) == "-"
        if quiet and name == "text":
            from kmslint.formatters.text import render_quiet

            document = report if isinstance(report, dict) else report.to_json(show_suppressed)
            text = render_quiet(
                document, color=color and to_stdout, show_suppressed=show_suppressed
            )
        else:
            shade = color and to_stdout and name == "text"
            text = render(name, report, color=shade, show_suppressed=show_suppressed)
        text = redacted(text)
        if to_stdout:
            click.echo(text, nl=False, color=color or None)  # click strips colour off a terminal
            continue
        from kmslint.safeio import write_text

        write_text(path, text)  # type: ignore[arg-type]  # atomic, never through a link
