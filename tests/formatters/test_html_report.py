"""The HTML report of a 50-key tree, read as a DOM: the header, folded groups with their counts,
thousands separators, escaping of a hostile key name, instances and secrets, dark mode."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kmslint import __version__
from kmslint.formatters import render_document
from kmslint.formatters.svg_chart import month_labels, tick_label
from tests.formatters.html_fixture import HOSTILE_NAME, fifty_keys
from tests.formatters.scenarios import diff, key
from tests.formatters.support import POLICY_FIXTURES
from tests.helpers import run_cli


@dataclass
class Fold:
    """A ``<details>`` element: its summary text, whether it is open, its rows and children."""

    summary: str = ""
    open: bool = False
    rows: int = 0
    children: list[Fold] = field(default_factory=list)


class Folds(HTMLParser):
    """The page's ``<details>`` tree, and every text and tag seen (to look for raw markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.top: list[Fold] = []
        self.stack: list[Fold] = []
        self.in_summary = False
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "details":
            fold = Fold(open=any(name == "open" for name, _ in attrs))
            (self.stack[-1].children if self.stack else self.top).append(fold)
            self.stack.append(fold)
        elif tag == "summary":
            self.in_summary = True
        elif tag == "tr" and self.stack:
            self.stack[-1].rows += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self.stack.pop()
        elif tag == "summary":
            self.in_summary = False

    def handle_data(self, data: str) -> None:
        if self.in_summary and self.stack:
            self.stack[-1].summary += data


def folds(page: str) -> Folds:
    parser = Folds()
    parser.feed(page)
    assert not parser.stack, "every <details> is closed"
    return parser


@pytest.fixture
def fifty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    fifty_keys(Path("tree"))
    result = run_cli("check", "tree", "--format", "html")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_findings_fold_by_rule_then_project_with_counts(fifty: str) -> None:
    page = folds(fifty)
    rules = {
        f.summary: f for f in page.top if "finding" in f.summary and "possible" not in f.summary
    }
    assert list(rules) == [
        "warning KMS003 rotation-cost-growth 20 findings in 1 project",
        "warning KMS009 deletion-window 2 findings in 2 projects",
        "info KMS006 unused-key 49 findings in 3 projects",
        "info KMS014 kms1-legacy 49 findings in 3 projects",  # the 49 keys outside the instance
    ]
    unused = rules["info KMS006 unused-key 49 findings in 3 projects"]
    assert not unused.open  # 49 findings: only the counts show until the reader opens them
    assert [(c.summary, c.rows, c.open) for c in unused.children] == [
        ("tree/legacy 13 findings", 14, False),  # a header row and one row a finding
        ("tree/payments 21 findings", 22, False),
        ("tree/platform 15 findings", 16, False),
    ]
    assert sum(c.rows - 1 for f in rules.values() for c in f.children) == 120
    assert "<h2>Findings: 0 errors, 22 warnings, 98 infos</h2>" in fifty


def test_keys_fold_by_project_and_nothing_is_open_in_a_big_report(fifty: str) -> None:
    page = folds(fifty)
    projects = [f for f in page.top if "resource" in f.summary]
    assert [f.summary for f in projects] == [
        "tree/legacy 13 resources · $1.82/month now, $1.82 in month 12",
        "tree/payments 21 resources · $54.54/month now, $987.78 in month 12",
        "tree/platform 19 resources · $153.39/month now, $163.29 in month 12",
    ]
    assert [f.rows for f in projects] == [14, 22, 20]
    assert not any(f.open for f in page.top)
    assert "<h2>Keys (53 resources)</h2>" in fifty
    assert fifty.count("<table>") == 1 + 3 + 1 + 2 + 3 + 3  # projects, keys, findings by project


def test_money_is_thousands_separated(fifty: str) -> None:
    assert '<p class="totals">Monthly cost (month 1): $209.75</p>' in fifty
    assert "<p>Month 12: $1,152.89 · 12-month total: $8,171.88</p>" in fifty
    assert '<p class="notice">Note: KMS 1.0 reached End of Service on 2025-09-30: ' in fifty
    assert (
        '<tr><td>tree/<wbr>payments</td><td class="num">$54.54</td><td class="num">$987.78</td>'
        '<td class="num">$6,249.96</td></tr>'
    ) in fifty
    assert "Total, month 12: $1,152.89</title>" in fifty  # the chart's total is the summary's
    assert ">$1,500</text>" in fifty and ">$1,200</text>" in fifty
    assert not re.search(r"\$\d{4}", fifty)


def test_instances_and_secrets_are_in_the_keys_table(fifty: str) -> None:
    assert re.search(
        r"<tr><td>alicloud_kms_instance\.<wbr>big</td>.*"
        r'<td class="num">not priced</td><td class="num">not priced</td></tr>',
        fifty,
    )
    assert re.search(r"<tr><td>alicloud_kms_secret\.<wbr>db_password</td>.*\$0\.39", fifty)
    assert "alicloud_kms_instance.big: $0" not in fifty


def test_a_hostile_key_name_is_text(fifty: str) -> None:
    page = folds(fifty)
    assert "img" not in page.tags and "script" not in page.tags
    assert "&lt;img src=x onerror=alert(1)&gt;" in fifty
    assert HOSTILE_NAME not in fifty
    assert "alicloud_kms_key.<wbr>x[<wbr>&quot;&lt;img src=x onerror=alert(1)&gt;&quot;]" in fifty


def test_the_header_says_what_made_the_report(fifty: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        f"<dt>kmslint</dt><dd>{__version__}</dd>\n<dt>Generated</dt><dd><time datetime="
        '"2025-12-02T00:00:00Z">2025-12-02T00:00:00Z</time></dd>\n'
        "<dt>Scanned</dt><dd>tree/legacy, tree/payments, tree/platform</dd>"
    ) in fifty  # SOURCE_DATE_EPOCH=1764633600 (conftest), no CI commit
    assert (
        '<header>\n<h1>kmslint: Alibaba Cloud KMS cost report</h1>\n<p class="verdict">Monthly KMS cost is $209.75 now and $1,152.89 by month 12: '
        "no policy errors, 22 warnings</p>"
    ) in fifty
    assert run_cli("check", "tree", "--format", "html").stdout == fifty  # reproducible
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("GITHUB_SHA", "0123456789abcdef<b>")
    again = run_cli("check", "tree", "--format", "html").stdout
    assert '<time datetime="2026-01-01T00:00:00Z">2026-01-01T00:00:00Z</time>' in again
    assert "<dt>Commit</dt><dd><code>0123456789abcdef&lt;b&gt;</code></dd>" in again


def test_many_scanned_paths_are_folded(at_root: Path) -> None:
    page = run_cli("check", POLICY_FIXTURES, "--format", "html").stdout
    scanned = re.search(r"<dt>Scanned</dt><dd>(.*?)</dd>\n", page, re.S)
    assert scanned is not None
    assert scanned.group(1).count(", ") == 4
    assert re.search(r"<details><summary>\d+ more</summary><ul><li>tests/policy/", scanned.group(1))


def test_dark_mode_recolours_the_page_and_the_chart(fifty: str) -> None:
    style = fifty[fifty.index("<style>") : fifty.index("</style>")]
    assert "@media (prefers-color-scheme: dark){:root{--bg:#0d1117;--fg:#e6edf3;" in style
    assert ".c0{stroke:var(--c0);fill:var(--c0);background:var(--c0)}" in style
    assert ".series.total{stroke:var(--total);fill:var(--total)}" in style
    charts = fifty[fifty.index("<svg") : fifty.rindex("</svg>")]
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b", charts)  # every colour is a class
    assert "<script" not in fifty


def test_a_diff_says_what_changed_and_folds_old_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = [key("a", rotation="30d"), key("b")]
    document = diff(before, [key("a", rotation="7d"), key("b"), key("c", protection="HSM")])
    page = render_document("html", document)
    assert "<th>What changed</th>" in page
    assert "<td>rotation 30d → 7d</td><td>alicloud_kms_key.<wbr>a</td>" in page
    assert (
        "<td>new key: Aliyun_AES_256, HSM, cn-beijing</td><td>alicloud_kms_key.<wbr>c</td>" in page
    )
    assert re.search(r"<h2>New findings: 0 errors, \d+ warnings?, \d+ infos?</h2>", page)
    old = [f for f in folds(page).top if "the base already had" in f.summary]
    assert len(old) == 1 and not old[0].open and old[0].children
    assert '<th class="num">Δ now</th><th class="num">Δ month 12</th>' in page


def test_axis_labels() -> None:
    assert month_labels(12, 6) == [1, 4, 6, 8, 10, 12]
    assert month_labels(12, 12) == list(range(1, 13))
    assert month_labels(36, 6) == [1, 6, 12, 18, 24, 30, 36]
    assert month_labels(1, 6) == [1]
    top = Decimal(1500)
    assert [tick_label(top * i / 5, top) for i in range(6)] == [
        "$0",
        "$300",
        "$600",
        "$900",
        "$1,200",
        "$1,500",
    ]
    assert tick_label(Decimal("0.012"), Decimal("0.06")) == "$0.012"
    assert tick_label(Decimal("0.5"), Decimal("2.5")) == "$0.50"
