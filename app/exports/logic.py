"""Spreadsheet cells: inert whatever was typed, and readable as it was typed.

A CSV file is parsed by whatever program opens it, and Excel, LibreOffice and
Google Sheets evaluate a cell that starts with = + - or @ (OWASP: CSV
injection); tab and carriage return count too, since some programs strip them
first. An XLSX cell, by contrast, carries its type: a text cell is never
evaluated, so it holds exactly what was typed.
"""

import re
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime

from app.groups.logic import in_brussels

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: a signed number is read as that number, not evaluated: house number "-4"
SIGNED_NUMBER = re.compile(r"[+-]\d+(?:[.,]\d+)?")
#: what an XLSX file cannot hold at all (control characters but tab and newlines)
NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Phone:
    """A phone number in international form, "+32 470 12 34 56"."""

    international: str

    def dialled(self) -> str:
        """Return it as dialled from Belgium: "0032 470 12 34 56".

        In a CSV file a leading "+" makes Excel read a formula ("+32 470 …" is
        an error, not a number), an apostrophe in front shows up in the cell,
        and `="+32 …"` is a formula again for every program that evaluates
        none. "00" is the international prefix in Belgium and most of the
        world: the same digits and grouping, dialable as they stand, and a
        cell that starts with a digit and holds spaces is text, leading zeros
        and all.
        """
        return "00" + self.international.removeprefix("+")


def csv_cell(value: object) -> object:
    """Return a CSV cell that no spreadsheet program evaluates."""
    if isinstance(value, Phone):
        return value.dialled()
    if (
        isinstance(value, str)
        and value.startswith(TRIGGERS)
        and not SIGNED_NUMBER.fullmatch(value)
    ):
        return "'" + value  # read as text; shown, since what was typed was a formula
    return value


def xlsx_cell(value: object) -> object:
    """Return an XLSX cell value: text as typed (its cell is typed text)."""
    if isinstance(value, Phone):
        return value.international
    if isinstance(value, str):
        return NOT_IN_XLSX.sub("", value)
    return value


def people_time(moment: datetime) -> str:
    """Return a stored moment (naive UTC) as "2026-12-01 19:30 +01:00", Brussels."""
    local = in_brussels(moment)
    return f"{local:%Y-%m-%d %H:%M} {local.isoformat()[-6:]}"


def file_stamp(moment: datetime) -> str:
    """Return a stored moment (naive UTC) for a file name: "20261201T183000Z"."""
    return moment.replace(tzinfo=UTC).strftime("%Y%m%dT%H%M%SZ")


TEXT, NUMBER, MOMENT, FLAG = "text", "number", "moment", "flag"
#: a bold header letter is about this much wider than a body letter
BOLD = 1.15


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, what it holds and how wide it is.

    Widths count characters of the sheet's body font. A column is never
    narrower than its header's longest word (headers wrap between words, never
    inside one), nor than `width`; it grows with its longest value up to
    `widest`, past which a value wraps in its cell instead of being cut.
    """

    header: str
    kind: str = TEXT
    width: int = 8
    widest: int = 40


def column_width(column: Column, longest_value: int) -> int:
    """Return a column's width for its header and its longest value."""
    word = max((len(w) for w in column.header.split()), default=0)
    return max(
        column.width,
        int(word * BOLD) + 2,
        min(column.widest, longest_value + 2),
    )


def header_lines(columns: list[Column], widths: list[int]) -> int:
    """Return how many lines the wrapped header row needs."""
    return max(
        (
            len(textwrap.wrap(c.header, max(1, int((w - 1) / BOLD))) or [""])
            for c, w in zip(columns, widths, strict=True)
        ),
        default=1,
    )


def shown_length(value: object) -> int:
    """Return how many characters a value takes in its cell."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16  # 2026-12-01 19:30
    if isinstance(value, Phone):
        return len(value.international)
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(text: str) -> str:
    """Return a worksheet name a spreadsheet accepts (31 characters, no []:*?/\\)."""
    return re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Sheet"


def local_moment(moment: datetime) -> datetime:
    """Return a stored moment (naive UTC) as a Brussels date and time for a cell."""
    return in_brussels(moment).replace(tzinfo=None)


def per_thousand(count: int, housing_units: int | None) -> float | None:
    """Return a count per 1,000 housing units to one decimal (half up); None
    (a blank cell) while the housing units are not known."""
    if not housing_units:
        return None
    tenths = (count * 10_000 * 2 + housing_units) // (housing_units * 2)
    return tenths / 10
