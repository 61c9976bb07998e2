"""Language selection: an explicit choice, then the browser's, then Dutch."""

from flask import current_app, request, session
from flask_babel import lazy_gettext as _l

#: native names, so everyone recognises their own language
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "fr": "Français",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
}
#: languages written right to left
RTL = frozenset({"ar"})


def get_locale() -> str:
    """Return the language for this request."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def language_choices() -> list[tuple[str, str]]:
    """Return (code, native name) pairs for the language picker."""
    return [(code, LANGUAGE_NAMES[code]) for code in current_app.config["LANGUAGES"]]


def text_direction(locale: str) -> str:
    """Return 'rtl' or 'ltr' for the page's dir attribute."""
    return "rtl" if locale in RTL else "ltr"


__all__ = ["_l", "get_locale", "language_choices", "text_direction"]
