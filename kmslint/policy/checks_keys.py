"""Built-in checks on a key's own settings: unresolved values, spec, rotation, region."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kmslint.findings import Finding
from kmslint.kms import EXTERNAL, HSM, MAINLAND, SOFTWARE
from kmslint.money import money_display as money
from kmslint.policy.context import CheckContext
from kmslint.policy.fields import days_str
from kmslint.pricebook import PriceBook
from kmslint.yamlsafe import did_you_mean

if TYPE_CHECKING:
    from kmslint.model import Key

EXTERNAL_ORIGIN = EXTERNAL
ROS_TYPE_PREFIX = "ALIYUN::"


def unresolved_value(ctx: CheckContext) -> Iterator[Finding]:
    """KMS005: one finding per cost-relevant value that could not be resolved."""
    for cost in ctx.keys:
        key = cost.key
        how = "--parameter" if key.type.startswith(ROS_TYPE_PREFIX) else "--var or --var-file"
        for entry in key.unresolved:
            message = (
                f"{entry.text()}; the estimate ({money(cost.monthly_cost)} a month) rests on this "
                f"assumption: give the value with {how}"
            )
            yield ctx.key_finding(key, message, line=entry.line)
    for module in ctx.report.inventory.unfetched_modules:
        message = (
            f"{module.address} from {module.source} is not fetched, so the keys it declares are "
            "not counted: run terraform init (kmslint reads .terraform/modules/modules.json)"
        )
        yield ctx.finding(message, address=module.address, file=module.file, line=module.line)


def _spec_alternatives(book: PriceBook, symmetric: bool, usage: str) -> str:
    names = [
        s.name
        for s in book.key_specs.values()
        if s.kms1 and s.symmetric == symmetric and usage in s.usages and not s.mainland_hsm_only
    ]
    if not names:
        return ""
    return f" (use {' or '.join(names)}, or put it in a dedicated instance with dkms_instance_id)"


def invalid_key_spec(ctx: CheckContext) -> Iterator[Finding]:
    """KMS007: unknown spec, dedicated-only spec on a KMS 1.0 key, spec/usage or spec/protection mismatch."""
    book = ctx.report.book
    for cost in ctx.keys:
        key = cost.key
        spec = book.spec(key.key_spec)
        if spec is None:
            hint = did_you_mean(key.key_spec, book.key_specs)
            priced = book.most_expensive_spec(key.key_usage or None)
            message = (
                f"key_spec {key.key_spec!r} is not a KMS key spec{hint}; priced as {priced}, "
                "the most expensive spec its key_usage allows"
            )
            yield ctx.key_finding(key, message, "key_spec")
            continue
        if not spec.kms1 and not key.in_dedicated_instance:
            alternatives = _spec_alternatives(book, spec.symmetric, key.key_usage)
            message = f"key_spec {spec.name} exists only in dedicated KMS instances, not for KMS 1.0 keys{alternatives}"
            yield ctx.key_finding(key, message, "key_spec")
        if key.key_usage and key.key_usage not in spec.usages:
            message = (
                f"key_usage {key.key_usage} is not available with key_spec {spec.name} (it allows "
                f"{', '.join(spec.usages)})"
            )
            yield ctx.key_finding(key, message, "key_usage", "key_spec")
        if spec.mainland_hsm_only and key.protection_level == SOFTWARE:
            message = (
                f"{spec.name} keys exist only in HSMs: protection_level SOFTWARE is not possible"
            )
            yield ctx.key_finding(key, message, "protection_level", "key_spec")
        if key.protection_level not in (SOFTWARE, HSM):
            message = f"protection_level {key.protection_level!r} is neither {SOFTWARE} nor {HSM}; priced as {HSM}"
            yield ctx.key_finding(key, message, "protection_level")


def _rotation_messages(ctx: CheckContext, key: Key) -> Iterator[tuple[str, tuple[str, ...]]]:
    book = ctx.report.book
    spec = book.spec(key.key_spec)
    if spec is not None and not spec.symmetric:
        message = (
            f"automatic rotation is not available for asymmetric key spec {spec.name}: add "
            "versions with alicloud_kms_key_version instead"
        )
        yield (message, ("automatic_rotation",))
    if key.origin == EXTERNAL_ORIGIN:
        yield (
            "a key with imported key material (origin EXTERNAL) cannot rotate automatically",
            ("automatic_rotation", "origin"),
        )
    interval, days = key.rotation_interval, key.rotation_interval_days
    low, high = book.rotation_min_days, book.rotation_max_days
    if interval is None:
        message = (
            "automatic rotation is enabled without rotation_interval, which the API rejects; set "
            f"one between {low}d and {high}d"
        )
        yield (message, ("automatic_rotation",))
    elif days is None:
        yield (
            f'rotation_interval {interval!r} is not <integer><d|h|m|s> (for example "90d")',
            ("rotation_interval",),
        )
    elif not low <= days <= high:
        yield (
            f"rotation_interval {interval} ({days_str(days)} days) is outside the allowed {low}–{high} days",
            ("rotation_interval",),
        )


def invalid_rotation(ctx: CheckContext) -> Iterator[Finding]:
    """KMS008: rotation on an asymmetric or EXTERNAL key, interval missing, unparsable or out of range."""
    for cost in ctx.keys:
        if cost.key.rotation_enabled:
            for message, attributes in _rotation_messages(ctx, cost.key):
                yield ctx.key_finding(cost.key, message, *attributes)


def region(ctx: CheckContext) -> Iterator[Finding]:
    """KMS010: unknown region id, HSM not offered there, or SM2/SM4 outside mainland China.

    An empty region means "not specified" (a ROS template without --region): no finding.
    """
    book = ctx.report.book
    no_hsm = set(ctx.param("hsm_unavailable_regions") or ())
    for cost in ctx.keys:
        key = cost.key
        if not key.region:
            continue
        source = f" (from {key.region_source})" if key.region_source else ""
        known = book.region(key.region)
        if known is None:
            hint = did_you_mean(key.region, book.regions)
            message = (
                f"region {key.region!r}{source} is not a known Alibaba Cloud region{hint}; priced "
                "as mainland China"
            )
            yield ctx.key_finding(key, message)
            continue
        if key.protection_level == HSM and key.region in no_hsm:
            message = f"managed HSM is not offered in {key.region}{source}: an HSM key cannot be created there"
            yield ctx.key_finding(key, message, "protection_level")
        spec = book.spec(key.key_spec)
        if spec is not None and spec.mainland_hsm_only and known.region_class != MAINLAND:
            message = (
                f"{spec.name} keys exist only in mainland China, but region {key.region}{source} "
                "is outside mainland China"
            )
            yield ctx.key_finding(key, message, "key_spec")
