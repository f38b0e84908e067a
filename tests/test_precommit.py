"""The pre-commit hooks, run by the real ``pre-commit try-repo`` on a throwaway repository.

``try-repo`` installs this project (a committed copy of the working tree, since the hooks
must come from a git repository) into a fresh virtualenv with its dependencies from PyPI,
once per test session.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_cli

IGNORED = shutil.ignore_patterns(
    ".git",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    "node_modules",
    ".venv",
    ".mypy_cache",
    ".ruff_cache",
)
PROVIDER = 'provider "alicloud" {\n  region = "ap-southeast-1"\n}\n'
BROKEN = (
    PROVIDER
    + 'resource "alicloud_kms_key" "k" {\n  key_spec               = "Aliyun_AES_128"\n  pending_window_in_days = 7\n}\n'
)
FIXED = BROKEN.replace("Aliyun_AES_128", "Aliyun_AES_256")
USAGE = "version: 1\nresource_usage:\n  alicloud_kms_key.k:\n    monthly_crypto_calls: 10000\n"


def git(repo: Path, *args: str) -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=environment
    ).stdout


def committed(repo: Path, files: dict[str, str]) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    if not (repo / ".git").exists():
        git(repo, "init", "-q")
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    return repo


@pytest.fixture(scope="session")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project's working tree, committed to a git repository of its own."""
    copy = tmp_path_factory.mktemp("hooks") / "kmslint"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "snapshot")
    return copy


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(
    hooks: Path, home: Path, work: Path, hook: str, *args: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
    }
    environment.pop("KMSLINT_CACHE_DIR", None)
    environment.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), hook, *args]
    return subprocess.run(
        command, cwd=work, capture_output=True, text=True, env=environment, timeout=900
    )


def test_the_hook_fails_on_an_error_finding_and_passes_once_fixed(
    hooks_repo: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    work = committed(
        tmp_path / "work",
        {"main.tf": BROKEN, "kmslint-usage.yml": USAGE, "README.md": "not scanned\n"},
    )
    failed = try_repo(hooks_repo, pre_commit_home, work, "kmslint", "--all-files")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "kmslint (KMS cost and policy check)" in failed.stdout and "Failed" in failed.stdout
    assert (
        "main.tf:5: error KMS007 invalid-key-spec: alicloud_kms_key.k: key_spec Aliyun_AES_128 exists only in dedicated KMS instances"
        in failed.stdout
    )
    assert "2 findings: 1 error, 0 warnings, 1 info" in failed.stdout  # the info: KMS014
    committed(work, {"main.tf": FIXED})
    passed = try_repo(hooks_repo, pre_commit_home, work, "kmslint", "--files", "main.tf")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "kmslint (KMS cost and policy check)" in passed.stdout and "Passed" in passed.stdout


def test_the_estimate_hook_prints_costs_and_does_not_fail_on_findings(
    hooks_repo: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    work = committed(tmp_path / "work", {"main.tf": BROKEN, "kmslint-usage.yml": USAGE})
    result = try_repo(hooks_repo, pre_commit_home, work, "kmslint-estimate", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "kmslint estimate (KMS cost, informational)" in result.stdout and "Passed" in result.stdout
    )
    row = next(
        line for line in result.stdout.splitlines() if line.startswith("alicloud_kms_key.k ")
    )
    assert row.split()[1:] == [
        "Aliyun_AES_128",
        "SOFTWARE",
        "basic",
        "ap-southeast-1",
        "(outside)",
        "1",
        "->",
        "1",
        "$0.06",
        "10000",
        "$0.03",
        "$0.09",
        "$0.09",
    ]
    assert "Monthly cost (month 1): $0.09" in result.stdout


def test_all_files_of_a_repository_give_the_whole_repository_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What pre-commit passes with --all-files: every tracked file matching the hook's pattern."""
    import re

    import yaml  # pre-commit's dependency, present with it

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "kmslint")
    pattern, excluded = re.compile(hook["files"]), re.compile(hook["exclude"])
    repo = committed(
        tmp_path / "repo",
        {
            "envs/prod/main.tf": PROVIDER + 'module "kms" {\n  source = "../../modules/kms"\n}\n',
            "envs/prod/terraform.tfvars": "",
            "modules/kms/main.tf": 'resource "alicloud_kms_key" "this" {\n  protection_level       = "HSM"\n  pending_window_in_days = 7\n}\n',
            "modules/kms/variables.tf": "",
            "ros/key.yml": 'ROSTemplateFormatVersion: "2015-09-01"\nResources:\n  Key:\n    Type: ALIYUN::KMS::Key\n    Properties:\n      PendingWindowInDays: 7\n',
            ".github/workflows/ci.yml": "name: ci\n",
            "package.json": "{}\n",
        },
    )
    monkeypatch.chdir(repo)
    files = [
        f
        for f in git(repo, "ls-files").splitlines()
        if pattern.search(f) and not excluded.search(f)
    ]
    assert "modules/kms/main.tf" in files and "ros/key.yml" in files
    assert ".github/workflows/ci.yml" not in files and "package.json" not in files
    whole = run_cli("check", ".", "--region", "ap-southeast-1", "--format", "json")
    given = run_cli("check", *files, "--region", "ap-southeast-1", "--format", "json")
    assert given.exit_code == whole.exit_code == 0, given.stderr + whole.stderr
    assert [r["address"] for r in json.loads(whole.stdout)["resources"]] == [
        "module.kms.alicloud_kms_key.this",
        "Key",
    ]
    assert json.loads(given.stdout) == json.loads(whole.stdout)


def test_the_real_hook_on_all_files_reports_what_check_dot_reports(
    hooks_repo: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    """A monorepo: two projects with the same address and their own usage, a ROS template."""
    key = BROKEN.replace('"k"', '"shared"')
    work = committed(
        tmp_path / "mono",
        {
            "team-a/main.tf": key,
            "team-a/kmslint-usage.yml": USAGE.replace(".k:", ".shared:").replace(
                "10000", "2000000"
            ),
            "team-b/main.tf": FIXED.replace('"k"', '"shared"'),
            "team-b/kmslint-usage.yml": USAGE.replace(".k:", ".shared:"),
            "ros/key.yml": 'ROSTemplateFormatVersion: "2015-09-01"\nResources:\n  Key:\n    Type: ALIYUN::KMS::Key\n    Properties:\n      PendingWindowInDays: 7\n',
            "kmslint-usage.yml": "version: 1\ndefaults: {region: cn-hangzhou}\n",
            "README.md": "not scanned\n",
        },
    )
    hook = try_repo(hooks_repo, pre_commit_home, work, "kmslint", "--all-files")
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("KMSLINT_CACHE_DIR", None)
    direct = subprocess.run(
        [sys.executable, "-m", "kmslint", "check", ".", "--quiet"],  # the hook's short form
        cwd=work,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert hook.returncode == direct.returncode == 1, hook.stdout + direct.stderr
    hook_lines = hook.stdout.splitlines()
    for line in (direct.stdout + direct.stderr).splitlines():
        assert line in hook_lines, line
    assert direct.stdout.splitlines()[-1].startswith("Monthly cost (month 1): $6.21 + API calls")
    assert "6 findings: 1 error, 1 warning, 4 infos" in direct.stderr  # 3 infos: KMS014
