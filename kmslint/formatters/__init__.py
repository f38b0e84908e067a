"""Report formatters, one module each, registered by name.

Every format renders the report *document* (the JSON of SPEC.md): ``check`` and ``estimate``
turn their Report into one, while ``merge``, ``diff`` and ``comment`` work on documents, which
is all a saved report is. So a report looks the same whether it was just scanned or read back.
Each module is a :class:`Formatter`: it provides ``render_document(document, *, color,
show_suppressed)``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol, Union, cast

if TYPE_CHECKING:
    from kmslint.report import Report


class Formatter(Protocol):
    """What a format module provides (each module of this package is one)."""

    def render_document(
        self, document: dict[str, Any], *, color: bool = False, show_suppressed: bool = False
    ) -> str: ...


# The one list of formats: name -> module, imported on first use so start-up stays fast. The CLI's
# --format help and check, the tests and the README check read it; add a format with
# register_format (or a line here for a built-in one).
FORMATS: dict[str, str] = {}


def register_format(name: str, module: str) -> None:
    """Make ``--format name`` render with ``module`` (a dotted name whose module is a Formatter)."""
    if name in FORMATS and FORMATS[name] != module:
        raise ValueError(f"format {name!r} is already registered ({FORMATS[name]})")
    FORMATS[name] = module


for _name, _module in (
    ("text", "kmslint.formatters.text"),
    ("json", "kmslint.formatters.json_format"),
    ("markdown", "kmslint.formatters.markdown"),
    ("sarif", "kmslint.formatters.sarif"),
    ("junit", "kmslint.formatters.junit"),
    ("github", "kmslint.formatters.github"),
    ("gitlab", "kmslint.formatters.gitlab"),
    ("html", "kmslint.formatters.html_format"),
    ("infracost", "kmslint.formatters.infracost"),
):
    register_format(_name, _module)


def formatter(name: str) -> Formatter:
    """The module behind ``--format name`` (KeyError for a name that is not registered)."""
    return cast(Formatter, import_module(FORMATS[name]))


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
    return formatter(name).render_document(document, color=color, show_suppressed=show_suppressed)
