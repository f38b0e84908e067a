"""Parsed HCL files, cached on disk by content hash (parsed in ``pool``, in parallel when it pays).

The cache key is the SHA-256 of the file's bytes plus the kmslint and python-hcl2 versions.
Entries are written atomically (temporary file + rename), so concurrent kmslint processes never
see half a file; an unreadable, corrupt or unwritable cache is simply not used. Entries are
unpickled with an allow-list of kmslint's own syntax-tree classes, never arbitrary objects.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import time
from decimal import Decimal
from pathlib import Path

from kmslint.cachedir import cache_root, cache_salt, write_atomically
from kmslint.cachesize import record_written, touch_if_stale
from kmslint.errors import InputError
from kmslint.safeio import read_cache_entry
from kmslint.terraform import ast

CACHE_FORMAT = 2  # bump when the syntax tree changes shape
_ALLOWED = {(cls.__module__, cls.__name__) for cls in ast.AST_CLASSES} | {("decimal", "Decimal")}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the kmslint cache")
        return Decimal if name == "Decimal" else getattr(ast, name)


def _hcl2_version() -> str:
    """python-hcl2's version, read without importing the parser (which is slow to import)."""
    from importlib.util import find_spec

    spec = find_spec("hcl2")
    for location in (spec.submodule_search_locations or []) if spec else []:
        try:
            return (Path(location) / "version.py").read_text(encoding="utf-8")
        except OSError:
            continue
    return "unknown"


class ParseCache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.written_bytes = 0
        self.started_ns = time.time_ns()
        self.salt = f"{cache_salt('parse', CACHE_FORMAT)} python-hcl2 {_hcl2_version()}".encode()

    @classmethod
    def from_environment(cls, enabled: bool = True) -> ParseCache:
        return cls(cache_root() if enabled else None)

    @staticmethod
    def header(key: str) -> bytes:
        """Each entry starts with its format and key: a misplaced or foreign file is a miss."""
        return f"kmslint-parse-cache {CACHE_FORMAT} {key}\n".encode()

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.salt + b"\0" + data).hexdigest()

    def _path(self, key: str) -> Path | None:
        return self.directory / key[:2] / f"{key}.pickle" if self.directory else None

    def get(self, key: str) -> ast.ConfigFile | None:
        path = self._path(key)
        if path is None:
            return None
        raw = read_cache_entry(path)
        header = self.header(key)
        if raw is None or not raw.startswith(header):
            return None
        try:
            value = _SafeUnpickler(io.BytesIO(raw[len(header) :])).load()
            touch_if_stale(path, path.stat().st_mtime_ns, self.started_ns)
        except Exception:
            return None
        return value if isinstance(value, ast.ConfigFile) else None

    def store(self, key: str, value: ast.ConfigFile) -> bytes | None:
        """Write one entry; returns the bytes written (None when the cache is off or the
        tree cannot be pickled). The caller counts them with ``count_written``."""
        path = self._path(key)
        if path is None:
            return None
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, RecursionError):
            return None
        write_atomically(path, self.header(key) + data)
        return data

    def count_written(self, size: int) -> None:
        self.written_bytes += size

    def flush(self) -> None:
        """Count this run's new entries against the cache's size bound (evicting if past it)."""
        if self.directory is not None and self.written_bytes:
            record_written(self.directory, self.written_bytes)
            self.written_bytes = 0


class Parser:
    """Parses ``.tf`` files for one run: memory, then disk cache, then python-hcl2."""

    def __init__(self, cache: ParseCache) -> None:
        self.cache = cache
        self.memory: dict[str, ast.ConfigFile | InputError] = {}

    def parse(self, text: str, display: str) -> ast.ConfigFile:
        self.parse_many([(text, display)])
        result = self.memory[display]
        if isinstance(result, InputError):
            raise result
        return result

    def parse_many(self, jobs: list[tuple[str, str]]) -> None:
        """Parse every (text, display path) not yet known, in parallel when it pays."""
        misses: list[tuple[str, str, str]] = []
        for text, display in jobs:
            if display in self.memory:
                continue
            key = self.cache.key(text.encode("utf-8"))
            cached = self.cache.get(key)
            if cached is not None:
                self.memory[display] = cached._replace(path=display)
            else:
                misses.append((key, text, display))
        if misses:
            self._parse_misses(misses)
        self.cache.flush()

    def _parse_misses(self, misses: list[tuple[str, str, str]]) -> None:
        from kmslint.terraform.pool import parse_jobs  # the parser: only on a cache miss

        for (_key, _text, display), (result, stored) in zip(
            misses, parse_jobs(misses, self.cache), strict=True
        ):
            self.memory[display] = result
            self.cache.count_written(len(stored) if stored else 0)
