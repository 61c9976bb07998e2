"""Shared form helpers."""

from collections.abc import Iterable

from wtforms import IntegerField
from wtforms.fields.choices import SelectChoice

from app.i18n import _l


def choice_list(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """Return select/radio choices from (value, label) pairs; labels may be lazy."""
    return [SelectChoice(str(value), label) for value, label in pairs]


#: the largest id a table row can have (PostgreSQL's integer)
LARGEST_ID = 2**31 - 1


class IdField(IntegerField):
    """A row id sent back by a form; anything outside a database id reads as missing."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not 1 <= self.data <= LARGEST_ID:
            self.data = None
            raise ValueError(_l("This answer was not understood. Please tap again."))
