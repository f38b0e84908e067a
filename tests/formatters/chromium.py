"""Headless Chromium for the HTML report tests: screenshots and measurements of the report as
a browser lays it out.

Headless Chromium will not make a window narrower than 500 px, so the report is shown in an
``<iframe>`` of the exact viewport size inside a page the test writes (``srcdoc``: the report
keeps its own Content-Security-Policy, and it is not modified). For measurements that page has a
small script (the test's, never kmslint's) that reads the report's layout through the frame and
writes it as JSON into the page, which ``--dump-dom`` prints.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.formatters import png

CHROMIUM = ("chromium", "/usr/bin/chromium", "chromium-browser")
MIN_WINDOW = 500
DARK_FLAGS = ("--force-dark-mode", "--blink-settings=preferredColorScheme=0")
MEASURE = """
window.addEventListener('load', function () {
  var frame = document.getElementById('report'), w = frame.contentWindow, d = frame.contentDocument;
  var charts = Array.prototype.slice.call(d.querySelectorAll('svg.chart'));
  var chart = charts.filter(function (s) { return w.getComputedStyle(s).display !== 'none'; })[0];
  var box = chart.getBoundingClientRect(), texts = chart.querySelectorAll('text');
  var left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity, smallest = Infinity;
  var months = [];
  for (var i = 0; i < texts.length; i++) {
    var r = texts[i].getBoundingClientRect();
    left = Math.min(left, r.left); right = Math.max(right, r.right);
    top = Math.min(top, r.top); bottom = Math.max(bottom, r.bottom);
    smallest = Math.min(smallest, r.height);
    if (texts[i].getAttribute('text-anchor') === 'middle') months.push(texts[i].textContent);
  }
  document.getElementById('measure').textContent = JSON.stringify({
    viewport: w.innerWidth, clientWidth: d.documentElement.clientWidth,
    scrollWidth: d.documentElement.scrollWidth, height: d.documentElement.scrollHeight,
    chart: {layout: chart.getAttribute('class'), left: box.left, right: box.right,
            top: box.top, bottom: box.bottom, width: box.width},
    text: {left: left, right: right, top: top, bottom: bottom, smallest: smallest},
    months: months, dark: w.matchMedia('(prefers-color-scheme: dark)').matches,
    background: w.getComputedStyle(d.body).backgroundColor,
    details: d.querySelectorAll('details').length,
    open: d.querySelectorAll('details[open]').length
  });
});
"""


def find() -> str | None:
    return next((found for name in CHROMIUM if (found := shutil.which(name))), None)


def frame_page(report: str, width: int, height: int, measure: bool) -> str:
    """A page showing ``report`` in a ``width`` × ``height`` frame (and measuring it)."""
    script = f"<script>{MEASURE}</script>" if measure else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;'
        "background:#808080}iframe{border:0;display:block}</style></head><body>"
        f'<iframe id="report" width="{width}" height="{height}" '
        f'srcdoc="{html.escape(report, quote=True)}"></iframe>'
        f'<pre id="measure"></pre>{script}</body></html>'
    )


def _run(binary: str, page: Path, width: int, height: int, dark: bool, *extra: str) -> str:
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--window-size={max(width, MIN_WINDOW)},{height}",
        *(DARK_FLAGS if dark else ()),
        *extra,
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(
    binary: str, report: str, where: Path, width: int, height: int, dark: bool
) -> png.Image:
    """A ``width`` × ``height`` screenshot of the report's first screen, saved at ``where``."""
    page = where.with_suffix(".page.html")
    page.write_text(frame_page(report, width, height, measure=False), encoding="utf-8")
    _run(binary, page, width, height, dark, f"--screenshot={where}")
    image = png.read(where, width, height)
    png.write(image, where)
    return image


def measure(binary: str, report: str, where: Path, width: int, height: int, dark: bool) -> Any:
    """The report's layout in a ``width`` × ``height`` viewport, as the frame's script saw it."""
    where.write_text(frame_page(report, width, height, measure=True), encoding="utf-8")
    dom = _run(binary, where, width, height, dark, "--virtual-time-budget=10000", "--dump-dom")
    found = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S)
    assert found and found.group(1), f"the measuring script wrote nothing: {dom[-500:]}"
    return json.loads(html.unescape(found.group(1)))
