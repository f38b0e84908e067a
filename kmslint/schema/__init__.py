"""The JSON Schema of the report (``--format json``), shipped with the package.

``report.schema.json`` describes the stable fields of SPEC.md and the fields ``diff`` and
``merge`` add; money fields are decimal strings. Validate a report with any JSON Schema
(2020-12) validator, e.g. ``jsonschema``.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

SCHEMA_FILE = "report.schema.json"


def report_schema() -> dict[str, Any]:
    """The report schema as a dict."""
    text = resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return dict(json.loads(text))
