"""``--format markdown``: the pull request comment body."""

from __future__ import annotations

import json
from pathlib import Path

from kmslint.diff import diff_documents
from kmslint.formatters import render, render_document
from tests.formatters.support import FIXTURE, check_document, hostile_report
from tests.helpers import run_cli

LINK = "https://github.com/kmslint/kmslint/blob/main/docs/rules"


def test_totals_key_table_findings_and_details(at_root: Path) -> None:
    text = run_cli("check", FIXTURE, "--format", "markdown").stdout
    lines = text.splitlines()
    assert lines[:5] == [
        "## kmslint: Alibaba Cloud KMS cost",
        "",
        "**Monthly cost: $5.16**",
        "",
        "Month 12: $16.05 · 12-month total: $127.26",
    ]
    assert "| Key | Spec | Protection | Region | Versions | Monthly | Month 12 |" in lines
    assert (
        "| `alicloud_kms_key.rotating` | Aliyun\\_AES\\_256 | HSM | ap-southeast-1 | 1 → 12 | $1.05 | $11.94 |"
        in lines
    )
    assert (
        "| `alicloud_kms_key.signing` | EC\\_P256 | HSM | ap-southeast-1 | 1 → 1 | $3.99 | $3.99 |"
        in lines
    )
    assert "### Findings: 1 error, 1 warning, 1 info" in lines
    error_row = next(line for line in lines if "KMS007" in line)
    assert error_row.startswith(
        f"| **error** | [KMS007 invalid-key-spec]({LINK}/KMS007.md) | `alicloud_kms_key.bad_spec` | `tests/formatters/fixtures/policy/main.tf:17` | key\\_spec Aliyun\\_AES\\_128 exists only"
    )
    assert (
        "- `alicloud_kms_key.rotating`: rotate every 365d instead of 30d: saves $0.00/month now, $10.89/month in month 12"
        in lines
    )


def test_assumptions_and_price_book_date_are_collapsed(at_root: Path) -> None:
    text = run_cli("check", FIXTURE, "--format", "markdown").stdout
    details = text[text.index("<details><summary>Assumptions and price book</summary>") :]
    assert "effective 2025-11-09 (30-day months)" in details
    assert "- A month is 30 days (override with --month-days); day 0 is the apply day." in details
    assert details.rstrip().endswith("</details>")


def test_unknown_usage_is_said_not_hidden(at_root: Path) -> None:
    text = run_cli(
        "estimate",
        "examples/terraform/signing",
        "--usage-file",
        "/dev/null",
        "--format",
        "markdown",
    ).stdout
    assert (
        "> 1 key(s) have no usage in the usage file: their API calls are not counted (shown as “+ usage”)."
        in text
    )
    assert (
        "| `alicloud_kms_key.signing` | EC\\_P256 | HSM | ap-southeast-1 | 1 → 1 | $2.49 + usage | $2.49 + usage |"
        in text
    )


def test_a_diff_shows_before_and_after(at_root: Path) -> None:
    base = check_document(FIXTURE)
    new = json.loads(json.dumps(base))
    new["resources"] = [r for r in new["resources"] if r["address"] != "alicloud_kms_key.signing"]
    new["summary"]["monthly_cost"] = "1.17"
    document = diff_documents(base, new, {"label": "main (0123456789ab)"})
    text = render_document("markdown", document)
    assert "**Monthly cost: $5.16 → $1.17 (-$3.99, -77.33%)**" in text
    assert (
        "| removed | `alicloud_kms_key.signing` | EC\\_P256 | HSM | ap-southeast-1 | 1 → 1 | $3.99 | – | -$3.99 |"
        in text
    )
    assert "<details><summary>3 unchanged key(s)</summary>" in text
    assert "compared with main (0123456789ab)" in text


def test_text_from_the_code_cannot_inject_html_or_the_marker(at_root: Path) -> None:
    text = render("markdown", hostile_report())
    row = next(line for line in text.splitlines() if "100%" in line)
    assert "<b>" not in text
    assert (
        "&lt;b&gt;bold&lt;/b&gt; \\| pipe, a:b second line &lt;!-- kmslint-comment --&gt; |" in row
    )
    assert (
        '``alicloud_kms_key.x["<script>alert(1)</script>\\|`tick`"]``' in row
    )  # a code span shows it literally
    assert text.count("<!-- kmslint-comment -->") == 0
    assert text.count("<script>") == 1  # only inside that code span
    scan_wide = next(line for line in text.splitlines() if "KMS001" in line)
    assert scan_wide.endswith("|  |  | monthly cost \\$5.10 is over the budget of \\$1.00 |")
