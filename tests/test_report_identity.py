"""Every report is byte for byte the same whatever path produced it: cold cache, warm cache,
one process, a parse pool, prefilter off, data cache off (issue #13)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FORMATS = ("json", "text", "markdown")
# label: (cache directory, environment, flags); "shared" is cold on its first run, then warm.
RUNS: dict[str, tuple[str, dict[str, str], list[str]]] = {
    "cold cache": ("shared", {}, []),
    "warm cache": ("shared", {}, []),
    "cold, serial (KMSLINT_JOBS=1)": ("serial", {"KMSLINT_JOBS": "1"}, []),
    "cold, pool (KMSLINT_JOBS=2)": ("pool", {"KMSLINT_JOBS": "2"}, []),
    "warm after the pool, serial": ("pool", {"KMSLINT_JOBS": "1"}, []),
    "cold, --no-prefilter": ("unfiltered", {}, ["--no-prefilter"]),
    "warm, --no-prefilter": ("shared", {}, ["--no-prefilter"]),
    "KMSLINT_NO_DATA_CACHE": ("shared", {"KMSLINT_NO_DATA_CACHE": "1"}, []),
    "--no-cache, pool": ("shared", {"KMSLINT_JOBS": "2"}, ["--no-cache"]),
}


def _reports(
    tree: Path, out: Path, cache: Path, extra_env: dict[str, str], flags: list[str]
) -> tuple[int, dict[str, bytes]]:
    environment = {**os.environ, "NO_COLOR": "1", "KMSLINT_CACHE_DIR": str(cache), **extra_env}
    for name in ("KMSLINT_JOBS", "KMSLINT_NO_DATA_CACHE"):
        if name not in extra_env:
            environment.pop(name, None)
    out.mkdir()
    outputs = [arg for f in FORMATS for arg in ("--format", f, "--output", str(out / f))]
    done = subprocess.run(
        [sys.executable, "-m", "kmslint", "check", "examples", *outputs, *flags],
        cwd=tree,
        capture_output=True,
        env=environment,
        timeout=600,
    )
    return done.returncode, {
        **{f: (out / f).read_bytes() for f in FORMATS},
        "stdout": done.stdout,
        "stderr": done.stderr,
    }


def test_reports_are_byte_identical_across_cache_pool_and_prefilter(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(EXAMPLES, tree / "examples")
    results = {
        label: _reports(tree, tmp_path / f"out{i}", tmp_path / cache, env, flags)
        for i, (label, (cache, env, flags)) in enumerate(RUNS.items())
    }
    for cache in ("shared", "serial", "pool"):  # the runs did use their caches
        assert (
            any((tmp_path / cache / "data").iterdir()) and (tmp_path / cache / "prefilter").is_dir()
        )
    code, reports = results["cold cache"]
    assert code == 1  # the examples have error findings
    assert b'"alicloud_kms_key.disks"' in reports["json"]
    assert reports["stderr"] == b"199 findings: 2 errors, 0 warnings, 197 infos\n"  # 11 KMS014
    assert b"$0.99225" in reports["text"] and b"0.99225" in reports["markdown"]
    for label, (other_code, other) in results.items():
        assert other_code == code, label
        for fmt in (*FORMATS, "stdout", "stderr"):
            assert other[fmt] == reports[fmt], f"{fmt} report differs: {label} vs cold cache"
