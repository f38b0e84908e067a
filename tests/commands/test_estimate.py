"""``kmslint estimate`` end to end: the worked examples, output shapes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, json_report, run_cli, write_module

WORKED_EXAMPLES = [
    ("disk-encryption", "0.99225", "0.99", "0.00225"),
    ("oss-client-side-encryption", "7.02", "0.99", "6.03"),
    ("signing", "3.99", "2.49", "1.50"),
]


@pytest.mark.parametrize(("example", "monthly", "hosting", "api"), WORKED_EXAMPLES)
def test_worked_examples_through_the_cli(
    example: str, monthly: str, hosting: str, api: str
) -> None:
    report = json_report("estimate", EXAMPLES / "terraform" / example)
    assert report["summary"]["monthly_cost"] == monthly
    assert report["summary"]["hosting_cost"] == hosting
    assert report["summary"]["api_cost"] == api
    assert report["summary"]["usage_unknown_count"] == 0
    assert report["errors"] == []


def test_json_report_has_every_stable_field() -> None:
    report = json_report("estimate", EXAMPLES / "terraform" / "signing")
    assert report["version"] == "1" and report["currency"] == "USD"
    assert {"name", "effective_date", "source", "month_days", "assumptions"} <= set(
        report["price_book"]
    )
    assert report["price_book"]["effective_date"] == "2025-11-09"
    assert set(report["summary"]) >= {
        "monthly_cost",
        "hosting_cost",
        "api_cost",
        "horizon_months",
        "horizon_monthly_cost",
        "horizon_total_cost",
        "key_count",
        "usage_unknown_count",
    }
    resource = report["resources"][0]
    assert resource["address"] == "alicloud_kms_key.signing"
    assert resource["file"].endswith("main.tf") and resource["line"] == 7
    assert (resource["key_spec"], resource["key_class"], resource["protection_level"]) == (
        "EC_P256",
        "advanced",
        "HSM",
    )
    assert (resource["region"], resource["region_class"]) == ("ap-southeast-1", "outside")
    assert resource["versions"] == {"month_1": 1, "horizon": 1}
    assert resource["horizon_monthly_cost"] == "3.99" and resource["usage_known"] is True
    assert report["findings"] == [] and report["errors"] == []


def test_text_output_shows_the_table_totals_price_book_and_assumptions() -> None:
    result = run_cli("estimate", EXAMPLES / "terraform" / "signing")
    assert result.exit_code == 0
    assert "alicloud_kms_key.signing  EC_P256  HSM" in result.stdout
    assert "Monthly cost (month 1): $3.99" in result.stdout
    assert "prices of 2025-11-09" in result.stdout
    assert "A month is 30 days" in result.stdout


def test_key_without_usage_says_depends_on_usage_never_zero(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {"main.tf": 'resource "alicloud_kms_key" "k" {\n  protection_level = "HSM"\n}\n'},
    )
    report = json_report("estimate", module)
    resource = report["resources"][0]
    assert resource["api_cost"] is None and resource["usage_known"] is False
    assert report["summary"]["usage_unknown_count"] == 1
    assert report["summary"]["monthly_cost"] == "0.99"
    text = run_cli("estimate", module).stdout
    assert "depends on usage" in text
    assert "$0.00" not in text.split("Monthly cost")[0].split("alicloud_kms_key.k")[1]


def test_horizon_and_month_days_options(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": (
                'provider "alicloud" {\n  region = "cn-hangzhou"\n}\n'
                'resource "alicloud_kms_key" "k" {\n  protection_level = "HSM"\n  automatic_rotation = "Enabled"\n'
                '  rotation_interval = "30d"\n}\n'
            )
        },
    )
    report = json_report("estimate", module, "--horizon", "24")
    assert report["summary"]["horizon_months"] == 24
    assert report["summary"]["horizon_monthly_cost"] == "23.76"
    report = json_report("estimate", module, "--month-days", "31", "--horizon", "1")
    assert report["summary"]["monthly_cost"] == "1.056"  # 30 days x 1 + 1 day x 2 versions


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"main.tf": 'resource "alicloud_kms_key" "k" {\n  key_spec = \n}\n'},
            "main.tf:2: HCL syntax error",
        ),
        (
            {
                "main.tf": 'resource "alicloud_kms_key" "k" {}\n',
                "kmslint-usage.yml": "version: 1\nresource_usage:\n  alicloud_kms_key.k:\n    monthly_cals: 5\n",
            },
            "kmslint-usage.yml:4: unknown usage field 'monthly_cals' in 'alicloud_kms_key.k' (did you mean 'monthly_",
        ),
        (
            {
                "main.tf": 'resource "alicloud_kms_key" "k" {}\n',
                "kmslint-usage.yml": "resource_usage:\n  alicloud_kms_key.k:\n    monthly_crypto_calls: -5\n",
            },
            "kmslint-usage.yml:3: monthly_crypto_calls must not be negative, got -5",
        ),
        (
            {
                "main.tf": 'resource "alicloud_kms_key" "k" {}\n',
                "kmslint-usage.yml": "resource_usage:\n  alicloud_kms_key.k:\n    monthly_crypto_calls: lots\n",
            },
            "kmslint-usage.yml:3: monthly_crypto_calls must be a number, got string 'lots'",
        ),
        (
            {
                "main.tf": 'resource "alicloud_kms_key" "k" {}\n',
                "kmslint-usage.yml": "resource_usage:\n  alicloud_kms_key.k: [\n",
            },
            "kmslint-usage.yml:",
        ),
    ],
)
def test_bad_input_is_path_line_message_and_exit_2(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    module = write_module(tmp_path / "m", files)
    result = run_cli("estimate", module)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_var_without_equals_is_an_error(tmp_path: Path) -> None:
    result = run_cli("estimate", EXAMPLES / "terraform" / "signing", "--var", "protection_level")
    assert result.exit_code == 2
    assert result.stderr.startswith("--var: expected NAME=VALUE, got 'protection_level'")


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    result = run_cli("estimate", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'nowhere'}: no such file or directory"


def test_unknown_usage_address_is_a_warning_with_a_suggestion(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m",
        {
            "main.tf": 'resource "alicloud_kms_key" "signing" {}\n',
            "kmslint-usage.yml": "resource_usage:\n  alicloud_kms_key.signin:\n    monthly_sign_calls: 5\n",
        },
    )
    result = run_cli("estimate", module)
    assert result.exit_code == 0
    assert (
        "kmslint-usage.yml:2: warning: resource_usage address 'alicloud_kms_key.signin' matches no resource "
        "(did you mean 'alicloud_kms_key.signing'?)"
    ) in result.stderr


def test_exit_zero_reports_errors_but_does_not_fail(tmp_path: Path) -> None:
    module = write_module(
        tmp_path / "m", {"main.tf": 'resource "alicloud_kms_key" "k" {\n  key_spec = \n}\n'}
    )
    result = run_cli("estimate", module, "--exit-zero")
    assert result.exit_code == 0
    assert "main.tf:2: HCL syntax error" in result.stderr


def test_same_address_in_two_root_modules_keeps_each_modules_calls(tmp_path: Path) -> None:
    module = (
        'provider "alicloud" {\n  region = "ap-southeast-1"\n}\n'
        'resource "alicloud_kms_key" "k" {\n  protection_level = "SOFTWARE"\n}\n'
        'resource "alicloud_disk" "d" {\n  size = 20\n  encrypted = true\n  kms_key_id = alicloud_kms_key.k.id\n}\n'
    )
    write_module(tmp_path / "a", {"main.tf": module})
    write_module(tmp_path / "b", {"main.tf": module.replace("size = 20", "size = 40")})
    usage = write_module(
        tmp_path,
        {
            "kmslint-usage.yml": "resource_usage:\n  alicloud_disk.d:\n    monthly_disks_created: 1000\n"
        },
    )
    report = json_report("estimate", tmp_path, "--usage-file", usage / "kmslint-usage.yml")
    # Each disk creation costs its own key 3 calls: 3,000 a month each, not 6,000 on both keys.
    assert [(r["project"], r["monthly_calls"], r["api_cost"]) for r in report["resources"]] == [
        (str(tmp_path / "a"), "3000", "0.009"),
        (str(tmp_path / "b"), "3000", "0.009"),
    ]
    assert [(s["file"], s["line"]) for s in report["savings"]] == [
        (str(tmp_path / d / "main.tf"), 4) for d in "ab"
    ]
    text = run_cli("estimate", tmp_path, "--usage-file", usage / "kmslint-usage.yml").stdout
    assert f"Project: {tmp_path / 'a'}\nalicloud_kms_key.k " in text
    assert f"Project: {tmp_path / 'b'}\nalicloud_kms_key.k " in text
    assert (
        f"  alicloud_kms_key.k ({tmp_path / 'b' / 'main.tf'}:4): 3000 calls a month from alicloud_disk.d"
        in text
    )
    markdown = run_cli(
        "estimate", tmp_path, "--usage-file", usage / "kmslint-usage.yml", "--format", "markdown"
    ).stdout
    assert f"| `alicloud_kms_key.k ({tmp_path / 'a' / 'main.tf'}:4)` |" in markdown
    (tmp_path / "b" / "main.tf").write_text(module.replace('"SOFTWARE"', '"HSM"'))
    base = tmp_path / "base.json"
    base.write_text(json.dumps(report))
    diff = run_cli(
        "diff", tmp_path, "--compare-to", base, "--usage-file", usage / "kmslint-usage.yml"
    ).stdout
    assert f"changed  alicloud_kms_key.k ({tmp_path / 'b' / 'main.tf'}:4)" in diff
