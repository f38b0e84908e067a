"""Where kmslint keeps its caches: ``$KMSLINT_CACHE_DIR``, else the user cache directory."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

# Bump when any cache entry changes meaning in a way its own format number does not capture.
CACHE_FORMAT = 1


def cache_salt(kind: str, kind_format: int | str) -> str:
    """The salt every cache key of ``kind`` starts from: kmslint's version, the cache-wide
    format and the kind's own format. An upgraded (or downgraded) kmslint computes other keys,
    so it never reads an entry another version wrote, even when both share a cache directory."""
    from kmslint import __version__

    text = f"kmslint {__version__} cache-format {CACHE_FORMAT} {kind} {kind_format}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def configured_cache_root() -> Path:
    configured = os.environ.get("KMSLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kmslint"


def cache_root() -> Path | None:
    """The cache directory, or None when it lies inside the scanned tree: the pull request
    could then have planted its entries (a price book with every price 0), so it is ignored
    with a warning (SECURITY.md)."""
    from kmslint.safeio import warn_once, within_scanned_tree

    root = configured_cache_root()
    if within_scanned_tree(root):
        warn_once(
            f"kmslint: warning: cache directory {root} is inside the scanned tree; not using it"
        )
        return None
    return root


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and a rename, so that readers never see half a file, never
    through a symbolic link; a cache that cannot be written is simply not written."""
    from kmslint.safeio import write_cache_entry

    write_cache_entry(path, data)
