"""Parsing the files a run needs: in this process, or in worker processes when that pays.

A pool costs CPU of its own (starting the workers, sending each syntax tree back), so it is
used only past a break-even measured on a 2-core machine (``benchmarks/pool_break_even.py``):
at least ``POOL_MIN_BYTES`` of source, and one worker per ``BYTES_PER_WORKER``. The parser is
built before the workers fork, so they share it; each worker pauses the garbage collector and
writes its results to the parse cache itself, sending the parent the pickled bytes it wrote
(each tree is pickled once).
"""

from __future__ import annotations

import os
import pickle
from typing import TYPE_CHECKING

from kmslint.errors import InputError
from kmslint.terraform import ast
from kmslint.terraform.parse import parse_hcl

if TYPE_CHECKING:
    from kmslint.terraform.cache import ParseCache

POOL_MIN_BYTES = 3_000_000
BYTES_PER_WORKER = 1_500_000
MAX_WORKERS = 8

Job = tuple[str, str, str]  # (cache key, text, display path)
Result = ast.ConfigFile | InputError


def worker_count(source_bytes: int) -> int:
    """Workers for ``source_bytes`` of source: ``KMSLINT_JOBS`` when set (1: never a pool),
    else as many as the break-even allows, up to the cores."""
    configured = os.environ.get("KMSLINT_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if source_bytes < POOL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, source_bytes // BYTES_PER_WORKER))


def parse_jobs(jobs: list[Job], cache: ParseCache) -> list[tuple[Result, bytes | None]]:
    """Each job's syntax tree (or error) and, when it was written to the cache, its bytes."""
    workers = worker_count(sum(len(text) for _key, text, _display in jobs))
    if workers > 1 and len(jobs) > 1:
        try:
            return _in_pool(jobs, cache, workers)
        except (OSError, RuntimeError):
            pass  # no processes here (a sandbox, a broken pool): parse in this process
    return _in_process(jobs, cache)


def _in_process(jobs: list[Job], cache: ParseCache) -> list[tuple[Result, bytes | None]]:
    """Parsing allocates millions of short-lived objects that hold no reference cycles, so the
    cyclic garbage collector is paused meanwhile (it would otherwise rescan the growing heap of
    finished syntax trees over and over)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return [_parse_and_store(job, cache) for job in jobs]
    finally:
        if enabled:
            gc.enable()


def _parse_and_store(job: Job, cache: ParseCache) -> tuple[Result, bytes | None]:
    key, text, display = job
    try:
        tree = parse_hcl(text, display)
    except InputError as exc:
        return exc, None
    return tree, cache.store(key, tree)


_WORKER_CACHE: list[ParseCache] = []


def _start_worker(cache: ParseCache) -> None:
    import gc

    from kmslint.terraform.grammar import parser

    gc.disable()
    parser()  # inherited from the parent when forked; built or loaded once when spawned
    _WORKER_CACHE[:] = [cache]


def _work(job: Job) -> tuple[bytes | InputError, bool]:
    """In a worker: the pickled tree (written to the cache when it is on) or the error."""
    result, data = _parse_and_store(job, _WORKER_CACHE[0])
    if isinstance(result, InputError):
        return result, False
    if data is None:
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), False
    return data, True


def _in_pool(jobs: list[Job], cache: ParseCache, workers: int) -> list[tuple[Result, bytes | None]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from kmslint.terraform.grammar import parser

    parser()  # before the fork, so every worker shares it
    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    chunk = max(1, len(jobs) // (workers * 4))
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(cache,),
    ) as pool:
        done = list(pool.map(_work, jobs, chunksize=chunk))
    results: list[tuple[Result, bytes | None]] = []
    for payload, stored in done:
        if isinstance(payload, InputError):
            results.append((payload, None))
        else:
            results.append((pickle.loads(payload), payload if stored else None))
    return results
