"""The HTML report's style sheet: colours as CSS variables, light by default, dark when the
reader's system asks for it (``prefers-color-scheme: dark``); the chart's lines, grid and text
use the same variables. Tables scroll inside their own box on a narrow screen, so the page
never scrolls sideways; the narrow chart layout replaces the wide one below 640 px.
"""

from __future__ import annotations

LIGHT = (
    "--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--head:#f6f8fa;--panel:#f6f8fa;"
    "--link:#0969da;--error:#b00020;--warning:#9a5b00;--info:#0550ae;--grid:#e1e4e8;"
    "--total:#1f2328;--c0:#1f77b4;--c1:#e8710a;--c2:#2ca02c;--c3:#d62728;--c4:#9467bd;"
    "--c5:#8c564b;--c6:#d4459c;--c7:#10a3b8;--c8:#7f7f7f;color-scheme:light dark"
)
DARK = (
    "--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;--head:#161b22;--panel:#161b22;"
    "--link:#4493f8;--error:#ff7b72;--warning:#e3b341;--info:#79c0ff;--grid:#30363d;"
    "--total:#f0f6fc;--c0:#58a6ff;--c1:#ffa657;--c2:#56d364;--c3:#ff7b72;--c4:#d2a8ff;"
    "--c5:#e0a676;--c6:#ff9bce;--c7:#39d0d8;--c8:#9198a1"
)
SERIES = "".join(
    f".c{i}{{stroke:var(--c{i});fill:var(--c{i});background:var(--c{i})}}" for i in range(9)
)
STYLE = f"""
:root{{{LIGHT}}}
@media (prefers-color-scheme: dark){{:root{{{DARK}}}}}
*{{box-sizing:border-box}}
html{{background:var(--bg)}}
body{{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:1.5rem;
max-width:1100px;background:var(--bg);color:var(--fg);line-height:1.45}}
a{{color:var(--link)}}
h1{{font-size:1.5rem;margin:0 0 .4rem}}h2{{font-size:1.2rem;margin:1.6rem 0 .6rem}}
.verdict{{font-size:1.1rem;font-weight:600;margin:.4rem 0}}
.meta{{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem .8rem;margin:.6rem 0;
color:var(--muted);font-size:.85rem}}.meta dt{{font-weight:600}}.meta dd{{margin:0;overflow-wrap:anywhere}}
.totals{{font-size:1.2rem;margin:.3rem 0}}.notice{{color:var(--muted);font-size:.9rem}}.incomplete{{color:var(--error)}}
figure{{margin:1rem 0;padding:.5rem;border:1px solid var(--border);border-radius:6px;max-width:900px}}
figcaption{{color:var(--muted);font-size:.85rem}}
svg.chart{{display:block;width:100%;max-width:100%;height:auto}}svg.chart.narrow{{display:none}}
svg.chart text{{font-family:system-ui,sans-serif}}
.tick{{fill:var(--muted)}}.axis{{fill:var(--fg)}}.grid{{stroke:var(--grid);stroke-width:1}}
.series polyline{{fill:none}}.series.total{{stroke:var(--total);fill:var(--total)}}
{SERIES}
.legend{{list-style:none;padding:0;margin:.5rem 0;font-size:.85rem}}
.legend li{{display:inline-block;margin:0 1.2rem .2rem 0;overflow-wrap:anywhere}}
.swatch{{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle;
border-radius:2px}}.swatch.total{{background:var(--total)}}
.scroll{{max-width:100%;overflow-x:auto}}
table{{border-collapse:collapse;margin:.5rem 0;font-size:.875rem}}
th,td{{border:1px solid var(--border);padding:.3rem .5rem;text-align:left;vertical-align:top}}
th{{background:var(--head)}}td{{overflow-wrap:break-word}}
td.num,th.num{{text-align:right;font-variant-numeric:tabular-nums}}td.num{{white-space:nowrap}}
details{{border:1px solid var(--border);border-radius:6px;margin:.4rem 0;background:var(--bg)}}
details>summary{{cursor:pointer;padding:.45rem .7rem;background:var(--panel);border-radius:6px;
overflow-wrap:anywhere}}
details[open]>summary{{border-bottom:1px solid var(--border);border-radius:6px 6px 0 0}}
details>.body{{padding:.3rem .7rem .6rem}}details details{{margin:.4rem 0}}
.count{{font-variant-numeric:tabular-nums;color:var(--muted)}}
.sev{{font-weight:700;text-transform:uppercase;font-size:.75rem;letter-spacing:.03em}}
.error{{color:var(--error)}}.warning{{color:var(--warning)}}.info{{color:var(--info)}}
@media (max-width:640px){{
body{{padding:1rem}}h1{{font-size:1.25rem}}
svg.chart.wide{{display:none}}svg.chart.narrow{{display:block}}
figure{{padding:.25rem}}th,td{{padding:.25rem .35rem}}
}}
"""
