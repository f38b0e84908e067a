"""What each ``.kmslint.yaml`` key means: one table for the config schema and the reference page.

The key names themselves are the loader's (``kmslint.config``); :func:`checked` fails when this
table and the loader disagree, so a new key cannot ship undocumented.
"""

from __future__ import annotations

from collections.abc import Sequence

from kmslint.config import BUDGET_FIELDS, RULE_FIELDS, TOP_LEVEL

TOP_LEVEL_HELP = {
    "fail_on": "lowest severity that makes kmslint exit 1: info, warning or error (default error)",
    "usage_file": "the usage file, relative to this config (default: kmslint-usage.yml beside the scanned code)",
    "baseline": "findings to accept (kmslint check --create-baseline FILE writes it), relative to this config",
    "rules_dir": "a directory, or a list of them, holding custom rules (`*.yaml`), relative to this config",
    "budget": "monthly budgets in USD checked by KMS001",
    "rules": "per rule id: true/false, or enabled, severity, ignorable and params",
    "exclude": "gitignore-style patterns (a pattern or a list) of files not to scan, relative to this config",
    "link_base": (
        "where rule links point (https only): `<link_base>/<rule id>.md`, or link_base with "
        "`{rule_id}` replaced; default: the docs of the installed kmslint version"
    ),
}
BUDGET_HELP = {
    "monthly_usd": "budget for the month-1 cost of the keys this config covers",
    "horizon_monthly_usd": "budget for the cost in the last month of the horizon",
}
RULE_HELP = {
    "enabled": "run the rule (true/false)",
    "severity": "the rule's severity: info, warning or error",
    "ignorable": "whether an inline kmslint:ignore or the baseline may silence it (default true)",
    "params": "the rule's parameters; each takes the type of its default",
}


def checked(help_table: dict[str, str], loader: Sequence[str], what: str) -> dict[str, str]:
    """``help_table`` in the loader's order; raises when the two name different keys."""
    if set(help_table) != set(loader):
        missing = sorted(set(loader) - set(help_table))
        extra = sorted(set(help_table) - set(loader))
        raise ValueError(f"{what}: undocumented keys {missing}, documented but unknown {extra}")
    return {name: help_table[name] for name in loader}


def top_level() -> dict[str, str]:
    return checked(TOP_LEVEL_HELP, TOP_LEVEL, "config keys")


def budget() -> dict[str, str]:
    return checked(BUDGET_HELP, BUDGET_FIELDS, "budget keys")


def rule() -> dict[str, str]:
    return checked(RULE_HELP, RULE_FIELDS, "rule keys")
