"""The JSON Schemas shipped with the package: the report's, the config's and the usage file's.

``report.schema.json`` describes the stable fields of SPEC.md and the fields ``diff`` and
``merge`` add; money fields are decimal strings. Validate a report with any JSON Schema
(2020-12) validator, e.g. ``jsonschema``.

``config.schema.json`` (``.kmslint.yaml``) and ``usage.schema.json`` (``kmslint-usage.yml``) are
draft-07, for YAML editors; ``python -m kmslint.reference`` generates them from the loaders'
tables. ``kmslint usage init`` points a usage file at :func:`schema_url` of this version.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from kmslint import __version__

SCHEMA_FILE = "report.schema.json"
CONFIG_SCHEMA = "config.schema.json"
USAGE_SCHEMA = "usage.schema.json"
RAW_BASE = "https://raw.githubusercontent.com/kmslint/kmslint"


def schema_url(name: str) -> str:
    """Where an editor fetches a shipped schema of the installed version (the release tag)."""
    return f"{RAW_BASE}/v{__version__}/kmslint/schema/{name}"


def package_schema(name: str) -> dict[str, Any]:
    """A shipped schema (``config.schema.json``, ``usage.schema.json``, ...) as a dict."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return dict(json.loads(text))


def report_schema() -> dict[str, Any]:
    """The report schema as a dict."""
    return package_schema(SCHEMA_FILE)
