"""Nothing outside the scan root is read because a file said so, and values that did not come
from the scanned files (the environment, refused files) are never quoted in an output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import run_cli, write_module

SECRET = "TOPSECRET-d41d8cd98f00"
VARIABLE_KEY = (
    'variable "spec" {\n  type = string\n  default = "Aliyun_AES_256"\n}\n'
    'resource "alicloud_kms_key" "k" {\n  key_spec = var.spec\n  pending_window_in_days = 7\n'
    '  protection_level = "SOFTWARE"\n}\n'
)
FORMATS = ("json", "text", "markdown", "sarif", "junit", "github", "gitlab", "html")


def outputs(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Exit code of the first run and every format's output plus stderr, joined."""
    texts, code = [], None
    for name in FORMATS:
        result = run_cli("check", *args, "--format", name, env=env)
        code = result.exit_code if code is None else code
        texts += [result.stdout, result.stderr]
    return int(code or 0), "\n".join(texts)


@pytest.mark.parametrize(
    "name,text",
    [
        ("terraform.tfvars", f'spec = "{SECRET}"\n'),
        ("secrets.auto.tfvars.json", f'{{"spec": "{SECRET}"}}\n'),
    ],
)
def test_a_tfvars_symlink_out_of_the_root_is_refused_and_not_published(
    tmp_path: Path, name: str, text: str
) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / name).write_text(text, encoding="utf-8")
    repo = write_module(tmp_path / "repo", {"main.tf": VARIABLE_KEY})
    os.symlink(tmp_path / "outside" / name, repo / name)
    code, text_out = outputs(repo)
    assert SECRET not in text_out
    assert code == 2
    assert f"{name}: refusing to read" in text_out and "outside the scan root" in text_out


def test_a_module_source_out_of_the_root_is_refused(tmp_path: Path) -> None:
    write_module(
        tmp_path / "outside",
        {
            "main.tf": f'resource "alicloud_kms_key" "k" {{\n  key_spec = "{SECRET}"\n'
            "  pending_window_in_days = 7\n}\n"
        },
    )
    repo = write_module(
        tmp_path / "repo", {"main.tf": 'module "m" {\n  source = "../outside"\n}\n'}
    )
    code, text_out = outputs(repo)
    assert SECRET not in text_out
    assert code == 2
    assert "main.tf:2: module source ../outside leaves the scan root" in text_out


def test_allow_outside_root_opts_out_for_local_use(tmp_path: Path) -> None:
    write_module(
        tmp_path / "outside",
        {"main.tf": 'resource "alicloud_kms_key" "k" {\n  pending_window_in_days = 7\n}\n'},
    )
    repo = write_module(
        tmp_path / "repo", {"main.tf": 'module "m" {\n  source = "../outside"\n}\n'}
    )
    result = run_cli("check", repo, "--allow-outside-root", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"module.m.alicloud_kms_key.k"' in result.stdout


def test_an_environment_value_is_never_quoted(tmp_path: Path) -> None:
    repo = write_module(tmp_path / "repo", {"main.tf": VARIABLE_KEY})
    code, text_out = outputs(repo, env={"TF_VAR_spec": SECRET})
    assert code == 1  # KMS007 still fires on the unknown spec
    assert "KMS007" in text_out
    assert SECRET not in text_out
    assert "TF_VAR_spec" in text_out  # the message says where the value came from


def test_no_env_vars_turns_tf_var_off(tmp_path: Path) -> None:
    repo = write_module(tmp_path / "repo", {"main.tf": VARIABLE_KEY})
    result = run_cli(
        "check", repo, "--no-env-vars", "--format", "json", env={"TF_VAR_spec": SECRET}
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert '"key_spec": "Aliyun_AES_256"' in result.stdout


@pytest.mark.parametrize(
    "config,message",
    [
        ("usage_file: ../outside/usage.yml\n", ".kmslint.yaml:1: usage_file ../outside/usage.yml"),
        ("baseline: ../outside/base.json\n", ".kmslint.yaml:1: baseline ../outside/base.json"),
        ("rules_dir: ../outside\n", ".kmslint.yaml:1: rules_dir ../outside"),
        ("rules_dir: /etc\n", ".kmslint.yaml:1: rules_dir /etc"),
    ],
)
def test_config_paths_out_of_the_root_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, message: str
) -> None:
    write_module(tmp_path / "outside", {"usage.yml": "version: 1\n", "base.json": "[]\n"})
    repo = write_module(tmp_path / "repo", {"main.tf": VARIABLE_KEY, ".kmslint.yaml": config})
    monkeypatch.chdir(repo)
    result = run_cli("check", ".")
    assert result.exit_code == 2
    assert message in result.stderr and "leaves the scan root" in result.stderr


@pytest.mark.parametrize("name", [".kmslint.yaml", "kmslint-usage.yml"])
def test_a_symlinked_config_or_usage_file_out_of_the_root_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    write_module(tmp_path / "outside", {"f.yml": "version: 1\n"})
    repo = write_module(tmp_path / "repo", {"main.tf": VARIABLE_KEY})
    os.symlink(tmp_path / "outside" / "f.yml", repo / name)
    monkeypatch.chdir(repo)
    result = run_cli("check", ".")
    assert result.exit_code == 2
    assert f"{name}: refusing to read" in result.stderr
