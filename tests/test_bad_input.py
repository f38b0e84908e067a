"""The bad-input corpus: every case ends quickly with ``path:line: message``, exit 2, no traceback.

Static cases live in tests/bad_input/<case>/ with an expect.txt (arguments, expected message);
cases that would be awkward to commit (binary, huge, deeply nested, symlink loops) are made here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli

CORPUS = Path(__file__).parent / "bad_input"
LIMIT_SECONDS = 20
STATIC_CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expect.txt").is_file())


def run_kmslint(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KMSLINT_DEBUG")}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "kmslint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS,
        env=environment,
    )
    assert time.monotonic() - start < LIMIT_SECONDS
    return done


def assert_clean_failure(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert expected in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize("case", STATIC_CASES)
def test_static_case(case: str, tmp_path: Path) -> None:
    work = tmp_path / case
    shutil.copytree(CORPUS / case, work)
    arguments, expected = (work / "expect.txt").read_text().splitlines()[:2]
    (work / "expect.txt").unlink()
    assert_clean_failure(run_kmslint(arguments.split(), work), expected)


GENERATED = {
    "binary-file": (
        b'resource "alicloud_kms_key" "k" {}\n\x00\x01\x02',
        "main.tf: binary file (contains NUL bytes)",
    ),
    "non-utf8": (
        b'resource "alicloud_kms_key" "k" {\n  description = "caf\xe9"\n}\n',
        "main.tf:2: file is not valid UTF-8 text",
    ),
    "huge-file": (
        b'resource "alicloud_kms_key" "k" {}\n' + b"# padding\n" * 600_000,
        "main.tf: file is 6000035 bytes, larger than the 5242880-byte limit",
    ),
    "deep-hcl": (
        b"locals {\n  x = "
        + b"[" * 5000
        + b"]" * 5000
        + b'\n}\nresource "alicloud_kms_key" "k" {}\n',
        "main.tf: HCL is nested too deeply",
    ),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_case(case: str, tmp_path: Path) -> None:
    content, expected = GENERATED[case]
    (tmp_path / "main.tf").write_bytes(content)
    assert_clean_failure(run_kmslint(["estimate", "."], tmp_path), expected)


def test_deeply_nested_plan_json(tmp_path: Path) -> None:
    (tmp_path / "plan.json").write_text('{"planned_values": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert_clean_failure(
        run_kmslint(["estimate", "plan.json"], tmp_path), "plan.json: JSON is nested too deeply"
    )


def test_symlink_loop_given_as_a_path(tmp_path: Path) -> None:
    (tmp_path / "a.tf").symlink_to(tmp_path / "b.tf")
    (tmp_path / "b.tf").symlink_to(tmp_path / "a.tf")
    assert_clean_failure(
        run_kmslint(["estimate", "a.tf"], tmp_path), "a.tf: no such file or directory"
    )


def test_directory_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    module = tmp_path / "stack"
    module.mkdir()
    (module / "main.tf").write_text('resource "alicloud_kms_key" "k" {}\n')
    (module / "loop").symlink_to(tmp_path)
    done = run_kmslint(["estimate", ".", "--format", "json"], tmp_path)
    assert done.returncode == 0
    assert [r["address"] for r in json.loads(done.stdout)["resources"]] == ["alicloud_kms_key.k"]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.tf").write_text('resource "alicloud_kms_key" "k" {}\n')
    original = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("main.tf"):
            raise PermissionError(13, "Permission denied")
        return original(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = run_cli("estimate", tmp_path)
    assert result.exit_code == 2
    assert "main.tf: cannot read file: Permission denied" in result.stderr


def test_corpus_has_at_least_twenty_cases() -> None:
    assert len(STATIC_CASES) + len(GENERATED) + 4 >= 20
