"""Figures kept per process while what they are made of stays the same.

A street's worksites (bundles) are worked out from every sign-up in scope;
sign-ups change seldom (at a meeting, or through a private link), so the
result is kept with a fingerprint of the sign-ups and made anew when the
fingerprint differs; a meeting's poll counts likewise (app/groups/poll_figures).
Every process keeps its own; fingerprints are read from the database on each
request, so all processes agree.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from app.extensions import db


class Kept:
    """A small least-recently-used store of (fingerprint, value) per key."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, fingerprint: Hashable, make: Callable[[], object]):
        """Return the kept value if its fingerprint still holds, else make it."""
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] == fingerprint:
                self._items.move_to_end(key)
                return found[1]
        value = make()
        self.put(key, fingerprint, value)
        return value

    def peek(self, key: Hashable, fingerprint: Hashable):
        """Return the kept value if its fingerprint still holds, else None."""
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] != fingerprint:
                return None
            self._items.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, fingerprint: Hashable, value) -> None:
        with self._lock:
            self._items[key] = (fingerprint, value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def database_key(*key: Hashable) -> tuple:
    """Return a key that also names the database: ids mean nothing across two."""
    return (db.engine.url.render_as_string(hide_password=True), *key)


#: the dashboard's figures made of sign-ups
SIGNUP_FIGURES = Kept()
