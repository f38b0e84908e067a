"""Bad templates through the CLI: ``path:line: message`` on stderr, exit 2, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.ros.support import cli, template, write

KEY = "Resources:\n  K:\n    Type: ALIYUN::KMS::Key\n"
CASES = [
    (
        "unclosed-yaml",
        KEY + "    Properties: {ProtectionLevel: HSM\n",
        5,
        "invalid YAML: a flow mapping starts here and is never closed (expected ',' or '}', but got '<stream end>')",
    ),
    (
        "unclosed-quote",
        "Description: 'never closed\n" + KEY,
        2,
        "invalid YAML: a quoted scalar starts here and is never closed (found unexpected end of stream)",
    ),
    (
        "unknown-tag",
        KEY + "    Properties:\n      ProtectionLevel: !Reff Level\n",
        6,
        "unknown tag !Reff: ROS has no such function (did you mean !Ref?)",
    ),
    (
        "two-short-forms",
        KEY + "    Properties:\n      Description: !Base64Encode !Ref Text\n",
        6,
        "two short-form functions in a row (!Base64Encode !Ref): ROS does not accept this; write one of them in its full form (Fn::Name: ...)",
    ),
    (
        "count-above-300",
        KEY + "    Count: 301\n",
        5,
        "Count of K is 301: ROS allows at most 300 resources in a stack",
    ),
    (
        "count-not-a-number",
        "Parameters:\n  N: {Type: String, Default: many}\n" + KEY + "    Count: !Ref N\n",
        7,
        "Count of K must be a whole number 0..300, got string 'many'",
    ),
    (
        "count-fraction",
        KEY + "    Count: 2.5\n",
        5,
        "Count of K must be a whole number 0..300, got 2.5",
    ),
    (
        "count-of-itself",
        KEY + "    Count: !Length [!Ref K]\n",
        5,
        "the Count of K depends on K itself",
    ),
    (
        "total-above-300",
        KEY
        + "    Count: 200\n  Disks:\n    Type: ALIYUN::ECS::Disk\n    Count: 100\n  Extra:\n    Type: ALIYUN::ECS::Disk\n",
        9,
        "the template makes more than 300 resources after Count expansion (ROS allows at most 300); Extra passes the limit",
    ),
    (
        "condition-names-itself",
        "Conditions:\n  A: !Equals [1, 1]\n  Loop: !And [A, Loop]\n"
        + KEY
        + "    Condition: Loop\n",
        4,
        "condition Loop refers to itself",
    ),
    (
        "duplicate-key",
        KEY + "  K:\n    Type: ALIYUN::KMS::Key\n",
        5,
        "duplicate key 'K' (first on line 3)",
    ),
    (
        "section-not-a-mapping",
        "Resources: [ALIYUN::KMS::Key]\n",
        2,
        "Resources must be a mapping, got list",
    ),
]


@pytest.mark.parametrize(("name", "body", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_template(tmp_path: Path, name: str, body: str, line: int, message: str) -> None:
    path = write(tmp_path, f"{name}.yml", template(body))
    result = cli("estimate", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{path}:{line}: {message}"
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("command", ["estimate", "check"])
def test_an_alias_bomb_ends_at_once(tmp_path: Path, command: str) -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path = write(
        tmp_path,
        "bomb.yml",
        template("\n".join(lines) + "\n" + KEY + "    Properties: {Tags: *l9}\n"),
    )
    start = time.monotonic()
    result = cli(command, path)
    assert time.monotonic() - start < 3
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:")
    assert "YAML aliases here expand to more than" in result.stderr


def test_deep_nesting_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "deep.yml",
        template(KEY + "    Properties:\n      Tags: " + "[" * 5000 + "]" * 5000 + "\n"),
    )
    result = cli("estimate", path)
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[0]
        == f"{path}:6: the template nests more than 100 levels of [ ] / {{ }}"
    )


def test_a_broken_template_does_not_hide_the_others(tmp_path: Path) -> None:
    broken = write(tmp_path / "a", "broken.yml", template(KEY + "    Count: 1000\n"))
    write(tmp_path / "b", "fine.yml", template(KEY + "    Properties: {ProtectionLevel: HSM}\n"))
    result = cli("estimate", tmp_path, "--region", "ap-southeast-1", "--format", "json")
    assert result.exit_code == 2
    assert (
        f"{broken}:5: Count of K is 1000: ROS allows at most 300 resources in a stack"
        in result.stderr
    )
    assert '"monthly_cost": "0.99"' in result.stdout


def test_files_that_are_not_templates_are_ignored_quietly(tmp_path: Path) -> None:
    write(
        tmp_path,
        "notes.yml",
        "# ROSTemplateFormatVersion is what ROS templates start with\nkey: [unclosed\n",
    )
    write(tmp_path, "config.json", '{"docs": "see ROSTemplateFormatVersion", "x": 1}')
    write(tmp_path, "other.yaml", "Resources:\n  K: {Type: ALIYUN::KMS::Key}\n")
    result = cli("estimate", tmp_path, "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    assert '"key_count": 0' in result.stdout
