"""``--format html``: one self-contained page with an SVG chart of monthly cost over the horizon."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from pathlib import Path

from kmslint.findings import rule_link
from kmslint.formatters import render
from kmslint.formatters.svg_chart import nice_ceiling
from tests.formatters.support import FIXTURE, POLICY_FIXTURES, hostile_report
from tests.helpers import run_cli


def series_points(page: str, label: str) -> list[tuple[Decimal, Decimal]]:
    """The points of a series in the wide chart (the first one on the page)."""
    block = page[
        re.search(rf'<g class="series [a-z0-9]+"><title>{re.escape(label)}</title>', page).start() :
    ]  # type: ignore[union-attr]
    points = re.search(r'<polyline [^>]*points="([^"]+)"', block)
    assert points is not None
    return [(Decimal(x), Decimal(y)) for x, y in (p.split(",") for p in points.group(1).split())]


def test_the_page_loads_nothing_from_outside(at_root: Path) -> None:
    page = run_cli("check", FIXTURE, "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert (
        "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""
        in page
    )
    for external in ("<script", "src=", "url(", "@import", "<link", "<iframe"):
        assert external not in page
    assert set(re.findall(r'<a href="([^"]+)"', page)) == {
        rule_link(rule) for rule in ("KMS003", "KMS007", "KMS012")
    }


def test_the_chart_shows_rotation_growth_per_key_and_in_total(at_root: Path) -> None:
    page = run_cli("check", FIXTURE, "--format", "html").stdout
    for layout, box in (("wide", "0 0 760 340"), ("narrow", "0 0 360 300")):
        assert (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {layout}" viewBox="{box}" '
            'preserveAspectRatio="xMidYMid meet" style="width:100%;max-width:100%;height:auto"'
        ) in page
    rotating = series_points(page, "alicloud_kms_key.rotating")
    total = series_points(page, "Total")
    assert len(rotating) == len(total) == 12
    assert all(
        later[1] < earlier[1] for earlier, later in itertools.pairwise(rotating)
    )  # higher cost, higher line
    assert (
        series_points(page, "alicloud_kms_key.signing")[0][1]
        == series_points(page, "alicloud_kms_key.signing")[-1][1]
    )
    assert "<title>alicloud_kms_key.rotating, month 1: $1.05</title>" in page
    assert "<title>alicloud_kms_key.rotating, month 12: $11.94</title>" in page
    assert "<title>Total, month 12: $16.05</title>" in page
    assert "alicloud_kms_key.rotating: $1.05 → $11.94</li>" in page
    assert re.search(
        r'<text class="tick" x="\d+" y="16.0" [^>]*>\$20</text>', page
    )  # the axis tops out at a round $20


def test_totals_keys_findings_and_assumptions(at_root: Path) -> None:
    page = run_cli("check", FIXTURE, "--format", "html").stdout
    assert '<p class="totals">Monthly cost (month 1): $5.16</p>' in page
    assert "<p>Month 12: $16.05 · 12-month total: $127.26</p>" in page
    assert (
        "<td>alicloud_kms_key.<wbr>rotating</td><td>tests/<wbr>formatters/<wbr>fixtures/<wbr>policy/<wbr>"
        "main.tf:7</td><td>Aliyun_AES_256</td>" in page
    )
    assert '<td class="num">$1.05</td><td class="num">$11.94</td></tr>' in page
    assert "<h2>Findings: 1 error, 1 warning, 1 info</h2>" in page
    assert "<details><summary>Assumptions and price book</summary>" in page
    assert "prices of 2025-11-09 (30-day months)" in page


def test_many_keys_fold_into_one_line(at_root: Path) -> None:
    page = run_cli("check", POLICY_FIXTURES, "--format", "html").stdout
    assert page.count('<g class="series') == 20  # the total, 8 keys, the rest; in both layouts
    assert re.search(r'<g class="series c8"><title>\d+ other keys</title>', page)


def test_everything_is_escaped(at_root: Path) -> None:
    page = render("html", hostile_report())
    assert "<script>" not in page and "<b>bold" not in page
    assert (
        "alicloud_kms_key.<wbr>x[<wbr>&quot;&lt;script&gt;alert(1)&lt;/<wbr>script&gt;|`tick`&quot;]"
        in page
    )
    assert "&lt;!-- kmslint-comment --&gt;" in page


def test_nice_axis_ceilings() -> None:
    shown = [
        nice_ceiling(Decimal(v)) for v in ("0", "0.06", "3.99", "16.05", "2.5", "120", "1152.89")
    ]
    assert shown == [1, Decimal("0.06"), 4, 20, Decimal("2.5"), 150, 1500]
