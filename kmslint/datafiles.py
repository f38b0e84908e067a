"""The package's YAML data files (price book, usage fields, consumers, rules), loaded fast.

Parsing YAML costs tens of milliseconds a file, which a pre-commit hook pays on every commit;
the parsed form of each file is therefore kept as JSON in the cache directory, keyed by the
SHA-256 of the file's text, and the YAML parser is only imported on a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from kmslint.cachedir import cache_root, write_atomically

DATA_DIRECTORY = Path(__file__).resolve().parent / "data"


def cache_directory() -> Path | None:
    if os.environ.get("KMSLINT_NO_DATA_CACHE"):
        return None
    return cache_root() / "data"


def parse_yaml_text(text: str) -> Any:
    """Parse trusted YAML text (the package's own data), through the JSON cache."""
    directory = cache_directory()
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    cached = directory / f"{key}.json" if directory else None
    if cached is not None:
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(text)
    if cached is not None:
        write_atomically(cached, json.dumps(data).encode("utf-8"))
    return data


def load_package_yaml(name: str) -> Any:
    """A YAML file shipped in ``kmslint/data``."""
    return parse_yaml_text((DATA_DIRECTORY / name).read_text(encoding="utf-8"))
