"""QR codes as inline SVG, served from our own origin."""

import segno
from flask import current_app, url_for
from markupsafe import Markup


def join_url(meeting) -> str:
    """Return the link the QR code carries."""
    path = url_for("participant.join", token=meeting.qr_token)
    base = current_app.config["PUBLIC_URL"]
    if base:
        return base.rstrip("/") + path
    return url_for("participant.join", token=meeting.qr_token, _external=True)


def qr_svg(url: str, *, scale: int = 8, title: str = "") -> Markup:
    """Return an inline SVG QR code for a URL."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=scale,
        dark="#000",
        light="#fff",
        title=title or None,
        border=2,
        omitsize=True,  # a viewBox instead: the code scales whole to any width
    )
    return Markup(svg)  # noqa: S704 - segno builds the SVG; the url is escaped by it
