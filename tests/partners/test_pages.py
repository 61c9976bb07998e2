"""A partner organisation's user, over HTTP: its own groups and the households
that agreed to share, and nothing else of the town, on a page or in a file."""

import csv
import io
import zipfile

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.exports.models import ExportAudit
from app.extensions import db
from app.groups import services as groups
from app.groups.models import PurchaseGroup, Signup
from tests.partners.conftest import (
    KEEPING,
    KEPT_EMAIL,
    KEPT_NUMBER,
    KEPT_PHONE,
    SHARING,
    make_partner,
)
from tests.support.signups import HOSTILE, sign_up
from tests.support.web import join, login, post


def _audit_rows() -> list[ExportAudit]:
    return db.session.scalars(sa.select(ExportAudit).order_by(ExportAudit.id)).all()


def _csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True).removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [[cell.value for cell in row] for row in sheet.rows]


def _never_the_household_that_keeps_its_details(text: str) -> None:
    national = KEPT_PHONE.removeprefix("0")  # +32, 0032 or 0 before it
    for detail in (KEEPING[0], KEPT_EMAIL, national, national.replace(" ", "")):
        assert detail not in text


def test_a_partner_lands_on_its_groups_after_logging_in(client, town):
    response = login(client, town.partner)
    assert response.headers["Location"].endswith("/partner")
    page = client.get("/partner").get_data(as_text=True)
    assert "Energiehuis" in page
    assert f'href="/partner/groups/{town.given}"' in page
    assert f"/partner/groups/{town.other}" not in page
    assert "/meetings" not in page  # the staff menu's meetings are not theirs


def test_the_list_counts_only_the_households_that_share(partner, town):
    page = partner.get("/partner").get_data(as_text=True)
    row = page.split(f'id="group-{town.given}"')[1].split("</tr>")[0]
    assert '<td class="number">2</td>' in row  # not the group's 3
    _never_the_household_that_keeps_its_details(page)


def test_the_group_page_shows_only_the_households_that_share(partner, town):
    response = partner.get(f"/partner/groups/{town.given}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert all(name in page for name in SHARING)
    _never_the_household_that_keeps_its_details(page)
    assert f"Kerkstraat {KEPT_NUMBER}<" not in page
    assert 'hx-history="false"' in page


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_download_holds_only_the_households_that_share(partner, town, file_format):
    response = partner.get(
        f"/partner/groups/{town.given}/contacts.{file_format}?lang=en"
    )
    assert response.status_code == 200
    rows = _csv(response) if file_format == "csv" else _xlsx(response)
    names = [row[rows[0].index("Name")] for row in rows[1:]]
    assert sorted(names) == sorted(SHARING)
    assert "Wants news" not in rows[0]  # the municipality's own business
    assert set(rows[0]) >= {"E-mail", "Phone number", "House number"}
    flat = " ".join(str(cell) for row in rows for cell in row)
    _never_the_household_that_keeps_its_details(flat)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_download_is_inert(partner, town, new_client, signup_meeting, file_format):
    phone = new_client()
    join(phone, signup_meeting)
    sign_up(phone, signup_meeting, **HOSTILE, consent_share_contractor="y")
    response = partner.get(
        f"/partner/groups/{town.given}/contacts.{file_format}?lang=en"
    )
    if file_format == "csv":
        names = [row[0] for row in _csv(response)[1:]]
        assert "'" + HOSTILE["name"] in names
        return
    assert HOSTILE["name"] in [row[0] for row in _xlsx(response)]
    sheet = zipfile.ZipFile(io.BytesIO(response.data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet


def test_a_household_that_withdraws_is_gone_from_page_and_file(
    partner, town, new_client, signup_meeting
):
    signup = db.session.scalars(sa.select(Signup).where(Signup.name == SHARING[0]))
    groups.withdraw(signup.one())
    db.session.commit()
    page = partner.get(f"/partner/groups/{town.given}").get_data(as_text=True)
    rows = _csv(partner.get(f"/partner/groups/{town.given}/contacts.csv"))
    assert SHARING[0] not in page
    assert SHARING[0] not in str(rows)
    assert SHARING[1] in page


OTHER_GROUP_PAGES = (
    "/partner/groups/{id}",
    "/partner/groups/{id}/contacts.csv",
    "/partner/groups/{id}/contacts.xlsx",
)
TOWN_WIDE = (
    "/municipality",
    "/municipality/export/contacts.csv",
    "/municipality/export/contacts.xlsx",
    "/municipality/export/contacts.csv?group={given}",
    "/municipality/export/lekp.csv",
    "/municipality/export/lekp.xlsx",
    "/municipality/export/open-data.json",
    "/municipality/export/open-data/streets.csv",
    "/municipality/export/open-data/neighbourhoods.csv",
    "/municipality/export/steps/ideas.csv",
    "/municipality/export/audit",
    "/meetings",
    "/meetings/new",
    "/admin",
)


def test_any_other_group_or_town_page_is_not_found_and_leaves_no_row(partner, town):
    before = len(_audit_rows())
    for group in (town.other, town.elsewhere, town.given + 1000):
        for address in OTHER_GROUP_PAGES:
            url = address.format(id=group)
            assert partner.get(url).status_code == 404, url
    for address in TOWN_WIDE:
        url = address.format(given=town.given)
        assert partner.get(url).status_code == 404, url
    response = post(
        partner, f"/municipality/groups/{town.given}/partner", {"partner": ""}
    )
    assert response.status_code == 404
    assert db.session.get(PurchaseGroup, town.given).partner_id is not None
    assert len(_audit_rows()) == before


def test_a_partner_of_the_same_town_does_not_see_another_partners_group(client, town):
    other = make_partner(town.staff.municipality, "Woonmaatschappij", "w@example.be")
    login(client, other)
    assert client.get(f"/partner/groups/{town.given}").status_code == 404
    assert f"/partner/groups/{town.given}" not in client.get("/partner").text


def test_a_partner_hears_no_meeting(partner, sio, signup_meeting):
    listener = sio(partner, auth={"meeting": signup_meeting.code})
    assert not listener.is_connected()


def test_each_page_and_download_writes_exactly_one_row_without_contact_data(
    partner, town
):
    visits = [
        ("/partner", "view", "page", 1),
        (f"/partner/groups/{town.given}", "view", "page", 2),
        (f"/partner/groups/{town.given}/contacts.csv", "export", "csv", 2),
        (f"/partner/groups/{town.given}/contacts.xlsx", "export", "xlsx", 2),
    ]
    for url, kind, file_format, rows in visits:
        before = len(_audit_rows())
        assert partner.get(url).status_code == 200
        added = _audit_rows()[before:]
        assert len(added) == 1, url
        row = added[0]
        assert (row.kind, row.file_format, row.rows) == (kind, file_format, rows)
        assert (row.user_id, row.user_email) == (town.partner.id, town.partner.email)
        said = " ".join(str(v) for v in (row.what, row.file_format, row.rows))
        for signup in db.session.scalars(sa.select(Signup)):
            for detail in (signup.name, signup.email, signup.phone):
                assert not detail or detail not in said
            assert signup.street not in said and "kerkstraat" not in said
    whats = [row.what for row in _audit_rows()[-4:]]
    assert whats == [
        "partners.index groups",
        f"partners.group group {town.given}",
        f"partner contacts group {town.given}",
        f"partner contacts group {town.given}",
    ]


def test_staff_read_the_partners_rows_in_the_audit_trail(new_client, partner, town):
    partner.get(f"/partner/groups/{town.given}")
    desk = new_client()
    login(desk, town.staff)
    page = desk.get("/municipality/export/audit").get_data(as_text=True)
    assert town.partner.email in page
    assert f"partners.group group {town.given}" in page
    assert "Pagina geopend" in page


def test_staff_give_a_group_to_a_partner_from_the_dashboard(client, town):
    login(client, town.staff)
    page = client.get("/municipality").get_data(as_text=True)
    assert f'action="/municipality/groups/{town.other}/partner"' in page
    organisation = town.partner.partner_id
    response = post(
        client,
        f"/municipality/groups/{town.other}/partner",
        {"partner": str(organisation)},
    )
    assert response.status_code == 302
    assert db.session.get(PurchaseGroup, town.other).partner_id == organisation
    page = client.get("/municipality").get_data(as_text=True)
    select = page.split(f'id="partner-{town.other}"')[1].split("</select>")[0]
    assert f'value="{organisation}" selected' in select
    post(client, f"/municipality/groups/{town.other}/partner", {"partner": ""})
    assert db.session.get(PurchaseGroup, town.other).partner_id is None


@pytest.mark.parametrize("value", ["999", "abc", "٣", "-1", "99999999999999999999"])
def test_a_partner_that_is_not_the_towns_is_refused_and_nothing_changes(
    client, town, make_user, value
):
    brugge = make_partner(
        make_user(role="staff", municipality="Brugge").municipality,
        "Energiehuis Brugge",
        "b@example.be",
    )
    login(client, town.staff)
    for raw in (value, str(brugge.partner_id)):
        response = post(
            client,
            f"/municipality/groups/{town.given}/partner",
            {"partner": raw},
            follow_redirects=True,
        )
        assert "flash-error" in response.get_data(as_text=True)
        assert db.session.get(PurchaseGroup, town.given).partner_id == (
            town.partner.partner_id
        )


def test_staff_cannot_give_another_towns_group(client, town):
    login(client, town.staff)
    response = post(
        client,
        f"/municipality/groups/{town.elsewhere}/partner",
        {"partner": str(town.partner.partner_id)},
    )
    assert response.status_code == 404
    assert db.session.get(PurchaseGroup, town.elsewhere).partner_id is None


def test_the_assignment_survives_every_sync_while_the_group_exists(
    partner, town, new_client, signup_meeting
):
    phone = new_client()
    join(phone, signup_meeting)
    sign_up(phone, signup_meeting, name="Els", consent_share_contractor="y")
    groups.set_threshold(town.staff.municipality, "ext_wall_ins", 2)
    for signup in db.session.scalars(sa.select(Signup)).all():
        if signup.municipality_id == town.staff.municipality_id:
            groups.withdraw(signup)
    db.session.commit()
    group = db.session.get(PurchaseGroup, town.given)
    assert (group.size, group.partner_id) == (0, town.partner.partner_id)
    phone = new_client()
    join(phone, signup_meeting)
    sign_up(phone, signup_meeting, name="Fien", consent_share_contractor="y")
    group = db.session.get(PurchaseGroup, town.given)
    assert (group.size, group.partner_id) == (1, town.partner.partner_id)
    assert "Fien" in partner.get(f"/partner/groups/{town.given}").text


def test_the_status_a_partner_reads_does_not_count_households_that_keep_details(
    partner, town
):
    groups.set_threshold(town.staff.municipality, "ext_wall_ins", 3)
    db.session.commit()
    assert db.session.get(PurchaseGroup, town.given).status == "viable"  # 3 of 3
    page = partner.get("/partner").get_data(as_text=True)
    row = page.split(f'id="group-{town.given}"')[1].split("</tr>")[0]
    assert "In opbouw" in row  # "Forming": 2 share, 3 needed
    assert "Haalbaar" not in row
