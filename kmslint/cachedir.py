"""Where kmslint keeps its caches: ``$KMSLINT_CACHE_DIR``, else the user cache directory."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    configured = os.environ.get("KMSLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kmslint"


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and a rename, so that readers never see half a file, never
    through a symbolic link; a cache that cannot be written is simply not written."""
    from kmslint.safeio import write_cache_entry

    write_cache_entry(path, data)
