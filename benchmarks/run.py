"""Every #13 figure in one paired run on the synthetic monorepo (generate_monorepo.py).

    python benchmarks/run.py [--stacks 60] [--keys 5] [--repeat 3] [--diffs 200] [--quick]

Prints wall time, CPU (user + system of the child) and peak RSS of: a bare python-hcl2 parse of
every .tf file, kmslint estimate cold and warm (and their ratios to the bare parse), the
read+prefilter floor, ``diff --base HEAD~1`` against a warm scan, a warm scan and the cache size
before and after --diffs diffs, the parse pool against one process at several sizes, a 3-file
warm ``check`` against ``kmslint --version``, and 2,100 rotating advanced-HSM keys with savings.
Runs are paired (one after the other, best of --repeat) because the machine is shared.
``--quick``: fewer stacks for the pool, 20 diffs, repeat 1 (a smoke run, not figures).
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
FLOOR = (  # read every .tf file and run kmslint's prefilter pattern on it: nothing less will do
    "import pathlib, sys\n"
    "from kmslint.terraform.workspace import relevant_pattern\n"
    "pattern = relevant_pattern()\n"
    "hits = sum(bool(pattern.search(p.read_text())) for p in pathlib.Path(sys.argv[1]).rglob('*.tf'))\n"
)
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)\n"
    "wall = time.perf_counter() - start\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "cpu = usage.ru_utime + usage.ru_stime\n"
    "sys.stderr.write(f'{wall} {usage.ru_maxrss} {done.returncode} {cpu}\\n')\n"
    "sys.stdout.buffer.write(done.stdout)\n"
)
PYTHON = [sys.executable]
Run = tuple[float, float, int, bytes]  # wall s, CPU s, peak RSS KiB, stdout


def measure_cpu(command: list[str], env: dict[str, str]) -> Run:
    """One run in a fresh process, from the temporary directory (so that ``python -m kmslint``
    imports the installed kmslint rather than a source tree in the current directory)."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        env=env,
        check=True,
        cwd=env.get("KMSLINT_BENCH_CWD", env["KMSLINT_BENCH_DIR"]),
    )
    wall, rss, _code, cpu = done.stderr.decode().split()
    return float(wall), float(cpu), int(rss), done.stdout


def best(
    command: list[str], env: dict[str, str], repeat: int, before: list[str] | None = None
) -> Run:
    runs = []
    for _ in range(repeat):
        if before is not None:
            subprocess.run(before, check=True)
        runs.append(measure_cpu(command, env))
    return (
        min(r[0] for r in runs),
        min(r[1] for r in runs),
        max(r[2] for r in runs),
        runs[-1][3],
    )


def kmslint(*args: str) -> list[str]:
    return [*PYTHON, "-m", "kmslint", *args]


def row(label: str, run: Run, base: Run | None = None, base_name: str = "") -> None:
    wall, cpu, rss, _ = run
    ratio = f"  {wall / base[0]:6.3f}x wall {cpu / base[1]:6.3f}x CPU {base_name}" if base else ""
    print(f"{label:46s} wall {wall:7.3f} s  CPU {cpu:7.3f} s  peak {rss / 1024:6.1f} MiB{ratio}")


def cache_size(cache: Path) -> int:
    return sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())


def git(repo: Path, *args: str) -> None:
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env=environment,
    )


def clear_entries(cache: Path) -> list[str]:
    """Empty the cache of everything a scanned repository put there, keeping what depends only
    on the installed kmslint: the saved parser and the parsed package data (price book, rules,
    usage fields, consumers), each built once per kmslint version."""
    code = (
        "import pathlib, shutil, sys\n"
        "root = pathlib.Path(sys.argv[1])\n"
        "for p in (root.iterdir() if root.is_dir() else []):\n"
        "    if p.name not in ('parser', 'data'):\n"
        "        shutil.rmtree(p) if p.is_dir() else p.unlink()\n"
    )
    return [sys.executable, "-c", code, str(cache)]


def clear(cache: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        f"import shutil; shutil.rmtree({str(cache)!r}, ignore_errors=True)",
    ]


def scans(repo: Path, env: dict[str, str], cache: Path, repeat: int) -> dict[str, Run]:
    estimate = kmslint("estimate", str(repo), "--format", "json")
    found = {"bare": best([*PYTHON, "-c", BARE_PARSE, str(repo)], env, repeat)}
    found["cold"] = best(estimate, env, repeat, before=clear(cache))
    found["cold_entries"] = best(estimate, env, repeat, before=clear_entries(cache))
    found["warm"] = best(estimate, env, repeat)
    found["floor"] = best([*PYTHON, "-c", FLOOR, str(repo)], env, repeat)
    found["full"] = best([*estimate, "--no-cache", "--no-prefilter"], env, 1)
    bare = found["bare"]
    row("bare python-hcl2 parse (hcl2.load)", bare)
    row("kmslint estimate, cold cache", found["cold"], bare, "bare")
    row("kmslint estimate, cold entries (parser, data kept)", found["cold_entries"], bare, "bare")
    row("kmslint estimate, warm cache", found["warm"], bare, "bare")
    row("read + prefilter floor", found["floor"], found["cold"], "cold")
    row("kmslint, no cache, no prefilter", found["full"], bare, "bare")
    kinds = ("cold", "cold_entries", "warm", "full")
    reports = {json.dumps(json.loads(found[k][3]), sort_keys=True) for k in kinds}
    print("reports identical (cold, cold entries, warm, no cache+prefilter):", len(reports) == 1)
    return found


def diffs(repo: Path, env: dict[str, str], cache: Path, repeat: int, count: int) -> None:
    """``diff --base HEAD~1`` against a warm scan; the cache and a warm scan after ``count`` diffs."""
    plain = next(
        p
        for p in sorted((repo / "stacks").iterdir())
        if "alicloud_kms_key" not in (p / "main.tf").read_text()
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    with (plain / "main.tf").open("a") as handle:
        handle.write('resource "alicloud_kms_key" "added" {\n  protection_level = "HSM"\n}\n')
    git(repo, "commit", "-q", "-a", "-m", "add a key")
    local = {**env, "KMSLINT_BENCH_CWD": str(repo)}
    scan = kmslint("estimate", "stacks", "--format", "json")
    diff = kmslint("diff", "stacks", "--base", "HEAD~1", "--format", "json")
    subprocess.run(clear(cache), check=True)
    best(scan, local, 1)
    warm = best(scan, local, repeat)
    one = best(diff, local, repeat)
    row("kmslint estimate stacks, warm", warm)
    row("kmslint diff --base HEAD~1, warm", one, warm, "warm scan")
    size_one = cache_size(cache)
    for _ in range(count):
        measure_cpu(diff, local)
    size_many = cache_size(cache)
    after = best(scan, local, repeat)
    print(
        f"cache after 1 diff {size_one / 1024:.0f} KiB, after {count} more "
        f"{size_many / 1024:.0f} KiB: {size_many / size_one:.3f}x"
    )
    row(f"kmslint estimate stacks, warm, after {count} diffs", after, warm, "fresh warm")


def pools(root: Path, env: dict[str, str], sizes: list[int], repeat: int) -> None:
    """Cold parse CPU (no cache) of the automatic choice and a forced 2-worker pool vs serial."""
    for stacks in sizes:
        repo = generate(root / f"pool-{stacks}", stacks, max(1, stacks // 12))
        command = kmslint("estimate", str(repo), "--format", "json", "--no-cache")
        serial = best(command, {**env, "KMSLINT_JOBS": "1"}, repeat)
        auto = best(command, {k: v for k, v in env.items() if k != "KMSLINT_JOBS"}, repeat)
        forced = best(command, {**env, "KMSLINT_JOBS": "2"}, repeat)
        files = len(list(repo.rglob("*.tf")))
        row(f"{files} files, one process (KMSLINT_JOBS=1)", serial)
        row(f"{files} files, automatic choice", auto, serial, "serial")
        row(f"{files} files, pool of 2 (KMSLINT_JOBS=2)", forced, serial, "serial")


def startup(repo: Path, env: dict[str, str], repeat: int) -> None:
    files = sorted(repo.rglob("*.tf"))
    keyed = next(p for p in files if "alicloud_kms_key" in p.read_text())
    changed = [str(keyed), str(files[1]), str(files[-1])]
    best(kmslint("check", *changed), env, 1)
    version = best(kmslint("--version"), env, repeat)
    check = best(kmslint("check", *changed), env, repeat)
    row("kmslint --version", version)
    row("kmslint check, 3 changed files, warm", check, version, "--version")


def many_keys(root: Path, env: dict[str, str], repeat: int) -> None:
    from many_keys import MODULE, ROTATION

    module = root / "many-keys"
    module.mkdir()
    text = MODULE.format(keys=2100, rotation=ROTATION.format(rotations=50))
    (module / "main.tf").write_text(text, encoding="utf-8")
    run = best(kmslint("estimate", str(module), "--format", "json"), env, repeat)
    report = json.loads(run[3])
    row("2,100 HSM keys, tier crossed, rotating + savings", run)
    print(f"  {report['summary']['key_count']} keys priced, {len(report['savings'])} savings")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stacks", type=int, default=60)
    parser.add_argument("--keys", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--diffs", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 20 diffs, repeat 1")
    parser.add_argument(
        "--python", help="interpreter of the kmslint install to measure (default: this one)"
    )
    args = parser.parse_args()
    if args.python:
        PYTHON[:] = [args.python]
    repeat, count = (1, 20) if args.quick else (args.repeat, args.diffs)
    sizes = [12, args.stacks] if args.quick else [12, 30, args.stacks, 2 * args.stacks]
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        repo = generate(root / "repo", args.stacks, args.keys)
        cache = root / "cache"
        env = {**os.environ, "KMSLINT_CACHE_DIR": str(cache), "KMSLINT_BENCH_DIR": work}
        for name in ("KMSLINT_JOBS", "KMSLINT_NO_DATA_CACHE"):
            env.pop(name, None)
        files = sorted(repo.rglob("*.tf"))
        size = sum(f.stat().st_size for f in files)
        print(
            f"repo: {args.stacks} stacks, {len(files)} .tf files, {size / 1024:.0f} KiB, "
            f"{args.keys} keys; {os.cpu_count()} cores; python {PYTHON[0]}"
        )
        scans(repo, env, cache, repeat)
        startup(repo, env, repeat)
        many_keys(root, env, repeat)
        pools(root, env, sizes, repeat)
        diffs(repo, env, cache, repeat, count)


if __name__ == "__main__":
    main()
