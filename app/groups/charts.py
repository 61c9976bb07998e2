"""Lay out the dashboard's bar chart so every label stays inside the picture.

Pure arithmetic: text widths are estimated generously (no font metrics on the
server), and the picture is made as wide as its longest label needs; the
browser scales the whole picture to the page.
"""

from dataclasses import dataclass

#: an upper bound of a character's width in em for the page's sans-serif fonts
EM_PER_CHAR = 0.68
NAME_FONT = 15
VALUE_FONT = 13
BAR = 14  #: height of one bar
ROW = 2 * BAR + 14  #: two bars and the gap below them
GAP = 8  #: between a label and its bar


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    value: int
    label_x: float


@dataclass(frozen=True)
class ChartRow:
    name: str
    name_y: int
    bars: tuple[Bar, Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    name_x: float  #: where names end (they are right-aligned to their bars)
    bar_x: float
    rows: list[ChartRow]
    name_font: int = NAME_FONT
    value_font: int = VALUE_FONT
    bar: int = BAR


def text_width(text: str, font: int) -> float:
    return len(text) * font * EM_PER_CHAR


def paired_bars(rows: list[tuple[str, int, int]], bar_space: int = 520) -> Chart:
    """Return a chart of two bars per named row, scaled to the largest value."""
    most = max((max(a, b) for _n, a, b in rows), default=0)
    name_width = max((text_width(n, NAME_FONT) for n, _a, _b in rows), default=0)
    bar_x = round(name_width + 2 * GAP)
    value_width = text_width(str(most), VALUE_FONT)
    width = round(bar_x + bar_space + GAP + value_width + GAP)

    def bar(y: int, value: int) -> Bar:
        length = round(value / most * bar_space, 1) if most else 0
        return Bar(y, length, value, round(bar_x + length + GAP / 2, 1))

    laid = []
    for index, (name, first, second) in enumerate(rows):
        top = index * ROW + GAP
        laid.append(
            ChartRow(
                name,
                top + BAR + NAME_FONT // 3,
                (bar(top, first), bar(top + BAR, second)),
            )
        )
    return Chart(
        width=width,
        height=len(rows) * ROW + GAP,
        name_x=bar_x - GAP,
        bar_x=bar_x,
        rows=laid,
    )
