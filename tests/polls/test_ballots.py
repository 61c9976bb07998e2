"""Paper ballots: printed with every measure and five boxes, keyed in fast, each
one a household that counts in the results and the meter exactly; undo."""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.meetings import closeout
from app.meetings import services as meetings
from app.meetings.models import Participant
from app.polls import logic, paper
from app.polls import services as polls
from app.polls.logic import BallotProblem, Horizon
from tests.support.web import join, login, post


@pytest.mark.parametrize(
    ("typed", "measures", "marks", "problem"),
    [
        ("123", 3, ("done", "1y", "5y"), None),
        (" 4 5\t0 ", 3, ("not_now", "not_possible", None), None),
        ("000", 3, (), BallotProblem.EMPTY),
        ("12", 3, (), BallotProblem.TOO_FEW),
        ("1234", 3, (), BallotProblem.TOO_MANY),
        ("1x3", 3, (), BallotProblem.UNKNOWN_MARK),
        ("163", 3, (), BallotProblem.UNKNOWN_MARK),
        ("١٢٣", 3, (), BallotProblem.UNKNOWN_MARK),  # Arabic-Indic digits
        ("", 3, (), BallotProblem.TOO_FEW),
    ],
)
def test_a_typed_ballot_is_read_box_by_box(typed, measures, marks, problem):
    read = logic.read_ballot(typed, measures)
    assert read.problem == problem
    assert tuple(m and m.value for m in read.marks) == marks


def test_the_digits_follow_the_boxes_printed_on_the_ballot():
    assert [logic.BALLOT_DIGITS[str(n)] for n in range(1, 6)] == list(Horizon)


def _urls(meeting):
    step = meeting.current_step
    base = f"/m/{meeting.code}/polls/{step.id}"
    return f"{base}/ballot", f"{base}/ballots", f"{base}/ballots/undo"


def _key(client, url) -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="key" type="hidden" value="([^"]+)"', html).group(1)


def _ballot(client, url, digits, key=None):
    return post(client, url, {"digits": digits, "key": key or _key(client, url)})


def _households() -> int:
    return db.session.scalar(sa.select(sa.func.count(Participant.id)))


def test_the_printed_ballot_shows_every_measure_five_boxes_and_the_code(
    client, poll_meeting
):
    login(client, poll_meeting.facilitator)
    ballot, _tally, _undo = _urls(poll_meeting)
    html = client.get(ballot).get_data(as_text=True)
    assert poll_meeting.code in html
    for name in ("Zonnepanelen", "Dakisolatie", "Buurtbatterij"):
        assert name in html
    assert html.count('class="tick-box"') == 5 * 3
    assert html.count('class="ballot-box-head"') == 5
    assert "Al gedaan" in html and "Niet mogelijk voor mij" in html


def test_the_ballot_prints_in_the_language_asked_for(client, poll_meeting):
    login(client, poll_meeting.facilitator)
    ballot, _tally, _undo = _urls(poll_meeting)
    arabic = client.get(f"{ballot}?lang=ar").get_data(as_text=True)
    assert 'lang="ar" dir="rtl">' in arabic  # the sheet; the page stays Dutch
    assert "ألواح شمسية" in arabic  # solar panels
    assert "Papieren stembrieven invoeren" in arabic
    unknown = client.get(f"{ballot}?lang=xx").get_data(as_text=True)
    assert 'lang="nl" dir="ltr">' in unknown  # the meeting's language


def test_ten_ballots_count_with_the_phones_in_the_results_and_the_meter(
    client, new_client, poll_meeting
):
    step = poll_meeting.current_step
    solar, roof, custom = polls.measures_of(step)
    for horizon in ("1y", "done"):  # two phones answer the first measure
        phone = new_client()
        join(phone, poll_meeting)
        post(
            phone,
            f"/m/{poll_meeting.code}/polls/{step.id}/answer",
            {"measure": solar.id, "horizon": horizon, "key": f"phone-key-{horizon}x"},
        )
    login(client, poll_meeting.facilitator)
    _ballot_url, tally, _undo = _urls(poll_meeting)
    typed = ["123", "120", "2 2 2", "500", "401", "312", "111", "0 0 5", "234", "345"]
    for digits in typed:
        response = _ballot(client, tally, digits)
        assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(tally).get_data(as_text=True)
    assert "10 papieren stembrieven ingevoerd" in page

    result = polls.tally(step)
    assert result.households == 12
    assert result.for_measure(solar.id).by_horizon == {
        "done": 3 + 1,  # and a phone
        "1y": 2 + 1,  # and a phone
        "5y": 2,
        "not_now": 1,
        "not_possible": 1,
    }
    assert result.for_measure(roof.id).total == 7  # three ballots left it blank
    assert result.for_measure(custom.id).by_horizon["not_possible"] == 2
    assert meetings.phones_joined(poll_meeting.id) == 2  # ballots are no phones
    meter = closeout.meter_of(poll_meeting)
    assert (meter.answered[step.id], meter.households, meter.had_a_say) == (12, 12, 12)
    manage = client.get(f"/m/{poll_meeting.code}/manage").get_data(as_text=True)
    assert "12 van 12 beantwoord" in manage


def test_a_wrong_ballot_is_refused_clearly_and_stores_nothing(client, poll_meeting):
    login(client, poll_meeting.facilitator)
    _ballot_url, tally, _undo = _urls(poll_meeting)
    before = _households()
    refusals = {
        "12": "deze bevraging heeft 3 maatregelen en je typte 2 cijfers",
        "1234": "je typte 4 cijfers",
        "1a2": "Typ alleen de cijfers 0 tot 5",
        "000": "Op deze stembrief is geen vakje aangekruist",
        "": "Typ één cijfer per maatregel.",
    }
    for digits, message in refusals.items():
        response = _ballot(client, tally, digits)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert message in html, digits
        assert 'class="error"' in html
    assert _households() == before
    assert paper.ballots_of(poll_meeting.current_step) == []


def test_the_same_ballot_sent_twice_is_saved_once(client, poll_meeting):
    login(client, poll_meeting.facilitator)
    _ballot_url, tally, _undo = _urls(poll_meeting)
    key = _key(client, tally)
    assert _ballot(client, tally, "123", key).status_code == 302
    again = _ballot(client, tally, "123", key)
    assert again.status_code == 302
    assert "al bewaard" in client.get(tally).get_data(as_text=True)
    assert len(paper.ballots_of(poll_meeting.current_step)) == 1


def test_undo_takes_the_last_ballot_back_out_once(client, poll_meeting):
    step = poll_meeting.current_step
    login(client, poll_meeting.facilitator)
    _ballot_url, tally, undo = _urls(poll_meeting)
    _ballot(client, tally, "111")
    _ballot(client, tally, "555")
    first, last = (b.id for b in paper.ballots_of(step))
    version = poll_meeting.version

    stale = post(client, undo, {"ballot": first})
    assert stale.status_code == 409
    assert "al ongedaan gemaakt" in stale.get_data(as_text=True)
    assert len(paper.ballots_of(step)) == 2

    assert post(client, undo, {"ballot": last}).status_code == 302
    assert "Stembrief 2 is weer verwijderd" in client.get(tally).get_data(as_text=True)
    assert post(client, undo, {"ballot": last}).status_code == 409  # a second tap
    assert [b.id for b in paper.ballots_of(step)] == [first]
    result = polls.tally(step)
    assert result.households == 1
    assert result.for_measure(polls.measures_of(step)[0].id).by_horizon["done"] == 1
    assert _households() == 1
    db.session.refresh(poll_meeting)
    assert poll_meeting.version > version  # kept figures are counted anew


def test_a_ballot_tells_the_screen_and_facilitator(client, poll_meeting, sio):
    login(client, poll_meeting.facilitator)
    staff = sio(client, auth={"meeting": poll_meeting.code})
    staff.get_received()
    _ballot_url, tally, _undo = _urls(poll_meeting)
    _ballot(client, tally, "123")
    results = [m for m in staff.get_received() if m["name"] == "poll-results"]
    assert results[-1]["args"] == [{"step": poll_meeting.current_step.id, "n": 3}]


def test_only_the_meetings_managers_key_ballots(client, new_client, poll_meeting):
    _ballot_url, tally, _undo = _urls(poll_meeting)
    phone = new_client()
    join(phone, poll_meeting)
    response = post(phone, tally, {"digits": "123", "key": "phone-key-00001"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert paper.ballots_of(poll_meeting.current_step) == []
