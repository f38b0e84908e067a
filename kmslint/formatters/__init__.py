"""Report formatters, one module each, registered by name.

A formatter renders either a :class:`~kmslint.report.Report` (``check``, ``estimate``) or the
JSON document of one (``merge``, ``diff``, ``comment`` work on documents, which is all a saved
report is). The formats added for pipelines render the document in both cases, so a report
looks the same whether it was just scanned or read back from a file.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol, Union

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
}

# Where a format's module renders only Report objects, the module that renders documents.
DOCUMENT_FORMATS = {
    "text": "kmslint.formatters.text_document",
    "json": "kmslint.formatters.document",
}

Renderable = Union["Report", dict[str, Any]]


class Formatter(Protocol):
    def __call__(self, report: Report, *, color: bool = False, show_suppressed: bool = False) -> str: ...


def render(name: str, report: Renderable, *, color: bool = False, show_suppressed: bool = False) -> str:
    """Render a Report or a report document (a ``dict``) in format ``name``."""
    if isinstance(report, dict):
        return render_document(name, report, color=color, show_suppressed=show_suppressed)
    module = import_module(FORMATS[name])
    return str(module.render(report, color=color, show_suppressed=show_suppressed))


def render_document(name: str, document: dict[str, Any], *, color: bool = False, show_suppressed: bool = False) -> str:
    """Render a report document (as ``--format json`` writes it) in format ``name``."""
    module = import_module(DOCUMENT_FORMATS.get(name, FORMATS[name]))
    return str(module.render_document(document, color=color, show_suppressed=show_suppressed))
