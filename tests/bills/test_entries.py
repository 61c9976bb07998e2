"""Residents enter bills anonymously; results only on reveal, in groups of five."""

import logging
import re

import pytest
import sqlalchemy as sa

from app.accounts import services as accounts
from app.bills import logic, privacy
from app.bills import services as bills
from app.bills.models import BillEntry, BillParticipation, BillRelease
from app.extensions import db
from app.meetings import services as meetings
from tests.support.bills import FIGURES, SECRET_VALUES
from tests.support.web import join, login, post


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
    assert "5 huishoudens deden mee" in html
    assert f'data-own-step="{step.id}"' in html  # the phone places itself

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


def _seen_by_phone(phone, meeting) -> str:
    """Return everything the phone holds from the server: pages and its cookie."""
    pages = [
        phone.get(f"/m/{meeting.code}").get_data(as_text=True),
        phone.get(f"/m/{meeting.code}/step").get_data(as_text=True),
    ]
    cookie = phone.get_cookie("session")
    session = phone.application.session_interface.get_signing_serializer(
        phone.application
    ).loads(cookie.value)
    return repr(session) + cookie.value + "".join(pages)


def test_after_the_entry_the_figures_exist_only_on_the_phone(
    new_client, bill_meeting, sio
):
    """No response, cookie or socket message after the entry carries them."""
    victim = {
        **FIGURES,
        "elec_kwh": "4321",
        "advance_eur": "137",
        "price_eur_kwh": "0,287",
        "peak_advance_eur": "212",
    }
    secrets_ = ["4321", "4.321", "137", "0,287", "0.287", "287", "212"]
    phones = _phones(new_client, bill_meeting, 5)
    sockets = [sio(phone) for phone in phones]
    response = _enter(phones[0], bill_meeting, victim)
    after_entry = response.get_data(as_text=True) + "".join(
        response.headers.getlist("Set-Cookie")
    )
    for phone in phones[1:]:
        _enter(phone, bill_meeting)
    step = bill_meeting.current_step
    meetings.change_step(bill_meeting, step, "reveal")
    db.session.commit()
    seen = after_entry + _seen_by_phone(phones[0], bill_meeting)
    seen += "".join(repr(s.get_received()) for s in sockets)
    assert "5 huishoudens deden mee" in seen
    # Random tokens, keys and the signed cookie may hold these digits by chance
    # (the cookie is decoded below).
    seen = re.sub(r'(name="(csrf_token|key)" value=|session=)"?[^";]*', "", seen)
    for value in secrets_:
        assert value not in seen, value
    assert "bills" not in phones[
        0
    ].application.session_interface.get_signing_serializer(phones[0].application).loads(
        phones[0].get_cookie("session").value
    )


def test_a_reveal_draws_noise_once_for_every_figure(new_client, bill_meeting):
    """Revealing again, in another language, adds no fresh noise to average away."""
    phones = _phones(new_client, bill_meeting, 5)
    for phone in phones:
        _enter(phone, bill_meeting)
    step = bill_meeting.current_step
    meetings.change_step(bill_meeting, step, "reveal")
    db.session.commit()
    stored = db.session.execute(
        sa.select(BillRelease.figure, BillRelease.counts, BillRelease.rho)
    ).all()
    assert {figure for figure, _counts, _rho in stored} == set(logic.SCALES)
    assert [rho for _f, _c, rho in stored] == [pytest.approx(privacy.MEETING_RHO)] * 6
    first = phones[0].get(f"/m/{bill_meeting.code}/step").get_data(as_text=True)
    for state in ("open", "close", "reveal"):
        meetings.change_step(bill_meeting, step, state)
        db.session.commit()
    again = phones[0].get(f"/m/{bill_meeting.code}/step").get_data(as_text=True)
    assert _pictures(again) == _pictures(first)
    french = phones[1].get(
        f"/m/{bill_meeting.code}/step", headers={"Accept-Language": "fr"}
    )
    assert _svg_bars(french.get_data(as_text=True)) == _svg_bars(first)
    assert (
        db.session.execute(
            sa.select(BillRelease.figure, BillRelease.counts, BillRelease.rho)
        ).all()
        == stored
    )


def _svg_bars(html: str) -> list[str]:
    return re.findall(r'<rect class="strip-band[^"]*" [^>]*>', html)


def _pictures(html: str) -> str:
    return html[html.index("bill-picture-released") :]


def test_a_meetings_bill_steps_share_one_privacy_budget(
    client, new_client, bill_meeting
):
    first = bill_meeting.current_step
    second = meetings.add_step(bill_meeting, kind="bills", title="Tweede factuur")
    db.session.commit()
    for phone in _phones(new_client, bill_meeting, 5):
        _enter(phone, bill_meeting)
    meetings.change_step(bill_meeting, first, "reveal")
    db.session.commit()
    assert bills.step_budget(first) == pytest.approx(privacy.MEETING_RHO / 2)
    third = meetings.add_step(bill_meeting, kind="bills", title="Derde factuur")
    db.session.commit()
    assert bills.step_budget(second) == pytest.approx(privacy.MEETING_RHO / 4)
    meetings.change_step(bill_meeting, second, "open")
    db.session.commit()
    for phone in _phones(new_client, bill_meeting, 5):
        _enter(phone, bill_meeting)
    meetings.change_step(bill_meeting, second, "reveal")
    meetings.change_step(bill_meeting, third, "open")
    db.session.commit()
    for phone in _phones(new_client, bill_meeting, 5):
        _enter(phone, bill_meeting)
    meetings.change_step(bill_meeting, third, "reveal")
    fourth = meetings.add_step(bill_meeting, kind="bills", title="Vierde factuur")
    meetings.change_step(bill_meeting, fourth, "open")
    db.session.commit()
    for phone in _phones(new_client, bill_meeting, 5):
        _enter(phone, bill_meeting)
    meetings.change_step(bill_meeting, fourth, "reveal")
    db.session.commit()
    spent = db.session.execute(
        sa.select(BillRelease.step_id, sa.func.max(BillRelease.rho)).group_by(
            BillRelease.step_id
        )
    ).all()
    assert len(spent) == 3
    assert sum(rho for _step, rho in spent) == pytest.approx(privacy.MEETING_RHO)
    assert bills.counts(fourth) == (0, 5)  # nothing left to show them with
    login(client, bill_meeting.facilitator)
    html = client.get(f"/m/{bill_meeting.code}/manage").get_data(as_text=True)
    assert "privacybudget" in html


def test_screen_never_shows_figures_before_release(client, new_client, bill_meeting):
    for phone in _phones(new_client, bill_meeting, 5):
        _enter(phone, bill_meeting)
    login(client, bill_meeting.facilitator)
    step = bill_meeting.current_step
    html = client.get(f"/m/{bill_meeting.code}/bills/{step.id}/group").get_data(
        as_text=True
    )
    assert "5 huishoudens vulden een factuur in" in html
    assert "3517" not in html and "midden van de straat" not in html


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
    assert "Minder dan 10 huishoudens" in nine
    assert "midden van de straat" not in nine
    assert "midden van de straat" in ten and "10 huishoudens deden mee" in ten
    other = new_client()
    login(other, make_user(role="staff", municipality="Aalst"))
    assert "Wijk" not in other.get("/bills/overview").get_data(as_text=True)
    facilitator = new_client()
    login(facilitator, cells[9].facilitator)
    assert facilitator.get("/bills/overview").status_code == 404
