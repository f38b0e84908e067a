"""An unresolved count/for_each: "at least 1 instance", a floor in every format, usage count:."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import json_report, run_cli, write_module

MAIN = """
variable "n" { type = number }
variable "names" { type = list(string) }
resource "alicloud_kms_key" "k" {
  count = var.n
  pending_window_in_days = 7
}
module "m" {
  source = "./m"
  for_each = toset(var.names)
}
"""
CHILD = 'resource "alicloud_kms_key" "inner" {\n  pending_window_in_days = 7\n}\n'


def stack(tmp_path: Path, usage: str | None = None) -> Path:
    files = {"main.tf": MAIN, "m/main.tf": CHILD}
    if usage is not None:
        files["kmslint-usage.yml"] = usage
    return write_module(tmp_path / "stack", files)


def test_unresolved_expansions_are_at_least_one_instance(tmp_path: Path) -> None:
    report = json_report("estimate", stack(tmp_path))
    found = {r["address"]: r["instances_known"] for r in report["resources"]}
    assert found == {
        "alicloud_kms_key.k[0]": False,
        'module.m["?"].alicloud_kms_key.inner': False,
    }
    assert report["summary"]["count_unknown_count"] == 2
    notes = report["resources"][0]["notes"]
    assert "count could not be resolved; assumed at least 1 instance (variable n has no value)" in (
        notes
    )


def test_the_cost_is_a_floor_in_every_format(tmp_path: Path) -> None:
    root = stack(tmp_path)
    expected = {
        "text": "Monthly cost (month 1): ≥ $0.12",
        "markdown": "Monthly KMS cost is ≥ \\$0.12 now",
        "github": "Monthly KMS cost ≥ $0.12",
        "html": "Monthly cost (month 1): ≥ $0.12",
    }
    for output, line in expected.items():
        shown = run_cli("estimate", root, "--format", output).stdout
        assert line in shown, output
        if output != "github":  # annotations carry the totals only
            assert "≥ $0.06" in shown.replace("\\$", "$"), output


def test_usage_count_gives_the_instances(tmp_path: Path) -> None:
    usage = """
version: 1
resource_usage:
  alicloud_kms_key.k[0]:
    count: 3
    monthly_crypto_calls: 10000
  module.m["?"].alicloud_kms_key.inner:
    count: 0
"""
    report = json_report("estimate", stack(tmp_path, usage))
    found = {r["address"]: (r["instances_known"], r["monthly_calls"]) for r in report["resources"]}
    assert found == {
        "alicloud_kms_key.k[0]": (True, "10000"),
        "alicloud_kms_key.k[1]": (True, "10000"),
        "alicloud_kms_key.k[2]": (True, "10000"),
    }
    assert report["summary"]["count_unknown_count"] == 0
    assert report["summary"]["monthly_cost"] == "0.42"  # 3 x (0.06 hosting + 0.08 API)
