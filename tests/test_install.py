"""A plain ``pip install .`` into a fresh venv ships the price book and the rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

from tests.helpers import EXAMPLES, ROOT


def _share_runtime_dependencies(python: Path) -> None:
    """Make the runtime dependencies of this test run importable in the new venv (no download)."""
    import click
    import hcl2
    import lark
    import pathspec
    import ruamel.yaml

    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    roots = {str(Path(m.__file__).resolve().parent.parent) for m in (click, hcl2, lark, pathspec)}
    roots.add(str(Path(ruamel.yaml.__file__).resolve().parent.parent.parent))
    (Path(site) / "kmslint-test-deps.pth").write_text("\n".join(sorted(roots)) + "\n")


def test_wheel_install_contains_the_price_book_and_rules(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    _share_runtime_dependencies(python)
    environment = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(ROOT)],
        check=True,
        cwd=tmp_path,
        env=environment,
    )
    installed = subprocess.run(
        [str(python), "-c", "import kmslint, sys; print(kmslint.__file__)"],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert str(env_dir) in installed, "the test must run the installed copy, not the source tree"
    result = subprocess.run(
        [
            str(env_dir / "bin" / "kmslint"),
            "estimate",
            str(EXAMPLES / "terraform" / "signing"),
            "--format",
            "json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["monthly_cost"] == "3.99"
    rules = subprocess.run(
        [
            str(python),
            "-c",
            "from importlib.resources import files; print(sorted(p.name for p in files('kmslint.builtin_rules').iterdir() if p.name.endswith('.yaml')))",
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    ).stdout
    expected = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert rules.strip() == str(expected)
    _assert_runtime_dependencies_declared(python, tmp_path, environment)
    assert sys.version_info >= (3, 10)


def _assert_runtime_dependencies_declared(
    python: Path, cwd: Path, environment: dict[str, str]
) -> None:
    """The installed metadata asks for the runtime libraries (pinned where kmslint relies on internals)."""
    requires = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.metadata as m; print('\\n'.join(m.requires('kmslint') or []))",
        ],
        check=True,
        cwd=cwd,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    runtime = sorted(r.replace(" ", "") for r in requires if r and "extra ==" not in r)
    assert runtime == [
        "click>=8.1",
        "google-re2>=1.1",
        "lark<2,>=1.1",
        "pathspec>=0.12",
        "python-hcl2<9,>=8.1",
        "ruamel.yaml>=0.18",
    ]
    checked = subprocess.run(
        [str(python), "-m", "pip", "check"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert "kmslint" not in checked.stdout, checked.stdout


def test_every_package_is_listed_in_pyproject() -> None:
    """setuptools is given an explicit package list (rules/ is mapped in); keep it complete."""
    import re

    text = (ROOT / "pyproject.toml").read_text()
    block = re.search(r"^packages = \[(.*?)\]", text, re.S | re.M)
    assert block is not None
    listed = set(re.findall(r'"([\w.]+)"', block.group(1)))
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "kmslint").rglob("__init__.py")
    } | {"kmslint.data", "kmslint.builtin_rules"}
    assert listed == on_disk
