"""Built-in checks on a key's life: unused keys, deletion window, bills that outlive destroy."""

from __future__ import annotations

from collections.abc import Iterator

from kmslint.engine import KeyCost
from kmslint.findings import Finding
from kmslint.model import INSTANCE, PENDING_DELETION
from kmslint.money import money_display as money
from kmslint.policy.context import (
    CheckContext,
    attribute_line,
    cost_of,
    version_day_price,
    version_month_price,
)

TERRAFORM_KEY_TYPE = "alicloud_kms_key"
WINDOW_ATTRIBUTES = ("pending_window_in_days", "deletion_window_in_days")


def _monthly(cost: KeyCost) -> str:
    if not cost.billed:
        return "nothing under KMS 1.0"
    return f"{money(cost.monthly_cost)} a month" + ("" if cost.usage_known else " plus API calls")


def unused_key(ctx: CheckContext) -> Iterator[Finding]:
    """KMS006: nothing in scope (consumer, key version, alias) references the key and no usage is declared."""
    inventory = ctx.report.inventory
    referenced = {v.key_ref for v in inventory.key_versions}
    referenced |= {c.key_ref for c in inventory.consumers if not c.uses_service_key}
    for cost in ctx.keys:
        key = cost.key
        if key.consumers or key.referenced_by_alias or key.ref in referenced:
            continue
        if ctx.report.usage.has_explicit_usage(key.address, key.project):
            continue
        hosting = (
            f"{money(cost.hosting_cost)} a month to host"
            if cost.billed
            else "nothing under KMS 1.0"
        )
        if cost.billing_model == INSTANCE and cost.hosting_cost:
            hosting = f"{money(cost.hosting_cost)} a month in its instance (key versions)"
        message = (
            f"no resource in scope uses this key and no usage is declared for it, yet it costs {hosting}: "
            f"delete it if nothing outside this code uses it, or declare its calls in kmslint-usage.yml"
        )
        yield ctx.key_finding(key, message)


def deletion_window(ctx: CheckContext) -> Iterator[Finding]:
    """KMS009: ``pending_window_in_days`` missing on a Terraform key, or outside the allowed range."""
    low, high = int(ctx.param("min_days")), int(ctx.param("max_days"))
    for cost in ctx.keys:
        key = cost.key
        if key.type == TERRAFORM_KEY_TYPE and not any(
            name in key.attributes for name in WINDOW_ATTRIBUTES
        ):
            message = (
                f"pending_window_in_days is not set: terraform destroy cannot schedule the key's deletion and fails, "
                f"and the key stays billed ({_monthly(cost)}); set pending_window_in_days ({low}–{high})"
            )
            yield ctx.key_finding(key, message)
        elif (
            key.pending_window_in_days is not None and not low <= key.pending_window_in_days <= high
        ):
            message = f"pending_window_in_days {key.pending_window_in_days} is outside the allowed {low}–{high} days"
            yield ctx.key_finding(key, message, "pending_window_in_days")


def billed_after_destroy(ctx: CheckContext) -> Iterator[Finding]:
    """KMS011: key versions, retained keys and ignored PendingDeletion keep being billed."""
    report, months = ctx.report, ctx.horizon_months
    for version in report.inventory.key_versions:
        parent = cost_of(report, version.key_ref)
        if parent is not None and parent.billed:
            day = version_day_price(parent.classification, report)
            billed = (
                f"it stays billed at {money(version_month_price(parent.classification, report))} a month "
                f"({money(day)} a day) for as long as {parent.key.address} exists"
            )
        else:
            billed = "it stays billed for as long as its key exists"
        message = f"destroying alicloud_kms_key_version does not delete the key version: {billed}"
        source = version.source
        yield ctx.finding(
            message,
            address=version.address,
            file=source.file,
            line=source.line,
            end_line=source.end_line,
        )
    for cost in ctx.keys:
        key = cost.key
        if key.deletion_policy_retain:
            message = (
                f"DeletionPolicy: Retain keeps the key after the stack is deleted, still billed "
                f"({_monthly(cost)}; {money(cost.horizon_monthly_cost)} in month {months})"
            )
            yield ctx.key_finding(key, message, line=attribute_line(key, "DeletionPolicy"))
        if key.type == TERRAFORM_KEY_TYPE and key.status == PENDING_DELETION:
            message = (
                f'status = "{PENDING_DELETION}" is ignored by the alicloud provider (it only '
                "applies Enabled and Disabled): "
                f"the key is not scheduled for deletion and stays billed ({_monthly(cost)}); "
                "remove the resource and let "
                f"terraform destroy schedule the deletion"
            )
            yield ctx.key_finding(key, message, "status")
