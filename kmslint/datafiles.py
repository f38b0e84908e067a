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

from kmslint.cachedir import cache_root, cache_salt, write_atomically

DATA_DIRECTORY = Path(__file__).resolve().parent / "data"


CACHE_FORMAT = 1


def cache_directory() -> Path | None:
    if os.environ.get("KMSLINT_NO_DATA_CACHE"):
        return None
    root = cache_root()
    return root / "data" if root is not None else None


def _cached(path: Path, key: str) -> Any:
    """The data of a cache entry written by this kmslint for this source text, else None."""
    from kmslint import __version__
    from kmslint.safeio import read_cache_entry

    raw = read_cache_entry(path)
    try:
        entry = json.loads(raw) if raw else None
    except ValueError:
        return None
    expected = {"format": CACHE_FORMAT, "kmslint": __version__, "source_sha256": key}
    if not isinstance(entry, dict) or any(entry.get(k) != v for k, v in expected.items()):
        return None
    body = json.dumps(entry.get("data"), sort_keys=True).encode("utf-8")
    return entry["data"] if entry.get("data_sha256") == hashlib.sha256(body).hexdigest() else None


def _entry(data: Any, key: str) -> bytes:
    from kmslint import __version__

    body = json.dumps(data, sort_keys=True).encode("utf-8")
    entry = {"format": CACHE_FORMAT, "kmslint": __version__, "source_sha256": key}
    entry |= {"data_sha256": hashlib.sha256(body).hexdigest(), "data": data}
    return json.dumps(entry).encode("utf-8")


def parse_yaml_text(text: str) -> Any:
    """Parse trusted YAML text (the package's own data), through the JSON cache."""
    directory = cache_directory()
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    name = hashlib.sha256(f"{cache_salt('data', CACHE_FORMAT)} {key}".encode()).hexdigest()
    cached = directory / f"{name}.json" if directory else None
    if cached is not None:
        data = _cached(cached, key)
        if data is not None:
            return data
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(text)
    if cached is not None:
        write_atomically(cached, _entry(data, key))
    return data


def load_package_yaml(name: str) -> Any:
    """A YAML file shipped in ``kmslint/data``."""
    return parse_yaml_text((DATA_DIRECTORY / name).read_text(encoding="utf-8"))
