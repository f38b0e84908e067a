"""The budget fuzz's worker: hypothesis mutates the bundled examples and runs ``kmslint check``
on each in this process, which ``test_fuzz_budget`` starts under SECURITY.md's memory limit.

Every example must end with exit 0, 1 or 2, no internal error and no traceback, within
``CPU_LIMIT_SECONDS`` of CPU (a profiling timer interrupts one that runs longer). Run as
``python -m tests.security.fuzz_worker EXAMPLES``; it prints ``examples: N`` and the largest
CPU time one example took, and exits 1 with hypothesis's falsifying example on a failure.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kmslint.cli import cli
from tests.helpers import EXAMPLES
from tests.mutations import MUTATIONS, Mutation
from tests.security.limited import CPU_LIMIT_SECONDS

FORMATS = ("json", "text", "markdown", "sarif", "junit", "github", "gitlab", "html")
CONFIG = (
    "fail_on: warning\nbudget: {monthly_usd: 5}\n"
    "rules:\n  KMS003: {severity: error, params: {min_interval_days: 180}}\n  KMS006: false\n"
)
SEEDS = sorted(path for kind in ("terraform", "ros") for path in (EXAMPLES / kind).iterdir())


class OverBudget(BaseException):
    """Raised by the profiling timer: not an ``Exception``, so nothing in kmslint catches it."""


@dataclass
class Worst:
    cpu_seconds: float = 0.0


WORST = Worst()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise OverBudget(f"an example used more than {CPU_LIMIT_SECONDS} s of CPU")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _tree(seed: Path, with_config: bool, target: int, steps: list, root: Path) -> Path:
    """A copy of the example ``seed`` (plus a config) with one of its files mutated."""
    tree = root / seed.name
    shutil.copytree(seed, tree)
    if with_config:
        (tree / ".kmslint.yaml").write_text(CONFIG, encoding="utf-8")
    files = sorted(path for path in tree.iterdir() if path.is_file())
    victim = files[target % len(files)]
    data = victim.read_bytes()
    for mutate, position, value in steps:
        data = mutate(data, position, value)
    victim.write_bytes(data)
    return tree


def _check(tree: Path, output_format: str) -> tuple[int, str]:
    signal.setitimer(signal.ITIMER_PROF, CPU_LIMIT_SECONDS)
    started = _cpu()
    try:
        result = CliRunner().invoke(cli, ["check", str(tree), "--format", output_format])
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        WORST.cpu_seconds = max(WORST.cpu_seconds, _cpu() - started)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout + result.stderr


def run(examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        seed=st.sampled_from(SEEDS),
        with_config=st.booleans(),
        target=st.integers(0, 10),
        steps=st.lists(
            st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10_000), st.integers(0, 255)),
            min_size=1,
            max_size=3,
        ),
        output_format=st.sampled_from(FORMATS),
    )
    def example(
        seed: Path,
        with_config: bool,
        target: int,
        steps: list[tuple[Mutation, int, int]],
        output_format: str,
    ) -> None:
        with tempfile.TemporaryDirectory() as root:
            tree = _tree(seed, with_config, target, steps, Path(root))
            code, text = _check(tree, output_format)
        assert code in (0, 1, 2), (code, text)
        assert "internal error" not in text and "Traceback" not in text, text

    example()


def main() -> None:
    signal.signal(signal.SIGPROF, _interrupt)
    os.environ["KMSLINT_JOBS"] = "1"
    os.environ.pop("KMSLINT_DEBUG", None)
    examples = int(sys.argv[1])
    run(examples)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"examples: {examples}")
    print(f"largest CPU per example: {WORST.cpu_seconds:.2f} s")
    print(f"peak RSS: {peak_mib} MiB")


if __name__ == "__main__":
    main()
