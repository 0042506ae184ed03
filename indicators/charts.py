"""Server-rendered SVG trend charts of any indicator: the council against England, its region
and its neighbours.

`build_trend_chart(summary)` works out every coordinate in Python; the template
(indicators/includes/_trend_chart.html, via `{% trend_chart summary %}`) only prints them, so
charts need no JavaScript and print as they look. Each series has its own colour, dash pattern
and marker shape, so colour is never the only way to tell them apart; the same numbers are in a
table beside every chart.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

SIZES = {False: (640, 300), True: (400, 220)}
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 20, 16, 36
MAX_X_LABELS = {False: 7, True: 5}
# Axis labels are at least 12px (9pt) wherever the chart is shown: the chart scales down with
# its column only as far as its narrowest width (see .app-trend__svg in the stylesheet), and
# scrolls sideways in its own region below that. LABEL_FONT_SIZE * MIN_WIDTH / width >= 12.
LABEL_FONT_SIZE = 15
MIN_LABEL_PX = 12


@dataclass(frozen=True)
class Style:
    colour: str
    dash: str
    width: float
    marker: str


# All at least 3:1 against white (WCAG 1.4.11).
STYLES = {
    "own": Style("#1d70b8", "", 3, "circle"),
    "england": Style("#0b0c0c", "8 4", 2, "square"),
    "region": Style("#00703c", "2 3", 2.5, "triangle"),
    "neighbours": Style("#912b88", "10 3 2 3", 2, "diamond"),
}


def marker_path(shape: str, x: float, y: float, r: float = 4.5) -> str:
    if shape == "square":
        return f"M{x - r:.1f},{y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}z"
    if shape == "triangle":
        return f"M{x:.1f},{y - r - 1:.1f}L{x + r + 1:.1f},{y + r:.1f}L{x - r - 1:.1f},{y + r:.1f}z"
    if shape == "diamond":
        r += 1
        return f"M{x:.1f},{y - r:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r:.1f}L{x - r:.1f},{y:.1f}z"
    return f"M{x - r:.1f},{y:.1f}a{r},{r} 0 1,0 {2 * r:.1f},0a{r},{r} 0 1,0 {-2 * r:.1f},0z"


@dataclass
class Series:
    key: str
    label: str
    style: Style
    segments: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)

    @property
    def legend_line(self) -> str:
        return "M2,8H38"

    @property
    def legend_marker(self) -> str:
        return marker_path(self.style.marker, 20, 8)


@dataclass
class TrendChart:
    summary: object
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    series: list[Series]
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    y_label: str
    font_size: int = LABEL_FONT_SIZE

    @property
    def min_width(self) -> int:
        """The narrowest the chart may be drawn with its labels still 12px or more."""
        return math.ceil(self.width * MIN_LABEL_PX / self.font_size)

    @property
    def metric(self):
        return self.summary.metric

    @property
    def dom_id(self) -> str:
        return f"trend-{self.summary.local_authority.dfe_code}-{self.metric.slug}"

    @property
    def title(self) -> str:
        summary = self.summary
        who = summary.local_authority.name
        if summary.has_comparators:
            who += f" against England, {summary.region_name or 'its region'} and its statistical "
            who += "neighbours"
        return f"{self.metric.name}: {who}, {summary.dates}" if summary.dates else self.metric.name

    @property
    def description(self) -> str:
        return f"{self.summary.sentence} The table of figures gives every value."

    @property
    def middle_x(self) -> int:
        return (self.left + self.right) // 2

    @property
    def middle_y(self) -> int:
        return (self.top + self.bottom) // 2

    @property
    def is_empty(self) -> bool:
        return not any(series.markers for series in self.series)


def nice_step(top: float, ticks: int = 5) -> float:
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power  # pragma: no cover


def _tick_label(metric, value: float, step: float) -> str:
    places = 0 if step >= 1 else 1 if step * 10 >= 1 else 2
    return f"{value:,.{places}f}{metric.unit_suffix}"


def build_trend_chart(summary, small: bool = False) -> TrendChart:
    width, height = SIZES[small]
    left, top = MARGIN_LEFT, MARGIN_TOP
    right, bottom = width - MARGIN_RIGHT, height - MARGIN_BOTTOM
    metric = summary.metric
    figures = summary.figures

    columns = [("own", summary.local_authority.name, lambda f: f.own)]
    if summary.has_comparators:
        columns += [
            ("england", "England", lambda f: f.england),
            ("region", summary.region_name or "Region", lambda f: f.region),
            ("neighbours", "Statistical neighbours (average)", lambda f: f.neighbours),
        ]

    values: list[Decimal] = []
    for figure in figures:
        for _key, _label, pick in columns:
            item = pick(figure)
            if item is not None and item.value is not None:
                values.append(item.value)
    highest = float(max(values)) if values else 0
    lowest = min(0.0, float(min(values))) if values else 0
    span = max(highest, 0) - lowest
    step = nice_step(span) if span else 1
    y_max = step * max(1, math.ceil(highest / step)) if highest > 0 else 0
    y_min = step * math.floor(lowest / step) if lowest < 0 else 0
    if y_max == y_min:
        y_max = y_min + step

    def y_of(value) -> float:
        return bottom - ((float(value) - y_min) / (y_max - y_min)) * (bottom - top)

    days = [figure.date.toordinal() for figure in figures]
    first, last = (min(days), max(days)) if days else (0, 0)
    pad = 16

    def x_of(day) -> float:
        if last == first:
            return (left + right) / 2
        return left + pad + (day.toordinal() - first) / (last - first) * (right - left - 2 * pad)

    series = []
    for key, label, pick in columns:
        item = Series(key=key, label=label, style=STYLES[key])
        run: list[str] = []
        for figure in figures:
            point = pick(figure)
            if point is None or point.value is None:
                if len(run) > 1:
                    item.segments.append(" ".join(run))
                run = []
                continue
            x, y = x_of(figure.date), y_of(point.value)
            run.append(f"{x:.1f},{y:.1f}")
            item.markers.append(marker_path(item.style.marker, x, y))
        if len(run) > 1:
            item.segments.append(" ".join(run))
        series.append(item)

    tick_count = int(round((y_max - y_min) / step))
    y_ticks = [
        (y_of(y_min + step * i), _tick_label(metric, y_min + step * i, step))
        for i in range(tick_count + 1)
    ]
    every = max(1, math.ceil(len(figures) / MAX_X_LABELS[small]))
    x_ticks = [
        (x_of(figure.date), figure.label if metric.is_published else f"{figure.date:%b %Y}")
        for index, figure in enumerate(figures)
        if index % every == 0 or index == len(figures) - 1
    ]
    return TrendChart(
        summary=summary,
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        series=series,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        y_label=metric.unit_label,
    )
