"""``kmslint diff --base`` reads the base in one pass and leaves nothing behind in the cache."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

import kmslint.gitref as gitref_module
from tests.commands.test_diff import git
from tests.helpers import ROOT, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_monorepo import generate


def _commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 12-stack repository (3 with keys) whose last commit adds a key to a plain stack."""
    repo = generate(tmp_path / "repo", stacks=12, keys=3)
    git(repo, "init", "-q", "-b", "main")
    _commit(repo, "base")
    plain = next(
        p
        for p in sorted((repo / "stacks").iterdir())
        if "alicloud_kms_key" not in (p / "main.tf").read_text()
    )
    with (plain / "main.tf").open("a") as handle:
        handle.write('resource "alicloud_kms_key" "added" {\n  protection_level = "HSM"\n}\n')
    _commit(repo, "add a key")
    monkeypatch.chdir(repo)
    return repo


def _diff(*args: str) -> str:
    result = run_cli("diff", "stacks", "--base", "HEAD~1", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_base_is_read_with_a_fixed_number_of_git_commands(
    monorepo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands: list[str] = []
    original = gitref_module.git

    def counting(
        repo: Path, *args: str, stdin: bytes | None = None, option: str = "--base"
    ) -> bytes:
        commands.append(args[0])
        return original(repo, *args, stdin=stdin, option=option)

    monkeypatch.setattr(gitref_module, "git", counting)
    report = json.loads(_diff())
    assert report["summary"]["key_count"] == 4
    assert [r["change"] for r in report["resources"]].count("added") == 1
    # rev-parse (repository, ref, the path's repository), one listing of the whole commit and one
    # cat-file per level of module calls (roots, their modules) - however many stacks there are.
    assert commands.count("ls-tree") == 1
    assert commands.count("cat-file") <= 3
    assert len(commands) <= 7, commands


def test_writing_only_what_can_matter_gives_the_report_of_a_full_copy(monorepo: Path) -> None:
    filtered = _diff()
    assert filtered == _diff("--no-prefilter", "--no-cache")


def test_diffs_leave_no_prefilter_summaries_behind(monorepo: Path) -> None:
    summaries = Path(os.environ["KMSLINT_CACHE_DIR"]) / "prefilter"
    first = _diff()
    (summary_file,) = summaries.iterdir()
    after_one = json.loads(summary_file.read_text())
    for _ in range(3):
        assert _diff() == first
    assert json.loads(summary_file.read_text()) == after_one
    directories = after_one["directories"]
    assert directories and all(d.startswith(str(monorepo.resolve())) for d in directories)


def test_summaries_of_deleted_directories_are_pruned(monorepo: Path) -> None:
    run_cli("estimate", "stacks")
    (summary_file,) = (Path(os.environ["KMSLINT_CACHE_DIR"]) / "prefilter").iterdir()
    gone = monorepo.resolve() / "stacks" / "stack-011"
    assert any(d.startswith(str(gone)) for d in json.loads(summary_file.read_text())["directories"])
    for path in sorted(gone.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    gone.rmdir()
    with (monorepo / "stacks" / "stack-000" / "main.tf").open("a") as handle:
        handle.write("# edited\n")  # a change, so the summaries are written again
    run_cli("estimate", "stacks")
    directories = json.loads(summary_file.read_text())["directories"]
    assert directories and not any(d.startswith(str(gone)) for d in directories)
