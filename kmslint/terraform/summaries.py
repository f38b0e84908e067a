"""What the prefilter learnt about each module directory, kept between runs.

A directory's summary (does it matter for KMS, which local modules does it call) is valid while
its ``.tf`` files keep their names, sizes and modification times, so a warm run only lists and
stats directories instead of reading every file of the repository again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kmslint.cachedir import cache_root, cache_salt, write_atomically
from kmslint.safeio import read_cache_entry

Signature = list[list[object]]  # [[name, size, mtime_ns], ...]
FORMAT = 2  # 2: module calls on one line or with a trailing comment


class SummaryCache:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, dict[str, object]] = {}
        self.changed = False
        if path is not None:
            try:
                raw = read_cache_entry(path)
                data = json.loads(raw) if raw else None
                if isinstance(data, dict) and isinstance(data.get("directories"), dict):
                    self.entries = data["directories"]
            except (OSError, ValueError):
                self.entries = {}

    @classmethod
    def for_run(cls, enabled: bool, pattern: str) -> SummaryCache:
        if not enabled:
            return cls(None)
        import hashlib

        salt = hashlib.sha256(f"{cache_salt('prefilter', FORMAT)} {pattern}".encode()).hexdigest()
        salt = salt[:16]
        root = cache_root()
        return cls(root / "prefilter" / f"summaries-{salt}.json" if root is not None else None)

    def get(self, directory: Path, signature: Signature) -> tuple[bool, set[Path]] | None:
        entry = self.entries.get(str(directory))
        if not isinstance(entry, dict) or entry.get("signature") != signature:
            return None
        calls = entry.get("calls")
        if not isinstance(calls, list) or not isinstance(entry.get("matters"), bool):
            return None
        return bool(entry["matters"]), {Path(c) for c in calls if isinstance(c, str)}

    def put(self, directory: Path, signature: Signature, matters: bool, calls: set[Path]) -> None:
        self.entries[str(directory)] = {
            "signature": signature,
            "matters": matters,
            "calls": sorted(str(c) for c in calls),
        }
        self.changed = True

    def save(self) -> None:
        """Write the summaries back when this run changed them, dropping the entries of
        directories that no longer exist (so deleted or temporary trees do not pile up)."""
        if self.path is not None and self.changed:
            self.entries = {d: e for d, e in self.entries.items() if os.path.isdir(d)}
            write_atomically(self.path, json.dumps({"directories": self.entries}).encode("utf-8"))
            self.changed = False
