"""Run kmslint in a subprocess with an address-space limit and a CPU-time limit.

The limits are the promise of SECURITY.md: every input ends within 5 CPU seconds and 300 MB of
address space with exit 0, 1 or 2 and no internal error. A process that hits the CPU limit is
killed by SIGXCPU (a negative return code), one that hits the memory limit gets MemoryError.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

MEMORY_LIMIT_BYTES = 300 * 1024 * 1024
CPU_LIMIT_SECONDS = 5
WALL_SAFETY_SECONDS = 120  # only so that a broken test cannot hang the suite


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT_SECONDS, CPU_LIMIT_SECONDS))


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def run_limited(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m kmslint ARGS`` under both limits."""
    return run_python_module("kmslint", *args, cwd=cwd, env=env)


def run_python_module(
    module: str,
    *args: str | Path,
    cwd: Path,
    env: dict[str, str] | None = None,
    cpu_limit: bool = True,
    wall_seconds: int = WALL_SAFETY_SECONDS,
) -> subprocess.CompletedProcess[str]:
    """``python -m MODULE ARGS`` under the memory limit and, unless told not to (a worker that
    times each of many runs itself), the CPU limit."""
    environment = {**os.environ, "KMSLINT_JOBS": "1", **(env or {})}
    environment.pop("KMSLINT_DEBUG", None)
    try:
        return subprocess.run(
            [sys.executable, "-m", module, *(str(a) for a in args)],
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            errors="replace",
            preexec_fn=_limit if cpu_limit else _limit_memory,
            timeout=wall_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, -9, "", "wall-clock safety timeout")
