"""The shipped JSON Schema accepts every report kmslint writes, and rejects what breaks the contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kmslint.schema import report_schema
from tests.commands.test_diff import PROVIDER, SIGNING, git, key, make_repo
from tests.formatters.support import FIXTURE, POLICY_FIXTURES
from tests.helpers import EXAMPLES, ROOT, run_cli

VALIDATOR = jsonschema.Draft202012Validator(report_schema())


def problems(document: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in VALIDATOR.iter_errors(document)
    ]


def produced(*args: Any) -> dict[str, Any]:
    result = run_cli(*args, "--format", "json")
    assert result.exit_code in (0, 1, 2), result.stderr
    return dict(json.loads(result.stdout))


def scanned_sources() -> list[Path]:
    """Every example and every policy fixture directory, each on its own."""
    sources = sorted(p for p in (EXAMPLES / "terraform").iterdir() if p.is_dir())
    sources += sorted(p for p in (EXAMPLES / "ros").iterdir())
    fixtures = ROOT / POLICY_FIXTURES
    if fixtures.is_dir():
        sources += sorted(
            {
                p.parent
                for p in fixtures.rglob("*")
                if p.is_file() and p.suffix in (".tf", ".yml", ".yaml", ".json")
            }
        )
    return sources + [ROOT / FIXTURE]


def test_the_schema_is_a_valid_2020_12_schema_shipped_in_the_package() -> None:
    jsonschema.Draft202012Validator.check_schema(report_schema())
    assert report_schema()["properties"]["version"] == {"const": "1"}


@pytest.mark.parametrize("source", scanned_sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_check_and_estimate_reports_validate(source: Path) -> None:
    for command in ("check", "estimate"):
        result = run_cli(
            command,
            source,
            "--show-suppressed" if command == "check" else "--no-cache",
            "--format",
            "json",
        )
        if not result.stdout and result.exit_code == 2:
            continue  # a fixture whose configuration is refused: no report is written
        assert result.exit_code in (0, 1, 2), result.stderr
        assert problems(json.loads(result.stdout)) == []


def test_the_whole_policy_fixture_tree_validates(at_root: Path) -> None:
    assert problems(produced("check", POLICY_FIXTURES, "--show-suppressed")) == []


def test_an_input_error_report_validates(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "alicloud_kms_key" "k" {\n  key_spec = \n}\n', encoding="utf-8"
    )
    document = produced("estimate", tmp_path)
    assert document["errors"] and problems(document) == []


def test_diff_and_merge_reports_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = PROVIDER + key("data") + key("old", "HSM")
    repo = make_repo(
        tmp_path / "repo",
        {
            "main.tf": base,
            ".kmslint.yaml": "rules:\n  KMS013:\n    params:\n      max_increase_usd: 1\n",
        },
        {"main.tf": PROVIDER + key("data", "HSM") + SIGNING},
    )
    monkeypatch.chdir(repo)
    diff = produced("diff", "--base", "HEAD~1")
    assert {r["change"] for r in diff["resources"]} == {"added", "removed", "changed"}
    assert any(f["rule_id"] == "KMS013" for f in diff["findings"]) and diff["resolved_findings"]
    (tmp_path / "base.json").write_text(json.dumps(produced("check", ".")), encoding="utf-8")
    compared = produced("diff", "--compare-to", tmp_path / "base.json")
    (tmp_path / "diff.json").write_text(json.dumps(diff), encoding="utf-8")
    signing = tmp_path / "signing.json"
    signing.write_text(
        json.dumps(produced("check", EXAMPLES / "terraform" / "signing")), encoding="utf-8"
    )
    merged = produced("merge", tmp_path / "base.json", signing)
    merged_diffs = produced("merge", tmp_path / "diff.json", tmp_path / "diff.json")
    for document in (diff, compared, merged, merged_diffs):
        assert problems(document) == []
    assert git(repo, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (
            lambda d: d["summary"].update(monthly_cost=0.99),
            "summary/monthly_cost: 0.99 is not of type 'string'",
        ),
        (
            lambda d: d["resources"][0].update(api_cost=1.5),
            "resources/0/api_cost: 1.5 is not valid under any of the given schemas",
        ),
        (
            lambda d: d["resources"][0].pop("usage_known"),
            "resources/0: 'usage_known' is a required property",
        ),
        (
            lambda d: d["findings"][0].update(severity="fatal"),
            "findings/0/severity: 'fatal' is not one of ['error', 'warning', 'info']",
        ),
        (
            lambda d: d["summary"].update(base_monthly_cost="1.00"),
            "summary: 'monthly_cost_delta' is a dependency of 'base_monthly_cost'",
        ),
        (
            lambda d: d["resources"][0].update(change="renamed"),
            "resources/0/change: 'renamed' is not one of ['added', 'removed', 'changed', 'unchanged']",
        ),
    ],
)
def test_the_schema_rejects_broken_reports(at_root: Path, change: Any, complaint: str) -> None:
    document = produced("check", FIXTURE)
    change(document)
    assert complaint in problems(document)
