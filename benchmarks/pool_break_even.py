"""Where a parse pool starts to pay: CPU and wall of parsing N files serially and in a pool.

    python benchmarks/pool_break_even.py [--sizes 50,100,200,400,600,1200] [--repeat 3]

Each measurement runs in a fresh process with the parser already loaded and an empty parse
cache: it times ``kmslint.terraform.pool.parse_jobs`` over the first N ``.tf`` files of the
synthetic monorepo (CPU = this process plus its workers, from ``resource.getrusage``). Best of
--repeat. The pool thresholds in ``kmslint/terraform/pool.py`` come from this table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_monorepo import generate

MEASURE = """
import resource, sys, time, tempfile
from pathlib import Path
from kmslint.terraform.grammar import parser
from kmslint.terraform.pool import parse_jobs
from kmslint.terraform.cache import ParseCache
parser()
files = sorted(Path(sys.argv[1]).rglob("*.tf"))[: int(sys.argv[2])]
jobs = [(f"{i:064x}", p.read_text(), str(p)) for i, p in enumerate(files)]
def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
with tempfile.TemporaryDirectory() as cache:
    start_cpu, start = cpu(), time.perf_counter()
    parse_jobs(jobs, ParseCache(Path(cache)))
    print(time.perf_counter() - start, cpu() - start_cpu, sum(len(t) for _k, t, _d in jobs))
"""


def run(repo: Path, count: int, jobs: str) -> tuple[float, float, int]:
    env = {**os.environ, "KMSLINT_JOBS": jobs}
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(repo), str(count)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="50,100,200,400,600,1200")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as work:
        repo = generate(Path(work) / "repo", max(sizes) // 10 + 1, 5)
        header = ("files", "KiB", "serial wall", "cpu", "pool wall", "cpu", "pool/serial cpu")
        print(" ".join(f"{h:>{w}}" for h, w in zip(header, (6, 6, 11, 6, 9, 6, 15), strict=True)))
        for size in sizes:
            serial = [run(repo, size, "1") for _ in range(args.repeat)]
            pooled = [run(repo, size, "2") for _ in range(args.repeat)]
            s_wall, s_cpu = min(r[0] for r in serial), min(r[1] for r in serial)
            p_wall, p_cpu = min(r[0] for r in pooled), min(r[1] for r in pooled)
            kib = serial[0][2] / 1024
            print(
                f"{size:6d} {kib:6.0f} {s_wall:11.3f} {s_cpu:6.3f} {p_wall:9.3f} {p_cpu:6.3f} {p_cpu / s_cpu:15.2f}"
            )


if __name__ == "__main__":
    main()
