"""Text and Markdown for ``kmslint migrate``: per region, the quota, batches, options, blockers.

A figure that is not published is written as "not priced", never as a number.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kmslint.formatters.markdown_text import code, text
from kmslint.money import money_display

NOT_PRICED = "not priced"
LIFECYCLE_NOTE = (
    "With alicloud provider <= 1.235.0, add to each migrated alicloud_kms_key, or Terraform "
    "replaces the keys:"
)
PAYMENT_NAMES = {"PayAsYouGo": "pay-as-you-go", "Subscription": "subscription"}


def _money(value: str | None) -> str:
    return NOT_PRICED if value is None else money_display(Decimal(value))


def option_rows(region: dict[str, Any]) -> list[tuple[str, str, str]]:
    calls = "" if region["kms1_usage_known"] else " + calls"  # unknown calls: a floor
    rows = [
        (
            "KMS 1.0 today",
            _money(region["kms1_monthly_cost"]) + calls,
            _money(region["kms1_horizon_monthly_cost"]) + calls,
        )
    ]
    for option in region["options"]:
        name = f"{option['edition']}, {PAYMENT_NAMES[option['payment_type']]}"
        rows.append((name, _money(option["monthly_cost"]), _money(option["horizon_monthly_cost"])))
    return rows


def headline(region: dict[str, Any], horizon: int) -> str:
    return (
        f"{region['region']}: {region['keys']} KMS 1.0 key(s), {region['versions_month_1']} "
        f"version(s) in month 1, {region['versions_horizon']} by month {horizon}; a target "
        f"instance needs a key quota of {region['key_quota_needed']:,}; "
        f"{region['batches']} migration batch(es) of at most 50 keys"
    )


def notes(region: dict[str, Any]) -> list[str]:
    lines = []
    for option in region["options"]:
        name = f"{option['edition']}, {PAYMENT_NAMES[option['payment_type']]}"
        lines += [f"{name}: {note}" for note in option["notes"]]
    return lines


def dated(region: dict[str, Any]) -> list[str]:
    """``address: created ...`` for each key whose versions come from a plan's creation_date."""
    return [f"{item['address']}: {item['note']}" for item in region.get("existing_versions", [])]


def render_text(document: dict[str, Any]) -> str:
    horizon = document["horizon_months"]
    lines = [
        f"kmslint migrate: KMS 1.0 (End of Service {document['kms1_end_of_service']}) to KMS "
        f"instances, as of {document['as_of']} ({document['month_days']}-day months)",
    ]
    lines += [f"Assumption: {item}" for item in document.get("assumptions", [])]
    if not document["regions"]:
        lines += ["", "No KMS 1.0 keys found."]
    for region in document["regions"]:
        lines += ["", headline(region, horizon), ""]
        if dated(region):
            lines += ["  Versions now:", *(f"    - {item}" for item in dated(region)), ""]
        rows = [("option", "month 1", f"month {horizon}"), *option_rows(region)]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines += [
            f"  {a:<{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}".rstrip() for a, b, c in rows
        ]
        region_notes = notes(region)
        if region_notes:
            lines += ["", "  Notes:", *(f"    - {note}" for note in region_notes)]
        if region["blockers"]:
            lines += ["", "  Blockers:"]
            lines += [
                f"    - {b['file']}:{b['line']}: {b['address']} ({b['edition']}): {b['reason']}"
                for b in region["blockers"]
            ]
        lines += [
            "",
            f"  {LIFECYCLE_NOTE}",
            *(f"    {s}" for s in region["terraform_lifecycle"].splitlines()),
        ]
    return "\n".join(lines) + "\n"


def render_markdown(document: dict[str, Any]) -> str:
    horizon = document["horizon_months"]
    lines = [
        f"### KMS 1.0 to KMS instances (as of {document['as_of']})",
        "",
        f"KMS 1.0 reached End of Service on {document['kms1_end_of_service']}.",
        *(f"\n{text(item)}" for item in document.get("assumptions", [])),
    ]
    for region in document["regions"]:
        lines += ["", f"#### {text(headline(region, horizon))}", ""]
        if dated(region):
            lines += [*(f"- {text(item)}" for item in dated(region)), ""]
        lines += [f"| option | month 1 | month {horizon} |", "|---|---:|---:|"]
        lines += [f"| {text(a)} | {text(b)} | {text(c)} |" for a, b, c in option_rows(region)]
        region_notes = notes(region)
        if region_notes:
            lines += ["", *(f"- {text(note)}" for note in region_notes)]
        if region["blockers"]:
            lines += ["", "Blockers:", ""]
            lines += [
                f"- {code(b['address'])} ({text(b['edition'])}): {text(b['reason'])}"
                for b in region["blockers"]
            ]
        lines += ["", LIFECYCLE_NOTE, "", "```hcl", region["terraform_lifecycle"], "```"]
    return "\n".join(lines) + "\n"
