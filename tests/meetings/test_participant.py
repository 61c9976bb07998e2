"""A resident joins from the phone and follows the facilitator's steps."""

import sqlalchemy as sa

from app.extensions import db
from app.meetings.models import Participant
from tests.support.web import csrf_token, join, post


def test_joining_by_qr_link_creates_one_anonymous_participant(client, make_meeting):
    meeting = make_meeting()
    page = client.get(f"/j/{meeting.qr_token}")
    assert page.status_code == 200
    assert "Klimaattafel Rabot" in page.get_data(as_text=True)

    response = join(
        client, meeting, tenure="tenant", dwelling="row_house", street="Kerkstraat"
    )
    assert response.headers["Location"] == f"/m/{meeting.code}"
    participant = db.session.scalars(sa.select(Participant)).one()
    assert (participant.tenure, participant.dwelling, participant.street) == (
        "tenant",
        "row_house",
        "Kerkstraat",
    )
    # Coming back through the QR link (a reload, a rescan) keeps the same participant.
    again = client.get(f"/j/{meeting.qr_token}")
    assert again.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 1


def test_typed_code_leads_to_the_join_page_in_any_case(client, make_meeting):
    meeting = make_meeting()
    typed = meeting.code.lower()[:3] + " " + meeting.code.lower()[3:]
    response = post(client, "/join", {"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/j/{meeting.qr_token}"


def test_wrong_code_is_refused_with_a_translated_message(client, make_meeting):
    make_meeting()
    token = csrf_token(client)
    response = client.post(
        "/join",
        data={"code": "XXXXXX", "csrf_token": token},
        headers={"Accept-Language": "fr-BE,fr;q=0.9"},
    )
    assert response.status_code == 422
    assert "Nous ne connaissons pas ce code" in response.get_data(as_text=True)


def test_profile_values_outside_the_choices_are_refused(client, make_meeting):
    meeting = make_meeting()
    response = post(client, f"/j/{meeting.qr_token}", {"tenure": "king"})
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 0


def test_phone_sees_the_current_step_and_its_state(client, make_meeting):
    meeting = make_meeting()
    join(client, meeting)
    fragment = client.get(f"/m/{meeting.code}/step", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body
    assert "We beginnen zo meteen" in body
    assert "HX-Request" in fragment.headers["Vary"]

    from app.meetings import services

    services.change_step(meeting, meeting.steps[0], "open")
    db.session.commit()
    body = client.get(f"/m/{meeting.code}/step").get_data(as_text=True)
    assert "Welkom" in body and "Over Welkom" in body


def test_phone_asks_cheaply_which_version_the_step_is_at(
    client, new_client, make_meeting, make_user
):
    meeting = make_meeting()
    join(client, meeting)
    url = f"/m/{meeting.code}/step/version"
    first = client.get(url)
    assert first.get_json() == {"v": meeting.version}
    assert "no-store" in first.headers["Cache-Control"]
    from app.meetings import services

    services.change_step(meeting, meeting.steps[0], "open")
    db.session.commit()
    assert client.get(url).get_json() == {"v": meeting.version}
    assert new_client().get(url).status_code == 404
    stranger = new_client()
    join(stranger, make_meeting(make_user(municipality="Aalst")))
    assert stranger.get(url).status_code == 404


def test_language_choice_sticks_and_updates_the_participant(client, make_meeting):
    meeting = make_meeting()
    join(client, meeting)
    response = post(client, "/lang", {"lang": "fr", "next": f"/m/{meeting.code}"})
    assert response.headers["Location"] == f"/m/{meeting.code}"
    page = client.get(f"/m/{meeting.code}").get_data(as_text=True)
    assert '<html lang="fr"' in page
    assert db.session.scalars(sa.select(Participant)).one().locale == "fr"


def test_language_switch_never_redirects_off_site(client):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil"):
        response = post(client, "/lang", {"lang": "en", "next": target})
        assert response.headers["Location"] == "/"


def test_phone_cannot_follow_another_meeting(client, make_meeting, make_user):
    mine = make_meeting()
    other = make_meeting(make_user(municipality="Aalst"))
    join(client, mine)
    assert client.get(f"/m/{other.code}/step").status_code == 404
    assert client.get(f"/m/{other.code}").status_code == 302


def test_meeting_that_stopped_joins_refuses_new_phones(client, make_meeting):
    meeting = make_meeting()
    meeting.accepting_joins = False
    db.session.commit()
    assert client.get(f"/j/{meeting.qr_token}").status_code == 410
    # Its right code leads to the same clear answer instead of "unknown code".
    typed = post(client, "/join", {"code": meeting.code}, follow_redirects=True)
    assert typed.status_code == 410
    assert "laat nu geen nieuwe telefoons toe" in typed.get_data(as_text=True)


def _guess(client, i: int, lang: str = "nl"):
    return post(
        client, "/join", {"code": f"QQQQ{i:02d}"}, headers={"Accept-Language": lang}
    )


def test_a_guessing_phone_never_keeps_the_venue_out(client, new_client, make_meeting):
    meeting = make_meeting()
    guesses = iter(range(1000))
    statuses = []
    # Sixty phones behind the venue's one IP address, one of them typing wrong
    # codes all along: every right code gets in at once, typed or scanned.
    for n in range(60):
        statuses += [_guess(client, next(guesses)).status_code for _ in range(3)]
        phone = new_client()
        if n % 2:
            typed = post(phone, "/join", {"code": meeting.code.lower()})
            assert typed.status_code == 302, n
            assert typed.headers["Location"] == f"/j/{meeting.qr_token}"
        else:
            assert phone.get(f"/j/{meeting.qr_token}").status_code == 200, n
        join(phone, meeting)
        assert phone.get(f"/m/{meeting.code}/step").status_code == 200
    # The guessing itself stays throttled: ten wrong codes, then a wait.
    assert statuses[:10] == [422] * 10
    assert set(statuses[10:]) == {429}
    refused = _guess(client, next(guesses), lang="fr")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Trop d&#39;essais" in refused.get_data(as_text=True)


def test_the_right_code_of_a_closed_meeting_is_no_guess(client, make_meeting):
    meeting = make_meeting()
    meeting.accepting_joins = False
    db.session.commit()
    for _ in range(15):
        assert post(client, "/join", {"code": meeting.code}).status_code == 302
    assert [_guess(client, i).status_code for i in range(11)] == [422] * 10 + [429]


def test_post_without_csrf_token_is_refused(client, make_meeting):
    meeting = make_meeting()
    response = client.post(f"/j/{meeting.qr_token}", data={})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 0
