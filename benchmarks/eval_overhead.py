"""How much kmslint's evaluation adds to python-hcl2's parse of the same files.

    python benchmarks/eval_overhead.py [--stacks 60] [--repeat 5]

Every stack of the generated repo gets a key, so every module is parsed and evaluated. Prints
the time of python-hcl2's parse (its Lark parse tree, what kmslint starts from, and its full
``hcl2.load``), and kmslint's total in-process time for the same files without cache or
prefilter: parse, conversion to kmslint's syntax tree, evaluation of every module instance, and
key building, in one process (KMSLINT_JOBS=1) so that the comparison is like for like.
Best of --repeat runs each.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_monorepo import generate


def best_of(repeat: int, work: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def _each(parse: object, texts: list[str]) -> None:
    """Parse every text, keeping none of the results (as kmslint keeps no parse tree)."""
    for text in texts:
        parse(text)  # type: ignore[operator]


def main() -> None:
    import gc
    import os

    import hcl2

    os.environ["KMSLINT_JOBS"] = "1"
    from kmslint.pricebook import load_price_book
    from kmslint.scan import ScanOptions, build_inventory
    from kmslint.usage import UsageFile

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stacks", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    book = load_price_book()
    with tempfile.TemporaryDirectory() as work:
        repo = generate(Path(work) / "repo", args.stacks, args.stacks)
        files = sorted(repo.rglob("*.tf"))
        texts = [f.read_text() for f in files]
        tree_time = best_of(args.repeat, lambda: _each(hcl2.parses_to_tree, texts))
        load_time = best_of(args.repeat, lambda: _each(hcl2.loads, texts))
        gc.disable()
        tree_no_gc = best_of(args.repeat, lambda: _each(hcl2.parses_to_tree, texts))
        gc.enable()
        options = ScanOptions(paths=[repo], use_cache=False, prefilter=False)
        keys: list[int] = []
        kmslint_time = best_of(
            args.repeat, lambda: keys.append(len(build_inventory(options, UsageFile(), book).keys))
        )
    print(f"{len(files)} files, {keys[-1]} keys")
    print(f"python-hcl2 parse tree (parses_to_tree): {tree_time:.3f} s")
    print(f"python-hcl2 hcl2.loads:                  {load_time:.3f} s")
    print(
        f"python-hcl2 parse tree, GC paused:       {tree_no_gc:.3f} s (kmslint pauses the GC while parsing)"
    )
    print(f"kmslint parse + evaluate:                {kmslint_time:.3f} s")
    print(
        f"evaluation overhead vs parse tree:       {100 * (kmslint_time - tree_time) / tree_time:+.1f} %"
    )
    print(
        f"evaluation overhead vs hcl2.loads:       {100 * (kmslint_time - load_time) / load_time:+.1f} %"
    )
    print(
        f"overhead vs parse tree with GC paused:   {100 * (kmslint_time - tree_no_gc) / tree_no_gc:+.1f} %"
    )


if __name__ == "__main__":
    main()
