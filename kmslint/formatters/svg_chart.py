"""An inline SVG line chart of monthly cost over the horizon: one line per key and the total.

Coordinates are computed with Decimal (no float anywhere near money). Keys beyond the
``MAX_KEYS`` most expensive ones (by their last month) are drawn as one "other keys" line so
the chart stays readable; every point has a ``<title>`` tooltip with its exact cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from kmslint.money import money_display

WIDTH, HEIGHT = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 72, 20, 20, 40
MAX_KEYS = 8
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
)
TOTAL_COLOR = "#111111"
TICKS = 5
TICK_FONT = 'font-family="sans-serif" font-size="11" fill="#555555"'
AXIS_FONT = 'font-family="sans-serif" font-size="12" fill="#333333"'
_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


@dataclass
class Series:
    label: str
    values: list[Decimal]
    color: str
    total: bool = False


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least ``value`` (1 for zero)."""
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
    series = [Series("Total", total, TOTAL_COLOR, total=True)]
    series += [
        Series(label, values, PALETTE[i % len(PALETTE)]) for i, (label, values) in enumerate(shown)
    ]
    if rest:
        folded = [
            sum(column, Decimal(0)) for column in zip(*(values for _, values in rest), strict=True)
        ]
        series.append(Series(f"{len(rest)} other keys", folded, PALETTE[-1]))
    return series


class Chart:
    def __init__(self, months: int, top: Decimal) -> None:
        self.months, self.top = months, top
        self.plot_w = Decimal(WIDTH - LEFT - RIGHT)
        self.plot_h = Decimal(HEIGHT - TOP - BOTTOM)

    def x(self, month: int) -> Decimal:
        if self.months == 1:
            return LEFT + self.plot_w / 2
        return LEFT + self.plot_w * (month - 1) / (self.months - 1)

    def y(self, value: Decimal) -> Decimal:
        return TOP + self.plot_h - self.plot_h * value / self.top

    def grid(self) -> list[str]:
        parts = []
        for i in range(TICKS + 1):
            value = self.top * i / TICKS
            y = _coord(self.y(value))
            parts.append(
                f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#dddddd" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{LEFT - 8}" y="{y}" {TICK_FONT} text-anchor="end" '
                f'dominant-baseline="middle">{escape(money_display(value))}</text>'
            )
        every = max(1, -(-self.months // 12))
        for month in range(1, self.months + 1):
            if (month - 1) % every == 0 or month == self.months:
                x = _coord(self.x(month))
                parts.append(
                    f'<text x="{x}" y="{HEIGHT - BOTTOM + 18}" {TICK_FONT} text-anchor="middle">{month}</text>'
                )
        parts.append(
            f'<text x="{LEFT + int(self.plot_w) // 2}" y="{HEIGHT - 4}" {AXIS_FONT} text-anchor="middle">month</text>'
        )
        return parts

    def line(self, series: Series) -> list[str]:
        points = [(self.x(m + 1), self.y(v), v) for m, v in enumerate(series.values)]
        width = "3" if series.total else "2"
        dash = ' stroke-dasharray="6 3"' if series.total else ""
        path = " ".join(f"{_coord(x)},{_coord(y)}" for x, y, _ in points)
        parts = [f'<g class="series"><title>{escape(series.label)}</title>']
        parts.append(
            f'<polyline fill="none" stroke="{series.color}" stroke-width="{width}"{dash} points="{path}"/>'
        )
        for month, (x, y, value) in enumerate(points, start=1):
            tip = escape(f"{series.label}, month {month}: {money_display(value)}")
            parts.append(
                f'<circle cx="{_coord(x)}" cy="{_coord(y)}" r="3" fill="{series.color}"><title>{tip}</title></circle>'
            )
        return parts + ["</g>"]


def svg(series: list[Series], months: int, title: str) -> str:
    """The chart as an ``<svg>`` element (with a ``<title>`` for screen readers)."""
    peak = max((v for s in series for v in s.values), default=Decimal(0))
    chart = Chart(max(months, 1), nice_ceiling(peak))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        *chart.grid(),
    ]
    for item in reversed(series):  # the total is drawn last, on top
        parts += chart.line(item)
    return "\n".join(parts + ["</svg>"])


def legend(series: list[Series]) -> str:
    items = [
        f'<li><span class="swatch" style="background:{s.color}"></span>{escape(s.label)}: '
        f"{escape(money_display(s.values[0]) if s.values else '$0.00')} → "
        f"{escape(money_display(s.values[-1]) if s.values else '$0.00')}</li>"
        for s in series
    ]
    return '<ul class="legend">' + "".join(items) + "</ul>"
