"""Monorepo benchmark: kmslint cold and warm against a bare python-hcl2 parse of every file.

    python benchmarks/run.py [--stacks 60] [--keys 5] [--repeat 3]

Generates the synthetic monorepo (generate_monorepo.py) in a temporary directory, then prints
wall time and peak memory (max RSS) of: the bare python-hcl2 parse of every .tf file
(``hcl2.load``), kmslint estimate with an empty cache (cold), kmslint estimate again (warm),
kmslint with cache and prefilter off, and a pre-commit-style ``kmslint check`` of three changed
files (warm). It checks that every kmslint run produced the same report. Best of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_monorepo import generate

BARE_PARSE = (
    "import hcl2, pathlib, sys\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.tf')):\n"
    "    hcl2.load(p.open())\n"
)
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)\n"
    "wall = time.perf_counter() - start\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'{wall} {rss} {done.returncode}\\n')\n"
    "sys.stdout.buffer.write(done.stdout)\n"
)


def measure(command: list[str], env: dict[str, str]) -> tuple[float, int, bytes]:
    """Wall seconds, peak RSS in KiB and stdout of one run, measured in a fresh process.

    Runs from the temporary directory, so that ``python -m kmslint`` imports the installed
    kmslint rather than a source tree in the current directory."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        env=env,
        check=True,
        cwd=env["KMSLINT_BENCH_DIR"],
    )
    wall, rss, _code = done.stderr.decode().split()
    return float(wall), int(rss), done.stdout


def best(
    command: list[str], env: dict[str, str], repeat: int, before: list[str] | None = None
) -> tuple[float, int, bytes]:
    runs = []
    for _ in range(repeat):
        if before is not None:
            subprocess.run(before, check=True)
        runs.append(measure(command, env))
    wall = min(r[0] for r in runs)
    return wall, max(r[1] for r in runs), runs[-1][2]


PYTHON = [sys.executable]


def kmslint(*args: str) -> list[str]:
    return [*PYTHON, "-m", "kmslint", *args]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stacks", type=int, default=60)
    parser.add_argument("--keys", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--python",
        help="interpreter of the kmslint install to measure (default: this one); "
        "a regular `pip install .` starts faster than an editable one",
    )
    args = parser.parse_args()
    if args.python:
        PYTHON[:] = [args.python]
    with tempfile.TemporaryDirectory() as work:
        repo = generate(Path(work) / "repo", args.stacks, args.keys)
        cache = Path(work) / "cache"
        env = {**os.environ, "KMSLINT_CACHE_DIR": str(cache), "KMSLINT_BENCH_DIR": work}
        files = sorted(repo.rglob("*.tf"))
        size = sum(f.stat().st_size for f in files)
        print(
            f"repo: {args.stacks} stacks, {len(files)} .tf files, {size / 1024:.0f} KiB, "
            f"{args.keys} keys; {os.cpu_count()} cores"
        )
        print(f"python: {PYTHON[0]}")
        bare = best([*PYTHON, "-c", BARE_PARSE, str(repo)], env, args.repeat)
        clear = [
            sys.executable,
            "-c",
            f"import shutil; shutil.rmtree({str(cache)!r}, ignore_errors=True)",
        ]
        cold = best(
            kmslint("estimate", str(repo), "--format", "json"), env, args.repeat, before=clear
        )
        warm = best(kmslint("estimate", str(repo), "--format", "json"), env, args.repeat)
        full = best(
            kmslint("estimate", str(repo), "--format", "json", "--no-cache", "--no-prefilter"),
            env,
            1,
        )
        keyed = next(p for p in files if "alicloud_kms_key" in p.read_text())
        changed = [str(keyed), str(files[1]), str(files[-1])]
        precommit = best(kmslint("check", *changed), env, args.repeat)
        rows = [
            ("bare python-hcl2 parse (hcl2.load)", bare),
            ("kmslint estimate, cold cache", cold),
            ("kmslint estimate, warm cache", warm),
            ("kmslint, no cache, no prefilter", full),
            ("kmslint check, 3 changed files, warm", precommit),
        ]
        for label, (wall, rss, _out) in rows:
            ratio = wall / bare[0]
            print(f"{label:40s} {wall:7.3f} s  {ratio:6.3f}x bare  peak {rss / 1024:6.1f} MiB")
        reports = {json.dumps(json.loads(r[2]), sort_keys=True) for r in (cold, warm, full)}
        print("reports identical (cold, warm, unfiltered+uncached):", len(reports) == 1)


if __name__ == "__main__":
    main()
