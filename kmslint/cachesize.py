"""A bound on the size of kmslint's cache directory: least recently used entries go first.

A parse-cache hit refreshes its entry's modification time (at most once a day, so warm runs
do not write), which makes the modification time the entry's last use. Each run that writes
entries adds their size to a small running total kept beside them; when the total passes the
limit the directory is measured and the oldest entries are removed until it is at most
``LOW_WATER`` of the limit. Only files named as kmslint names them (``<sha-256>.pickle``,
``summaries-<hex>.json``, ``lark-<hex>.grammar``, half-written ``.tmp-*``) at most one directory below the cache root
are ever counted or removed, and symbolic links are never followed: a cache directory set to
a wrong place loses nothing else.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

LIMIT_ENVIRONMENT = "KMSLINT_CACHE_MAX_MB"
DEFAULT_LIMIT_MB = 256
LOW_WATER = 0.8
TOTAL_FILE = "size-total"
_NUMBER = re.compile(r"[0-9]{1,9}(\.[0-9]{1,6})?")
_OWN_NAME = re.compile(
    r"[0-9a-f]{64}\.pickle|summaries-[0-9a-f]+\.json|lark-[0-9a-f]+\.grammar|\.tmp-.*|" + TOTAL_FILE
)


@dataclass(frozen=True)
class Entry:
    path: Path
    size: int
    last_used_ns: int


def limit_bytes() -> int:
    """The cache's size limit: ``KMSLINT_CACHE_MAX_MB`` (MiB, may be fractional), else 256."""
    configured = os.environ.get(LIMIT_ENVIRONMENT, "").strip()
    megabytes = Decimal(configured) if _NUMBER.fullmatch(configured) else Decimal(DEFAULT_LIMIT_MB)
    return int(megabytes * 1024 * 1024)


def entries(root: Path) -> list[Entry]:
    """kmslint's files in ``root`` and its subdirectories, without following symbolic links."""
    found: list[Entry] = []
    pending = [(root, 0)]
    while pending:
        directory, depth = pending.pop()
        try:
            with os.scandir(directory) as listing:
                for item in listing:
                    if item.is_dir(follow_symlinks=False) and depth == 0:
                        pending.append((Path(item.path), 1))
                    elif item.is_file(follow_symlinks=False) and _OWN_NAME.fullmatch(item.name):
                        stat = item.stat(follow_symlinks=False)
                        found.append(Entry(Path(item.path), stat.st_size, stat.st_mtime_ns))
        except OSError:
            continue
    return found


def _read_total(root: Path) -> int:
    try:
        text = (root / TOTAL_FILE).read_text(encoding="ascii").strip()
    except OSError:
        return 0
    return int(text) if text.isdigit() else 0


def _write_total(root: Path, total: int) -> None:
    from kmslint.cachedir import write_atomically

    write_atomically(root / TOTAL_FILE, str(max(total, 0)).encode("ascii"))


def record_written(root: Path, written: int, limit: int | None = None) -> None:
    """Count ``written`` new bytes; when the running total passes the limit, evict."""
    if written <= 0:
        return
    limit = limit_bytes() if limit is None else limit
    total = _read_total(root) + written
    if total > limit:
        total = evict(root, limit)
    _write_total(root, total)


def evict(root: Path, limit: int) -> int:
    """Remove the least recently used entries until the cache is at most ``LOW_WATER`` of
    ``limit``; returns the size left."""
    found = sorted(
        (e for e in entries(root) if e.path.name != TOTAL_FILE), key=lambda e: e.last_used_ns
    )
    total = sum(e.size for e in found)
    target = int(limit * LOW_WATER)
    for entry in found:
        if total <= target:
            break
        try:
            entry.path.unlink()
        except OSError:
            continue
        total -= entry.size
    return total


def clean(root: Path) -> tuple[int, int]:
    """Remove every kmslint file under ``root`` and the directories left empty; returns the
    number of files and bytes removed."""
    removed = freed = 0
    entries_before = entries(root)
    for entry in entries_before:
        try:
            entry.path.unlink()
        except OSError:
            continue
        removed, freed = removed + 1, freed + entry.size
    for directory in {e.path.parent for e in entries_before if e.path.parent != root}:
        with contextlib.suppress(OSError):
            directory.rmdir()  # only when empty: anything else in it stays
    return removed, freed


def touch_if_stale(path: Path, last_used_ns: int, now_ns: int) -> None:
    """Mark an entry as used, at most once a day (so that warm runs seldom write)."""
    if now_ns - last_used_ns > 86_400 * 10**9:
        with contextlib.suppress(OSError):
            os.utime(path)
