"""Staff with a contact list of hostile and odd sign-ups, on the groups tests'
sign-up meeting."""

import pytest

from tests.groups.conftest import signup_meeting  # noqa: F401 - a shared fixture
from tests.support.signups import HOSTILE, sign_up
from tests.support.web import join, login

ODD = {
    "name": "@SUM(A1)",
    "phone": "+31 6 12345678",
    "house_number": "-2+3",
    "email": "",
}


@pytest.fixture
def staff(client, new_client, signup_meeting, make_user):  # noqa: F811 - the fixture
    for values in (HOSTILE, ODD, {"name": "+1+1", "house_number": "+12"}):
        phone = new_client()
        join(phone, signup_meeting)
        assert sign_up(phone, signup_meeting, **values).status_code == 200
    login(client, make_user(role="staff"))
    return client
