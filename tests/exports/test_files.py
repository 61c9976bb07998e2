"""Contact lists as staff download them: readable, dialable, and inert."""

import csv
import io
import re
import zipfile

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.exports.models import ExportAudit
from app.extensions import db
from app.groups.logic import in_brussels
from app.groups.models import Signup
from tests.exports.conftest import ODD
from tests.support.signups import HOSTILE
from tests.support.web import login

PEOPLE_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d")


def _column(rows, header: str) -> list:
    at = rows[0].index(header)
    return [row[at] for row in rows[1:]]


def test_xlsx_holds_text_as_typed_in_text_cells(staff):
    response = staff.get("/municipality/export/contacts.xlsx?lang=en")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.rows]
    assert _column(rows, "Name") == [HOSTILE["name"], ODD["name"], "+1+1"]
    assert _column(rows, "Phone number") == ["+32 470 12 34 56", "+31 6 12345678", None]
    assert _column(rows, "House number") == ["-4", "-2+3", "+12"]
    texts = [cell for row in sheet.rows for cell in row if isinstance(cell.value, str)]
    assert {cell.data_type for cell in texts} == {"s"}
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.data)).read(
        "xl/worksheets/sheet1.xml"
    )
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml  # not one formula
    assert "'" not in "".join(cell.value for cell in texts)


def test_csv_is_inert_and_the_numbers_stay_readable(staff):
    response = staff.get("/municipality/export/contacts.csv?lang=en")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert _column(rows, "Name") == ["'" + HOSTILE["name"], "'@SUM(A1)", "'+1+1"]
    # dialled from Belgium: no leading "+", so no spreadsheet reads a formula
    assert _column(rows, "Phone number") == ["0032 470 12 34 56", "0031 6 12345678", ""]
    assert _column(rows, "House number") == ["-4", "'-2+3", "+12"]
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in "=@\t\r" and c]
    assert not [c for c in cells if re.match(r"[+-](?!\d+$)", c)]


def test_dates_say_their_zone(staff):
    response = staff.get("/municipality/export/contacts.csv?lang=en")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True)), delimiter=";"))
    signups = db.session.scalars(sa.select(Signup).order_by(Signup.id)).all()
    given = _column(rows, "Consent given on")
    changed = _column(rows, "Last changed")
    assert all(PEOPLE_TIME.fullmatch(value) for value in given + changed)
    local = in_brussels(signups[0].consented_at)
    assert given[0].replace(" +", "+") == local.isoformat(" ", timespec="minutes")
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(
        r'attachment; filename="klimaattafel-contacten-\d{8}T\d{6}Z\.csv"',
        disposition,
    )


@pytest.mark.parametrize(
    "group", ["99999999999999999999", "2147483648", "٣", "-1", "1e3", "0x1"]
)
def test_a_group_beyond_any_row_is_not_found(client, make_user, group):
    login(client, make_user(role="staff"))
    response = client.get(f"/municipality/export/contacts.csv?group={group}")
    assert response.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(ExportAudit.id))) == 0
