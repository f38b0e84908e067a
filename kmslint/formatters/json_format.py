"""``--format json``: the stable report of SPEC.md, printed as it is."""

from kmslint.formatters.document import render_document

__all__ = ["render_document"]
