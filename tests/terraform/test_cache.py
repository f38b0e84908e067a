"""The parse cache and the prefilter make kmslint fast without ever changing a report."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import kmslint.terraform.pool as pool_module
from tests.helpers import EXAMPLES, ROOT, json_report

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_monorepo import generate


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    original = pool_module.parse_hcl

    def counting(text: str, path: str):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return original(text, path)

    monkeypatch.setattr(pool_module, "parse_hcl", counting)
    return parsed


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.rglob("*.pickle"))


def test_second_run_reads_the_cache_and_gives_the_same_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache_dir = Path(os.environ["KMSLINT_CACHE_DIR"])
    parsed = _count_parses(monkeypatch)
    first = json_report("estimate", EXAMPLES / "terraform" / "disk-encryption")
    assert len(parsed) == 1 and len(_entries(cache_dir)) == 1
    second = json_report("estimate", EXAMPLES / "terraform" / "disk-encryption")
    assert len(parsed) == 1, "the second run must not parse again"
    assert first == second


def test_no_cache_reads_and_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir = Path(os.environ["KMSLINT_CACHE_DIR"])
    json_report("estimate", EXAMPLES / "terraform" / "signing", "--no-cache")
    assert _entries(cache_dir) == []


def test_corrupt_and_hostile_entries_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir = Path(os.environ["KMSLINT_CACHE_DIR"])
    expected = json_report("estimate", EXAMPLES / "terraform" / "signing")
    (entry,) = _entries(cache_dir)
    entry.write_bytes(b"\x80\x04garbage")
    assert json_report("estimate", EXAMPLES / "terraform" / "signing") == expected
    entry.write_bytes(pickle.dumps(os.system))  # an entry that would call a function if trusted
    parsed = _count_parses(monkeypatch)
    assert json_report("estimate", EXAMPLES / "terraform" / "signing") == expected
    assert len(parsed) == 1, "a refused entry is a miss: the file is parsed again"


def test_unwritable_cache_is_simply_not_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("KMSLINT_CACHE_DIR", str(blocker))
    report = json_report("estimate", EXAMPLES / "terraform" / "signing")
    assert report["summary"]["monthly_cost"] == "3.99"


def test_two_processes_filling_the_cache_at_once(tmp_path: Path) -> None:
    repo = generate(tmp_path / "repo", stacks=6, keys=3)
    environment = {**os.environ, "KMSLINT_CACHE_DIR": str(tmp_path / "shared-cache")}
    command = [sys.executable, "-m", "kmslint", "estimate", str(repo), "--format", "json"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], [o[1] for o in outputs]
    assert len({o[0] for o in outputs}) == 1
    assert not list((tmp_path / "shared-cache").rglob(".tmp-*")), (
        "no half-written entries are left behind"
    )


@pytest.mark.parametrize("target", ["disk-encryption", "oss-client-side-encryption", "signing"])
def test_prefilter_never_changes_the_report_of_an_example(target: str) -> None:
    path = EXAMPLES / "terraform" / target
    assert json_report("estimate", path) == json_report(
        "estimate", path, "--no-prefilter", "--no-cache"
    )


def test_prefilter_never_changes_the_report_of_a_generated_repo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = generate(tmp_path / "repo", stacks=12, keys=3)
    monkeypatch.setenv("KMSLINT_JOBS", "1")  # parse in this process, where the parses are counted
    parsed = _count_parses(monkeypatch)
    filtered = json_report("estimate", repo)
    filtered_parses = len(parsed)
    unfiltered = json_report("estimate", repo, "--no-prefilter", "--no-cache")
    assert json.dumps(filtered, sort_keys=True) == json.dumps(unfiltered, sort_keys=True)
    assert filtered["summary"]["key_count"] == 3
    # Only the root files of the three stacks with keys: their network and compute modules
    # cannot reach a key and no key expression asks for their outputs.
    assert filtered_parses == 3 * 4
    assert len(parsed) - filtered_parses == 120


def test_warm_runs_do_not_reread_unchanged_modules_and_notice_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = generate(tmp_path / "repo", stacks=4, keys=1)
    first = json_report("estimate", repo)
    read: list[str] = []
    import kmslint.terraform.workspace as workspace_module

    original = workspace_module.read_text

    def counting(path: Path) -> str:
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(workspace_module, "read_text", counting)
    assert json_report("estimate", repo) == first
    # Only the stack with a key is read again (to find its parse in the cache by content hash);
    # the other directories are known from their files' names, sizes and modification times.
    assert sorted(read) == ["main.tf", "outputs.tf", "variables.tf", "versions.tf"]
    read.clear()
    plain_stack = next(
        p
        for p in sorted((repo / "stacks").iterdir())
        if "alicloud_kms_key" not in (p / "main.tf").read_text()
    )
    with (plain_stack / "main.tf").open("a") as handle:
        handle.write('resource "alicloud_kms_key" "added" {}\n')
    report = json_report("estimate", repo)
    assert report["summary"]["key_count"] == 2
    assert "main.tf" in read


@pytest.mark.parametrize(
    "call",
    [
        'module "a" { source = "./keys" }\n',
        'module "a" {\n  source = "./keys" # pinned\n}\n',
        'module "a" {\n  source="./keys" /* pinned */\n}\n',
        'module "a" {\n  version = null\n  source = "./keys" // pinned\n}\nmodule "b" { source = "./keys" }\n',
    ],
)
def test_prefilter_follows_module_calls_however_they_are_written(tmp_path: Path, call: str) -> None:
    root = tmp_path / "root"
    (root / "keys").mkdir(parents=True)
    (root / "main.tf").write_text(call, encoding="utf-8")
    (root / "keys" / "main.tf").write_text('resource "alicloud_kms_key" "k" {}\n', encoding="utf-8")
    filtered = json_report("estimate", tmp_path)
    assert filtered == json_report("estimate", tmp_path, "--no-prefilter", "--no-cache")
    addresses = sorted(r["address"] for r in filtered["resources"])
    expected = ["module.a.alicloud_kms_key.k", "module.b.alicloud_kms_key.k"]
    assert addresses == (expected if 'module "b"' in call else expected[:1])
