"""Report formatters, one module each, registered by name.

Every format renders the report *document* (the JSON of SPEC.md): ``check`` and ``estimate``
turn their Report into one, while ``merge``, ``diff`` and ``comment`` work on documents, which
is all a saved report is. So a report looks the same whether it was just scanned or read back.
Each module provides ``render_document(document, *, color, show_suppressed)``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from kmslint.report import Report

FORMATS = {
    "text": "kmslint.formatters.text",
    "json": "kmslint.formatters.json_format",
    "markdown": "kmslint.formatters.markdown",
    "sarif": "kmslint.formatters.sarif",
    "junit": "kmslint.formatters.junit",
    "github": "kmslint.formatters.github",
    "gitlab": "kmslint.formatters.gitlab",
    "html": "kmslint.formatters.html_format",
    "infracost": "kmslint.formatters.infracost",
}

Renderable = Union["Report", dict[str, Any]]


def render(
    name: str, report: Renderable, *, color: bool = False, show_suppressed: bool = False
) -> str:
    """Render a Report or a report document (a ``dict``) in format ``name``."""
    document = (
        report if isinstance(report, dict) else report.to_json(include_suppressed=show_suppressed)
    )
    return render_document(name, document, color=color, show_suppressed=show_suppressed)


def render_document(
    name: str, document: dict[str, Any], *, color: bool = False, show_suppressed: bool = False
) -> str:
    """Render a report document (as ``--format json`` writes it) in format ``name``."""
    module = import_module(FORMATS[name])
    return str(module.render_document(document, color=color, show_suppressed=show_suppressed))
