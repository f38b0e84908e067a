"""``python -m kmslint.reference [--check]``: write (or compare) the generated reference files."""

from __future__ import annotations

import sys
from pathlib import Path

from kmslint.reference.generated import outdated, write_all

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    if argv[1:] == ["--check"]:
        stale = outdated(ROOT)
        for path in stale:
            print(f"{path}: out of date; run python -m kmslint.reference", file=sys.stderr)
        return 1 if stale else 0
    if argv[1:]:
        print("usage: python -m kmslint.reference [--check]", file=sys.stderr)
        return 2
    for path in write_all(ROOT):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
