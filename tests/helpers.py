"""Shared test helpers: run the CLI in-process and write small Terraform modules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from kmslint.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    runner = CliRunner()
    return runner.invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def json_report(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = run_cli(*args, "--format", "json", env=env)
    assert result.exit_code in (0, 1), result.output + (
        result.stderr if result.stderr_bytes else ""
    )
    return dict(json.loads(result.stdout))


def write_module(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return directory
