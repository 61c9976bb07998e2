"""Read a municipality's street list from a CSV file, as staff upload it.

Pure: bytes in, street names out (no Flask, no database). The common shapes
are read: one column of names, or a header row with a column named like
"straatnaam" / "street" / "name" (the Flemish address register's export);
UTF-8 with or without BOM (a file saved by Excel in Windows-1252 is read too);
";", "," or tab between the columns.
"""

import csv
import io
from enum import StrEnum

from app.groups.logic import listed_street_key

MAX_BYTES = 2 * 1024 * 1024  #: the largest file read
MAX_NAMES = 20_000  #: more streets than any Flemish municipality has
MAX_NAME = 120  #: as long as a sign-up's street may be
#: header cells that name the column of street names, best first
NAME_HEADERS = ("straatnaam", "straat", "street", "streetname", "name", "naam", "nom")


class Refusal(StrEnum):
    """Why a file is not read as a street list."""

    TOO_LARGE = "too_large"
    NOT_TEXT = "not_text"
    EMPTY = "empty"
    NO_NAME_COLUMN = "no_name_column"
    TOO_MANY = "too_many"
    NAME_TOO_LONG = "name_too_long"


class StreetFileError(ValueError):
    def __init__(self, refusal: Refusal, line: int | None = None):
        super().__init__(refusal.value)
        self.refusal = refusal
        self.line = line


def _text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise StreetFileError(Refusal.TOO_LARGE)
    if b"\x00" in data:  # a spreadsheet, a picture: not a CSV file
        raise StreetFileError(Refusal.NOT_TEXT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise StreetFileError(Refusal.NOT_TEXT) from None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def _header(cell: str) -> str:
    return "".join(c for c in cell.casefold() if c.isalnum())


def _name_column(row: list[str]) -> int | None:
    """Return which column of a header row holds the street names, if any."""
    cells = [_header(cell) for cell in row]
    for wanted in NAME_HEADERS:
        if wanted in cells:
            return cells.index(wanted)
    for i, cell in enumerate(cells):  # "Straatnaam (NL)", "straatnaam_nl"
        if cell.startswith("straatnaam"):
            return i
    return None


def street_names(data: bytes) -> list[str]:
    """Return the street names of an uploaded CSV file, each street once (the
    first spelling of a key), in the file's order; StreetFileError if the file
    is not a street list."""
    text = _text(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise StreetFileError(Refusal.EMPTY)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first))
    try:
        rows = [(reader.line_num, r) for r in reader if any(c.strip() for c in r)]
    except csv.Error:  # a field past the csv module's limit: not a street list
        raise StreetFileError(Refusal.NOT_TEXT) from None
    if not rows:
        raise StreetFileError(Refusal.EMPTY)
    column = _name_column(rows[0][1])
    if column is not None:
        rows = rows[1:]
    elif max(len(row) for _line, row in rows) == 1:
        column = 0
    else:
        raise StreetFileError(Refusal.NO_NAME_COLUMN)
    names: dict[str, str] = {}
    for line, row in rows:
        name = " ".join(row[column].split()) if column < len(row) else ""
        if len(name) > MAX_NAME:
            raise StreetFileError(Refusal.NAME_TOO_LONG, line)
        key = listed_street_key(name)
        if key and key not in names:
            names[key] = name
            if len(names) > MAX_NAMES:
                raise StreetFileError(Refusal.TOO_MANY)
    if not names:
        raise StreetFileError(Refusal.EMPTY)
    return list(names.values())
