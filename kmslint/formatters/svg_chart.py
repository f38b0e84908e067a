"""An inline SVG line chart of monthly cost over the horizon: one line per key and the total.

Coordinates are computed with Decimal (no float anywhere near money). Keys beyond the
``MAX_KEYS`` most expensive ones (by their last month) are drawn as one "other keys" line so
the chart stays readable; every point has a ``<title>`` tooltip with its exact cost.

The chart scales with its box (a ``viewBox``, ``width:100%; height:auto``) and comes in two
layouts: ``WIDE`` for screens and ``NARROW`` for phones, whose text stays readable at 390 px
(the page shows one of them by a media query). Colours are classes (``c0``…, ``total``,
``grid``, ``tick``) that the page's style sheet maps to its light or dark palette.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from kmslint.formatters.overview import grouped_money

MAX_KEYS = 8
COLORS = 9  # c0…c8; the last one is the folded "other keys" line
TICKS = 5
CHAR_WIDTH = Decimal("0.62")  # a digit's width in ems, a little more than sans-serif's
# Axis tops whose fifths are round too: 1.5 gives ticks of 0.3, 4 of 0.8, 7.5 of 1.5.
_STEPS = tuple(Decimal(s) for s in ("1", "1.5", "2", "2.5", "3", "4", "5", "6", "7.5", "8", "10"))


@dataclass(frozen=True)
class Layout:
    """The chart's size in viewBox units and its text, for one kind of screen."""

    name: str
    width: int
    height: int
    font: int
    max_labels: int  # month labels along the axis at most
    right: int = 16
    top: int = 16
    bottom: int = 44


WIDE = Layout("wide", 760, 340, 12, 12)
NARROW = Layout("narrow", 360, 300, 13, 6, right=12)


@dataclass
class Series:
    label: str
    values: list[Decimal]
    color: str  # a class: ``c0``… or ``total``
    total: bool = False


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8 × 10^k that is at least ``value`` (1 for zero)."""
    if value <= 0:
        return Decimal(1)
    scale = Decimal(10) ** value.adjusted()
    return next(step * scale for step in _STEPS if step * scale >= value)


def _coord(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def choose_series(keys: list[tuple[str, list[Decimal]]], total: list[Decimal]) -> list[Series]:
    """The total, the most expensive keys, and the rest folded into one line."""
    ranked = sorted(keys, key=lambda item: item[1][-1] if item[1] else Decimal(0), reverse=True)
    shown, rest = ranked[:MAX_KEYS], ranked[MAX_KEYS:]
    series = [Series("Total", total, "total", total=True)]
    series += [Series(label, values, f"c{i}") for i, (label, values) in enumerate(shown)]
    if rest:
        folded = [
            sum(column, Decimal(0)) for column in zip(*(values for _, values in rest), strict=True)
        ]
        series.append(Series(f"{len(rest)} other keys", folded, f"c{COLORS - 1}"))
    return series


def tick_label(value: Decimal, top: Decimal) -> str:
    """An axis label: whole dollars when every tick is whole (``$2,000``), else cents when
    they are whole cents, else every decimal (``$0.012``)."""
    step = top / TICKS
    if step == step.to_integral_value():
        return "$" + f"{int(value):,}"
    if step * 100 == (step * 100).to_integral_value():
        return grouped_money(value.quantize(Decimal("0.01")))
    return grouped_money(value)


def month_labels(months: int, most: int) -> list[int]:
    """Months labelled on the axis: the last one always, then every n-th back to month 1."""
    every = max(1, -(-months // most))
    shown = list(range(months, 0, -every))
    if shown[-1] != 1:  # month 1 too: beside the others, or instead of one too close to it
        shown[-1 if (shown[-1] - 1) * 2 <= every else len(shown) :] = [1]
    return sorted(shown)


class Chart:
    def __init__(self, months: int, top: Decimal, layout: Layout) -> None:
        self.months, self.top, self.layout = months, top, layout
        longest = max(len(tick_label(top * i / TICKS, top)) for i in range(TICKS + 1))
        self.left = int(CHAR_WIDTH * layout.font * longest) + 10  # labels never clipped
        last = int(CHAR_WIDTH * layout.font * len(str(months))) // 2 + 4  # centred under the end
        self.right = max(layout.right, last)
        self.plot_w = Decimal(layout.width - self.left - self.right)
        self.plot_h = Decimal(layout.height - layout.top - layout.bottom)

    def x(self, month: int) -> Decimal:
        if self.months == 1:
            return self.left + self.plot_w / 2
        return self.left + self.plot_w * (month - 1) / (self.months - 1)

    def y(self, value: Decimal) -> Decimal:
        return self.layout.top + self.plot_h - self.plot_h * value / self.top

    def grid(self) -> list[str]:
        font, right = self.layout.font, self.layout.width - self.right
        parts = []
        for i in range(TICKS + 1):
            value = self.top * i / TICKS
            y = _coord(self.y(value))
            parts.append(f'<line class="grid" x1="{self.left}" y1="{y}" x2="{right}" y2="{y}"/>')
            parts.append(
                f'<text class="tick" x="{self.left - 6}" y="{y}" font-size="{font}" '
                f'text-anchor="end" dominant-baseline="middle">{escape(tick_label(value, self.top))}</text>'
            )
        base = self.layout.height - self.layout.bottom + font + 6
        for month in month_labels(self.months, self.layout.max_labels):
            parts.append(
                f'<text class="tick" x="{_coord(self.x(month))}" y="{base}" font-size="{font}" '
                f'text-anchor="middle">{month}</text>'
            )
        middle = self.left + int(self.plot_w) // 2
        parts.append(
            f'<text class="axis" x="{middle}" y="{self.layout.height - 6}" '
            f'font-size="{font}" text-anchor="middle">month</text>'
        )
        return parts

    def line(self, series: Series) -> list[str]:
        points = [(self.x(m + 1), self.y(v), v) for m, v in enumerate(series.values)]
        width = "3" if series.total else "2"
        dash = ' stroke-dasharray="6 3"' if series.total else ""
        path = " ".join(f"{_coord(x)},{_coord(y)}" for x, y, _ in points)
        parts = [f'<g class="series {series.color}"><title>{escape(series.label)}</title>']
        parts.append(f'<polyline fill="none" stroke-width="{width}"{dash} points="{path}"/>')
        radius = "3" if self.months <= 24 else "2"
        for month, (x, y, value) in enumerate(points, start=1):
            tip = escape(f"{series.label}, month {month}: {grouped_money(value)}")
            parts.append(
                f'<circle cx="{_coord(x)}" cy="{_coord(y)}" r="{radius}"><title>{tip}</title></circle>'
            )
        return parts + ["</g>"]


def svg(series: list[Series], months: int, title: str, layout: Layout = WIDE) -> str:
    """The chart as an ``<svg>`` element (with a ``<title>`` for screen readers)."""
    peak = max((v for s in series for v in s.values), default=Decimal(0))
    chart = Chart(max(months, 1), nice_ceiling(peak), layout)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {layout.name}" '
        f'viewBox="0 0 {layout.width} {layout.height}" preserveAspectRatio="xMidYMid meet" '
        f'style="width:100%;max-width:100%;height:auto" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        *chart.grid(),
    ]
    for item in reversed(series):  # the total is drawn last, on top
        parts += chart.line(item)
    return "\n".join(parts + ["</svg>"])


def legend(series: list[Series]) -> str:
    items = [
        f'<li><span class="swatch {s.color}"></span>{escape(s.label)}: '
        f"{escape(grouped_money(s.values[0]) if s.values else '$0.00')} → "
        f"{escape(grouped_money(s.values[-1]) if s.values else '$0.00')}</li>"
        for s in series
    ]
    return '<ul class="legend">' + "".join(items) + "</ul>"
