"""Excludes: --exclude, exclude: in .kmslint.yaml, .gitignore in a git work tree."""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import json_report, run_cli, write_module

KEY = 'provider "alicloud" {\n  region = "ap-southeast-1"\n}\nresource "alicloud_kms_key" "k" {\n  pending_window_in_days = 7\n}\n'
BROKEN = 'resource "alicloud_kms_key" "broken" {\n'


def _repo(root: Path, git: bool = True) -> Path:
    if git:
        (root / ".git").mkdir(parents=True)
    write_module(root / "app", {"main.tf": KEY})
    write_module(root / "build", {"main.tf": KEY})
    write_module(root / "tests" / "fixtures" / "bad", {"main.tf": BROKEN})
    (root / ".gitignore").write_text("# generated\nbuild/\n", encoding="utf-8")
    return root


def _projects(*args: Any) -> list[str]:
    report = json_report("estimate", *args)
    return sorted(Path(r["project"]).name for r in report["resources"])


def test_exclude_option_skips_a_directory_and_its_files_are_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path / "repo")
    opened: list[str] = []
    real_open = builtins.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    real_os_open = os.open  # kmslint.safeio opens the scanned files with os.open

    def os_spy(file: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_spy)
    monkeypatch.chdir(root)
    result = run_cli("estimate", ".", "--exclude", "tests/fixtures", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert not [p for p in opened if "fixtures" in p]
    assert any(p.endswith("main.tf") for p in opened)  # the spy does see the files read
    assert run_cli("estimate", ".", "--no-cache").exit_code == 2  # the broken fixture


def test_gitignore_counts_in_a_git_work_tree_unless_no_gitignore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # --exclude patterns are relative to the working directory
    root = _repo(tmp_path / "repo")
    args = (root, "--exclude", "tests/")
    assert _projects(*args) == ["app"]
    assert _projects(*args, "--no-gitignore") == ["app", "build"]
    outside = _repo(tmp_path / "plain", git=False)
    assert _projects(outside, "--exclude", "tests/") == ["app", "build"]


def test_exclude_in_the_config_is_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path / "repo")
    (root / ".kmslint.yaml").write_text("exclude:\n  - /tests/\n  - '*.bak'\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a pattern of the config does not depend on where kmslint runs
    assert _projects(root) == ["app"]
    result = run_cli("check", root, "--format", "json")
    assert result.exit_code == 0, result.stderr


def test_a_nested_config_excludes_below_itself_only(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    write_module(root / "tests" / "fixtures" / "good", {"main.tf": KEY})
    (root / "tests" / ".kmslint.yaml").write_text("exclude: [bad/]\n", encoding="utf-8")
    assert _projects(root) == ["app", "good"]


def test_files_named_on_the_command_line_are_excluded_but_a_named_directory_is_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path / "repo")
    (root / ".kmslint.yaml").write_text("exclude: [tests/]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    # what pre-commit passes: every file; the excluded and ignored ones are left out
    given = run_cli("estimate", "app/main.tf", "build/main.tf", "tests/fixtures/bad/main.tf")
    assert given.exit_code == 0, given.stderr
    assert run_cli("estimate", "tests/fixtures/bad").exit_code == 2  # named: scanned


def test_a_bad_exclude_in_the_config_names_its_line(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo")
    (root / ".kmslint.yaml").write_text("fail_on: error\nexclude:\n  - 3\n", encoding="utf-8")
    result = run_cli("check", root)
    assert result.exit_code == 2
    assert (
        f"{root / '.kmslint.yaml'}:3: exclude must be a pattern or a list of them, got number"
        in (result.stderr)
    )


def test_a_link_is_matched_by_where_it_points_and_a_plain_entry_by_its_own_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk resolves each directory once and each link on its own: a directory whose only
    file links into an excluded directory is no module; one linking elsewhere is."""
    monkeypatch.chdir(tmp_path)
    root = _repo(tmp_path / "repo")
    (root / "linked").mkdir()
    (root / "linked" / "main.tf").symlink_to(root / "build" / "main.tf")
    (root / "aliased").mkdir()
    (root / "aliased" / "main.tf").symlink_to(root / "app" / "main.tf")
    assert _projects(root, "--exclude", "tests/") == ["aliased", "app"]


def test_a_nested_work_tree_reads_its_own_gitignore_after_the_outer_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = _repo(tmp_path / "repo")
    inner = root / "vendor" / "inner"
    _repo(inner)
    (inner / ".gitignore").write_text("app/\n!build/\n", encoding="utf-8")
    found = sorted(
        str(Path(r["project"]).relative_to(root))
        for r in json_report("estimate", root, "--exclude", "tests/")["resources"]
    )
    assert found == ["app", "vendor/inner/build"]


def test_rule_relative_paths_below_its_base_only() -> None:
    from kmslint.excludes import Rule

    rule = Rule(Path("/repo/app"), None, "x")
    assert rule.relative("/repo/app/main.tf") == "main.tf"
    assert rule.relative("/repo/app/mod/x.tf") == "mod/x.tf"
    assert rule.relative("/repo/app") is None
    assert rule.relative("/repo/apps/main.tf") is None
    assert Rule(Path("/"), None, "x").relative("/etc/x") == "etc/x"


def test_git_root_is_looked_up_once_per_directory(tmp_path: Path) -> None:
    from kmslint.excludes import Excludes, git_root

    (tmp_path / "w" / ".git").mkdir(parents=True)
    deep = tmp_path / "w" / "a" / "b"
    deep.mkdir(parents=True)
    excludes = Excludes()
    assert excludes.git_root(deep.resolve()) == git_root(deep) == (tmp_path / "w")
    assert excludes.git_roots[(tmp_path / "w" / "a").resolve()] == tmp_path / "w"
    assert Excludes().git_root(tmp_path.resolve()) is git_root(tmp_path) is None
