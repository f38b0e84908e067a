"""A cache the scanned tree controls is not used; cache entries are checked before use."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.commands.test_diff import make_repo
from tests.helpers import EXAMPLES

SIGNING = (EXAMPLES / "terraform" / "signing" / "main.tf").read_text(encoding="utf-8")


def _planted_price_book(cache: Path) -> None:
    from ruamel.yaml import YAML

    import kmslint.data

    text = (Path(kmslint.data.__file__).parent / "pricebook.yaml").read_text(encoding="utf-8")
    data = YAML(typ="safe").load(text)

    def zero(value: object) -> object:
        if isinstance(value, dict):
            return {k: zero(v) for k, v in value.items()}
        if isinstance(value, list):
            return [zero(v) for v in value]
        if isinstance(value, str) and value.replace(".", "", 1).isdigit():
            return "0"
        return value

    entry = cache / "data" / f"{hashlib.sha256(text.encode()).hexdigest()}.json"
    entry.parent.mkdir(parents=True)
    entry.write_text(json.dumps(zero(data)), encoding="utf-8")


def test_a_cache_dir_inside_the_scanned_tree_is_ignored_with_a_warning(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"main.tf": SIGNING})
    _planted_price_book(repo / ".cache")
    result = subprocess.run(
        [sys.executable, "-m", "kmslint", "estimate", ".", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=repo,
        env={**os.environ, "KMSLINT_CACHE_DIR": ".cache"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["monthly_cost"] == "2.49"
    assert "cache directory .cache is inside the scanned tree; not using it" in result.stderr


def test_a_planted_cache_entry_without_its_checksum_is_not_used(tmp_path: Path) -> None:
    _planted_price_book(tmp_path / "cache")
    result = subprocess.run(
        [sys.executable, "-m", "kmslint", "estimate", str(EXAMPLES / "terraform" / "signing")]
        + ["--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "KMSLINT_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["monthly_cost"] == "3.99"


def test_a_warm_cache_is_read_within_the_memory_budget(tmp_path: Path) -> None:
    """Reading a cache entry asks for no more memory than the entry holds: a read sized by the
    cache's 512 MiB entry limit failed with MemoryError under the 300 MB budget."""
    from tests.security.limited import run_limited

    template = EXAMPLES / "ros" / "disk-encryption"
    env = {"KMSLINT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [run_limited("check", template, cwd=tmp_path, env=env) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[1].stderr
    assert "internal error" not in runs[1].stderr
    assert runs[1].stdout == runs[0].stdout
