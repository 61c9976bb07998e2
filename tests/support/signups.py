"""A household's sign-up at the table, as its phone posts it, and its private link."""

import re

from tests.support.web import join, post

SIGNUP = {
    "measures": ["ext_wall_ins", "glazing"],
    "horizon": "1y",
    "name": "An Peeters",
    "email": "an@example.be",
    "phone": "",
    "street": "Kerkstraat",
    "house_number": "12",
    "dwelling": "row_house",
    "tenure": "owner",
    "help_loan": "y",
    "consent_contact": "y",
}


def sign_up(client, meeting, **changes):
    step = meeting.current_step
    return post(
        client,
        f"/m/{meeting.code}/groups/{step.id}/signup",
        {**SIGNUP, **changes},
        headers={"HX-Request": "true"},
    )


def private_link(response) -> str:
    return re.search(
        r'href="http://localhost(/s/[^"]+)"', response.get_data(as_text=True)
    ).group(1)


def sign_up_street(new_client, meeting, n, **changes):
    links = []
    for i in range(n):
        phone = new_client()
        join(phone, meeting)
        values = {"name": f"Bewoner {i}", "house_number": str(i + 1), **changes}
        response = sign_up(phone, meeting, **values)
        assert response.status_code == 200
        links.append(private_link(response))
    return links


HOSTILE = {
    "name": '=HYPERLINK("http://x","klik")',
    "phone": "0470 12 34 56",
    "house_number": "-4",
    "street": "Kerkstraat",
}
