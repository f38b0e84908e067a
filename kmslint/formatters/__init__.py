"""Report formatters, one module each, registered by name."""

from __future__ import annotations

from importlib import import_module
from typing import Protocol

from kmslint.report import Report

FORMATS = {
    "text": "kmslint.formatters.text",
    "json": "kmslint.formatters.json_format",
}


class Formatter(Protocol):
    def __call__(self, report: Report, *, color: bool = False, show_suppressed: bool = False) -> str: ...


def render(name: str, report: Report, *, color: bool = False, show_suppressed: bool = False) -> str:
    module = import_module(FORMATS[name])
    return str(module.render(report, color=color, show_suppressed=show_suppressed))
