"""Strings from the scanned tree cannot forge structure in any output: no workflow commands on
stdout/stderr, no terminal escapes, no raw links or HTML in the comment, well-formed XML/JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers import run_cli, write_module

INJECTED = "X\n::add-mask::hidden\n::error file=a.tf,line=1::forged\x1b]0;pwned\x07\x1b[2J"


def key_with_spec(spec: str) -> str:
    escaped = json.dumps(spec)
    return (
        f'resource "alicloud_kms_key" "k" {{\n  key_spec = {escaped}\n'
        "  pending_window_in_days = 7\n}\n"
    )


def forged_commands(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("::")]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "sarif", "junit", "gitlab", "html"])
def test_a_value_cannot_print_a_workflow_command_or_terminal_escape(
    tmp_path: Path, fmt: str
) -> None:
    repo = write_module(tmp_path / "repo", {"main.tf": key_with_spec(INJECTED)})
    result = run_cli("check", repo, "--format", fmt)
    assert result.exit_code == 1, result.stderr
    assert "KMS007" in result.stdout
    assert forged_commands(result.stdout) == [] and forged_commands(result.stderr) == []
    assert "\x1b" not in result.stdout + result.stderr
    assert "\x07" not in result.stdout + result.stderr


def test_github_format_prints_only_its_own_commands(tmp_path: Path) -> None:
    repo = write_module(tmp_path / "repo", {"main.tf": key_with_spec(INJECTED)})
    result = run_cli("check", repo, "--format", "github")
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert not any(line.startswith("::add-mask::") for line in lines)


def test_a_file_name_with_newlines_cannot_print_a_workflow_command(tmp_path: Path) -> None:
    repo = write_module(tmp_path / "repo", {"main.tf": key_with_spec("AES_256")})
    (repo / "x\n::add-mask::y\n::error::forged.tf").write_text("resource {{{\n", encoding="utf-8")
    result = run_cli("check", repo)
    assert result.exit_code == 2
    assert forged_commands(result.stdout) == [] and forged_commands(result.stderr) == []
    assert "\\n::add-mask::y" in result.stderr


def test_a_module_source_with_newlines_cannot_print_a_workflow_command(tmp_path: Path) -> None:
    repo = write_module(
        tmp_path / "repo",
        {
            "main.tf": key_with_spec("AES_256")
            + 'module "m" {\n  source = "./nowhere\\n::error::forged"\n}\n'
        },
    )
    result = run_cli("check", repo)
    assert forged_commands(result.stdout) == [] and forged_commands(result.stderr) == []


def test_junit_stays_well_formed_with_hostile_values(tmp_path: Path) -> None:
    repo = write_module(
        tmp_path / "repo", {"main.tf": key_with_spec('</failure><testcase name="forged"/>\x00')}
    )
    result = run_cli("check", repo, "--format", "junit")
    root = ET.fromstring(result.stdout)
    assert "forged" not in [case.get("name") for case in root.iter("testcase")]


def test_a_custom_rule_link_cannot_inject_markdown_or_html(tmp_path: Path) -> None:
    repo = write_module(tmp_path / "repo", {"main.tf": key_with_spec("AES_256")})
    write_module(
        repo / "policies",
        {
            "org.yaml": "id: ORG001\nname: any\nseverity: error\nsummary: s\n"
            "link: 'javascript:alert(1)) <img src=x onerror=alert(1)> [x](https://evil.example'\n"
            "match: {field: key_spec, equals: AES_256}\n"
        },
    )
    result = run_cli("check", repo, "--rules-dir", repo / "policies", "--format", "markdown")
    assert "ORG001" in result.stdout, result.stdout + result.stderr
    assert "javascript:" not in result.stdout
    assert "<img" not in result.stdout
    assert "](https://evil.example" not in result.stdout


def test_a_crafted_report_cannot_inject_into_the_comment(tmp_path: Path) -> None:
    repo = write_module(tmp_path / "repo", {"main.tf": key_with_spec("AES_256")})
    document = json.loads(run_cli("check", repo, "--format", "json").stdout)
    document["findings"] = [
        {
            "rule_id": "KMS007",
            "rule_name": "x",
            "severity": "error",
            "message": "<script>alert(1)</script>",
            "address": "a`b",
            "file": "main.tf",
            "line": 1,
            "link": "javascript:alert(1)",
        }
    ]
    report = tmp_path / "report.json"
    report.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli(
        "comment", "github", "--repo", "o/r", "--pr", "1", "--report", report, "--dry-run"
    )
    assert result.exit_code == 0, result.stderr
    assert "<script>" not in result.stdout and "javascript:" not in result.stdout
