"""Phones share ideas to an open question and upvote them; the facilitator
hides, shows and merges duplicates; the screen and the report show them."""

import re
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.ideas import services as ideas
from app.ideas.models import Idea, IdeaQuestion, IdeaVote
from app.meetings import services as meetings
from tests.support.web import join, login, post

HX = {"HX-Request": "true"}


@pytest.fixture
def ideas_meeting(make_meeting):
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="ideas", title="Ideeën")
    ideas.create_question(step, "Wat zou onze straat koeler maken?", 40)
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    return meeting


def _step(meeting):
    return meeting.current_step


def _share(client, meeting, text, key="key-0001", **more):
    url = f"/m/{meeting.code}/ideas/{_step(meeting).id}/share"
    return post(client, url, {"text": text, "key": key, **more}, headers=HX)


def _vote(client, meeting, idea_id, vote="up"):
    url = f"/m/{meeting.code}/ideas/{_step(meeting).id}/ideas/{idea_id}/vote"
    return post(client, url, {"vote": vote}, headers=HX)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _phone(new_client, meeting):
    client = new_client()
    join(client, meeting)
    return client


def _idea(text) -> Idea:
    return db.session.scalar(sa.select(Idea).where(Idea.text == text))


def _board(meeting):
    db.session.expire_all()
    return {e.idea.text: e.votes for e in ideas.board(_step(meeting)).entries}


def test_an_idea_is_stored_once_however_often_it_is_sent(client, ideas_meeting):
    join(client, ideas_meeting)
    first = _share(client, ideas_meeting, "  Meer   bomen\nin de straat ")
    assert first.status_code == 200
    assert "Gedeeld" in first.get_data(as_text=True)
    assert first.headers["HX-Trigger"] == "ideas-changed"
    again = _share(client, ideas_meeting, "  Meer   bomen\nin de straat ")
    assert again.status_code == 200
    assert [i.text for i in db.session.scalars(sa.select(Idea))] == [
        "Meer bomen in de straat"
    ]
    assert (
        _share(client, ideas_meeting, "Een waterspeelplek", "key-0002").status_code
        == 200
    )
    assert _count(Idea) == 2


def test_empty_and_too_long_ideas_are_refused_with_what_was_typed(
    client, ideas_meeting
):
    join(client, ideas_meeting)
    for text in ("", "   \n "):
        empty = _share(client, ideas_meeting, text)
        assert empty.status_code == 422
        assert "Schrijf eerst iets." in empty.get_data(as_text=True)
    too_long = _share(client, ideas_meeting, "x" * 41)  # the question allows 40
    html = too_long.get_data(as_text=True)
    assert too_long.status_code == 422
    assert "hoogstens 40 tekens" in html
    assert "x" * 41 in html  # nothing typed is lost
    far_too_long = _share(client, ideas_meeting, "y" * 5000)
    assert far_too_long.status_code == 422
    assert _count(Idea) == 0
    assert _share(client, ideas_meeting, "x" * 40).status_code == 200


def test_a_closed_step_stores_nothing(client, ideas_meeting):
    join(client, ideas_meeting)
    _share(client, ideas_meeting, "Bomen")
    meetings.change_step(ideas_meeting, _step(ideas_meeting), "close")
    db.session.commit()
    refused = _share(client, ideas_meeting, "Nog een idee", "key-0002")
    assert refused.status_code == 409
    assert "Deze vraag is gesloten" in refused.get_data(as_text=True)
    vote = _vote(client, ideas_meeting, _idea("Bomen").id)
    assert vote.status_code == 409
    assert _count(Idea) == 1 and _count(IdeaVote) == 0


def test_one_phone_shares_a_handful_of_ideas_at_most(client, ideas_meeting):
    join(client, ideas_meeting)
    for n in range(10):
        assert (
            _share(client, ideas_meeting, f"Idee {n}", f"key-{n:04d}").status_code
            == 200
        )
    eleventh = _share(client, ideas_meeting, "Nog eentje", "key-9999")
    assert eleventh.status_code == 422
    assert "10" in eleventh.get_data(as_text=True)
    # a resend of one that was stored is still confirmed
    assert _share(client, ideas_meeting, "Idee 3", "key-0003").status_code == 200
    assert _count(Idea) == 10


def test_one_upvote_per_phone_and_a_second_tap_takes_it_back(new_client, ideas_meeting):
    author, voter = _phone(new_client, ideas_meeting), _phone(new_client, ideas_meeting)
    _share(author, ideas_meeting, "Meer bomen")
    idea = _idea("Meer bomen")
    for _ in range(3):  # a double tap or a resent tap
        response = _vote(voter, ideas_meeting, idea.id)
        assert response.status_code == 200
    assert 'aria-pressed="true"' in response.get_data(as_text=True)
    assert 'value="withdraw"' in response.get_data(as_text=True)
    assert _count(IdeaVote) == 1
    assert _board(ideas_meeting) == {"Meer bomen": 1}
    withdrawn = _vote(voter, ideas_meeting, idea.id, "withdraw")
    assert withdrawn.status_code == 200
    assert 'value="up"' in withdrawn.get_data(as_text=True)
    assert _count(IdeaVote) == 0
    assert _vote(voter, ideas_meeting, idea.id, "sideways").status_code == 422
    assert _count(IdeaVote) == 0


def test_another_meetings_idea_is_not_found(new_client, make_meeting, ideas_meeting):
    other = make_meeting(steps=())
    step = meetings.add_step(other, kind="ideas", title="Elders")
    meetings.change_step(other, step, "open")
    db.session.commit()
    stranger = _phone(new_client, other)
    _share(stranger, other, "Elders een idee")
    foreign = _idea("Elders een idee")
    phone = _phone(new_client, ideas_meeting)
    assert _vote(phone, ideas_meeting, foreign.id).status_code == 404
    # nor through the other meeting's address: this phone did not join it
    assert _vote(phone, other, foreign.id).status_code == 404
    assert _count(IdeaVote) == 0


def test_merged_duplicates_count_each_phone_once(
    app, new_client, make_user, ideas_meeting
):
    a, b, c = (_phone(new_client, ideas_meeting) for _ in range(3))
    _share(a, ideas_meeting, "Meer bomen")
    _share(b, ideas_meeting, "Bomen planten")
    _share(c, ideas_meeting, "Een bank")
    trees, planting = _idea("Meer bomen"), _idea("Bomen planten")
    _vote(a, ideas_meeting, trees.id)
    _vote(a, ideas_meeting, planting.id)  # phone a liked both
    _vote(b, ideas_meeting, planting.id)
    assert _board(ideas_meeting) == {"Meer bomen": 1, "Bomen planten": 2, "Een bank": 0}

    staff = app.test_client()
    login(staff, ideas_meeting.facilitator)
    url = f"/m/{ideas_meeting.code}/ideas/{_step(ideas_meeting).id}/ideas"
    assert (
        post(staff, f"{url}/{planting.id}/merge", {"into": trees.id}).status_code == 302
    )
    assert _board(ideas_meeting) == {"Meer bomen": 2, "Een bank": 0}
    entry = ideas.board(_step(ideas_meeting)).entries[0]
    assert [i.text for i in entry.merged] == ["Bomen planten"]
    # phones see only the merged idea to upvote, and an upvote of the
    # duplicate (a list shown before the merge) counts for it once
    listing = a.get(f"/m/{ideas_meeting.code}/ideas/{_step(ideas_meeting).id}/list")
    assert "Bomen planten" not in listing.get_data(as_text=True)
    _vote(b, ideas_meeting, trees.id)
    _vote(c, ideas_meeting, planting.id)
    assert _board(ideas_meeting) == {"Meer bomen": 3, "Een bank": 0}
    # withdrawing the merged idea takes back the phone's votes on both
    _vote(a, ideas_meeting, trees.id, "withdraw")
    assert _board(ideas_meeting) == {"Meer bomen": 2, "Een bank": 0}

    # merging into oneself, or a merged idea again, is refused; nothing changes
    assert post(staff, f"{url}/{trees.id}/merge", {"into": trees.id}).status_code == 422
    assert (
        post(staff, f"{url}/{planting.id}/merge", {"into": trees.id}).status_code == 422
    )
    # taken out again, the duplicate has its own votes back
    assert post(staff, f"{url}/{planting.id}/unmerge").status_code == 302
    assert _board(ideas_meeting) == {"Meer bomen": 1, "Bomen planten": 1, "Een bank": 0}


def test_a_merge_into_a_merged_idea_joins_its_target(app, new_client, ideas_meeting):
    phone = _phone(new_client, ideas_meeting)
    for n, text in enumerate(("A bomen", "B bomen", "C bomen")):
        _share(phone, ideas_meeting, text, f"key-{n:04d}")
    a, b, c = (_idea(t) for t in ("A bomen", "B bomen", "C bomen"))
    staff = app.test_client()
    login(staff, ideas_meeting.facilitator)
    url = f"/m/{ideas_meeting.code}/ideas/{_step(ideas_meeting).id}/ideas"
    post(staff, f"{url}/{b.id}/merge", {"into": a.id})
    post(staff, f"{url}/{c.id}/merge", {"into": b.id})  # b is merged into a
    post(staff, f"{url}/{a.id}/merge", {"into": c.id})  # refused: c is in a
    db.session.expire_all()
    assert [
        (i.text, i.merged_into_id)
        for i in db.session.scalars(sa.select(Idea).order_by(Idea.id))
    ] == [("A bomen", None), ("B bomen", a.id), ("C bomen", a.id)]


def test_a_hidden_idea_leaves_the_screen_the_phones_and_the_cloud(
    app, new_client, ideas_meeting
):
    phone = _phone(new_client, ideas_meeting)
    _share(phone, ideas_meeting, "Scheldwoord hier", "key-0001")
    _share(phone, ideas_meeting, "Geveltuinen overal", "key-0002")
    rude = _idea("Scheldwoord hier")
    staff = app.test_client()
    login(staff, ideas_meeting.facilitator)
    step = _step(ideas_meeting)
    url = f"/m/{ideas_meeting.code}/ideas/{step.id}/ideas/{rude.id}"
    assert post(staff, f"{url}/hide").status_code == 302
    board = staff.get(f"/m/{ideas_meeting.code}/ideas/{step.id}/board")
    html = board.get_data(as_text=True)
    assert "Geveltuinen overal" in html and "geveltuinen" in html  # the cloud
    assert "Scheldwoord" not in html and "scheldwoord" not in html
    listing = phone.get(f"/m/{ideas_meeting.code}/ideas/{step.id}/list")
    assert "Scheldwoord" not in listing.get_data(as_text=True)
    refused = _vote(phone, ideas_meeting, rude.id)
    assert refused.status_code == 409 and _count(IdeaVote) == 0
    manage = staff.get(f"/m/{ideas_meeting.code}/manage").get_data(as_text=True)
    assert "Scheldwoord hier" in manage  # the facilitator still sees it
    assert post(staff, f"{url}/show").status_code == 302
    html = staff.get(f"/m/{ideas_meeting.code}/ideas/{step.id}/board").get_data(
        as_text=True
    )
    assert "Scheldwoord hier" in html


def test_what_residents_type_is_escaped_everywhere(app, new_client, ideas_meeting):
    phone = _phone(new_client, ideas_meeting)
    text = '<img src=x onerror="alert(1)">'
    assert _share(phone, ideas_meeting, text).status_code == 200
    staff = app.test_client()
    login(staff, ideas_meeting.facilitator)
    step = _step(ideas_meeting)
    pages = [
        phone.get(f"/m/{ideas_meeting.code}/ideas/{step.id}/list"),
        phone.get(f"/m/{ideas_meeting.code}/step"),
        staff.get(f"/m/{ideas_meeting.code}/ideas/{step.id}/board"),
        staff.get(f"/m/{ideas_meeting.code}/manage"),
        staff.get(f"/m/{ideas_meeting.code}/report"),
    ]
    for page in pages:
        html = page.get_data(as_text=True)
        assert "<img src=x" not in html
        assert "&lt;img src=x" in html


def test_the_socket_message_carries_no_idea(app, new_client, sio, ideas_meeting):
    phone = _phone(new_client, ideas_meeting)
    listener = sio(phone, auth={"meeting": ideas_meeting.code})
    listener.get_received()
    _share(phone, ideas_meeting, "Geheime tekst van een bewoner")
    deadline, received = time.monotonic() + 2, []
    while time.monotonic() < deadline and not received:
        received = listener.get_received()
        time.sleep(0.02)
    assert [m["name"] for m in received] == ["ideas-changed"]
    assert received[0]["args"] == [{"step": _step(ideas_meeting).id}]
    listener.disconnect()


def test_phones_share_the_step_until_there_are_ideas_then_see_their_own(
    new_client, ideas_meeting
):
    a, b = _phone(new_client, ideas_meeting), _phone(new_client, ideas_meeting)
    step_url = f"/m/{ideas_meeting.code}/step"

    def shown(client) -> str:
        html = client.get(step_url).get_data(as_text=True)
        return re.sub(r'value="[^"]*"', "", html)  # without its own key and token

    assert "Wat zou onze straat koeler maken?" in shown(a)
    assert shown(a) == shown(b)  # one render for both
    _share(a, ideas_meeting, "Meer schaduw")
    assert "Meer schaduw" in shown(b)
    assert "jouw idee" in shown(a) and "jouw idee" not in shown(b)
    _vote(b, ideas_meeting, _idea("Meer schaduw").id)
    assert 'aria-pressed="true"' in shown(b)
    assert 'aria-pressed="true"' not in shown(a)


def test_a_get_never_writes(app, new_client, ideas_meeting):
    phone = _phone(new_client, ideas_meeting)
    _share(phone, ideas_meeting, "Bomen")
    staff = app.test_client()
    login(staff, ideas_meeting.facilitator)
    step = _step(ideas_meeting)

    def rows():
        db.session.expire_all()
        return (
            _count(Idea),
            _count(IdeaVote),
            _count(IdeaQuestion),
            ideas_meeting.version,
        )

    before = rows()
    base = f"/m/{ideas_meeting.code}/ideas/{step.id}"
    for client, url in (
        (phone, f"{base}/list"),
        (phone, f"/m/{ideas_meeting.code}/step"),
        (staff, f"{base}/board"),
        (staff, f"{base}/moderation"),
        (staff, f"/m/{ideas_meeting.code}/screen/step"),
        (staff, f"/m/{ideas_meeting.code}/report"),
    ):
        assert client.get(url).status_code == 200, url
    assert rows() == before


def test_revealed_ideas_reach_phones_screen_and_report_by_votes(
    app, new_client, ideas_meeting
):
    a, b = _phone(new_client, ideas_meeting), _phone(new_client, ideas_meeting)
    _share(a, ideas_meeting, "Bomen aan de school", "key-0001")
    _share(b, ideas_meeting, "Een waterpomp", "key-0002")
    _vote(a, ideas_meeting, _idea("Een waterpomp").id)
    _vote(b, ideas_meeting, _idea("Een waterpomp").id)
    step = _step(ideas_meeting)
    meetings.change_step(ideas_meeting, step, "close")
    meetings.change_step(ideas_meeting, step, "reveal")
    db.session.commit()
    phone_html = a.get(f"/m/{ideas_meeting.code}/step").get_data(as_text=True)
    assert phone_html.index("Een waterpomp") < phone_html.index("Bomen aan de school")
    assert "2 stemmen" in phone_html
    staff = app.test_client()
    login(staff, ideas_meeting.facilitator)
    for url in (
        f"/m/{ideas_meeting.code}/screen/step",
        f"/m/{ideas_meeting.code}/report",
    ):
        html = staff.get(url).get_data(as_text=True)
        assert "<svg" in html and ">waterpomp</text>" in html, url
        assert "Een waterpomp" in html and "Bomen aan de school" in html
        assert "Wat zou onze straat koeler maken?" in html


def test_hiding_a_revealed_idea_moves_the_phones_on(app, new_client, ideas_meeting):
    phone = _phone(new_client, ideas_meeting)
    _share(phone, ideas_meeting, "Iets ongepasts")
    step = _step(ideas_meeting)
    meetings.change_step(ideas_meeting, step, "close")
    meetings.change_step(ideas_meeting, step, "reveal")
    db.session.commit()
    assert "Iets ongepasts" in phone.get(f"/m/{ideas_meeting.code}/step").get_data(
        as_text=True
    )
    version = ideas_meeting.version
    staff = app.test_client()
    login(staff, ideas_meeting.facilitator)
    idea = _idea("Iets ongepasts")
    post(staff, f"/m/{ideas_meeting.code}/ideas/{step.id}/ideas/{idea.id}/hide")
    db.session.expire_all()
    assert ideas_meeting.version == version + 1
    assert "Iets ongepasts" not in phone.get(f"/m/{ideas_meeting.code}/step").get_data(
        as_text=True
    )


def test_the_facilitator_adds_an_ideas_step_with_its_question(app, make_meeting):
    meeting = make_meeting(steps=())
    staff = app.test_client()
    login(staff, meeting.facilitator)
    url = f"/m/{meeting.code}/steps"
    base = {"kind": "ideas", "title": "Ideeën", "body": ""}
    for bad in (
        {"question": ""},
        {"question": "Wat?", "max_length": "5"},
        {"question": "Wat?", "max_length": "veel"},
    ):
        assert post(staff, url, {**base, **bad}).status_code == 422
    assert _count(IdeaQuestion) == 0
    assert (
        post(staff, url, {**base, "question": "Wat mist de straat?"}).status_code == 302
    )
    assert (
        post(
            staff, url, {**base, "question": "En kort?", "max_length": "60"}
        ).status_code
        == 302
    )
    questions = db.session.scalars(sa.select(IdeaQuestion)).all()
    assert [(q.text, q.max_length) for q in questions] == [
        ("Wat mist de straat?", 140),
        ("En kort?", 60),
    ]


def test_the_question_is_edited_while_nobody_shared_and_then_kept(
    client, new_client, make_meeting
):
    meeting = make_meeting(steps=())
    login(client, meeting.facilitator)
    step = meetings.add_step(meeting, kind="ideas", title="Ideeën")
    ideas.create_question(step, "Wat mist de straat?", None)
    db.session.commit()
    edit = f"/m/{meeting.code}/steps/{step.id}/edit"
    assert "Wat mist de straat?" in client.get(edit).get_data(as_text=True)
    changed = {"title": "Ideeën", "question": "Wat maakt het koeler?"}
    assert post(client, edit, {**changed, "max_length": "80"}).status_code == 302
    db.session.expire_all()
    assert (ideas.question_of(step).text, ideas.question_of(step).max_length) == (
        "Wat maakt het koeler?",
        80,
    )
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    _share(_phone(new_client, meeting), meeting, "Bomen")
    assert "Mensen hebben al ideeën gedeeld" in client.get(edit).get_data(as_text=True)
    post(client, edit, {"title": "Ideeën", "question": "Iets anders?"})
    db.session.expire_all()
    assert ideas.question_of(step).text == "Wat maakt het koeler?"
