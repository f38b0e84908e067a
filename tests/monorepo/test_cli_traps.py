"""A CLI without traps: each item of issue 14 §6, through click.testing or a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from kmslint.cli import cli
from tests.helpers import EXAMPLES, ROOT, run_cli

SIGNING = EXAMPLES / "terraform" / "signing"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_format_is_a_choice_listed_in_help_and_checked_before_the_scan(tmp_path: Path) -> None:
    assert isinstance(_option("check", "--format").type, click.Choice)
    shown = " ".join(run_cli("check", "--help").stdout.split())
    assert "Output format (default text): text, json, markdown, sarif" in shown
    missing = tmp_path / "not-there"
    result = run_cli("check", missing, "--format", "jsn")
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'jsn' is not one of 'text', 'json'" in result.stderr
    assert "no such file" not in result.stderr  # rejected before the path is even looked at


def test_outputs_pair_with_formats_and_a_count_mismatch_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    result = run_cli("check", SIGNING, "--format", "text", "--format", "json", "--output", target)
    assert result.exit_code == 2
    assert "1 --output for 2 --format: give one --output per --format" in result.stderr
    assert not target.exists()
    paired = run_cli(
        "estimate",
        SIGNING,
        "--format",
        "text",
        "--output",
        "-",
        "--format",
        "json",
        "--output",
        target,
    )
    assert paired.exit_code == 0, paired.stderr
    assert paired.stdout.startswith("Alibaba Cloud KMS 1.0")
    assert json.loads(target.read_text())["summary"]["monthly_cost"] == "3.99"


def test_output_dash_is_stdout() -> None:
    result = run_cli("estimate", SIGNING, "--format", "json", "--output", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["monthly_cost"] == "3.99"
    assert not Path("-").exists()


@pytest.mark.parametrize("option", ["--horizon", "--month-days"])
def test_zero_horizon_and_month_days_are_errors(option: str) -> None:
    result = run_cli("estimate", SIGNING, option, "0")
    assert result.exit_code == 2
    assert f"Invalid value for '{option}': 0 is not in the range" in result.stderr


def test_zero_in_the_usage_file_is_an_error_not_the_default(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text((SIGNING / "main.tf").read_text())
    (tmp_path / "kmslint-usage.yml").write_text("defaults: {horizon_months: 0}\n")
    result = run_cli("estimate", tmp_path)
    assert result.exit_code == 2
    assert "horizon_months must be at least 1, got 0" in result.stderr


def test_an_unwritable_output_is_an_error_before_the_scan(tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "report.json"
    result = run_cli("check", tmp_path / "not-scanned", "--format", "json", "--output", target)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{target}: cannot write: directory {target.parent} does not exist"
    ]
    directory = run_cli("check", SIGNING, "--output", tmp_path)
    assert directory.stderr.splitlines() == [f"{tmp_path}: is a directory, not a file to write"]


def test_a_sub_command_typo_suggests_the_command() -> None:
    result = run_cli("chek", ".")
    assert result.exit_code == 2
    assert "No such command 'chek'. Did you mean 'check'?" in result.stderr


def test_quiet_prints_the_findings_and_one_cost_line(tmp_path: Path) -> None:
    text = 'provider "alicloud" {\n  region = "ap-southeast-1"\n}\nresource "alicloud_kms_key" "k" {\n  key_spec = "Aliyun_AES_128"\n  pending_window_in_days = 7\n}\n'
    (tmp_path / "main.tf").write_text(text)
    (tmp_path / "kmslint-usage.yml").write_text(
        "resource_usage:\n  alicloud_kms_key.k: {monthly_crypto_calls: 10000}\n"
    )
    result = run_cli("check", tmp_path, "--quiet")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'main.tf'}:4: info KMS014 kms1-legacy: alicloud_kms_key.k: this key is "
        "billed under KMS 1.0, which reached End of Service on 2025-09-30: $0.09 a month now; "
        "in a pay-as-you-go software instance its versions would cost $0.90 a month (+$0.81) "
        "and its calls nothing (the instance fee, from $135.00 a month, is shared by all its "
        "keys; see kmslint migrate)",
        f"{tmp_path / 'main.tf'}:5: error KMS007 invalid-key-spec: alicloud_kms_key.k: key_spec "
        "Aliyun_AES_128 exists only in dedicated KMS instances, not for KMS 1.0 keys (use "
        "Aliyun_AES_256, or put it in a dedicated instance with dkms_instance_id)",
        "Monthly cost (month 1): $0.09",
    ]
    legacy, cost = run_cli("check", SIGNING, "-q").stdout.splitlines()
    assert ": info KMS014 kms1-legacy: alicloud_kms_key.signing: " in legacy
    assert cost == "Monthly cost (month 1): $3.99"
    (tmp_path / "broken.tf").write_text('resource "alicloud_kms_key" "x" {\n')
    incomplete = run_cli("check", tmp_path, "-q")
    assert incomplete.exit_code == 2
    assert incomplete.stdout.splitlines()[0].startswith("INCOMPLETE: 1 error(s) (on stderr)")


def test_color_flags_and_force_color() -> None:
    def colored(*args: str, env: dict[str, str] | None = None) -> bool:
        # the in-process runner is not a terminal: colour only when asked for
        return bool(ANSI.search(run_cli("estimate", SIGNING, *args, env=env).stdout))

    assert not colored()
    assert colored("--color")
    assert colored(env={"FORCE_COLOR": "1"})
    assert not colored("--no-color", env={"FORCE_COLOR": "1"})
    assert not colored("--format", "json", "--color")  # colour is for the text format only


def test_the_hook_entry_is_the_short_form_and_skips_files_that_cannot_concern_kms() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["kmslint"]["entry"] == "kmslint check --quiet"
    files, exclude = re.compile(hooks["kmslint"]["files"]), re.compile(hooks["kmslint"]["exclude"])
    fires = {p for p in [
        "main.tf", "env/prod.tfvars", "ros/stack.yml", "plan.json", "kmslint-usage.yml",
        ".kmslint.yaml", ".github/workflows/ci.yml", ".terraform/modules/x/main.tf",
        "web/package.json", "package-lock.json", "README.md", "src/app.py",
    ] if files.search(p) and not exclude.search(p)}  # fmt: skip
    assert fires == {
        "main.tf",
        "env/prod.tfvars",
        "ros/stack.yml",
        "plan.json",
        "kmslint-usage.yml",
        ".kmslint.yaml",
    }


def _commands(
    command: click.Command, path: tuple[str, ...]
) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            assert sub is not None
            found += _commands(sub, (*path, name))
    return found


def _option(command: str, flag: str) -> click.Option:
    sub = cli.get_command(click.Context(cli), command)
    assert sub is not None
    return next(p for p in sub.params if isinstance(p, click.Option) and flag in p.opts)


def test_every_option_of_every_command_has_help() -> None:
    missing = [
        (" ".join(path), param.opts[0])
        for path, command in _commands(cli, ("kmslint",))
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden and not param.help
    ]
    assert missing == []
    assert all(command.help for _, command in _commands(cli, ("kmslint",)))


def test_shell_completion_is_documented_and_completes_sub_commands() -> None:
    assert "_KMSLINT_COMPLETE=bash_source kmslint" in (ROOT / "README.md").read_text()
    assert "_KMSLINT_COMPLETE=bash_source" in run_cli("--help").stdout
    environment = {
        **os.environ,
        "_KMSLINT_COMPLETE": "bash_complete",
        "COMP_WORDS": "kmslint ch",
        "COMP_CWORD": "1",
    }
    words = subprocess.run(
        [sys.executable, "-c", "from kmslint.cli import main; main()"],
        env=environment, capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    assert "plain,check" in words and not any("estimate" in w for w in words)
    script = subprocess.run(
        [sys.executable, "-c", "from kmslint.cli import main; main()"],
        env={**os.environ, "_KMSLINT_COMPLETE": "bash_source"}, capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    assert "_kmslint_completion" in script
