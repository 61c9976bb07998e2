"""Write rows into CSV or XLSX files as they come, so memory stays flat.

Rows are read from the database in batches and written straight into a file
(XlsxWriter's constant-memory mode flushes each row); nothing holds the whole
table. Cells are made inert and readable in app.exports.logic.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO

import xlsxwriter

from app.exports.logic import (
    MOMENT,
    NUMBER,
    Column,
    Phone,
    column_width,
    csv_cell,
    header_lines,
    local_moment,
    people_time,
    sheet_title,
    shown_length,
    xlsx_cell,
)

#: never turn typed text into a formula, a number or a link
XLSX_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
A4 = 9  #: XlsxWriter's paper number for A4
LINE_HEIGHT = 15  #: points per line of the 11-point body font
MOMENT_LENGTH = len("2026-12-01 19:30")


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    active: bool = False  #: the sheet the workbook opens on


@dataclass(frozen=True)
class Properties:
    """What the workbook says about itself (File > Properties)."""

    title: str
    municipality: str
    exported_at: datetime  #: naive UTC, as stored
    exported_label: str  #: "Exported on", in the export's language


def write_csv(out: IO[bytes], columns: Sequence[Column], rows) -> int:
    """Write UTF-8 CSV with a BOM and `;`, as Flemish Excel reads it; return rows."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=";")
    writer.writerow([csv_cell(c.header) for c in columns])
    count = 0
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
        count += 1
    text.flush()
    text.detach()
    return count


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return people_time(value)
    return csv_cell(value)


def write_xlsx(out: IO[bytes], sheets: Sequence[Sheet], properties: Properties):
    """Write a workbook of these sheets; return how many rows each held."""
    workbook = xlsxwriter.Workbook(out, XLSX_OPTIONS)
    styles = _Styles(workbook)
    counts = [_write_sheet(workbook, styles, sheet, properties) for sheet in sheets]
    exported = people_time(properties.exported_at)
    workbook.set_properties(
        {
            "title": properties.title,
            "subject": properties.title,
            "author": "Klimaattafel",
            "company": properties.municipality,
            "created": properties.exported_at,
            "comments": f"{properties.exported_label}: {exported}",
        }
    )
    workbook.set_custom_property("Municipality", properties.municipality)
    workbook.set_custom_property("Exported", exported)
    workbook.close()
    return counts


class _Styles:
    def __init__(self, workbook) -> None:
        self.header = workbook.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "top",
                "bg_color": "#E3EFE6",
                "bottom": 2,
            }
        )
        self.moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.number = workbook.add_format({"num_format": "0.##"})


def _write_sheet(workbook, styles: _Styles, sheet: Sheet, properties) -> int:
    columns = list(sheet.columns)
    worksheet = workbook.add_worksheet(sheet_title(sheet.title))
    # Rows are flushed as they are written: the header's height comes first,
    # from the narrowest each column can be (data only makes columns wider).
    narrowest = [column_width(c, 0) for c in columns]
    worksheet.set_row(0, LINE_HEIGHT * header_lines(columns, narrowest) + 3)
    for at, column in enumerate(columns):
        worksheet.write_string(0, at, column.header, styles.header)
    writers = [_writer(worksheet, styles, column) for column in columns]
    longest = [0] * len(columns)
    count = 0
    for count, row in enumerate(sheet.rows, start=1):
        for at, value in enumerate(row):
            if value is None or value == "":
                continue
            length = writers[at](count, at, value)
            if length > longest[at]:
                longest[at] = length
    for at, column in enumerate(columns):
        worksheet.set_column(at, at, column_width(column, longest[at]))
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    _print_setup(worksheet, f"{properties.title} · {properties.municipality}")
    if sheet.active:
        worksheet.activate()
    return count


def _writer(worksheet, styles: _Styles, column: Column):
    """Return how a column writes a value: (row, column, value) -> its length."""

    def moment(row: int, at: int, value) -> int:
        if not isinstance(value, datetime):
            return text(row, at, value)
        worksheet.write_datetime(row, at, local_moment(value), styles.moment)
        return MOMENT_LENGTH

    def number(row: int, at: int, value) -> int:
        if not isinstance(value, int | float):
            return text(row, at, value)
        if isinstance(value, int):  # shown as it is, without a format of its own
            worksheet.write_number(row, at, value)
        else:
            worksheet.write_number(row, at, value, styles.number)
        return len(str(value))

    def text(row: int, at: int, value) -> int:
        if isinstance(value, Phone):
            value = value.international
        elif not isinstance(value, str):
            value = str(value)
        if not value.isprintable():  # a newline, or what a workbook cannot hold
            value = xlsx_cell(value)
            worksheet.write_string(row, at, value)
            return shown_length(value)
        worksheet.write_string(row, at, value)
        return len(value)

    return {MOMENT: moment, NUMBER: number}.get(column.kind, text)


def _print_setup(worksheet, title: str) -> None:
    """Landscape A4, one page wide, the header on every page, numbered pages."""
    worksheet.set_landscape()
    worksheet.set_paper(A4)
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(0)
    worksheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    worksheet.hide_gridlines(0)  # print the grid: rows stay readable on paper
    safe = title.replace("&", "&&")
    worksheet.set_header(f"&L{safe}")
    worksheet.set_footer("&R&P / &N")
