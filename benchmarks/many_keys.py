"""Many keys: the cost engine and the savings advice on one module with N HSM keys.

    python benchmarks/many_keys.py [--keys 2100] [--rotations 50] [--repeat 3] [--python PY]

Writes a module whose ``count`` makes N HSM keys, one in two advanced (EC_P256, with a second
version from ``alicloud_kms_key_version``, so 2,100 keys put 2,100 advanced versions past the
2,000-version tier) and one in two basic (Aliyun_AES_256) rotating every 7..7+R-1 days (R
distinct intervals: the engine counts versions on as many distinct days; R = 0: no rotation).
Advanced specs are all asymmetric, and KMS cannot rotate an asymmetric key (KMS-PRICING §3), so
the rotating keys are the basic ones. Prints the wall time, CPU time (user + system, best of
--repeat) and peak memory of ``kmslint estimate --format json`` with the number of keys and
savings it reported.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import measure_cpu

MODULE = """provider "alicloud" {{
  region = "cn-hangzhou"
}}

resource "alicloud_kms_key" "k" {{
  count            = {keys}
  key_spec         = count.index % 2 == 0 ? "Aliyun_AES_256" : "EC_P256"
  key_usage        = count.index % 2 == 0 ? "ENCRYPT/DECRYPT" : "SIGN/VERIFY"
  protection_level = "HSM"
{rotation}}}

resource "alicloud_kms_key_version" "v" {{
  count  = {keys} / 2
  key_id = alicloud_kms_key.k[count.index * 2 + 1].id
}}
"""
ROTATION = """  automatic_rotation = count.index % 2 == 0 ? "Enabled" : "Disabled"
  rotation_interval  = "${{count.index / 2 % {rotations} + 7}}d"
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keys", type=int, default=2100)
    parser.add_argument(
        "--rotations", type=int, default=50, help="distinct rotation intervals (0: none)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--python", default=sys.executable, help="interpreter of the kmslint install to measure"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        module = Path(work) / "module"
        module.mkdir()
        (module / "main.tf").write_text(
            MODULE.format(
                keys=args.keys,
                rotation=ROTATION.format(rotations=args.rotations) if args.rotations else "",
            ),
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "KMSLINT_CACHE_DIR": str(Path(work) / "cache"),
            "KMSLINT_BENCH_DIR": work,
        }
        runs = [
            measure_cpu(
                [args.python, "-m", "kmslint", "estimate", str(module), "--format", "json"], env
            )
            for _ in range(args.repeat)
        ]
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        rss = max(r[2] for r in runs)
        report = json.loads(runs[-1][3])
        print(
            f"{args.keys} keys, {args.rotations} rotation intervals: wall {wall:.3f} s, "
            f"CPU {cpu:.3f} s, peak {rss / 1024:.1f} MiB; "
            f"{report['summary']['key_count']} keys priced, {len(report['savings'])} savings, "
            f"month 1 {report['summary']['monthly_cost']} USD"
        )


if __name__ == "__main__":
    main()
