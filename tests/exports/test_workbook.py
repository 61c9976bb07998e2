"""The XLSX exports as staff open them: a summary and a detail sheet, a bold,
frozen, filterable header, widths that fit, real dates, numbers as numbers,
text as typed and print settings for A4."""

import io
import zipfile
from datetime import datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.exports.logic import BOLD
from app.extensions import db
from app.groups.logic import in_brussels
from app.groups.models import Signup
from tests.support.signups import HOSTILE


@pytest.fixture
def workbook(staff):
    response = staff.get("/municipality/export/contacts.xlsx?lang=en")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data)), response.data


def width_of(sheet, column: int) -> float:
    """Return a column's width; a <col> element may cover several columns."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= column <= dimension.max and dimension.customWidth:
            return dimension.width
    raise AssertionError(f"column {column} of {sheet.title} has no width")


def _rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_a_summary_sheet_and_the_sign_ups_it_opens_on(workbook):
    book, _data = workbook
    assert book.sheetnames == ["Purchase groups", "Sign-ups"]
    assert book.active.title == "Sign-ups"
    summary = _rows(book["Purchase groups"])
    assert summary[0][:6] == [
        "Measure",
        "Street",
        "When?",
        "Households",
        "Households needed",
        "Type of home",
    ]
    sizes = [row[3] for row in summary[1:]]
    assert sizes and all(isinstance(n, int) for n in sizes)  # numbers, not text
    assert {row[5] for row in summary[1:]} == {"Row house 3"}  # words, not row_house


def test_the_header_is_bold_frozen_filterable_and_fits(workbook):
    book, _data = workbook
    for sheet in book.worksheets:
        header = next(sheet.iter_rows(max_row=1))
        assert all(cell.font.b for cell in header), sheet.title
        assert all(cell.alignment.wrap_text for cell in header)
        assert sheet.freeze_panes == "A2"
        last = header[-1].column_letter
        assert sheet.auto_filter.ref == f"A1:{last}{max(sheet.max_row, 2)}"
        for cell in header:
            width = width_of(sheet, cell.column)
            longest_word = max(len(w) for w in cell.value.split())
            assert width >= longest_word * BOLD, (cell.value, width)
        lines = sheet.row_dimensions[1].height / 15
        assert lines >= 1


def test_values_fit_their_columns(workbook):
    book, _data = workbook
    sheet = book["Sign-ups"]
    rows = _rows(sheet)
    for at, header in enumerate(rows[0]):
        width = width_of(sheet, at + 1)
        longest = max(len(str(row[at])) for row in rows[1:] if row[at] is not None)
        if header in ("Consent given on", "Last changed"):
            longest = len("2026-12-01 19:30")
        assert width >= min(longest, 40), (header, width, longest)


def test_dates_are_dates_in_brussels_time(workbook):
    book, _data = workbook
    sheet = book["Sign-ups"]
    rows = _rows(sheet)
    at = rows[0].index("Consent given on")
    cells = [row[at] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.is_date and isinstance(cell.value, datetime) for cell in cells)
    first = db.session.scalars(sa.select(Signup).order_by(Signup.id)).first()
    local = in_brussels(first.consented_at).replace(tzinfo=None)
    assert abs((cells[0].value - local).total_seconds()) < 1
    assert "yyyy-mm-dd hh:mm" in cells[0].number_format


def test_text_is_as_typed_inert_and_without_apostrophes(workbook):
    book, data = workbook
    texts = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert HOSTILE["name"] in {cell.value for cell in texts}
    assert {cell.data_type for cell in texts} == {"s"}
    assert not [cell for cell in texts if cell.value.startswith("'")]
    assert not [cell for cell in texts if cell.quotePrefix]
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            xml = archive.read(name)
            assert b"<f>" not in xml and b"<f " not in xml, name  # no formula


def test_pages_print_landscape_one_page_wide_with_the_header(workbook):
    book, _data = workbook
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth in (None, 1)  # None: the default, 1
        assert sheet.page_setup.fitToHeight == 0  # as many pages down as needed
        assert sheet.print_title_rows == "$1:$1"


def test_the_workbook_says_what_it_is(workbook):
    book, _data = workbook
    assert book.properties.title == "Sign-ups for group purchases"
    assert book.properties.creator == "Klimaattafel"
    custom = {p.name: p.value for p in book.custom_doc_props.props}
    assert custom["Municipality"] == "Gent"
    assert custom["Exported"].endswith(("+01:00", "+02:00"))


def test_the_lekp_workbook_holds_numbers_per_measure_and_neighbourhood(staff):
    response = staff.get("/municipality/export/lekp.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["LEKP", "Per wijk", "Collectieve renovaties"]
    summary = _rows(book["LEKP"])
    assert summary[0][0] == "Maatregel"
    assert all(isinstance(v, int) for row in summary[1:] for v in row[1:])
    assert book["LEKP"].freeze_panes == "A2"
