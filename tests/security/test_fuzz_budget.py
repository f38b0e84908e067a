"""A hypothesis fuzz of mutated real templates ends every run within SECURITY.md's budget.

The bundled examples (Terraform and ROS, with their usage files and sometimes a config) are
mutated byte by byte and checked in every output format by a worker process that runs under
the 300 MB address-space limit; each example must end within 5 CPU seconds with exit 0, 1 or
2 and no internal error. CI (``CI`` set) runs 2,000 examples, a local run 200.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.helpers import ROOT
from tests.security.limited import run_python_module

EXAMPLES = 2000 if os.environ.get("CI") else 200
WALL_SAFETY_SECONDS = 1800  # only so that a broken worker cannot hang the suite


def test_mutated_examples_end_within_the_budget_with_a_clean_exit(tmp_path: Path) -> None:
    worker = run_python_module(
        "tests.security.fuzz_worker",
        str(EXAMPLES),
        cwd=tmp_path,
        env={"KMSLINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)},
        cpu_limit=False,  # the worker times each example itself
        wall_seconds=WALL_SAFETY_SECONDS,
    )
    report = worker.stdout + worker.stderr
    assert worker.returncode == 0, report[-6000:]
    assert f"examples: {EXAMPLES}" in worker.stdout
