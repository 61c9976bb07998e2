"""QR codes as inline SVG, served from our own origin."""

import segno
from markupsafe import Markup


def qr_svg(url: str, *, scale: int = 8, title: str = "") -> Markup:
    """Return an inline SVG QR code for a URL."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=scale, dark="#000", light="#fff", title=title or None, border=2
    )
    return Markup(svg)  # noqa: S704 - segno builds the SVG; the url is escaped by it
