"""The pipeline's policy, not the pull request's: --config / KMSLINT_CONFIG, and
--trusted-config-from GITREF; a cache the scanned tree controls is not used."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands.test_diff import make_repo
from tests.helpers import EXAMPLES, run_cli

SIGNING = (EXAMPLES / "terraform" / "signing" / "main.tf").read_text(encoding="utf-8")
BUDGET = "budget: {monthly_usd: 1}\n"


def test_trusted_config_from_the_base_branch_ignores_the_prs_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {"main.tf": SIGNING, ".kmslint.yaml": BUDGET},
        {".kmslint.yaml": BUDGET + "rules:\n  KMS001: false\n"},
    )
    monkeypatch.chdir(repo)
    weakened = run_cli("check", ".")
    assert weakened.exit_code == 0  # the PR's own config switches the budget off
    result = run_cli("check", ".", "--trusted-config-from", "HEAD~1", "--format", "json")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert [f["rule_id"] for f in report["findings"]] == ["KMS001"]
    assert report["config"] == {
        "source": "HEAD~1:.kmslint.yaml",
        "trusted_ref": "HEAD~1",
        "changed_by_tree": True,
    }
    text = run_cli("check", ".", "--trusted-config-from", "HEAD~1")
    assert (
        "config: .kmslint.yaml from HEAD~1 (the scanned tree changes it; not used)" in text.stdout
    )


def test_kmslint_config_names_the_trusted_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "trusted.yaml").write_text(BUDGET, encoding="utf-8")
    repo = make_repo(
        tmp_path / "repo", {"main.tf": SIGNING, ".kmslint.yaml": "rules:\n  KMS001: false\n"}
    )
    monkeypatch.chdir(repo)
    result = run_cli(
        "check", ".", "--format", "json", env={"KMSLINT_CONFIG": str(tmp_path / "trusted.yaml")}
    )
    assert result.exit_code == 1, result.stderr
    assert [f["rule_id"] for f in json.loads(result.stdout)["findings"]] == ["KMS001"]


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


def test_a_cache_dir_inside_the_scanned_tree_is_ignored_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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
