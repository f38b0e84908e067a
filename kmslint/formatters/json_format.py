"""``--format json``: the stable report of SPEC.md."""

from __future__ import annotations

import json

from kmslint.report import Report


def render(report: Report, *, color: bool = False, show_suppressed: bool = False) -> str:
    return json.dumps(report.to_json(include_suppressed=show_suppressed), indent=2, ensure_ascii=False) + "\n"
