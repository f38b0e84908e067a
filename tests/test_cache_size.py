"""The cache stays under its size bound, least recently used entries first; ``kmslint cache``."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from kmslint import cachesize
from tests.helpers import EXAMPLES, ROOT, json_report, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_monorepo import generate

DAY_NS = 86_400 * 10**9


def _entry(root: Path, index: int, size: int, age_days: int) -> Path:
    name = f"{index:064x}.pickle"
    path = root / name[:2] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    when = time.time_ns() - age_days * DAY_NS
    os.utime(path, ns=(when, when))
    return path


def test_eviction_removes_the_least_recently_used_entries_first(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    paths = [_entry(root, i, 1000, age_days=10 - i) for i in range(10)]  # paths[0] is oldest
    stranger = root / "notes.txt"
    stranger.write_bytes(b"y" * 5000)  # not kmslint's: never counted, never removed
    left = cachesize.evict(root, limit=6000)
    assert left == 4000  # down to LOW_WATER (0.8) of the limit
    assert [p.exists() for p in paths] == [False] * 6 + [True] * 4
    assert stranger.exists()


def test_the_running_total_triggers_eviction_only_past_the_limit(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    for i in range(5):
        _entry(root, i, 1000, age_days=5 - i)
        cachesize.record_written(root, 1000, limit=4500)
    remaining = [e for e in cachesize.entries(root) if e.path.suffix == ".pickle"]
    assert len(remaining) == 3  # the fifth write passed 4,500 bytes: evicted down to 3,600
    assert (root / cachesize.TOTAL_FILE).read_text() == "3000"


def test_a_scan_keeps_the_cache_under_its_limit_and_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = generate(tmp_path / "repo", stacks=30, keys=2)
    expected = json_report("estimate", repo, "--no-cache", "--no-prefilter")
    root = Path(os.environ["KMSLINT_CACHE_DIR"])
    assert json_report("estimate", repo, "--no-prefilter") == expected
    unbounded = sum(e.size for e in cachesize.entries(root))
    assert unbounded > 0.12 * 1024 * 1024
    run_cli("cache", "clean")
    monkeypatch.setenv("KMSLINT_CACHE_MAX_MB", "0.1")
    for _ in range(2):
        assert json_report("estimate", repo, "--no-prefilter") == expected
    size = sum(e.size for e in cachesize.entries(root))
    assert 0 < size <= 0.1 * 1024 * 1024


def test_a_hit_marks_a_stale_entry_as_recently_used() -> None:
    root = Path(os.environ["KMSLINT_CACHE_DIR"])
    expected = json_report("estimate", EXAMPLES / "terraform" / "signing")
    (entry,) = [e.path for e in cachesize.entries(root) if e.path.suffix == ".pickle"]
    old = time.time_ns() - 3 * DAY_NS
    os.utime(entry, ns=(old, old))
    assert json_report("estimate", EXAMPLES / "terraform" / "signing") == expected
    assert entry.stat().st_mtime_ns > old + 2 * DAY_NS


def test_cache_info_and_clean() -> None:
    root = Path(os.environ["KMSLINT_CACHE_DIR"])
    json_report("estimate", EXAMPLES / "terraform" / "signing")
    keep = root / "README"
    keep.write_text("not kmslint's\n")
    info = run_cli("cache", "info")
    assert info.exit_code == 0
    assert f"cache: {root}" in info.stdout and "limit: 256.0 MiB" in info.stdout
    result = run_cli("cache", "clean")
    assert result.exit_code == 0
    assert result.stdout.startswith("removed ") and f"from {root}" in result.stdout
    assert cachesize.entries(root) == [] and keep.exists()
    assert sorted(p.name for p in root.iterdir()) == ["README"]
