"""``diff --base`` reads the base tree as it reads the working tree: a symlinked file that did
not change is not a change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.commands.test_diff import git, make_repo
from tests.helpers import EXAMPLES, run_cli

SIGNING = (EXAMPLES / "terraform" / "signing" / "main.tf").read_text(encoding="utf-8")


def test_an_unchanged_symlinked_file_is_not_a_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo", {"shared/keys.tf.txt": SIGNING, "live/other.tf": ""})
    os.symlink("../shared/keys.tf.txt", repo / "live" / "keys.tf")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "symlink")
    monkeypatch.chdir(repo)
    result = run_cli("diff", "--base", "HEAD", "live", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert [r["change"] for r in report["resources"]] == ["unchanged"]
    assert report["summary"]["monthly_cost_delta"] == "0.00"
