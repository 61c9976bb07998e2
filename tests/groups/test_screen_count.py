"""The projector's sign-up count follows every sign-up, change and withdrawal."""

import time

from tests.support.forms import forms_of, submitted
from tests.support.signups import private_link, sign_up
from tests.support.web import join, login


def _heard(listener, event: str, wait: float = 2.0) -> bool:
    """Return whether the event arrives within the wait (a catch-up comes later)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if any(m["name"] == event for m in listener.get_received()):
            return True
        time.sleep(0.05)
    return False


def _screen_says(client, meeting) -> str:
    return client.get(f"/m/{meeting.code}/screen/step").get_data(as_text=True)


def test_the_screen_hears_every_change_to_the_sign_ups(
    client, new_client, signup_meeting, sio
):
    login(client, signup_meeting.facilitator)
    screen = sio(client, auth={"meeting": signup_meeting.code})
    assert screen.is_connected()
    screen.get_received()
    phone = new_client()
    join(phone, signup_meeting)
    screen.get_received()  # participants-changed

    link = private_link(sign_up(phone, signup_meeting))
    assert _heard(screen, "signups-changed")
    assert "1 huishouden schreef zich in" in _screen_says(client, signup_meeting)

    forms = forms_of(phone.get(link).get_data(as_text=True))
    change = next(f for f in forms if not f["action"])
    assert phone.post(link, data=submitted(change, consent_news="y")).status_code == 302
    assert _heard(screen, "signups-changed")

    withdraw = next(f for f in forms if f["action"] == f"{link}/withdraw")
    assert phone.post(withdraw["action"], data=submitted(withdraw)).status_code == 200
    assert _heard(screen, "signups-changed")
    assert "0 huishoudens schreven zich in" in _screen_says(client, signup_meeting)


def test_another_meetings_screen_hears_nothing(
    client, new_client, signup_meeting, make_meeting, make_user, sio
):
    other = make_meeting(make_user(municipality="Aalst"))
    login(client, other.facilitator)
    screen = sio(client, auth={"meeting": other.code})
    screen.get_received()
    phone = new_client()
    join(phone, signup_meeting)
    link = private_link(sign_up(phone, signup_meeting))
    forms = forms_of(phone.get(link).get_data(as_text=True))
    withdraw = next(f for f in forms if f["action"] == f"{link}/withdraw")
    phone.post(withdraw["action"], data=submitted(withdraw))
    assert not _heard(screen, "signups-changed", wait=0.5)
