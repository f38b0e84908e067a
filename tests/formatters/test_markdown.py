"""``--format markdown``: the pull request comment body."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from kmslint import __version__
from kmslint.diff import diff_documents
from kmslint.findings import DOCS_BASE
from kmslint.formatters import render, render_document
from kmslint.formatters.markdown import BUDGET
from kmslint.formatters.markdown_text import length, text
from tests.formatters import scenarios
from tests.formatters.scenarios import key
from tests.formatters.support import FIXTURE, check_document, hostile_report
from tests.helpers import run_cli

LINK = DOCS_BASE
GOLDENS = Path(__file__).parent / "goldens"
GITHUB_LIMIT = 65_536


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def golden(name: str, body: str) -> None:
    """``body`` equals the golden file (``KMSLINT_UPDATE_GOLDENS=1`` rewrites it)."""
    path = GOLDENS / f"{name}.md"
    shown = body.replace(f"kmslint {__version__} ·", "kmslint VERSION ·").replace(
        DOCS_BASE, "RULE_DOCS"
    )
    if os.environ.get("KMSLINT_UPDATE_GOLDENS"):
        path.write_text(shown, encoding="utf-8")
    assert shown == path.read_text(encoding="utf-8")


def markdown(document: dict[str, Any]) -> str:
    return render_document("markdown", document)


def test_the_first_line_is_the_verdict_with_month_1_and_month_h(at_root: Path) -> None:
    lines = run_cli("check", FIXTURE, "--format", "markdown").stdout.splitlines()
    assert lines[0] == (
        "#### Monthly KMS cost is \\$5.16 now and \\$16.05 by month 12: 1 policy error, 1 warning"
    )
    assert lines[2] == (
        f"<sub>kmslint {__version__} · 4 keys · 12-month total \\$127.26 · "
        "prices of 2025-11-09</sub>"
    )
    assert lines[4:7] == [
        "| Project | Now | Month 12 | 12-month total |",
        "|---|--:|--:|--:|",
        "| `tests/formatters/fixtures/policy` | \\$5.16 | \\$16.05 | \\$127.26 |",
    ]


def test_findings_are_grouped_by_rule_errors_first_with_links(at_root: Path) -> None:
    text_ = run_cli("check", FIXTURE, "--format", "markdown").stdout
    lines = text_.splitlines()
    assert "### Findings: 1 error, 1 warning, 1 info" in lines
    heads = [line for line in lines if line.startswith("**[KMS")]
    assert heads == [
        f"**[KMS007 invalid-key-spec]({LINK}/KMS007.md)** (error, 1)",
        f"**[KMS003 rotation-cost-growth]({LINK}/KMS003.md)** (warning, 1)",
        f"**[KMS012 disabled-still-billed]({LINK}/KMS012.md)** (info, 1)",
    ]
    error = lines[lines.index(heads[0]) + 2]
    assert error.startswith(
        "- `alicloud_kms_key.bad_spec` · `tests/formatters/fixtures/policy/main.tf:17` · "
        "key\\_spec Aliyun\\_AES\\_128 exists only"
    )


def test_keys_savings_and_assumptions_are_folded(at_root: Path) -> None:
    text_ = run_cli("check", FIXTURE, "--format", "markdown").stdout
    keys = text_[text_.index("<details><summary>4 keys</summary>") :]
    assert (
        "| `alicloud_kms_key.rotating` | Aliyun\\_AES\\_256, HSM | 1 → 12 | \\$1.05 | \\$11.94 |"
        in keys.splitlines()
    )
    assert (
        "- `alicloud_kms_key.rotating`: rotate every 365d instead of 30d: saves \\$0.00/month now, "
        "\\$10.89/month in month 12" in text_.splitlines()
    )
    details = text_[text_.index("<details><summary>Assumptions and price book</summary>") :]
    assert "effective 2025-11-09 (30-day months)" in details
    assert "- A month is 30 days (override with --month-days); day 0 is the apply day." in details
    assert details.rstrip().endswith("</details>")


def test_unknown_usage_is_said_not_hidden(at_root: Path) -> None:
    text_ = run_cli(
        "estimate",
        "examples/terraform/signing",
        "--usage-file",
        "/dev/null",
        "--format",
        "markdown",
    ).stdout
    assert (
        "> 1 key without usage in the usage file: their API calls are not counted "
        "(shown as “+ usage”)." in text_
    )
    assert (
        "| `alicloud_kms_key.signing` | EC\\_P256, HSM | 1 → 1 | "
        "\\$2.49 + usage | \\$2.49 + usage |" in text_
    )


def test_a_removed_key_in_a_diff(at_root: Path) -> None:
    base = check_document(FIXTURE)
    new = json.loads(json.dumps(base))
    new["resources"] = [r for r in new["resources"] if r["address"] != "alicloud_kms_key.signing"]
    new["summary"]["monthly_cost"] = "1.17"
    new["summary"]["horizon_monthly_cost"] = "12.06"
    text_ = markdown(diff_documents(base, new, {"label": "main (0123456789ab)"}))
    assert text_.startswith(
        "#### Monthly KMS cost falls by \\$3.99 by month 12 (-\\$3.99 now): no new policy errors\n"
    )
    assert "compared with main (0123456789ab)" in text_
    assert (
        "| `alicloud_kms_key.signing` | removed | key removed | -\\$3.99 | -\\$3.99 |"
        in text_.splitlines()
    )
    assert "<details><summary>3 unchanged keys</summary>" in text_
    assert (
        "<details><summary>3 findings the base already had: 1 error, 1 warning, 1 info</summary>"
        in text_
    )


def test_text_from_the_code_cannot_inject_html_or_the_marker(at_root: Path) -> None:
    text_ = render("markdown", hostile_report())
    line = next(line for line in text_.splitlines() if "100%" in line)
    assert "<b>" not in text_
    assert line.endswith(
        "&lt;b&gt;bold&lt;/b&gt; \\| pipe, a:b second line &lt;!-- kmslint-comment --&gt;"
    )
    assert '``alicloud_kms_key.x["<script>alert(1)</script>\\|`tick`"]``' in line
    assert text_.count("<!-- kmslint-comment -->") == 0
    assert text_.count("<script>") == 1  # only inside that code span
    assert "- monthly cost \\$5.10 is over the budget of \\$1.00" in text_.splitlines()


def test_every_dollar_outside_code_is_escaped(at_root: Path) -> None:
    body = render("markdown", hostile_report())
    outside_code = [part for i, part in enumerate(body.split("`")) if i % 2 == 0]
    assert all("$" not in part.replace("\\$", "") for part in outside_code)
    summaries = [line for line in body.splitlines() if "<summary>" in line]
    assert summaries and all("$" not in line for line in summaries)  # HTML: no escapes there
    assert text("$1 | <x> `y` 50%_off\nz") == "\\$1 \\| &lt;x&gt; \\`y\\` 50%\\_off z"


# The scenarios, pinned by goldens.


def test_golden_no_change(in_tmp: Path) -> None:
    keys = [key("app", rotation="365d"), key("sign", spec="EC_P256", protection="HSM")]
    body = markdown(scenarios.diff(keys, keys))
    assert body.startswith(
        "#### Monthly KMS cost does not change (\\$2.87 now, \\$2.87 by month 12): "
        "no new policy errors"
    )
    assert "No key changed." in body
    golden("no-change", body)


def test_golden_new_keys(in_tmp: Path) -> None:
    before = [key("app")]
    after = [
        key("app"),
        key("sign", spec="EC_P256", protection="HSM"),
        key("old", spec="Aliyun_AES_128"),
    ]
    body = markdown(scenarios.diff(before, after))
    lines = body.splitlines()
    assert lines[0] == (
        "#### Monthly KMS cost rises by \\$2.87 by month 12 (+\\$2.87 now): 2 new policy errors"
    )
    assert (
        "| `alicloud_kms_key.sign` | added | new key: EC\\_P256, HSM, cn-beijing | "
        "+\\$2.73 | +\\$2.73 |" in lines
    )
    golden("new-keys", body)


def test_golden_rotation_change_says_what_changed(in_tmp: Path) -> None:
    before = [key("app", rotation="30d", protection="HSM"), key("db")]
    after = [key("app", rotation="7d", protection="HSM"), key("db", protection="HSM")]
    body = markdown(scenarios.diff(before, after))
    lines = body.splitlines()
    assert lines[0].startswith("#### Monthly KMS cost rises by \\$")
    assert "| Project | Before | After | Δ now | Δ month 12 |" in lines
    assert any("| `alicloud_kms_key.app` | changed | rotation 30d → 7d |" in line for line in lines)
    assert any("| `alicloud_kms_key.db` | changed | SOFTWARE → HSM |" in line for line in lines)
    golden("rotation-change", body)


def test_golden_500_key_repo(in_tmp: Path) -> None:
    body = markdown(scenarios.document(scenarios.tree(Path("infra"), *scenarios.many_keys(500))))
    assert length(body) <= BUDGET
    assert "<details><summary>500 keys</summary>" in body
    assert re.search(r"\n_[0-9]+ more KMS003 findings — see the job artifact_\n", body)
    golden("500-keys", body)


def test_billing_model_change_is_shown_where_the_report_has_it(in_tmp: Path) -> None:
    document = scenarios.diff([key("app")], [key("app", protection="HSM")])
    changed = next(r for r in document["resources"] if r["address"] == "alicloud_kms_key.app")
    changed["changes"].append({"field": "billing_model", "base": "kms1", "value": "instance"})
    assert "| SOFTWARE → HSM, kms1 → instance |" in markdown(document)


def test_a_2000_key_diff_fits_github_and_keeps_what_matters(in_tmp: Path) -> None:
    before = scenarios.many_keys(2000)
    after = [key(f"k{i}", rotation="7d" if i % 2 else "30d", protection="HSM") for i in range(2000)]
    after += [key(f"bad{i}", spec="Aliyun_AES_128") for i in range(3)]
    document = scenarios.diff(before, after, where="big")
    body = markdown(document)
    assert length("<!-- kmslint-comment:a-64-character-tag -->\n" + body) < GITHUB_LIMIT
    lines = body.splitlines()
    assert lines[0].startswith("#### Monthly KMS cost rises by \\$")
    assert lines[0].endswith("now): 3 new policy errors")
    assert "| `big` | " in body  # the project table
    for i in range(3):
        assert any(line.startswith(f"- `alicloud_kms_key.bad{i}` · ") for line in lines)
    assert "more keys — see the job artifact_" in body
    assert body.rstrip().endswith("</details>")
    assert body.count("<details>") == body.count("</details>")


def test_the_table_columns_as_a_markdown_renderer_sees_them(in_tmp: Path) -> None:
    from markdown_it import MarkdownIt

    before = [key("app", rotation="30d", protection="HSM")]
    after = [key("app", rotation="7d", protection="HSM"), key("new")]
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown(scenarios.diff(before, after)))
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h4"
    tables = []
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        if token.type in ("th_open", "td_open"):
            tables[-1].append((tokens[index + 1].content, token.attrs.get("style")))
    project, changed = tables[0], tables[1]
    assert [c for c, _ in project[:5]] == ["Project", "Before", "After", "Δ now", "Δ month 12"]
    assert [s for _, s in project[1:5]] == ["text-align:right"] * 4
    assert [c for c, _ in changed[:5]] == ["Key", "Change", "What changed", "Δ now", "Δ month 12"]
    assert len(changed) == 5 * 3  # at most five columns, every row complete
    assert changed[5:8] == [
        ("`alicloud_kms_key.app`", None),
        ("changed", None),
        ("rotation 30d → 7d", None),
    ]


def test_a_user_string_cannot_mention_anyone_or_link_an_issue(at_root: Path) -> None:
    assert text("ping @octocat and @org/team, see #123") == (
        "ping @\u2060octocat and @\u2060org/team, see \\#\u2060123"
    )
    assert text("a@b.c # 5 50%") == "a@\u2060b.c \\# 5 50%"
    report = hostile_report()
    report.findings[-1].message = "owner @octocat, tracked in #42"
    body = render("markdown", report)
    assert "owner @\u2060octocat, tracked in \\#\u206042" in body
    outside_code = [part for i, part in enumerate(body.split("`")) if i % 2 == 0]
    assert not any(re.search(r"@\w|#\d", part) for part in outside_code)
