"""Phones answer the poll; answers are idempotent and replaceable."""

import re
import threading
import time

import sqlalchemy as sa

from app.extensions import db
from app.live import coalesce
from app.meetings import services as meetings
from app.polls import services as polls
from app.polls.models import PollAnswer
from tests.support.clock import ManualClock
from tests.support.web import csrf_token, join, login, post


def _answer(client, meeting, measure, horizon, key="k" * 16, barrier="", **kwargs):
    step = meeting.current_step
    return post(
        client,
        f"/m/{meeting.code}/polls/{step.id}/answer",
        {"measure": measure.id, "horizon": horizon, "barrier": barrier, "key": key},
        headers={"HX-Request": "true"},
        **kwargs,
    )


def _rows():
    return db.session.scalars(sa.select(PollAnswer).order_by(PollAnswer.id)).all()


def test_phone_sees_every_measure_with_five_choices(client, poll_meeting):
    join(client, poll_meeting)
    html = client.get(f"/m/{poll_meeting.code}/step").get_data(as_text=True)
    assert "Zonnepanelen" in html and "Dakisolatie" in html and "Buurtbatterij" in html
    assert html.count('name="horizon"') == 5 * 3
    assert 'aria-pressed="true"' not in html


def test_retried_answer_is_stored_once_and_a_change_replaces_it(client, poll_meeting):
    join(client, poll_meeting)
    measure = polls.measures_of(poll_meeting.current_step)[0]
    for _ in range(3):
        response = _answer(client, poll_meeting, measure, "1y", key="retry-key-0001")
        assert response.status_code == 200
    assert [(r.horizon, r.barrier) for r in _rows()] == [("1y", None)]
    html = response.get_data(as_text=True)
    assert re.search(rf'id="measure-{measure.id}-1y"\s+aria-pressed="true"', html)

    _answer(client, poll_meeting, measure, "5y", key="next-key-00002", barrier="money")
    assert [(r.horizon, r.barrier) for r in _rows()] == [("5y", "money")]


def _form_values(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]*)"', html)


def test_each_phone_gets_its_answer_back_in_its_language_with_fresh_keys(
    client, new_client, poll_meeting
):
    """The answered block is the same for everyone answering alike, except the
    language, the form key and the CSRF token, which are each phone's own."""
    dutch, french = client, new_client()
    french.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    measure = polls.measures_of(poll_meeting.current_step)[0]
    join(dutch, poll_meeting)
    join(french, poll_meeting)
    replies = {}
    for phone in (dutch, french, dutch):
        response = _answer(
            phone, poll_meeting, measure, "5y", key=f"k{len(replies)}" * 9
        )
        assert response.status_code == 200
        replies.setdefault(phone, []).append(response.get_data(as_text=True))
    assert "Wat houdt je het meest tegen?" in replies[dutch][0]
    assert "Qu'est-ce qui vous freine le plus ?" in replies[french][0]
    keys = [
        k
        for html in replies[dutch] + replies[french]
        for k in _form_values(html, "key")
    ]
    assert len(set(keys)) == 3  # one per reply, shared by its two forms
    assert len(keys) == 6

    # The barrier form of the reply is what the phone sends next: it works.
    html = replies[french][0]
    step = poll_meeting.current_step
    response = french.post(
        f"/m/{poll_meeting.code}/polls/{step.id}/answer",
        data={
            "csrf_token": _form_values(html, "csrf_token")[-1],
            "measure": measure.id,
            "key": _form_values(html, "key")[-1],
            "horizon": "5y",
            "barrier": "money",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert [(r.horizon, r.barrier) for r in _rows()] == [("5y", None), ("5y", "money")]


def test_concurrent_retries_store_one_row(app, poll_meeting, new_client):
    phone = new_client()
    join(phone, poll_meeting)
    token = csrf_token(phone)
    measure = polls.measures_of(poll_meeting.current_step)[0]
    step = poll_meeting.current_step
    statuses = []

    def send():
        response = phone.post(
            f"/m/{poll_meeting.code}/polls/{step.id}/answer",
            data={
                "measure": measure.id,
                "horizon": "done",
                "key": "same-key-123456",
                "barrier": "",
                "csrf_token": token,
            },
            headers={"HX-Request": "true"},
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 10
    assert len(_rows()) == 1


def test_closed_step_refuses_changes_with_a_clear_message(client, poll_meeting):
    join(client, poll_meeting)
    measure = polls.measures_of(poll_meeting.current_step)[0]
    _answer(client, poll_meeting, measure, "1y")
    meetings.change_step(poll_meeting, poll_meeting.current_step, "close")
    db.session.commit()
    response = _answer(client, poll_meeting, measure, "done", key="late-key-000001")
    assert response.status_code == 409
    assert "Je antwoord werd niet gewijzigd" in response.get_data(as_text=True)
    assert [r.horizon for r in _rows()] == ["1y"]
    # The answer stored before the close, sent again (its reply was lost), is
    # confirmed as stored: the phone's outbox must not keep it.
    assert _answer(client, poll_meeting, measure, "1y").status_code == 200
    assert [r.horizon for r in _rows()] == ["1y"]


def test_bad_answers_are_refused_and_change_nothing(client, poll_meeting, make_meeting):
    join(client, poll_meeting)
    measure = polls.measures_of(poll_meeting.current_step)[0]
    assert _answer(client, poll_meeting, measure, "someday").status_code == 422
    assert (
        _answer(client, poll_meeting, measure, "1y", barrier="aliens").status_code
        == 422
    )
    assert _answer(client, poll_meeting, measure, "1y", key="x").status_code == 422
    other = make_meeting(steps=())
    other_step = meetings.add_step(other, kind="poll", title="P")
    polls.create_measures(other_step, ["pv"], [])
    db.session.commit()
    foreign = polls.measures_of(other_step)[0]
    assert _answer(client, poll_meeting, foreign, "1y").status_code == 422
    assert _rows() == []


def test_phone_of_another_meeting_cannot_answer(client, poll_meeting, make_meeting):
    join(client, make_meeting())
    measure = polls.measures_of(poll_meeting.current_step)[0]
    assert _answer(client, poll_meeting, measure, "1y").status_code == 404
    assert _rows() == []


def test_stance_is_asked_once_and_remembered(client, poll_meeting):
    join(client, poll_meeting)
    step = poll_meeting.current_step
    response = post(
        client,
        f"/m/{poll_meeting.code}/polls/{step.id}/stance",
        {"stance": "want_cannot"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert re.search(
        r'stance-want_cannot"\s+aria-pressed="true"',
        response.get_data(as_text=True),
    )
    bad = post(
        client, f"/m/{poll_meeting.code}/polls/{step.id}/stance", {"stance": "rich"}
    )
    assert bad.status_code == 422
    assert polls.stance_counts(poll_meeting)["want_cannot"] == 1


def test_results_reach_phones_only_when_revealed(client, new_client, poll_meeting):
    phones = [new_client() for _ in range(3)]
    measure = polls.measures_of(poll_meeting.current_step)[0]
    for phone, horizon in zip(phones, ["1y", "1y", "done"], strict=True):
        join(phone, poll_meeting)
        _answer(phone, poll_meeting, measure, horizon)
    html = phones[0].get(f"/m/{poll_meeting.code}/step").get_data(as_text=True)
    assert "data-count" not in html
    meetings.change_step(poll_meeting, poll_meeting.current_step, "reveal")
    db.session.commit()
    html = (
        phones[0]
        .get(f"/m/{poll_meeting.code}/step", headers={"Accept-Language": "fr"})
        .get_data(as_text=True)
    )
    assert 'data-horizon="1y" data-count="2"' in html
    assert 'data-horizon="done" data-count="1"' in html
    assert "3 ménages ont répondu" in html or "3 foyers ont répondu" in html


def test_screen_and_manage_show_exact_counts_with_splits(
    client, new_client, poll_meeting
):
    measures = polls.measures_of(poll_meeting.current_step)
    for tenure, horizon, barrier in [
        ("tenant", "not_possible", "landlord"),
        ("tenant", "not_possible", "landlord"),
        ("owner", "1y", ""),
    ]:
        phone = new_client()
        join(phone, poll_meeting, tenure=tenure)
        _answer(phone, poll_meeting, measures[1], horizon, barrier=barrier)
    login(client, poll_meeting.facilitator)
    step = poll_meeting.current_step
    screen = client.get(f"/m/{poll_meeting.code}/polls/{step.id}/results").get_data(
        as_text=True
    )
    assert f'id="poll-measure-{measures[1].id}-bar" data-total="3"' in screen
    assert 'data-horizon="not_possible" data-count="2"' in screen
    manage = client.get(f"/m/{poll_meeting.code}/manage").get_data(as_text=True)
    assert "De verhuurder beslist" in manage
    assert re.search(
        r"Ik huur</td><th scope=\"row\">Dakisolatie</th>\s*(<td>\d+</td>){4}<td>2</td>",
        manage,
    )


def test_facilitator_enters_an_assisted_household(client, poll_meeting):
    login(client, poll_meeting.facilitator)
    step = poll_meeting.current_step
    measures = polls.measures_of(step)
    url = f"/m/{poll_meeting.code}/polls/{step.id}/assisted"
    assert client.get(url).status_code == 200
    empty = post(client, url, {"key": "assist-key-0001"})
    assert empty.status_code == 422
    response = post(
        client,
        url,
        {
            "key": "assist-key-0002",
            f"h{measures[0].id}": "5y",
            f"b{measures[0].id}": "money",
            "stance": "want_cannot",
            "tenure": "owner",
            "dwelling": "row_house",
        },
    )
    assert response.status_code == 302
    row = _rows()[0]
    assert (row.horizon, row.barrier, row.participant.assisted) == ("5y", "money", True)
    assert meetings.phones_joined(poll_meeting.id) == 0  # no phone joined


def test_phone_cannot_enter_assisted_answers(client, poll_meeting):
    join(client, poll_meeting)
    step = poll_meeting.current_step
    response = client.get(f"/m/{poll_meeting.code}/polls/{step.id}/assisted")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_screen_gets_one_broadcast_at_once_and_one_at_the_window_end(
    app, client, new_client, poll_meeting, sio
):
    clock = ManualClock()
    coalesce.init_app(app, clock=clock, sleep=clock.sleep)
    login(client, poll_meeting.facilitator)
    screen = sio(client, auth={"meeting": poll_meeting.code})
    measure = polls.measures_of(poll_meeting.current_step)[0]
    phones = []
    for _ in range(30):
        phone = new_client()
        join(phone, poll_meeting)
        phones.append(phone)
    screen.get_received()
    for i, phone in enumerate(phones):  # thirty answers within one window
        _answer(phone, poll_meeting, measure, "1y", key=f"burst-key-{i:05d}")
    clock.advance(0.2)
    step = poll_meeting.current_step.id
    results = _results_heard(screen, 2)
    assert results == [[{"step": step, "n": 1}], [{"step": step, "n": 30}]]


def _results_heard(screen, n: int) -> list:
    """Return the screen's poll results once it heard n (the catch-up goes out
    as soon as the clock moved); what it heard by then if they never come."""
    heard, deadline = [], time.monotonic() + 5
    while len(heard) < n and time.monotonic() < deadline:
        heard += [
            m["args"] for m in screen.get_received() if m["name"] == "poll-results"
        ]
        time.sleep(0.01)
    return heard


def test_facilitator_builds_a_poll_step_with_a_custom_measure(client, make_meeting):
    meeting = make_meeting(steps=())
    login(client, meeting.facilitator)
    url = f"/m/{meeting.code}/steps"
    refused = post(client, url, {"kind": "poll", "title": "Plannen"})
    assert refused.status_code == 422
    assert "Kies minstens één maatregel" in refused.get_data(as_text=True)
    too_long = post(
        client, url, {"kind": "poll", "title": "P", "custom_measures": "x" * 81}
    )
    assert too_long.status_code == 422
    response = post(
        client,
        url,
        {
            "kind": "poll",
            "title": "Plannen",
            "measures": ["pv", "glazing"],
            "custom_measures": "Buurtbatterij\n\n",
        },
    )
    assert response.status_code == 302
    db.session.refresh(meeting)
    measures = polls.measures_of(meeting.steps[0])
    assert [(m.catalogue_key, m.custom_name) for m in measures] == [
        ("pv", None),
        ("glazing", None),
        (None, "Buurtbatterij"),
    ]


def test_one_phone_flooding_is_throttled_while_its_neighbours_answer(
    app, client, new_client, poll_meeting
):
    app.config["PHONE_WRITE_LIMIT"] = "5 per minute"
    join(client, poll_meeting)
    neighbour = new_client()  # same address: the venue's wifi
    join(neighbour, poll_meeting)
    measure = polls.measures_of(poll_meeting.current_step)[0]
    statuses = [
        _answer(client, poll_meeting, measure, "1y", key=f"flood-{i:04d}").status_code
        for i in range(5)
    ]
    assert statuses == [200] * 5
    refused = _answer(client, poll_meeting, measure, "5y", key="flood-last")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Te veel pogingen" in refused.get_data(as_text=True)
    assert [r.horizon for r in _rows()] == ["1y"]  # the refused answer changed nothing
    assert _answer(neighbour, poll_meeting, measure, "done").status_code == 200


def test_the_phone_page_is_compressed_and_an_answered_block_is_not(
    client, poll_meeting
):
    """Pages travel compressed; a 4 KB answer reply is not worth the CPU."""
    join(client, poll_meeting)
    client.environ_base["HTTP_ACCEPT_ENCODING"] = "br, gzip"
    page = client.get(f"/m/{poll_meeting.code}")
    assert page.status_code == 200
    assert page.headers["Content-Encoding"] == "br"
    measure = polls.measures_of(poll_meeting.current_step)[0]
    reply = _answer(client, poll_meeting, measure, "1y")
    assert reply.status_code == 200
    assert "Content-Encoding" not in reply.headers
    assert 'aria-pressed="true"' in reply.get_data(as_text=True)
