"""Writes never follow a link and never half-write; usage init writes addresses as YAML keys."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from tests.helpers import run_cli, write_module

KEYS = (
    'resource "alicloud_kms_key" "k" {\n  for_each = toset(["a\\nssh-ed25519 AAAA attacker", "b"])\n'
    "  pending_window_in_days = 7\n}\n"
)
ONE_KEY = 'resource "alicloud_kms_key" "k" {\n  pending_window_in_days = 7\n}\n'


def test_usage_init_does_not_follow_a_committed_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "home" / ".ssh" / "authorized_keys"
    repo = write_module(tmp_path / "repo", {"main.tf": KEYS})
    os.symlink(victim, repo / "kmslint-usage.yml")
    victim.parent.mkdir(parents=True)
    result = run_cli("usage", "init", repo)
    assert result.exit_code == 2
    assert "kmslint-usage.yml: refusing to write through a symbolic link" in result.stderr
    assert not victim.exists()


def test_usage_init_sync_does_not_follow_a_committed_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "authorized_keys"
    victim.write_text("version: 1\nresource_usage: {}\n", encoding="utf-8")
    repo = write_module(tmp_path / "repo", {"main.tf": KEYS})
    os.symlink(victim, repo / "kmslint-usage.yml")
    result = run_cli("usage", "init", repo, "--sync", "--allow-outside-root")
    assert result.exit_code == 2
    assert "refusing to write through a symbolic link" in result.stderr
    assert victim.read_text(encoding="utf-8") == "version: 1\nresource_usage: {}\n"


def test_usage_init_writes_each_address_as_one_yaml_key(tmp_path: Path) -> None:
    repo = write_module(tmp_path / "repo", {"main.tf": KEYS})
    result = run_cli("usage", "init", repo)
    assert result.exit_code == 0, result.stderr
    text = (repo / "kmslint-usage.yml").read_text(encoding="utf-8")
    assert not any(line.startswith("ssh-ed25519") for line in text.splitlines())
    document = YAML(typ="safe").load(text)
    assert sorted(document) == ["resource_usage", "version"]
    assert sorted(document["resource_usage"]) == [
        'alicloud_kms_key.k["a\\nssh-ed25519 AAAA attacker"]',
        'alicloud_kms_key.k["b"]',
    ] or sorted(document["resource_usage"]) == [
        'alicloud_kms_key.k["a\nssh-ed25519 AAAA attacker"]',
        'alicloud_kms_key.k["b"]',
    ]
    again = run_cli("usage", "init", repo, "--sync")
    assert again.exit_code == 0, again.stderr
    assert "0 address(es) added, 0 removed" in again.stdout


def test_output_does_not_follow_a_committed_symlink(tmp_path: Path, monkeypatch) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n", encoding="utf-8")
    repo = write_module(tmp_path / "repo", {"main.tf": ONE_KEY})
    os.symlink(victim, repo / "kmslint.sarif")
    monkeypatch.chdir(repo)
    result = run_cli("check", ".", "--format", "sarif", "--output", "kmslint.sarif")
    assert result.exit_code == 2
    assert "kmslint.sarif: refusing to write through a symbolic link" in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))


def test_sync_on_a_full_disk_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    repo = write_module(tmp_path / "repo", {"main.tf": ONE_KEY})
    assert run_cli("usage", "init", repo).exit_code == 0
    usage = repo / "kmslint-usage.yml"
    before = usage.read_text(encoding="utf-8")
    (repo / "more.tf").write_text(ONE_KEY.replace('"k"', '"k2"'), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kmslint", "usage", "init", str(repo), "--sync"],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        check=False,
        env={**os.environ, "KMSLINT_NO_DATA_CACHE": "1"},
    )
    assert result.returncode == 2, result.stderr
    assert "kmslint-usage.yml: cannot write" in result.stderr
    assert usage.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in repo.iterdir()) == ["kmslint-usage.yml", "main.tf", "more.tf"]
