"""The ROS loader ships in the wheel and stays out of ``kmslint --version``'s imports."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_the_ros_package_is_listed_for_setuptools() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    packages = text.split("packages = [", 1)[1].split("]", 1)[0]
    assert '"kmslint.ros"' in packages


def test_the_cli_does_not_import_the_ros_loader_or_yaml_up_front() -> None:
    code = "import sys, kmslint.cli; print(sorted(m for m in sys.modules if m.startswith(('kmslint.ros', 'ruamel'))))"
    imported = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    assert imported.strip() == "[]"
