"""The ``kmslint`` entry point: fast start, help, and no traceback on unexpected errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kmslint import __version__
from tests.helpers import EXAMPLES, run_cli

PROBE = (
    "import sys\n"
    "from kmslint.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = sorted(m for m in ('lark', 'hcl2', 'ruamel.yaml', 'kmslint.terraform.parse') if m in sys.modules)\n"
    "sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')\n"
)


def imported_heavy_modules(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    return done.stderr.strip().splitlines()[-1]


def test_version_imports_no_parser() -> None:
    assert imported_heavy_modules("--version") == "HEAVY="
    assert run_cli("--version").stdout.strip() == f"kmslint, version {__version__}"


def test_help_lists_the_commands_and_states_the_assumptions() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in ("check", "estimate", "usage"):
        assert f"  {command}" in result.stdout
    assert "a month is 30 days" in result.stdout


def test_unexpected_errors_are_one_line_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import kmslint.scan

    def explode(options: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(kmslint.scan, "scan", explode)
    result = run_cli("estimate", EXAMPLES / "terraform" / "signing")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "kmslint: internal error: KeyError: 'boom' (set KMSLINT_DEBUG=1 for details)\n"
    )
