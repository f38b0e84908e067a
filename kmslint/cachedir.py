"""Where kmslint keeps its caches: ``$KMSLINT_CACHE_DIR``, else the user cache directory."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def cache_root() -> Path:
    configured = os.environ.get("KMSLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kmslint"


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and a rename, so that readers never see half a file;
    a cache that cannot be written is simply not written."""
    import tempfile

    handle_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
            handle_name = handle.name
            handle.write(data)
        os.replace(handle_name, path)
    except OSError:
        if handle_name:
            with contextlib.suppress(OSError):
                os.unlink(handle_name)
