"""A browser's requests to a served process: its CSRF token, a logged-in
facilitator with a new meeting, its cookies as a header."""

import re

import requests

from tests.support.web import PASSWORD


def csrf_of(session: requests.Session, url: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', session.get(url).text).group(1)


def facilitator_with_meeting(server) -> tuple[requests.Session, str]:
    """Log the facilitator in on this process and create a meeting; return its code."""
    facilitator = requests.Session()
    home = f"{server.url}/"
    facilitator.post(
        f"{server.url}/login",
        data={
            "email": "fien@gent.be",
            "password": PASSWORD,
            "csrf_token": csrf_of(facilitator, home),
        },
    )
    created = facilitator.post(
        f"{server.url}/meetings/new",
        allow_redirects=False,
        data={
            "title": "Klimaattafel",
            "neighbourhood": "Muide",
            "held_on": "2026-12-01",
            "place": "Zaal",
            "locale": "nl",
            "csrf_token": csrf_of(facilitator, home),
        },
    )
    return facilitator, created.headers["Location"].split("/")[2]


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{k}={v}" for k, v in session.cookies.items())
