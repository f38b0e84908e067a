"""KMS013 cost-increase: a function over (base, new, params) for ``kmslint diff``; never fires in check."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kmslint.config import Config, RuleConfig, Setting
from kmslint.policy.checks_cost import cost_increase
from kmslint.policy.engine import diff_findings
from kmslint.policy.settings import build_policy
from tests.policy.support import check, stage

D = Decimal


@pytest.mark.parametrize(
    ("base", "new", "params", "message"),
    [
        (
            D("10"),
            D("25"),
            {"max_increase_usd": 10},
            "monthly cost rises from $10.00 to $25.00 (+$15.00, +150%), more than max_increase_usd $10.00",
        ),
        (
            D("10"),
            D("25"),
            {"max_increase_usd": 10, "max_increase_percent": 100},
            "monthly cost rises from $10.00 to $25.00 (+$15.00, +150%), more than max_increase_usd $10.00 and max_increase_percent 100%",
        ),
        (
            D("10"),
            D("12.5"),
            {"max_increase_percent": 20},
            "monthly cost rises from $10.00 to $12.50 (+$2.50, +25%), more than max_increase_percent 20%",
        ),
        (
            D("0"),
            D("0.99"),
            {"max_increase_percent": 50},
            "monthly cost rises from $0.00 to $0.99 (+$0.99), more than max_increase_percent 50%",
        ),
        (
            D("0.99225"),
            D("1.9845"),
            {"max_increase_usd": 0.99},
            "monthly cost rises from $0.99225 to $1.9845 (+$0.99225, +100%), more than max_increase_usd $0.99",
        ),
        (
            D("3"),
            D("4"),
            {"max_increase_percent": 33.3},
            "monthly cost rises from $3.00 to $4.00 (+$1.00, +33.33%), more than max_increase_percent 33.3%",
        ),
    ],
)
def test_cost_increase_fires(
    base: Decimal, new: Decimal, params: dict[str, object], message: str
) -> None:
    assert cost_increase(base, new, params) == message


@pytest.mark.parametrize(
    ("base", "new", "params"),
    [
        (D("10"), D("12"), {"max_increase_percent": 20}),  # exactly the limit is not more than it
        (D("10"), D("20"), {"max_increase_usd": 10}),
        (D("10"), D("5"), {"max_increase_usd": 0, "max_increase_percent": 0}),  # a decrease
        (
            D("10"),
            D("100"),
            {"max_increase_usd": None, "max_increase_percent": None},
        ),  # off until set
        (
            D("0.99225"),
            D("1.98"),
            {"max_increase_usd": 0.99},
        ),  # +$0.98775: Decimal, no float rounding
    ],
)
def test_cost_increase_passes(base: Decimal, new: Decimal, params: dict[str, object]) -> None:
    assert cost_increase(base, new, params) is None


def test_diff_findings_use_the_configured_limits() -> None:
    entry = RuleConfig(
        "KMS013", 3, severity=Setting("warning"), params={"max_increase_usd": Setting(5)}
    )
    policy = build_policy(Config(rules={"KMS013": entry}))
    [finding] = diff_findings(policy, D("0.99"), D("19.80"))
    assert (finding.rule_id, finding.rule_name, finding.severity) == (
        "KMS013",
        "cost-increase",
        "warning",
    )
    assert (
        finding.message
        == "monthly cost rises from $0.99 to $19.80 (+$18.81, +1900%), more than max_increase_usd $5.00"
    )
    assert finding.link.endswith("/docs/rules/KMS013.md")
    assert diff_findings(policy, D("0.99"), D("4.95")) == []
    assert diff_findings(build_policy(Config()), D("0.99"), D("1000")) == []


def test_cost_increase_never_fires_in_check(tmp_path: Path) -> None:
    case = stage(tmp_path, "KMS001/fires")
    (case / ".kmslint.yaml").write_text(
        "rules:\n  KMS013:\n    params: {max_increase_usd: 0, max_increase_percent: 0}\n"
    )
    run = check(case)
    assert run.findings("KMS013") == []
    assert run.exit_code == 0
