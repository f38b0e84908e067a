"""Reports for the format tests: the policy fixtures, our own fixture, and hostile text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kmslint.findings import Finding
from kmslint.report import Report
from tests.helpers import run_cli

FIXTURE = Path("tests/formatters/fixtures/policy")  # relative to ROOT: paths in reports stay short
POLICY_FIXTURES = Path("tests/policy/fixtures")
HOSTILE_ADDRESS = 'alicloud_kms_key.x["<script>alert(1)</script>|`tick`"]'
HOSTILE_MESSAGE = '100% of "x", <b>bold</b> | pipe, a:b\nsecond line <!-- kmslint-comment -->'


def checked(*paths: Path) -> Report:
    """What ``kmslint check PATHS`` builds: the scan with the policy of the first path's
    ``.kmslint.yaml`` (our fixture's turns KMS014 off), else the default policy, applied."""
    from kmslint.config import Config, parse_config
    from kmslint.policy.engine import evaluate_policy
    from kmslint.policy.settings import build_policy
    from kmslint.scan import ScanOptions, scan

    report = scan(ScanOptions(paths=list(paths), use_cache=False))
    found = paths[0] / ".kmslint.yaml" if paths else None
    config = Config()
    if found is not None and found.is_file():
        config = parse_config(found.read_text(encoding="utf-8"), found)
    evaluate_policy(report, build_policy(config))
    return report


def check_document(*paths: Path, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    result = run_cli("check", *paths, *extra, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return dict(json.loads(result.stdout))


def hostile_report() -> Report:
    """The fixture's report plus findings whose text tries to break every format."""
    report = checked(FIXTURE)
    report.findings.append(
        Finding(
            "KMS003",
            "rotation-cost-growth",
            "warning",
            HOSTILE_MESSAGE,
            HOSTILE_ADDRESS,
            "dir with space/main,1.tf",
            3,
            5,
        )
    )
    report.findings.append(
        Finding(
            "KMS001",
            "monthly-budget",
            "error",
            "monthly cost $5.10 is over the budget of $1.00",
            None,
            None,
            None,
        )
    )
    return report
