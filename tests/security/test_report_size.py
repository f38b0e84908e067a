"""A saved JSON report (``kmslint merge``, ``kmslint comment --report``, ``diff --compare-to``)
is read with a size cap and only when it is a regular file: a huge or endless report is a clear
error (exit 2), never an exhausted runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kmslint.safeio import MAX_REPORT_BYTES
from tests.helpers import EXAMPLES, run_cli

SIGNING = EXAMPLES / "terraform" / "signing"


def _huge(path: Path) -> Path:
    with path.open("wb") as handle:  # sparse: no disk used, but its size is past the cap
        handle.truncate(MAX_REPORT_BYTES + 1)
    return path


def _small_report(tmp_path: Path) -> Path:
    result = run_cli("estimate", str(SIGNING), "--format", "json")
    assert result.exit_code == 0, result.stderr
    (tmp_path / "small.json").write_text(result.stdout, encoding="utf-8")
    return tmp_path / "small.json"


def test_merge_refuses_a_report_past_the_size_cap(tmp_path: Path) -> None:
    huge = _huge(tmp_path / "huge.json")
    result = run_cli("merge", str(_small_report(tmp_path)), str(huge))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{huge}: file is {MAX_REPORT_BYTES + 1} bytes, larger than the"
        f" {MAX_REPORT_BYTES}-byte limit\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize("platform", ["github", "gitlab"])
def test_comment_refuses_a_report_past_the_size_cap(tmp_path: Path, platform: str) -> None:
    huge = _huge(tmp_path / "huge.json")
    target = (
        ["--repo", "o/r", "--pr", "1"] if platform == "github" else ["--project", "1", "--mr", "1"]
    )
    result = run_cli("comment", platform, *target, "--report", str(huge), "--dry-run")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{huge}: file is {MAX_REPORT_BYTES + 1} bytes, larger than the"
        f" {MAX_REPORT_BYTES}-byte limit\n"
    )


def test_merge_refuses_a_fifo_report(tmp_path: Path) -> None:
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    result = run_cli("merge", str(fifo))
    assert result.exit_code == 2
    assert result.stderr == f"{fifo}: refusing to read: not a regular file\n"


def test_a_report_under_the_cap_still_merges(tmp_path: Path) -> None:
    result = run_cli("merge", str(_small_report(tmp_path)))
    assert result.exit_code == 0, result.stderr
    assert '"version": "1"' in result.stdout
