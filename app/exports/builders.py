"""Turn rows into CSV or XLSX files; every cell is neutralised against formulas."""

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from app.groups.logic import safe_cell


def to_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """Return UTF-8 CSV with a BOM, so spreadsheet programs read accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(str(h)) for h in header])
    for row in rows:
        writer.writerow([safe_cell("" if v is None else v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(
    header: Sequence[str], rows: Sequence[Sequence[object]], title: str
) -> bytes:
    """Return an XLSX workbook with one sheet; strings are never formulas."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Export"
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append([safe_cell("" if v is None else v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with '='
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
