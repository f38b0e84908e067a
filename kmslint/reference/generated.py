"""Every generated reference file, by its path in the repository, and its expected text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from kmslint.reference.pages import config_page, report_page, usage_page
from kmslint.reference.schemas import SCHEMAS


def _json(build: Callable[[], object]) -> Callable[[], str]:
    return lambda: json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def files() -> dict[str, Callable[[], str]]:
    """Repository path -> the function that makes its text."""
    made: dict[str, Callable[[], str]] = {
        f"kmslint/schema/{name}": _json(build) for name, build in SCHEMAS.items()
    }
    made["docs/reference/usage-file.md"] = usage_page
    made["docs/reference/config.md"] = config_page
    made["docs/reference/report.md"] = report_page
    return made


def outdated(root: Path) -> list[str]:
    """The generated files whose committed text differs from what the tables give today."""
    stale = []
    for relative, make in files().items():
        path = root / relative
        if not path.is_file() or path.read_text(encoding="utf-8") != make():
            stale.append(relative)
    return stale


def write_all(root: Path) -> list[str]:
    for relative, make in files().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8")
    return list(files())
