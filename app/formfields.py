"""Shared form helpers: the base form, choices and id fields."""

from collections.abc import Iterable
from functools import cache

from babel.support import Translations
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms import IntegerField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.widgets import CheckboxInput, ListWidget

from app.i18n import _l, locale_tag


@cache
def _wtforms_translations(locale: str) -> Translations:
    return Translations.load(messages_path(), [locale], domain="wtforms")


class Form(FlaskForm):
    """Every form of the app: WTForms' own messages in the request's language.

    The translations are read once per language, not once per request. The
    CSRF token is checked once, by CSRFProtect before any view runs, for every
    POST; a form only carries it (`hidden_tag`) and does not check it again.
    """

    class Meta:
        csrf = False

        def get_translations(self, form):
            return _wtforms_translations(locale_tag())

    def hidden_tag(self, *fields) -> Markup:
        """Render the CSRF token and the form's hidden fields."""
        token = Markup('<input name="csrf_token" type="hidden" value="{}">')
        return token.format(generate_csrf()) + super().hidden_tag(*fields)


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


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
