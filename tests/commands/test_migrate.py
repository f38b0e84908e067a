"""``kmslint migrate``: per region, quota, batches, each option to the cent, blockers, lifecycle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import EXAMPLES, run_cli, write_module

MIGRATION = EXAMPLES / "terraform" / "migration"
AS_OF = ("--as-of", "2026-01-15")


def _migrate(*args: Any) -> dict[str, Any]:
    result = run_cli("migrate", *args, *AS_OF, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def _options(region: dict[str, Any]) -> list[tuple[str, str, str | None, str | None, bool]]:
    return [
        (o["edition"], o["payment_type"], o["monthly_cost"], o["horizon_monthly_cost"], o["priced"])
        for o in region["options"]
    ]


def test_the_migration_example_to_the_cent() -> None:
    document = _migrate(MIGRATION)
    assert (document["version"], document["currency"], document["as_of"]) == (
        "1",
        "USD",
        "2026-01-15",
    )
    singapore, hangzhou = document["regions"]
    assert (singapore["region"], singapore["keys"], singapore["batches"]) == (
        "ap-southeast-1",
        4,
        1,
    )
    # app has 1 + 3 existing versions and rotates every 90 days: 7 by month 12
    assert (singapore["versions_month_1"], singapore["versions_horizon"]) == (7, 10)
    assert singapore["key_quota_needed"] == 10
    # KMS 1.0: app 0.24 + 0.60, disks 0.99 + 0.00225, signing 2.49 + 1.50, archive 0.06
    assert (singapore["kms1_monthly_cost"], singapore["kms1_horizon_monthly_cost"]) == (
        "5.88225",
        "6.06225",
    )
    # pay-as-you-go: 30 x (4.5 or 9) + 1 QPS unit (15.00, a lower bound) + 0.90 per version
    assert _options(singapore) == [
        ("software", "PayAsYouGo", "156.30", "159.00", True),
        ("software", "Subscription", "500.00", "500.00", True),
        ("hardware", "PayAsYouGo", "291.30", "294.00", True),
        ("hardware", "Subscription", "1799.00", "1799.00", True),
    ]
    assert (hangzhou["region"], hangzhou["kms1_monthly_cost"]) == ("cn-hangzhou", "1.39")
    assert _options(hangzhou)[0] == ("software", "PayAsYouGo", "150.90", "150.90", True)
    reasons = {(b["address"], b["edition"], b["reason"]) for b in hangzhou["blockers"]}
    assert (
        "alicloud_kms_key.gm",
        "software",
        "key_spec Aliyun_SM4 cannot be held by a software instance",
    ) in reasons


def test_blockers_name_file_line_and_edition() -> None:
    singapore = _migrate(MIGRATION)["regions"][0]
    found = [(b["address"], b["line"], b["edition"]) for b in singapore["blockers"]]
    assert found == [
        ("alicloud_kms_key.app", 15, "hardware"),
        ("alicloud_kms_key.disks", 23, "software"),
        ("alicloud_kms_key.signing", 32, "software"),
        ("alicloud_kms_key.archive", 40, "software"),
        ("alicloud_kms_key.archive", 39, "hardware"),
    ]
    assert singapore["terraform_lifecycle"] == (
        "lifecycle {\n  ignore_changes = [dkms_instance_id, automatic_rotation, rotation_interval, "
        "protection_level]\n}"
    )


def test_text_prints_every_option_and_the_lifecycle_block() -> None:
    result = run_cli("migrate", MIGRATION, *AS_OF)
    assert result.exit_code == 0
    assert "  software, pay-as-you-go   $156.30   $159.00" in result.stdout
    assert "  KMS 1.0 today            $5.88225  $6.06225" in result.stdout
    assert "ignore_changes = [dkms_instance_id, automatic_rotation" in result.stdout


def test_a_key_quota_above_the_default_is_not_priced_never_a_number(tmp_path: Path) -> None:
    write_module(
        tmp_path,
        {
            "main.tf": 'provider "alicloud" {\n  region = "ap-southeast-1"\n}\n'
            'resource "alicloud_kms_key" "k" {\n  count = 90\n  automatic_rotation = "Enabled"\n'
            '  rotation_interval = "7d"\n  pending_window_in_days = 7\n}\n'
        },
    )
    region = _migrate(tmp_path)["regions"][0]
    assert region["key_quota_needed"] == 4680
    subscription = region["options"][1]
    assert subscription["monthly_cost"] == "500.00"  # 450 versions fit in month 1
    assert subscription["horizon_monthly_cost"] is None and subscription["priced"] is False
    text = run_cli("migrate", tmp_path, *AS_OF).stdout
    row = next(line for line in text.splitlines() if "software, subscription" in line)
    assert row.split() == ["software,", "subscription", "$500.00", "not", "priced"]


def test_a_format_migrate_does_not_write_is_a_usage_error() -> None:
    result = run_cli("migrate", MIGRATION, "--format", "infracost")
    assert result.exit_code == 2
    assert (
        "migrate writes text, json, markdown, html, sarif, junit, github, gitlab, not 'infracost'"
        in result.stderr
    )


def test_markdown_has_a_table_per_region() -> None:
    result = run_cli("migrate", MIGRATION, *AS_OF, "--format", "markdown")
    assert result.exit_code == 0
    assert "| software, pay-as-you-go | \\$156.30 | \\$159.00 |" in result.stdout
    assert "| hardware, subscription | \\$1799.00 | \\$1799.00 |" in result.stdout


def test_markdown_escapes_what_the_template_names() -> None:
    from kmslint.formatters.migration import render_markdown

    document = json.loads(run_cli("migrate", MIGRATION, *AS_OF, "--format", "json").stdout)
    hostile = 'alicloud_kms_key.k["<img src=x>|`x`"]'
    document["regions"][0]["blockers"].append(
        {"address": hostile, "edition": "software", "reason": "@team pays $5 | <b>now</b>"}
    )
    body = render_markdown(document)
    assert '- ``alicloud_kms_key.k["<img src=x>\\|`x`"]`` (software): ' in body
    assert "@\u2060team pays \\$5 \\| &lt;b&gt;now&lt;/b&gt;" in body
    assert "<img" not in body.replace('``alicloud_kms_key.k["<img', "")


PLAN = Path(__file__).parent / "fixtures" / "migrate-plan" / "plan.json"


def test_versions_now_come_from_the_plans_creation_date_as_of_the_given_day() -> None:
    document = _migrate(PLAN)
    [region] = document["regions"]
    # app: created 2025-01-01, rotates every 30 days: 1 + floor(379 / 30) = 13 on 2026-01-15;
    # logs does not rotate: 1. Eleven more 30-day rotations of app by month 12: 25.
    assert (region["region"], region["keys"]) == ("ap-southeast-1", 2)
    assert (region["versions_month_1"], region["versions_horizon"]) == (14, 25)
    assert region["existing_versions"] == [
        {
            "address": "alicloud_kms_key.app",
            "note": "created 2025-01-01: rotation every 30d has left an estimated 12 more "
            "version(s) by 2026-01-15 (--as-of)",
        }
    ]
    [assumption] = document["assumptions"]
    assert assumption.startswith(
        "Versions now of a rotating key in a plan's prior state: 1 + floor((as of - "
        "creation_date) / rotation interval), as of 2026-01-15;"
    )
    # pay-as-you-go software: 30 x 4.5 + 14 x 0.90 in month 1, 25 x 0.90 in month 12 (no calls
    # declared: the QPS fee depends on usage, the figures are floors)
    assert (region["options"][0]["monthly_cost"], region["options"][0]["horizon_monthly_cost"]) == (
        "147.60",
        "157.50",
    )
    later = run_cli("migrate", PLAN, "--as-of", "2026-03-16", "--format", "json")
    assert json.loads(later.stdout)["regions"][0]["versions_month_1"] == 16  # 1 + 14 + 1


def test_text_states_the_creation_date_assumption() -> None:
    text = run_cli("migrate", PLAN, *AS_OF).stdout
    assert "Assumption: Versions now of a rotating key in a plan's prior state: 1 + floor(" in text
    assert (
        "    - alicloud_kms_key.app: created 2025-01-01: rotation every 30d has left an estimated "
        "12 more version(s) by 2026-01-15 (--as-of)"
    ) in text
    assert "Assumption:" not in run_cli("migrate", MIGRATION, *AS_OF).stdout


def test_a_bad_as_of_date_is_a_usage_error() -> None:
    result = run_cli("migrate", PLAN, "--as-of", "2026-13-15")
    assert result.exit_code == 2
    assert "Invalid value for '--as-of': '2026-13-15'" in result.stderr
    assert "Traceback" not in result.output
