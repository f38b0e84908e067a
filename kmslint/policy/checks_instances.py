"""Built-in checks on KMS instances: key, secret and QPS quotas, and what an instance's keys may do.

Facts (KMS3-PRICING.md §2-§3): every key version uses one unit of a subscription instance's key
quota (``key_num``, 1,000 by default); secrets use ``secret_num``; the QPS spec caps the calls;
keys of a software instance rotate every 7-365 days, keys of a hardware instance do not rotate
automatically, and each edition holds its own list of key specs.
"""

from __future__ import annotations

from collections.abc import Iterator

from kmslint.billing.costs import InstanceCost, KeyCost
from kmslint.billing.instance import members_of
from kmslint.findings import Finding
from kmslint.model import HARDWARE_EDITION, SOFTWARE_EDITION, SUBSCRIPTION, Instance
from kmslint.money import number_str
from kmslint.policy.context import CheckContext
from kmslint.policy.fields import days_str


def _finding(ctx: CheckContext, instance: Instance, message: str, *names: str) -> Finding:
    line = next((instance.attributes[n] for n in names if n in instance.attributes), instance.line)
    return ctx.finding(
        message,
        address=instance.address,
        file=instance.file,
        line=line,
        end_line=instance.source.end_line,
    )


def _subscriptions(ctx: CheckContext) -> Iterator[InstanceCost]:
    for cost in ctx.report.estimate.instances:
        if cost.instance.payment_type == SUBSCRIPTION:
            yield cost


def instance_key_quota(ctx: CheckContext) -> Iterator[Finding]:
    """KMS016: key versions of a subscription instance go over its key quota within the horizon."""
    month_days = ctx.report.estimate.period.month_days
    for cost in _subscriptions(ctx):
        quota = cost.key_quota
        if quota.limit is None or quota.exceeded_day is None:
            continue
        month = quota.exceeded_day // month_days + 1
        message = (
            f"the {cost.key_count} key(s) in this instance need more key versions than its key "
            f"quota of {quota.limit:,} (key_num) from month {month} (day {quota.exceeded_day}); "
            f"by month {ctx.horizon_months} they need {quota.used_horizon:,} versions: every "
            "key version uses one unit of quota, and rotation adds one each interval"
        )
        yield _finding(ctx, cost.instance, message, "key_num", "KeyNum")


def instance_secret_quota(ctx: CheckContext) -> Iterator[Finding]:
    """KMS017: more secrets in a subscription instance than its ``secret_num``."""
    for cost in _subscriptions(ctx):
        quota = cost.secret_quota
        used = quota.used_month_1 or 0
        if quota.limit is not None and used > quota.limit:
            message = (
                f"{used} secret(s) are in this instance, over its secret quota of "
                f"{quota.limit} (secret_num)"
            )
            yield _finding(ctx, cost.instance, message, "secret_num", "SecretNum")


def instance_qps(ctx: CheckContext) -> Iterator[Finding]:
    """KMS018: the declared ``peak_qps`` is over the instance's QPS spec."""
    for cost in _subscriptions(ctx):
        limit, peak = cost.qps_quota.limit, cost.peak_qps
        if limit is not None and peak is not None and peak > limit:
            message = (
                f"peak_qps {number_str(peak)} (usage file) is over this instance's QPS spec of "
                f"{limit:,}: calls beyond it are throttled"
            )
            yield _finding(ctx, cost.instance, message, "spec", "Spec")


def _instances(ctx: CheckContext) -> dict[str, Instance]:
    return {cost.instance.ref: cost.instance for cost in ctx.report.estimate.instances}


def _member_problems(cost: KeyCost, instance: Instance, ctx: CheckContext) -> Iterator[Finding]:
    key, prices = cost.key, ctx.report.book.instances
    edition = instance.edition
    interval = key.rotation_interval_days
    if key.rotation_enabled and edition == HARDWARE_EDITION:
        message = (
            f"keys of hardware instance {instance.address} do not rotate automatically; "
            "turn automatic rotation off and make new versions by hand"
        )
        yield ctx.key_finding(key, message, "automatic_rotation")
    elif key.rotation_enabled and edition == SOFTWARE_EDITION and interval is not None:
        low, high = prices.rotation_min_days, prices.rotation_max_days
        if not low <= interval <= high:
            message = (
                f"rotation every {days_str(interval)} days is outside the {low}-{high} days a "
                f"key of software instance {instance.address} allows (KMS 1.0 allowed up to 730)"
            )
            yield ctx.key_finding(key, message, "rotation_interval")
    allowed = prices.key_specs.get(edition)
    if allowed is not None and key.key_spec not in allowed:
        message = (
            f"key_spec {key.key_spec} cannot be held by {edition} instance {instance.address} "
            f"(it holds {', '.join(allowed)})"
        )
        yield ctx.key_finding(key, message, "key_spec")


def instance_key_rules(ctx: CheckContext) -> Iterator[Finding]:
    """KMS019: rotation or a key spec that the key's instance edition does not allow."""
    instances = _instances(ctx)
    for cost in ctx.keys:
        key = cost.key
        instance = instances.get(members_of(key) or "")
        if instance is not None:
            yield from _member_problems(cost, instance, ctx)
