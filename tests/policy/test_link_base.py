"""Rule links: the docs of the installed version by default, ``link_base`` for self-hosted docs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kmslint import __version__
from kmslint.config import Config, RuleConfig, Setting
from kmslint.findings import rule_link
from kmslint.policy.engine import diff_findings
from kmslint.policy.settings import build_policy
from tests.helpers import run_cli
from tests.policy.support import check, stage

HOSTED = "https://docs.example.com/kmslint/rules"


def configured(tmp_path: Path, link_base: str) -> Path:
    case = stage(tmp_path, "KMS012/fires")
    (case / ".kmslint.yaml").write_text(f"fail_on: error\nlink_base: {link_base}\n")
    return case


def test_default_links_point_at_the_docs_of_the_installed_version(tmp_path: Path) -> None:
    run = check(stage(tmp_path, "KMS012/fires"))
    links = {f["link"] for f in run.findings()}
    assert links == {
        f"https://github.com/kmslint/kmslint/blob/v{__version__}/docs/rules/KMS006.md",
        f"https://github.com/kmslint/kmslint/blob/v{__version__}/docs/rules/KMS012.md",
        f"https://github.com/kmslint/kmslint/blob/v{__version__}/docs/rules/KMS014.md",
    }


def test_link_base_changes_the_link_in_json(tmp_path: Path) -> None:
    run = check(configured(tmp_path, HOSTED))
    assert run.exit_code == 0, run.stderr
    kms012 = run.findings("KMS012")
    assert [f["link"] for f in kms012] == [f"{HOSTED}/KMS012.md"] * len(kms012) != []
    assert all(f["link"].startswith(f"{HOSTED}/") for f in run.findings())


def test_link_base_with_a_rule_id_placeholder_is_a_template(tmp_path: Path) -> None:
    run = check(configured(tmp_path, '"https://wiki.example.com/kmslint/{rule_id}/"'))
    assert {f["link"] for f in run.findings("KMS012")} == {
        "https://wiki.example.com/kmslint/KMS012/"
    }


@pytest.mark.parametrize("fmt", ["text", "markdown", "sarif", "github"])
def test_link_base_changes_the_link_in_every_format(tmp_path: Path, fmt: str) -> None:
    case = configured(tmp_path, HOSTED + "/")
    result = run_cli("check", case, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert f"{HOSTED}/KMS012.md" in result.stdout
    assert "github.com/kmslint/kmslint/blob" not in result.stdout


def test_link_base_in_sarif_is_the_rule_help_uri(tmp_path: Path) -> None:
    result = run_cli("check", configured(tmp_path, HOSTED), "--format", "sarif")
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    uris = {r["id"]: r.get("helpUri") for r in rules}
    assert uris["KMS012"] == f"{HOSTED}/KMS012.md"


@pytest.mark.parametrize(
    "value",
    [
        "http://docs.example.com/rules",
        "javascript:alert(1)",
        '"https://docs.example.com/a b"',
        '"https://"',
        "42",
        "[https://docs.example.com]",
    ],
)
def test_a_link_base_that_is_not_https_is_a_config_error(tmp_path: Path, value: str) -> None:
    case = configured(tmp_path, value)
    run = check(case)
    assert run.exit_code == 2
    assert run.report is None
    assert f"{case / '.kmslint.yaml'}:2: link_base must be an https:// URL" in run.stderr
    assert "Traceback" not in run.stderr


def test_show_config_says_where_links_point(tmp_path: Path) -> None:
    case = configured(tmp_path, HOSTED)
    shown = run_cli("check", case, "--show-config").stdout
    [line] = [x for x in shown.splitlines() if x.startswith("link_base:")]
    assert line.split("#")[0].strip() == f"link_base: {HOSTED}"
    assert line.endswith(f"# {case / '.kmslint.yaml'}:2")
    default = run_cli("check", stage(tmp_path, "KMS003/fires"), "--show-config").stdout
    assert f"link_base: {rule_link('X').removesuffix('/X.md')}" in default


def test_diff_findings_follow_link_base() -> None:
    entry = RuleConfig("KMS013", 3, params={"max_increase_usd": Setting(5)})
    config = Config(rules={"KMS013": entry}, link_base=Setting(HOSTED))
    [finding] = diff_findings(build_policy(config), Decimal("0.99"), Decimal("19.80"))
    assert finding.link == f"{HOSTED}/KMS013.md"
    [default] = diff_findings(
        build_policy(Config(rules={"KMS013": entry})), Decimal(1), Decimal(99)
    )
    assert default.link == rule_link("KMS013")
