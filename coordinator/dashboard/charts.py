"""Chart geometry for server-side SVG: the templates draw, this computes where.

No chart library and no CDN: the service must work with no internet, and SVG made on the server
is readable by screen readers (each chart also has its table and CSV).
"""

import textwrap
from dataclasses import dataclass

CHAR_WIDTH = 7  # about 7 px a character at the chart's 13 px font
LINE_HEIGHT = 15


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: float
    width: float
    lines: tuple[str, ...] = ()  # the label wrapped to fit beside the bar, never clipped


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: float
    width: float
    label_width: float


def bar_chart(
    rows: list[tuple[str, float]], *, width: float = 640, bar_height: float = 22
) -> BarChart:
    """Horizontal bars scaled to the largest value, with room for the longest label.

    The labels take at most half the chart; a longer label wraps onto more lines (and its row
    grows) instead of being cut off at the chart's edge.
    """
    longest = max((len(str(label)) for label, _ in rows), default=10)
    label_width = min(longest * CHAR_WIDTH + 12, width / 2)
    per_line = max(int((label_width - 12) // CHAR_WIDTH), 8)
    largest = max((value for _, value in rows), default=0) or 1
    room = width - label_width - 40
    bars, y = [], 0.0
    for label, value in rows:
        lines = tuple(textwrap.wrap(str(label), per_line)) or ("",)
        bars.append(Bar(label, value, y=y, width=room * value / largest, lines=lines))
        y += max(bar_height, len(lines) * LINE_HEIGHT + 4) + 6
    return BarChart(
        bars,
        height=max(y, bar_height),
        width=width,
        label_width=label_width,
    )


@dataclass(frozen=True)
class StepChart:
    path: str
    width: float
    height: float
    max_day: int
    ticks: list[tuple[float, str]]  # (x, label) for the month marks


def survival_chart(
    curve: list[tuple[int, float]],
    *,
    width: float = 560,
    height: float = 220,
    horizon_days: int = 730,
) -> StepChart:
    """A step line of the share of matches still running, day 0 to `horizon_days`."""

    def x(day: int) -> float:
        return round(40 + (width - 50) * min(day, horizon_days) / horizon_days, 1)

    def y(share: float) -> float:
        return round(10 + (height - 40) * (1 - share), 1)

    points = [f"M{x(0)},{y(1.0)}"]
    share = 1.0
    for day, new_share in curve[1:]:
        if day > horizon_days:
            break
        points.append(f"H{x(day)}")
        points.append(f"V{y(new_share)}")
        share = new_share
    points.append(f"H{x(horizon_days)}")
    del share
    ticks = [(x(round(months * 30.44)), f"{months}") for months in (0, 3, 6, 12, 18, 24)]
    return StepChart(" ".join(points), width, height, horizon_days, ticks)
