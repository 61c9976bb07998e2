"""Residents enter bills anonymously; results only on reveal, in groups of five."""

import logging

import pytest
import sqlalchemy as sa

from app.accounts import services as accounts
from app.bills import services as bills
from app.bills.models import BillEntry, BillParticipation
from app.extensions import db
from app.meetings import services as meetings
from tests.conftest import join, login, post

FIGURES = {
    "elec_kwh": "3517",
    "heating": "gas",
    "heat_amount": "1613",
    "heat_unit": "m3",
    "advance_eur": "187",
    "peak_advance_eur": "402",
    "contract": "variable",
    "contract_start": "2023-04",
    "price_eur_kwh": "0,347",
    "household_size": "3",
    "dwelling": "row_house",
}
SECRET_VALUES = ["3517", "1613", "16614", "187", "402", "0,347", "0.347", "347"]


@pytest.fixture
def bill_meeting(make_meeting):
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="bills", title="Energiefactuur")
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    return meeting


def _enter(client, meeting, figures=None, headers=None):
    step = meeting.current_step
    return post(
        client,
        f"/m/{meeting.code}/bills/{step.id}",
        figures or FIGURES,
        headers={"HX-Request": "true", **(headers or {})},
    )


def _phones(new_client, meeting, n):
    phones = []
    for _ in range(n):
        phone = new_client()
        join(phone, meeting)
        phones.append(phone)
    return phones


def test_entry_has_no_participant_and_a_phone_counts_once(client, bill_meeting):
    join(client, bill_meeting)
    assert _enter(client, bill_meeting).status_code == 200
    assert _enter(client, bill_meeting).status_code == 200  # retry
    entry = db.session.scalars(sa.select(BillEntry)).one()
    columns = set(BillEntry.__table__.columns.keys())
    assert not {c for c in columns if "participant" in c or c.endswith("_at")}
    assert (entry.elec_kwh, entry.heat_kwh, entry.price_millis) == (3517, 16614, 347)
    assert len(entry.id) == 32
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(BillParticipation))
        == 1
    )
    html = client.get(f"/m/{bill_meeting.code}/step").get_data(as_text=True)
    assert "Je cijfers zijn binnen" in html and "3517" not in html


def test_impossible_figures_are_refused_and_nothing_is_stored(client, bill_meeting):
    join(client, bill_meeting)
    for bad in (
        {"elec_kwh": "-5"},
        {"elec_kwh": "90000"},
        {"advance_eur": ""},
        {"price_eur_kwh": "abc"},
        {"household_size": "0"},
        {"contract": "cheap"},
        {"elec_kwh": "", "heat_amount": ""},
    ):
        response = _enter(client, bill_meeting, {**FIGURES, **bad})
        assert response.status_code == 422, bad
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BillEntry)) == 0
    html = response.get_data(as_text=True)
    assert 'value="187"' in html  # what was typed is kept


def test_unusual_figures_ask_for_confirmation_in_the_phones_language(
    client, bill_meeting
):
    join(client, bill_meeting)
    unusual = {**FIGURES, "elec_kwh": "12500"}
    response = _enter(
        client,
        bill_meeting,
        unusual,
        headers={"HX-Request": "true", "Accept-Language": "fr"},
    )
    assert response.status_code == 422
    assert "Est-ce correct" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BillEntry)) == 0
    assert (
        _enter(client, bill_meeting, {**unusual, "confirmed": "y"}).status_code == 200
    )
    assert db.session.scalar(sa.select(BillEntry.elec_kwh)) == 12500


def test_nothing_shown_before_five_and_refresh_only_after_five_new(
    new_client, bill_meeting
):
    phones = _phones(new_client, bill_meeting, 11)
    step = bill_meeting.current_step
    for phone in phones[:4]:
        _enter(phone, bill_meeting)
    meetings.change_step(bill_meeting, step, "reveal")
    db.session.commit()
    html = phones[0].get(f"/m/{bill_meeting.code}/step").get_data(as_text=True)
    assert "Nog niet genoeg huishoudens" in html
    assert bills.counts(step) == (0, 4)

    meetings.change_step(bill_meeting, step, "open")
    db.session.commit()
    _enter(phones[4], bill_meeting)
    meetings.change_step(bill_meeting, step, "reveal")
    db.session.commit()
    assert bills.counts(step) == (5, 0)
    html = phones[0].get(f"/m/{bill_meeting.code}/step").get_data(as_text=True)
    assert "Ongeveer 5 huishoudens" in html
    assert "Jij:" in html  # the phone sees its own position

    # Four more entries and a new reveal: the picture does not move.
    meetings.change_step(bill_meeting, step, "open")
    db.session.commit()
    for phone in phones[5:9]:
        _enter(phone, bill_meeting, {**FIGURES, "elec_kwh": "8000", "confirmed": "y"})
    meetings.change_step(bill_meeting, step, "reveal")
    db.session.commit()
    assert bills.counts(step) == (5, 4)
    # The fifth new one releases them all at once.
    meetings.change_step(bill_meeting, step, "open")
    db.session.commit()
    _enter(phones[9], bill_meeting)
    meetings.change_step(bill_meeting, step, "reveal")
    db.session.commit()
    assert bills.counts(step) == (10, 0)


def test_no_figure_in_logs_sockets_urls_or_history(
    client, new_client, bill_meeting, sio, caplog
):
    caplog.set_level(logging.DEBUG)
    login(client, bill_meeting.facilitator)
    screen = sio(client, auth={"meeting": bill_meeting.code})
    phone = new_client()
    join(phone, bill_meeting)
    phone_sio = sio(phone)
    response = _enter(phone, bill_meeting)
    assert response.headers[
        "Cache-Control"
    ] == "no-store" or "no-store" in response.headers.get("Cache-Control", "")
    assert 'hx-history="false"' in response.get_data(as_text=True)
    page = phone.get(f"/m/{bill_meeting.code}")
    assert {"private", "no-cache"} <= set(page.headers["Cache-Control"].split(", "))
    payloads = repr(screen.get_received()) + repr(phone_sio.get_received())
    logs = caplog.text
    for value in SECRET_VALUES:
        assert value not in payloads
        assert value not in logs
    assert "bills-changed" in payloads


def test_screen_never_shows_figures_before_release(client, new_client, bill_meeting):
    for phone in _phones(new_client, bill_meeting, 5):
        _enter(phone, bill_meeting)
    login(client, bill_meeting.facilitator)
    step = bill_meeting.current_step
    html = client.get(f"/m/{bill_meeting.code}/bills/{step.id}/group").get_data(
        as_text=True
    )
    assert "5 huishoudens vulden een factuur in" in html
    assert "3500" not in html and "Meeste buren" not in html


def test_municipality_sees_only_cells_of_ten(
    client, new_client, make_user, make_meeting
):
    staff = make_user(role="staff")
    cells = {}
    for n in (9, 10):
        meeting = make_meeting(user=make_user(municipality="Gent"), steps=())
        meeting.neighbourhood = accounts.neighbourhood_named(
            meeting.municipality, f"Wijk {n}"
        )
        step = meetings.add_step(meeting, kind="bills", title="Factuur")
        meetings.change_step(meeting, step, "open")
        db.session.commit()
        for phone in _phones(new_client, meeting, n):
            _enter(phone, meeting)
        meetings.change_step(meeting, step, "reveal")
        db.session.commit()
        cells[n] = meeting
    login(client, staff)
    html = client.get("/bills/overview").get_data(as_text=True)
    assert "Wijk 9" in html and "Wijk 10" in html
    nine = html.split("Wijk 9")[1].split("</section>")[0]
    ten = html.split("Wijk 10")[1].split("</section>")[0]
    assert "Minder dan 10 huishoudens" in nine and "Meeste buren" not in nine
    assert "Meeste buren" in ten
    other = new_client()
    login(other, make_user(role="staff", municipality="Aalst"))
    assert "Wijk" not in other.get("/bills/overview").get_data(as_text=True)
    facilitator = new_client()
    login(facilitator, cells[9].facilitator)
    assert facilitator.get("/bills/overview").status_code == 404
