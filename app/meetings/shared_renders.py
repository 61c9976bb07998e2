"""Pages every phone asks at once, rendered once for all phones alike.

The join page is the same for every phone of a meeting in one language; the
phone's step is described below. Each reply fills in its own CSRF token.

The phone's step, rendered once per version, language and kind of phone.

When the facilitator opens, closes or reveals a step every phone refetches it
at the same moment. What a phone is shown is fixed by the meeting's version
(it moves with everything phones are shown: app/meetings/services.py), the
phone's language, and what the step's kind says sets this phone apart (its
`phone_variant`: a persona card, a sign-up form's head start). Phones alike
share one render, kept in this process; every reply fills in its own CSRF
token and fresh form keys. What is one phone's own in a shared render (a
poll's answers) the render leaves as named part slots (`part_slot`), and the
kind's `phone_parts` fills them for each reply from small kept blocks. A kind
that answers None for a phone renders it on its own.
"""

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import g
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

#: where each reply's own values go in a kept render; forms that share a key
#: (a measure's two forms) share a slot: numbered_key_slot(n)
KEY_SLOT, CSRF_SLOT = "\x00key\x00", "\x00csrf\x00"
_KEY_SLOTS = re.compile("\x00key(\\d*)\x00")
_PART_SLOTS = re.compile("\x00part:([\\w.-]+)\x00")
_CSRF_FIELD = "csrf_token"  #: where Flask-WTF keeps a request's token in `g`
LIMIT = 256  #: renders kept: a few steps x languages x kinds of phone


def new_key() -> str:
    """Return a fresh key for a form render; a retried POST repeats it."""
    return secrets.token_urlsafe(12)


def keeping_slots() -> bool:
    """Return whether this render is kept, so per-reply values stay slots."""
    return g.get("keeping_slots", False)


def numbered_key_slot(number: int) -> str:
    """Return the key slot of one group of forms within a kept render."""
    return f"\x00key{number}\x00"


def part_slot(name: str) -> Markup:
    """Return the place of one phone's own part (a word of letters, digits,
    dots and dashes) in a kept render, filled for each reply by fill_parts."""
    return Markup(f"\x00part:{name}\x00")  # noqa: S704 - a fixed slot of ours


def fill_parts(html: str, part: Callable[[str], str]) -> str:
    """Fill a kept render's part slots with `part(name)`, HTML of the kind's own."""
    return _PART_SLOTS.sub(lambda match: part(match.group(1)), html)


def fill(html: str) -> str:
    """Fill a kept render's slots: this reply's CSRF token, a new key per slot."""
    keys: dict[str, str] = {}

    def key(match: re.Match) -> str:
        return keys.setdefault(match.group(1), new_key())

    if CSRF_SLOT in html:  # a step without a form signs no token
        html = html.replace(CSRF_SLOT, generate_csrf())
    return _KEY_SLOTS.sub(key, html)


class Renders:
    """The kept renders of this process, the least recently used dropped first."""

    def __init__(self, limit: int = LIMIT):
        self._kept: OrderedDict[Hashable, str] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], str]) -> str:
        """Return the kept render of `key`, rendering it with slots if new."""
        with self._lock:
            html = self._kept.get(key)
            if html is None:
                html = _with_slots(render)
                self._kept[key] = html
                if len(self._kept) > self._limit:
                    self._kept.popitem(last=False)
            else:
                self._kept.move_to_end(key)
        return html

    def __len__(self) -> int:
        return len(self._kept)


def _with_slots(render: Callable[[], str]) -> str:
    """Render with a slot where each reply's CSRF token and form keys go."""
    saved = g.pop(_CSRF_FIELD, None)
    g.keeping_slots = True
    setattr(g, _CSRF_FIELD, CSRF_SLOT)  # what generate_csrf() returns meanwhile
    try:
        return render()
    finally:
        g.keeping_slots = False
        g.pop(_CSRF_FIELD, None)
        if saved is not None:
            setattr(g, _CSRF_FIELD, saved)
