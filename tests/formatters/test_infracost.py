"""``--format infracost``: Infracost's JSON 0.2, validated against Infracost's own schema."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kmslint.formatters import render_document
from tests.formatters import scenarios
from tests.formatters.scenarios import key
from tests.helpers import run_cli

SCHEMA = json.loads(
    (Path(__file__).parent / "infracost" / "infracost.schema.json").read_text(encoding="utf-8")
)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def infracost(document: dict[str, Any]) -> dict[str, Any]:
    output = json.loads(render_document("infracost", document))
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(output)
    return dict(output)


def resource(project: dict[str, Any], part: str, name: str) -> dict[str, Any]:
    return next(r for r in project[part]["resources"] if r["name"] == name)


def test_a_check_is_a_valid_infracost_breakdown(at_root: Path) -> None:
    every = run_cli("check", "examples/terraform", "--format", "infracost")
    assert every.exit_code == 1, every.stderr  # KMS016 fires on kms-instance-subscription
    assert sorted(p["name"] for p in json.loads(every.stdout)["projects"]) == sorted(
        str(p.parent) for p in Path("examples/terraform").glob("*/main.tf")
    )
    result = run_cli("check", "examples/terraform/signing", "--format", "infracost")
    output = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(output)
    assert (output["version"], output["currency"]) == ("0.2", "USD")
    assert output["timeGenerated"] == "2025-12-02T00:00:00Z"
    (signing,) = output["projects"]
    key_ = resource(signing, "breakdown", "alicloud_kms_key.signing")
    assert key_["monthlyCost"] == "3.99"
    assert [
        (c["name"], c["monthlyQuantity"], c["price"], c["monthlyCost"], c["usageBased"])
        for c in key_["costComponents"]
    ] == [
        ("Key versions (HSM, EC_P256)", "1", "2.49", "2.49", False),
        ("Cryptographic API calls", "10", "0.15", "1.5", True),
    ]
    assert key_["metadata"]["filename"] == "examples/terraform/signing/main.tf"
    assert signing["pastBreakdown"]["resources"] == []
    assert signing["diff"] == signing["breakdown"]


def test_hourly_is_monthly_over_730(in_tmp: Path) -> None:
    output = infracost(
        scenarios.document(scenarios.tree(Path("infra"), key("a", protection="HSM")))
    )
    for project in output["projects"]:
        for item in project["breakdown"]["resources"]:
            for figure in [item, *item["costComponents"]]:
                monthly, hourly = Decimal(figure["monthlyCost"]), Decimal(figure["hourlyCost"])
                assert abs(hourly - monthly / 730) < Decimal("1e-16")
    assert output["totalMonthlyCost"] == "1.07"  # 0.99 hosting + 10,000 calls at 0.08 (mainland)


def test_unknown_usage_is_usage_based_with_a_null_cost(in_tmp: Path) -> None:
    root = scenarios.tree(Path("infra"), key("a", protection="HSM"), usage=False)
    output = infracost(scenarios.document(root))
    item = resource(output["projects"][0], "breakdown", "alicloud_kms_key.a")
    api = item["costComponents"][1]
    assert (api["usageBased"], api["monthlyCost"], api["monthlyQuantity"]) == (True, None, None)
    assert (item["monthlyCost"], item["monthlyUsageCost"]) == ("0.99", None)  # hosting only
    assert item["metadata"]["kmslintUsageKnown"] is False


def test_a_diff_has_the_past_and_the_change(in_tmp: Path) -> None:
    before = [key("app", rotation="30d", protection="HSM"), key("gone")]
    after = [key("app", rotation="7d", protection="HSM"), key("new")]
    output = infracost(scenarios.diff(before, after))
    (project,) = output["projects"]
    assert {r["name"] for r in project["pastBreakdown"]["resources"]} == {
        "alicloud_kms_key.app",
        "alicloud_kms_key.gone",
    }
    assert {r["name"] for r in project["breakdown"]["resources"]} == {
        "alicloud_kms_key.app",
        "alicloud_kms_key.new",
    }
    diff = {r["name"]: r["monthlyCost"] for r in project["diff"]["resources"]}
    assert diff == {
        "alicloud_kms_key.app": "1.65",  # 7-day rotation: 4 versions by day 29 of month 1
        "alicloud_kms_key.new": "0.14",
        "alicloud_kms_key.gone": "-0.14",
    }
    total = Decimal(output["totalMonthlyCost"]) - Decimal(output["pastTotalMonthlyCost"])
    assert Decimal(output["diffTotalMonthlyCost"]) == total == Decimal("1.65")


def test_infracost_output_would_merge_it(in_tmp: Path) -> None:
    """What ``infracost output --path a.json --path b.json`` checks and adds up (its Combine)."""
    ours = infracost(scenarios.document(scenarios.tree(Path("infra"), key("a"))))
    theirs = infracost(
        scenarios.document(scenarios.tree(Path("other"), key("b", protection="HSM")))
    )
    theirs["projects"][0]["name"] = "aws/network"  # stands in for an Infracost project
    inputs = [ours, theirs]
    assert all(Decimal("0.1") <= Decimal(i["version"]) <= Decimal("0.2") for i in inputs)
    assert {i["currency"] for i in inputs} == {"USD"}
    merged_projects = [p for i in inputs for p in i["projects"]]
    assert [p["name"] for p in merged_projects] == ["infra", "aws/network"]
    parts = {"total": "breakdown", "pastTotal": "pastBreakdown", "diffTotal": "diff"}
    for prefix, part in parts.items():
        total = sum(Decimal(i[prefix + "MonthlyCost"]) for i in inputs)
        assert total == sum(Decimal(p[part]["totalMonthlyCost"]) for p in merged_projects)
    assert Decimal(ours["totalMonthlyCost"]) + Decimal(theirs["totalMonthlyCost"]) == Decimal(
        "1.21"
    )


def test_the_schema_would_notice_a_missing_field(in_tmp: Path) -> None:
    output = infracost(scenarios.document(scenarios.tree(Path("infra"), key("a"))))
    del output["projects"][0]["breakdown"]["resources"][0]["costComponents"][0]["priceNotFound"]
    with pytest.raises(jsonschema.ValidationError, match="priceNotFound"):
        jsonschema.Draft4Validator(SCHEMA).validate(output)


def test_kmslint_diff_writes_it(in_tmp: Path) -> None:
    base = scenarios.tree(Path("base"), key("a"))
    saved = in_tmp / "base.json"
    saved.write_text(json.dumps(scenarios.document(base)), encoding="utf-8")
    scenarios.tree(Path("infra"), key("a"), key("b"))
    result = run_cli("diff", "--compare-to", saved, "infra", "--format", "infracost")
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(output)
    assert (output["pastTotalMonthlyCost"], output["totalMonthlyCost"]) == ("0.14", "0.28")
    assert output["diffTotalMonthlyCost"] == "0.14"
