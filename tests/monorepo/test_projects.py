"""Per-project inputs: each project's nearest usage file and config, and the report listing them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from tests.helpers import EXAMPLES, json_report, run_cli, write_module

PROVIDER = 'provider "alicloud" {\n  region = "ap-southeast-1"\n}\n'
KEY = PROVIDER + (
    'resource "alicloud_kms_key" "k" {\n'
    '  protection_level       = "HSM"\n  pending_window_in_days = 7\n}\n'
)
NO_WINDOW = PROVIDER + 'resource "alicloud_kms_key" "k" {\n  protection_level = "HSM"\n}\n'


def usage(calls: int, address: str = "alicloud_kms_key.k") -> str:
    return f"version: 1\nresource_usage:\n  {address}:\n    monthly_crypto_calls: {calls}\n"


def examples() -> list[Path]:
    return sorted(p.parent for p in EXAMPLES.glob("*/*/kmslint-usage.yml"))


def test_estimate_of_the_examples_directory_is_the_sum_of_the_examples_alone() -> None:
    whole = json_report("estimate", EXAMPLES)["summary"]
    found = examples()
    alone = [json_report("estimate", example)["summary"] for example in found]
    assert len(alone) >= 6
    for field in ("monthly_cost", "hosting_cost", "api_cost", "horizon_total_cost"):
        assert Decimal(whole[field]) == sum(Decimal(s[field]) for s in alone), field
    worked = ("disk-encryption", "oss-client-side-encryption", "signing")  # Terraform and ROS
    kms1 = [s for s, p in zip(alone, found, strict=True) if p.name in worked]
    assert sum(Decimal(s["monthly_cost"]) for s in kms1) == Decimal("24.0045")
    assert whole["usage_unknown_count"] == 0


def _two_teams(root: Path) -> tuple[Path, Path]:
    a = write_module(root / "team-a", {"main.tf": KEY, "kmslint-usage.yml": usage(1_000_000)})
    b = write_module(root / "team-b", {"main.tf": KEY, "kmslint-usage.yml": usage(10_000)})
    return a, b


def _costs(report: dict) -> dict[str, tuple[str, str]]:
    return {
        Path(r["project"]).name: (r["monthly_calls"], r["monthly_cost"])
        for r in report["resources"]
    }


def test_the_same_address_in_two_projects_gets_each_projects_usage(tmp_path: Path) -> None:
    a, b = _two_teams(tmp_path)
    # HSM basic outside mainland: 0.99 hosting + calls / 10,000 x 0.03
    expected = {"team-a": ("1000000", "3.99"), "team-b": ("10000", "1.02")}
    assert _costs(json_report("estimate", a, b)) == expected
    assert _costs(json_report("estimate", b, a)) == expected
    assert _costs(json_report("estimate", tmp_path)) == expected


def test_the_report_lists_the_usage_file_and_config_of_each_project(tmp_path: Path) -> None:
    _, b = _two_teams(tmp_path)
    (b / ".kmslint.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    report = json_report("estimate", tmp_path)
    assert sorted(
        (
            Path(p["project"]).name,
            Path(p["usage_file"]).name,
            p["config"] and Path(p["config"]).name,
        )
        for p in report["projects"]
    ) == [("team-a", "kmslint-usage.yml", None), ("team-b", "kmslint-usage.yml", ".kmslint.yaml")]


def test_a_usage_file_above_the_project_applies_up_to_the_git_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write_module(repo / "envs" / "prod", {"main.tf": KEY})
    (repo / "kmslint-usage.yml").write_text(usage(1_000_000), encoding="utf-8")
    (tmp_path / "kmslint-usage.yml").write_text(usage(5), encoding="utf-8")  # outside: ignored
    report = json_report("estimate", repo / "envs" / "prod")
    assert [r["monthly_calls"] for r in report["resources"]] == ["1000000"]
    assert Path(report["projects"][0]["usage_file"]).resolve() == repo / "kmslint-usage.yml"


def test_outside_a_git_work_tree_the_search_stops_at_the_scanned_path(tmp_path: Path) -> None:
    write_module(tmp_path / "infra" / "app", {"main.tf": KEY})
    (tmp_path / "kmslint-usage.yml").write_text(usage(1_000_000), encoding="utf-8")
    scanned_below = json_report("estimate", tmp_path / "infra")
    assert [r["monthly_calls"] for r in scanned_below["resources"]] == [None]
    scanned_above = json_report("estimate", tmp_path)
    assert [r["monthly_calls"] for r in scanned_above["resources"]] == ["1000000"]


def test_usage_file_option_still_applies_to_every_project(tmp_path: Path) -> None:
    _two_teams(tmp_path)
    given = tmp_path / "all.yml"
    given.write_text(usage(20_000), encoding="utf-8")
    report = json_report("estimate", tmp_path, "--usage-file", given)
    assert _costs(report) == {"team-a": ("20000", "1.05"), "team-b": ("20000", "1.05")}


def test_each_project_is_checked_with_its_own_config(tmp_path: Path) -> None:
    write_module(tmp_path / "strict", {"main.tf": NO_WINDOW, ".kmslint.yaml": "fail_on: warning\n"})
    write_module(
        tmp_path / "lax", {"main.tf": NO_WINDOW, ".kmslint.yaml": "rules:\n  KMS009: false\n"}
    )
    for name in ("strict", "lax"):
        (tmp_path / name / "kmslint-usage.yml").write_text(usage(0), encoding="utf-8")
    result = run_cli("check", tmp_path, "--format", "json")
    report = json.loads(result.stdout)
    kms009 = [Path(f["file"]).parent.name for f in report["findings"] if f["rule_id"] == "KMS009"]
    assert kms009 == ["strict"]
    assert result.exit_code == 1  # strict fails on its warning
    (tmp_path / "strict" / ".kmslint.yaml").write_text(
        "rules:\n  KMS009: false\n", encoding="utf-8"
    )
    assert run_cli("check", tmp_path).exit_code == 0


def test_config_option_still_applies_to_every_project(tmp_path: Path) -> None:
    write_module(tmp_path / "strict", {"main.tf": NO_WINDOW, ".kmslint.yaml": "fail_on: warning\n"})
    given = tmp_path / "given.yaml"
    given.write_text("rules:\n  KMS009: false\n", encoding="utf-8")
    result = run_cli("check", tmp_path, "--config", given, "--format", "json")
    assert [f["rule_id"] for f in json.loads(result.stdout)["findings"]] == [
        "KMS004",
        "KMS006",
        "KMS014",
    ]
    assert result.exit_code == 0


def test_usage_files_that_disagree_on_the_horizon_are_an_error(tmp_path: Path) -> None:
    write_module(
        tmp_path / "a", {"main.tf": KEY, "kmslint-usage.yml": "defaults: {horizon_months: 24}\n"}
    )
    write_module(
        tmp_path / "b", {"main.tf": KEY, "kmslint-usage.yml": "defaults: {horizon_months: 12}\n"}
    )
    result = run_cli("estimate", tmp_path)
    assert result.exit_code == 2
    assert "defaults.horizon_months is 12 here but 24 in" in result.stderr
    assert run_cli("estimate", tmp_path, "--horizon", "6").exit_code == 0


def test_the_text_report_says_which_usage_file_and_config_each_project_used(tmp_path: Path) -> None:
    a, b = _two_teams(tmp_path)
    (b / ".kmslint.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    text = run_cli("check", a, b).stdout
    lines = text.split("Usage files and configs:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert lines == [
        f"  {a}: usage {a / 'kmslint-usage.yml'} · config none",
        f"  {b}: usage {b / 'kmslint-usage.yml'} · config {b / '.kmslint.yaml'}",
    ]


def test_the_report_schema_closes_the_records_whose_fields_are_fixed(tmp_path: Path) -> None:
    import jsonschema

    from kmslint.schema import report_schema

    schema = report_schema()
    closed = ("diagnostic", "reference", "model_totals", "finding", "saving")
    assert all(schema["$defs"][name]["additionalProperties"] is False for name in closed)
    assert schema["properties"]["projects"]["items"]["additionalProperties"] is False
    _two_teams(tmp_path)
    write_module(tmp_path / "team-c", {"main.tf": NO_WINDOW})
    report = json_report("check", tmp_path)
    jsonschema.validate(report, schema)
    report["projects"][0]["usage"] = "a typo of usage_file"
    report["findings"][0]["severity_level"] = "error"
    errors = sorted(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(report))
    assert errors == [
        "Additional properties are not allowed ('severity_level' was unexpected)",
        "Additional properties are not allowed ('usage' was unexpected)",
    ]
