"""Start-up: what ``--version``, ``--help`` and a warm pre-commit ``check`` do NOT import.

Issue #13: a warm three-file ``check`` should cost little more than ``--version``; the modules
below are each milliseconds of import that such a run does not need. Each run is a fresh
interpreter, so ``sys.modules`` shows exactly what that command loaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "terraform"
LOADED = (
    "import json, runpy, sys\n"
    "sys.argv = ['kmslint', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('kmslint', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
)
PARSERS = ("lark", "hcl2", "kmslint.terraform.pool")
NEVER_ON_A_WARM_CHECK = (
    *PARSERS,
    "ruamel.yaml",  # YAML: the package data comes from the JSON data cache
    "pathspec",  # no exclude patterns, no .gitignore
    "kmslint.ros.resources",  # the ROS evaluator: no template in the scan
    "kmslint.migration",
    "kmslint.formatters.html_format",
    "kmslint.formatters.sarif",
    "kmslint.formatters.markdown",
    "kmslint.formatters.json_format",
)
STANDARD_MODULES_A_WARM_CHECK_NEEDS_NOT = (  # click's --help needs the first two itself
    "tempfile",  # a warm run writes no cache entry
    "shutil",  # no trusted tree to remove
    "difflib",  # no misspelt name to suggest a spelling for
    "base64",  # no template calls base64encode/base64decode
)
NEVER_ON_VERSION_OR_HELP = (
    *NEVER_ON_A_WARM_CHECK,
    "kmslint.scan",
    "kmslint.savings",
    "kmslint.pricebook",
    "kmslint.report",
    "kmslint.billing",
    "kmslint.formatters.text",
)


def _loaded(args: list[str], cwd: Path, cache: Path) -> tuple[set[str], str]:
    environment = {**os.environ, "KMSLINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    environment.pop("KMSLINT_NO_DATA_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", LOADED, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
    )
    return set(json.loads("[" + done.stderr.rpartition("[")[2])), done.stdout


def _absent(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in loaded)]


def test_version_and_help_load_no_scanner_parser_or_report(tmp_path: Path) -> None:
    for args, shown in ((["--version"], "0."), (["--help"], "Usage:")):
        loaded, stdout = _loaded(args, tmp_path, tmp_path / "cache")
        assert shown in stdout
        assert "kmslint.cli" in loaded
        assert _absent(loaded, NEVER_ON_VERSION_OR_HELP) == [], args


def test_a_warm_text_check_of_three_files_loads_no_parser_yaml_or_other_format(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "tree"
    for name in ("signing", "kms-instance-payg", "oss-client-side-encryption"):
        (tree / name).mkdir(parents=True)
        shutil.copy(EXAMPLES / name / "main.tf", tree / name / "main.tf")
    args = ["check", "signing", "kms-instance-payg", "oss-client-side-encryption"]
    cold, cold_out = _loaded(args, tree, tmp_path / "cache")
    assert "lark" in cold  # the cold run parsed, and filled the cache
    warm, warm_out = _loaded(args, tree, tmp_path / "cache")
    assert warm_out == cold_out
    assert "Monthly cost (month 1):" in warm_out
    assert {"kmslint.scan", "kmslint.formatters.text", "kmslint.savings"} <= warm
    assert _absent(warm, NEVER_ON_A_WARM_CHECK + STANDARD_MODULES_A_WARM_CHECK_NEEDS_NOT) == []
