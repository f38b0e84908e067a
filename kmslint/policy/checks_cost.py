"""Built-in checks about money: budget, advanced versions, rotation growth, usage, diff, service keys."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from kmslint.findings import Finding
from kmslint.kms import ADVANCED, HSM, MAINLAND
from kmslint.money import money_display as money
from kmslint.money import number_str
from kmslint.policy.context import CheckContext
from kmslint.policy.fields import consumers_of, days_str
from kmslint.policy.match import as_fraction

HOSTING_ONLY = " (hosting only: its usage is not given)"


def budget(ctx: CheckContext) -> Iterator[Finding]:
    """KMS001: the scan's month-1 (or horizon-month) cost exceeds the configured budget."""
    estimate = ctx.report.estimate
    unknown = estimate.usage_unknown_count
    caveat = (
        f" (not counting the API calls of {unknown} key(s) whose usage is not given)"
        if unknown
        else ""
    )
    limits = (
        ("monthly_usd", estimate.total("monthly_cost"), "monthly cost (month 1)"),
        (
            "horizon_monthly_usd",
            estimate.total("horizon_monthly_cost"),
            f"month-{ctx.horizon_months} cost",
        ),
    )
    for param, total, label in limits:
        limit = ctx.decimal_param(param)
        if limit is None or total <= limit:
            continue
        where = ctx.param_locations.get(param)
        message = (
            f"{label} {money(total)} is over the budget of {money(limit)} ({param}) by "
            f"{money(total - limit)}{caveat}"
        )
        yield ctx.finding(
            message,
            address=None,
            file=where.file if where else None,
            line=where.line if where else None,
        )


def advanced_versions(ctx: CheckContext) -> Iterator[Finding]:
    """KMS002: advanced HSM key versions across the scan exceed ``max_versions`` at the horizon."""
    limit = int(ctx.param("max_versions"))
    keys = [
        c
        for c in ctx.billed_keys
        if c.classification.key_class == ADVANCED and c.classification.protection_level == HSM
    ]
    horizon = sum(c.versions_horizon for c in keys)
    if not keys or horizon <= limit:
        return
    first = sum(c.versions_month_1 for c in keys)
    cost_first = sum((c.hosting_cost for c in keys), Decimal(0))
    cost_horizon = sum((c.hosting_by_month[-1] for c in keys), Decimal(0))
    largest = max(keys, key=lambda c: c.versions_horizon)
    months = ctx.horizon_months
    message = (
        f"advanced HSM key versions across the scan reach {horizon} by month {months}, over max_versions {limit}: "
        f"{len(keys)} key(s) with {first} version(s) in month 1 cost {money(cost_first)} a month to host, "
        f"{money(cost_horizon)} a month in month {months}; the largest is "
        f"{largest.key.address} with {largest.versions_horizon}"
    )
    yield ctx.key_finding(largest.key, message)


def rotation_cost_growth(ctx: CheckContext) -> Iterator[Finding]:
    """KMS003: automatic rotation on an HSM key more often than ``min_interval_days``."""
    minimum = as_fraction(ctx.param("min_interval_days"))
    months = ctx.horizon_months
    for cost in ctx.billed_keys:
        key, interval = cost.key, cost.key.rotation_days
        if cost.classification.protection_level != HSM or not interval:
            continue
        if minimum is None or interval >= minimum:
            continue
        written = key.rotation_interval or ""
        shown = (
            written if written.strip().endswith("d") else f"{written} ({days_str(interval)} days)"
        )
        caveat = "" if cost.usage_known else HOSTING_ONLY
        message = (
            f"automatic rotation every {shown} is more often than every "
            f"{ctx.param('min_interval_days')} days, and each "
            f"rotation adds a billed version: {cost.versions_month_1} version(s) in month 1, "
            f"{cost.versions_horizon} by month {months}; "
            f"the key costs {money(cost.monthly_cost)} in month 1 and "
            f"{money(cost.horizon_monthly_cost)} in month {months}{caveat}"
        )
        yield ctx.key_finding(key, message, "rotation_interval", "automatic_rotation")


def usage_missing(ctx: CheckContext) -> Iterator[Finding]:
    """KMS004: a billed key has no usage assumption, so its API cost is unknown."""
    book = ctx.report.book
    sample = Decimal(str(ctx.param("example_calls")))
    for cost in ctx.billed_keys:
        if cost.usage_known:
            continue
        klass = cost.classification
        rate = book.api_rate(klass.key_class, klass.region_class)
        where = "mainland China" if klass.region_class == MAINLAND else "outside mainland China"
        message = (
            f"no usage is given for this key, so its API cost is unknown, not $0 (it is counted at "
            f"{money(cost.monthly_cost)} a month, hosting only): at {money(rate)} per {book.calls_per_unit:,} calls "
            f"({klass.key_class} key, {where}) every {sample:,} calls a month add "
            f"{money(sample / book.calls_per_unit * rate)}; "
            f"declare its calls in kmslint-usage.yml"
        )
        yield ctx.key_finding(cost.key, message)


def percent_str(value: Decimal) -> str:
    return number_str(value.quantize(Decimal("0.01")))


def cost_increase(
    base_monthly: Decimal, new_monthly: Decimal, params: Mapping[str, Any]
) -> str | None:
    """KMS013: the message when the monthly cost rises by more than the limits, else None.

    ``params``: ``max_increase_usd`` and ``max_increase_percent`` (either may be None = off).
    A rise from $0 exceeds any percentage limit.
    """
    max_usd = (
        None if params.get("max_increase_usd") is None else Decimal(str(params["max_increase_usd"]))
    )
    max_percent = (
        None
        if params.get("max_increase_percent") is None
        else Decimal(str(params["max_increase_percent"]))
    )
    delta = new_monthly - base_monthly
    if delta <= 0:
        return None
    percent = delta / base_monthly * 100 if base_monthly > 0 else None
    exceeded = []
    if max_usd is not None and delta > max_usd:
        exceeded.append(f"max_increase_usd {money(max_usd)}")
    if max_percent is not None and (percent is None or percent > max_percent):
        exceeded.append(f"max_increase_percent {percent_str(max_percent)}%")
    if not exceeded:
        return None
    change = f"+{money(delta)}" + (f", +{percent_str(percent)}%" if percent is not None else "")
    return (
        f"monthly cost rises from {money(base_monthly)} to {money(new_monthly)} ({change}), more "
        f"than {' and '.join(exceeded)}"
    )


def cost_increase_check(ctx: CheckContext) -> Iterator[Finding]:
    """KMS013 inside ``kmslint check``: there is no base to compare with, so it never fires."""
    return iter(())


def service_key_suffices(ctx: CheckContext) -> Iterator[Finding]:
    """KMS015: every consumer of a billed key could use a free service key instead."""
    types = set(ctx.param("service_key_types") or ())
    months = ctx.horizon_months
    for cost in ctx.billed_keys:
        consumers = consumers_of(ctx.report, cost.key)
        if not consumers or not all(c.type in types for c in consumers):
            continue
        names = ", ".join(sorted(c.address for c in consumers))
        caveat = "" if cost.usage_known else ", plus its API calls, whose usage is not given"
        message = (
            f"this key is used only by {names}, which could encrypt with a free service key instead: "
            f"dropping it saves {money(cost.monthly_cost)} a month "
            f"({money(cost.horizon_monthly_cost)} in month {months}){caveat}"
        )
        yield ctx.key_finding(cost.key, message)
