"""A sign-up form's measure choice, rendered once per language, measure and tick.

Phones share one render of the sign-up form (app/meetings/shared_renders.py);
what each phone marked in the poll is its own: every measure is a part slot the
reply fills with its choice from here, ticked or not.
"""

from functools import lru_cache

from flask import get_template_attribute

from app.groups.forms import SignupForm
from app.i18n import locale_tag


def measure_option(key: str, checked: bool) -> str:
    """Return one measure's choice on the sign-up form, ticked or not."""
    return _option(locale_tag(), key, checked)


@lru_cache(maxsize=1024)
def _option(_locale: str, key: str, checked: bool) -> str:  # the locale keys the cache
    form = SignupForm(formdata=None, measures=[key] if checked else [])
    option = next(option for option in form.measures if option.data == key)
    return str(get_template_attribute("macros/forms.html", "checkbox_option")(option))
