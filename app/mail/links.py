"""Addresses a message carries: absolute, and the signed unsubscribe link.

The unsubscribe link needs no table of its own: it carries the sign-up's id
and what it is for, signed with the app's secret key. It also carries when the
sign-up was made, so that a link to a sign-up that was withdrawn never works
for a later sign-up that happens to get the same id.
"""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from itsdangerous import BadSignature, URLSafeSerializer

#: what an unsubscribe link may do: withdraw the consent to news by e-mail
PURPOSE = "news-off"
_SALT = "klimaattafel.mail.unsubscribe"


def absolute_url(endpoint: str, **values) -> str:
    """Return a full address for a link in a message: under PUBLIC_URL when it
    is set, else under the address of the request being served.

    Outside a request (a command, a background job) only PUBLIC_URL (or
    SERVER_NAME) can say where the app is reached.
    """
    base = current_app.config["PUBLIC_URL"]
    if not has_request_context() and base:
        parts = urlsplit(base)
        adapter = current_app.url_map.bind(
            parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
        )
        return adapter.build(endpoint, values, force_external=True)
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, **values, _external=True)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _made(signup) -> str:
    return signup.created_at.isoformat(timespec="microseconds")


def unsubscribe_token(signup) -> str:
    """Return the signed token of a sign-up's unsubscribe link."""
    return _serializer().dumps({"s": signup.id, "p": PURPOSE, "t": _made(signup)})


def unsubscribe_url(signup) -> str:
    return absolute_url("unsubscribe.confirm", token=unsubscribe_token(signup))


def signup_id_of(token: str) -> tuple[int, str] | None:
    """Return the sign-up id and creation time a token was signed for, or None
    when it is not a genuine unsubscribe token."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != PURPOSE:
        return None
    signup_id, made = data.get("s"), data.get("t")
    if type(signup_id) is not int or not isinstance(made, str):
        return None
    return signup_id, made


def matches(signup, made: str) -> bool:
    """Return whether the token's creation time is this sign-up's."""
    return signup is not None and _made(signup) == made
