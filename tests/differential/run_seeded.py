"""Run a large seeded differential batch and print ``mismatches: N/M``.

python -m tests.differential.run_seeded --cases 1000 --seed 0 [--show 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.differential.generator import generate
from tests.differential.twins import run_differential, terraform_binary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=10, help="mismatching cases to print")
    parser.add_argument("--show-stated", action="store_true")
    args = parser.parse_args(argv)
    if terraform_binary() is None:
        print("terraform is not on PATH; nothing to compare", file=sys.stderr)
        return 2
    cases = generate(args.cases, args.seed)
    with tempfile.TemporaryDirectory() as work:
        outcome = run_differential(cases, Path(work))
    by_label = {case.label: case for case in cases}
    for label in list(outcome.mismatches)[: args.show]:
        print(f"--- {label}")
        for problem in outcome.mismatches[label]:
            print(f"    {problem}")
        print(by_label[label].files.get("main.tf", ""))
    print(f"rejected by terraform: {len(outcome.rejected)}")
    print(f"stated unknowns: {outcome.stated}")
    if args.show_stated:
        from tests.differential.twins import STATED

        for line in STATED:
            print("STATED", line)
    print(f"mismatches: {len(outcome.mismatches)}/{outcome.compared}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
