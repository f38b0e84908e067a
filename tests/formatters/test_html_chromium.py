"""The HTML report of a 50-key tree in a real browser (Debian's headless Chromium): screenshots at
1400 px and 390 px, light and dark, and the laid-out DOM: the chart inside the viewport with
every label in it, text big enough to read, the whole horizon on the axis, no sideways scroll.

Skipped, with the reason, where Chromium is not installed (``.ci/run`` installs it when it can).
``KMSLINT_SCREENS_DIR`` names a folder that also gets a copy of the screenshots.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.formatters import chromium
from tests.formatters.html_fixture import fifty_keys
from tests.helpers import run_cli

SIZES = {"desktop": (1400, 900), "phone": (390, 844)}
LIGHT_BACKGROUND, DARK_BACKGROUND = (255, 255, 255), (13, 17, 23)  # --bg of html_style.py


@pytest.fixture(scope="module")
def browser() -> str:
    found = chromium.find()
    if not found:
        pytest.skip("chromium not found: install Debian's chromium package to run these tests")
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("fifty")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("SOURCE_DATE_EPOCH", "1764633600")
        fifty_keys(Path("tree"))
        result = run_cli("check", "tree", "--format", "html")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def others(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A diff of the 50-key tree (the payment keys' rotation 7d → 30d) and a 120-month check."""
    root = tmp_path_factory.mktemp("others")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("SOURCE_DATE_EPOCH", "1764633600")
        tree = fifty_keys(Path("tree"))
        Path("base.json").write_text(run_cli("check", tree, "--format", "json").stdout)
        payments = tree / "payments" / "main.tf"
        payments.write_text(payments.read_text().replace('"7d"', '"30d"'))
        shown = {
            "diff": run_cli("diff", tree, "--compare-to", "base.json", "--format", "html"),
            "horizon-120": run_cli("check", tree, "--horizon", "120", "--format", "html"),
        }
    assert all(r.exit_code in (0, 1) for r in shown.values()), [r.stderr for r in shown.values()]
    return {name: result.stdout for name, result in shown.items()}


@pytest.mark.parametrize("name", ["diff", "horizon-120"])
def test_a_diff_and_a_long_horizon_fit_a_phone(
    browser: str, others: dict[str, str], tmp_path: Path, name: str
) -> None:
    seen = chromium.measure(browser, others[name], tmp_path / "measure.html", 390, 844, False)
    assert seen["scrollWidth"] <= 390, "the page scrolls sideways"
    chart, text = seen["chart"], seen["text"]
    assert chart["left"] <= text["left"] and text["right"] <= chart["right"]
    assert seen["months"][-2:] == (["12", "month"] if name == "diff" else ["120", "month"])
    assert len(seen["months"]) <= 8  # month labels that do not crowd each other


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(SIZES))
def test_the_report_fits_the_screen(
    browser: str, report: str, tmp_path: Path, device: str, scheme: str
) -> None:
    width, height = SIZES[device]
    dark = scheme == "dark"
    seen = chromium.measure(browser, report, tmp_path / "measure.html", width, height, dark)
    assert seen["viewport"] == seen["clientWidth"] == width
    assert seen["scrollWidth"] <= width, "the page scrolls sideways"
    chart, text = seen["chart"], seen["text"]
    assert chart["layout"] == ("chart narrow" if device == "phone" else "chart wide")
    assert chart["left"] >= 0 and chart["right"] <= width
    assert chart["width"] >= min(width - 48, 700)  # it uses the width it has
    assert chart["left"] <= text["left"] and text["right"] <= chart["right"]  # no label clipped
    assert chart["top"] <= text["top"] and text["bottom"] <= chart["bottom"]
    assert text["smallest"] >= 12, "chart text too small to read"
    assert seen["months"][0] == "1" and seen["months"][-2:] == ["12", "month"]
    assert seen["dark"] is dark
    assert seen["background"] == "rgb({}, {}, {})".format(
        *(DARK_BACKGROUND if dark else LIGHT_BACKGROUND)
    )
    assert seen["open"] <= 2 and seen["details"] >= 12  # folded: a short page
    assert seen["height"] < (2500 if device == "phone" else 2000)

    shot = tmp_path / f"report-{width}-{scheme}.png"
    image = chromium.screenshot(browser, report, shot, width, height, dark)
    assert (image.width, image.height) == (width, height)
    assert image.pixel(2, 2) == (DARK_BACKGROUND if dark else LIGHT_BACKGROUND)
    keep = os.environ.get("KMSLINT_SCREENS_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
