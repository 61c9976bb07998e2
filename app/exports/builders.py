"""Turn rows into CSV or XLSX files that no spreadsheet evaluates (see logic)."""

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from app.exports.logic import csv_cell, xlsx_cell


def to_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """Return UTF-8 CSV with a BOM, so spreadsheet programs read accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([csv_cell(str(h)) for h in header])
    for row in rows:
        writer.writerow([csv_cell("" if v is None else v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(
    header: Sequence[str], rows: Sequence[Sequence[object]], title: str
) -> bytes:
    """Return an XLSX workbook with one sheet; every string is a text cell."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Export"
    for row in [[str(h) for h in header], *rows]:
        sheet.append([xlsx_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with "="
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
