"""Parsed ROS templates, cached on disk by content hash (as Terraform's parse cache).

The key is the SHA-256 of the template's text plus the kmslint version and the cache format.
An entry is the parsed document as JSON — mappings and lists with their lines, scalars, and
decimals as strings — so it is rebuilt without the YAML parser and never executes anything.
Entries are written atomically; an unreadable, corrupt or unwritable cache is simply not used.
Templates that fail to parse are not cached (their error is reported again on the next run).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from kmslint.cachedir import cache_root, cache_salt, write_atomically
from kmslint.ros.values import LList, LMap
from kmslint.safeio import read_cache_entry

CACHE_FORMAT = 1  # bump when LMap/LList change shape
_MISSING = object()


def encode(value: Any) -> Any:
    if isinstance(value, LMap):
        entries = [
            [
                k,
                value.key_lines.get(k, value.line),
                value.value_lines.get(k),
                k in value.block_scalars,
                encode(v),
            ]
            for k, v in value.items()
        ]
        return {"M": [value.line, value.end_line, entries]}
    if isinstance(value, LList):
        lines = value.item_lines
        return {"L": [value.line, value.end_line, lines, [encode(v) for v in value]]}
    if isinstance(value, Decimal):
        return {"D": str(value)}
    if value is None or isinstance(value, (str, bool, int)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "M" in value:
        line, end_line, entries = value["M"]
        mapping = LMap(line, end_line)
        for key, key_line, value_line, block, item in entries:
            mapping[key] = decode(item)
            mapping.key_lines[key] = key_line
            if value_line is not None:
                mapping.value_lines[key] = value_line
            if block:
                mapping.block_scalars.add(key)
        return mapping
    if "L" in value:
        line, end_line, lines, items = value["L"]
        sequence = LList(line, end_line)
        sequence.extend(decode(item) for item in items)
        sequence.item_lines.extend(lines)
        return sequence
    return Decimal(value["D"])


class TemplateCache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.salt = f"{cache_salt('ros', CACHE_FORMAT)}\n".encode()

    @classmethod
    def from_environment(cls, enabled: bool = True) -> TemplateCache:
        root = cache_root() if enabled else None  # None: off, or inside the scanned tree
        return cls(root / "ros" if root is not None else None)

    def _entry(self, text: str) -> Path | None:
        if self.directory is None:
            return None
        key = hashlib.sha256(self.salt + text.encode("utf-8")).hexdigest()
        return self.directory / key[:2] / f"{key}.json"

    def get(self, text: str) -> Any:
        """The cached document of ``text``, or ``_MISSING``."""
        entry = self._entry(text)
        if entry is None:
            return _MISSING
        try:
            raw = read_cache_entry(entry)  # never a FIFO, a link or a huge file
            return decode(json.loads(raw)) if raw else _MISSING
        except (OSError, ValueError, TypeError, KeyError):
            return _MISSING

    def put(self, text: str, document: Any) -> None:
        entry = self._entry(text)
        if entry is None:
            return
        try:
            data = json.dumps(encode(document), separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            return
        write_atomically(entry, data.encode("utf-8"))


def is_missing(value: Any) -> bool:
    return value is _MISSING
