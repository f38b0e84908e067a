"""Cache entries are written without a disk flush, so a power cut can leave any of them cut
short or empty: every reader must then treat the entry as a miss and give the same report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES

SCANNED = (EXAMPLES / "terraform" / "signing", EXAMPLES / "ros" / "disk-encryption")


def _report() -> Any:
    """A run in its own process, so that nothing parsed earlier is remembered in memory."""
    command = [sys.executable, "-m", "kmslint", "estimate", "--format", "json", *map(str, SCANNED)]
    done = subprocess.run(command, capture_output=True, check=True, env=os.environ.copy())
    assert done.stderr == b""
    return json.loads(done.stdout)


@pytest.mark.parametrize("keep", [0.5, 0.0], ids=["cut-short", "empty"])
def test_every_damaged_cache_entry_is_a_miss_and_the_report_is_unchanged(keep: float) -> None:
    expected = _report()
    cache = Path(os.environ["KMSLINT_CACHE_DIR"])
    damaged = sorted(p for p in cache.rglob("*") if p.is_file())
    caches = {p.relative_to(cache).parts[0] for p in damaged}
    assert {"data", "parser", "prefilter", "ros", "size-total"} <= caches
    for path in damaged:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])
    assert _report() == expected
    assert _report() == expected  # and the entries written again are good
