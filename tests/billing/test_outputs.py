"""Instances in diff and in the usage file skeleton."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import EXAMPLES, run_cli, write_module

PROVIDER = 'provider "alicloud" {\n  region = "ap-southeast-1"\n}\n'
KEY = 'resource "alicloud_kms_key" "k" {\n  pending_window_in_days = 7\n}\n'
IN_INSTANCE = (
    'resource "alicloud_kms_instance" "i" {\n  payment_type    = "PayAsYouGo"\n'
    '  product_version = "3"\n}\n'
    'resource "alicloud_kms_key" "k" {\n  dkms_instance_id       = alicloud_kms_instance.i.id\n'
    "  pending_window_in_days = 7\n}\n"
)


def test_diff_shows_a_key_moving_from_kms1_to_an_instance_as_a_change(tmp_path: Path) -> None:
    before = write_module(tmp_path / "before", {"main.tf": PROVIDER + KEY})
    after = write_module(tmp_path / "after", {"main.tf": PROVIDER + IN_INSTANCE})
    base = tmp_path / "base.json"
    base.write_text(run_cli("estimate", before, "--format", "json").stdout, encoding="utf-8")
    result = run_cli("diff", "--compare-to", base, after, "--format", "json")
    document = json.loads(result.stdout)
    key = next(r for r in document["resources"] if r["address"] == "alicloud_kms_key.k")
    assert key["change"] == "changed"
    assert {"field": "billing_model", "base": "kms1", "value": "instance"} in key["changes"]
    instance = next(r for r in document["resources"] if r["address"] == "alicloud_kms_instance.i")
    assert (instance["change"], instance["monthly_cost"]) == ("added", "135.90")
    assert document["summary"]["keys_added"] == 0  # the instance is not a key
    text = run_cli("diff", "--compare-to", base, after).stdout
    row = next(line for line in text.splitlines() if "alicloud_kms_instance.i" in line)
    assert row.split()[:5] == [
        "added",
        "alicloud_kms_instance.i",
        "PayAsYouGo",
        "software",
        "ap-southeast-1",
    ]


def test_usage_init_writes_peak_qps_and_monthly_price_for_an_instance(tmp_path: Path) -> None:
    source = (EXAMPLES / "terraform" / "kms-instance-payg" / "main.tf").read_text(encoding="utf-8")
    target = write_module(tmp_path / "m", {"main.tf": source})
    result = run_cli("usage", "init", target)
    assert result.exit_code == 0, result.stderr
    text = (target / "kmslint-usage.yml").read_text(encoding="utf-8")
    entry = text[text.index("  alicloud_kms_instance.main:") :].splitlines()[:3]
    assert entry[1].lstrip().startswith("# peak_qps:")
    assert entry[2].lstrip().startswith("# monthly_price_usd:")
    assert "defaults: {billing_model: instance, instance: ADDRESS|ID}" in text


def test_markdown_and_html_count_an_instance_once_and_never_show_unpublished_prices_as_0(
    tmp_path: Path,
) -> None:
    payg = EXAMPLES / "terraform" / "kms-instance-payg"
    markdown = run_cli("estimate", payg, "--format", "markdown").stdout
    # the project row counts the instance once (its keys and secrets are inside it)
    assert "kms-instance-payg` | \\$183.48 | \\$193.38 | \\$2,261.16 |" in markdown
    assert "| `alicloud_kms_instance.main` | PayAsYouGo, software |" in markdown
    big = write_module(
        tmp_path / "big",
        {"main.tf": 'resource "alicloud_kms_instance" "big" {\n  key_num = 5000\n}\n'},
    )
    row = next(
        line
        for line in run_cli("estimate", big, "--format", "markdown").stdout.splitlines()
        if "alicloud_kms_instance.big" in line
    )
    assert row.endswith("| not priced | not priced |")
    html = run_cli("estimate", big, "--format", "html").stdout
    assert '<td class="num">not priced</td><td class="num">not priced</td>' in html
    text = run_cli("estimate", big).stdout
    assert "1 KMS instance(s) not priced (their size's price is not published)" in text
