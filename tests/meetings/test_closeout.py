"""The everyone-counted meter, the close-out record and the report with its PDF."""

import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.bills import services as bills
from app.extensions import db
from app.groups import services as groups
from app.meetings import closeout, logic
from app.meetings import services as meetings
from app.personas import services as personas
from app.polls import paper
from app.polls import services as polls
from app.polls.logic import Horizon
from tests.support.web import login, post
from tests.support.world import SIGNUP


@pytest.mark.parametrize(
    ("answered", "present", "had", "share", "over"),
    [
        ({1: {1, 2}, 2: {2, 3}}, 4, 3, 75, False),
        ({1: {1, 2, 3}}, 9, 3, 33, False),  # rounded down, never up
        ({1: {1, 2, 3}}, None, 3, None, False),
        ({1: {1, 2, 3}}, 0, 3, None, True),  # nobody counted: check the count
        ({1: {1, 2, 3}}, 2, 3, 100, True),  # two phones each: say so, cap at 100
        ({}, 5, 0, 0, False),
    ],
)
def test_the_meter_counts_each_household_once(answered, present, had, share, over):
    meter = logic.meter(answered, households=5, present=present)
    assert (meter.had_a_say, meter.share, meter.over) == (had, share, over)
    assert meter.answered == {step: len(who) for step, who in answered.items()}


@pytest.fixture
def evening(make_meeting):
    """A meeting of every kind: two phones and a paper ballot answer the poll,
    one phone enters its bill and answers as its persona, one signs up."""
    meeting = make_meeting(steps=())
    poll = meetings.add_step(meeting, kind="poll", title="Wat plan je?")
    polls.create_measures(poll, ["pv", "roof_ins"], [])
    bill = meetings.add_step(meeting, kind="bills", title="Je energiefactuur")
    walk = meetings.add_step(meeting, kind="personas", title="Door andermans ogen")
    personas.create_deck(walk, ["walker"], [], [], ["Een zitbank aan de kerk"])
    signup = meetings.add_step(meeting, kind="groups", title="Samen aankopen")
    info = meetings.add_step(meeting, kind="info", title="Pauze")
    first, _ = meetings.join(meeting, locale="nl")
    second, _ = meetings.join(meeting, locale="ar")
    solar = polls.measures_of(poll)[0]
    connection = db.session.connection()
    for who, horizon in ((first, "1y"), (second, "done")):
        polls.record_answer(
            connection,
            measure_id=solar.id,
            participant_id=who.id,
            horizon=horizon,
            barrier=None,
            key=f"evening-{who.id}-key",
        )
    paper.add_ballot(meeting, poll, (Horizon.FIVE_YEARS, None), "paper-key-0001")
    bills.record_entry(
        bill,
        first,
        {
            "elec_kwh": 3200,
            "heating": "gas",
            "heat_kwh": 15000,
            "advance_eur": 180,
            "peak_advance_eur": None,
            "contract": "fixed",
            "contract_start": "2023-01",
            "price_millis": 310,
            "household_size": 2,
            "dwelling": "row_house",
        },
    )
    dealt = personas.deal(walk, second)
    personas.save_answers(
        personas.prompts_of(walk)[0],
        second,
        dealt.persona_id,
        {"persona": "De stoep is te smal voor mijn rollator"},
    )
    groups.create_signup(meeting, SIGNUP)
    for step in (poll, bill, walk, signup, info):
        step.state = "closed"
    db.session.commit()
    return meeting


def _step(meeting, kind):
    return next(s for s in meeting.steps if s.kind == kind)


def test_the_meter_counts_phones_and_households_by_hand_per_step(client, evening):
    login(client, evening.facilitator)
    html = client.get(f"/m/{evening.code}/manage").get_data(as_text=True)
    assert "3 van 3 beantwoord" in html  # the poll: two phones and a ballot
    assert html.count("1 van 3 beantwoord") == 2  # the bill, the personas
    assert "3 huishoudens hadden inspraak." in html
    meter = closeout.meter_of(evening)
    assert _step(evening, "groups").id not in meter.answered  # sign-ups: no phones
    assert _step(evening, "info").id not in meter.answered


def test_the_head_count_gives_the_share_of_the_room_that_had_a_say(client, evening):
    login(client, evening.facilitator)
    response = post(
        client,
        f"/m/{evening.code}/head-count",
        {"head_count": "4"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "75%" in html and "3 van 4" in html
    assert 'value="75"' in html  # the <meter>
    over = post(client, f"/m/{evening.code}/head-count", {"head_count": "2"})
    assert over.status_code == 302
    html = client.get(f"/m/{evening.code}/manage").get_data(as_text=True)
    assert "kijk het aantal aanwezigen na" in html and "100%" in html


@pytest.mark.parametrize("bad", ["-1", "veel", "100001", "3.5"])
def test_a_wrong_head_count_is_refused_and_changes_nothing(client, evening, bad):
    login(client, evening.facilitator)
    post(client, f"/m/{evening.code}/head-count", {"head_count": "12"})
    response = post(
        client,
        f"/m/{evening.code}/head-count",
        {"head_count": bad},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    assert closeout.record_of(evening).head_count == 12


def test_the_close_out_record_is_written_on_the_report_page(client, evening):
    login(client, evening.facilitator)
    url = f"/m/{evening.code}/report"
    assert "Er werd nog niets genoteerd." in client.get(url).get_data(as_text=True)
    record = {
        "head_count": "14",
        "organisations": "Buurtwerk Rabot\nSamenlevingsopbouw",
        "minutes": "De buurt wil samen isoleren.",
        "follow_ups": "Infoavond dakisolatie in maart (Fien)",
    }
    response = post(client, f"/m/{evening.code}/report/record", record)
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    for text in ("14 aanwezigen", "Samenlevingsopbouw", "samen isoleren", "maart"):
        assert text in html
    assert "21%" in html  # 3 of the 14 people present had a say
    too_long = post(
        client, f"/m/{evening.code}/report/record", {**record, "minutes": "x" * 8001}
    )
    assert too_long.status_code == 422
    assert 'class="error"' in too_long.get_data(as_text=True)
    assert closeout.record_of(evening).minutes == "De buurt wil samen isoleren."


def test_staff_read_the_record_but_do_not_write_it(client, evening, make_user):
    login(client, evening.facilitator)
    post(client, f"/m/{evening.code}/report/record", {"minutes": "Goed verlopen"})
    staff = make_user(role="staff")
    client.post("/logout", data={})
    other = client.application.test_client()
    login(other, staff)
    html = other.get(f"/m/{evening.code}/report").get_data(as_text=True)
    assert "Goed verlopen" in html and "record-form" not in html
    refused = post(other, f"/m/{evening.code}/report/record", {"minutes": "Anders"})
    assert refused.status_code == 404
    assert closeout.record_of(evening).minutes == "Goed verlopen"


def _snapshot() -> dict:
    with db.engine.connect() as connection:
        return {
            table.name: sorted(map(repr, connection.execute(sa.select(table))))
            for table in db.metadata.sorted_tables
        }


def test_the_report_pdf_holds_every_section_and_no_contact_data(client, evening):
    login(client, evening.facilitator)
    post(
        client,
        f"/m/{evening.code}/report/record",
        {
            "head_count": "6",
            "organisations": "Buurtwerk Rabot",
            "minutes": "De buurt wil samen isoleren.",
            "follow_ups": "Infoavond dakisolatie in maart",
        },
    )
    before = _snapshot()
    response = client.get(f"/m/{evening.code}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert _snapshot() == before  # a GET never writes
    reader = PdfReader(io.BytesIO(response.data))
    pages = " ".join(page.extract_text() or "" for page in reader.pages)
    text = " ".join(pages.split())
    for expected in (
        "Klimaattafel Rabot",
        "Wie had inspraak",
        "3 huishoudens",  # phones and the ballot that had a say
        "50%",  # of the six people present
        "Afsluitend verslag",
        "6 aanwezigen",
        "Buurtwerk Rabot",
        "samen isoleren",
        "Infoavond dakisolatie in maart",
        "Wat plan je?",  # every step's results
        "Zonnepanelen",
        "Je energiefactuur",
        "Door andermans ogen",
        "De stoep is te smal voor mijn rollator",  # the persona findings
        "Een zitbank aan de kerk",
        "Samen aankopen",
        "1 huishouden schreef zich in",  # the sign-up totals
    ):
        assert expected in text, expected
    for contact in (SIGNUP["name"], SIGNUP["email"], SIGNUP["house_number"] + " "):
        assert contact not in text


def test_the_report_page_prints_without_its_controls(client, evening):
    login(client, evening.facilitator)
    html = client.get(f"/m/{evening.code}/report").get_data(as_text=True)
    assert "css/paper.css" in html
    assert 'class="record-form no-print"' in html
    assert f'href="/m/{evening.code}/report.pdf"' in html
