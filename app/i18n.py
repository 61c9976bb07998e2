"""Language selection: an explicit choice, then the browser's, then Dutch."""

import flask_babel
from flask import current_app, g, request, session
from flask_babel import lazy_gettext as _l

#: native names, so everyone recognises their own language
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "fr": "Français",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "pl": "Polski",
    "ro": "Română",
    "uk": "Українська",
}
#: languages written right to left
RTL = frozenset({"ar"})


#: blueprints whose every page is a staff screen: shown only in a staff language
STAFF_BLUEPRINTS = frozenset(
    {
        "accounts",
        "facilitator",
        "agenda",
        "agendas",
        "reports",
        "ballots",  # the printed ballot picks its language itself (?lang=)
        "exports",
        "municipality",
        "progress",  # a group's offers and households, the funnel
        "street_list",
        "partners",  # a partner organisation's pages are staff pages
    }
)


def get_locale() -> str:
    """Return the language for this request."""
    key = "STAFF_LANGUAGES" if request.blueprint in STAFF_BLUEPRINTS else "LANGUAGES"
    languages = current_app.config[key]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def language_choices(staff: bool = False) -> list[tuple[str, str]]:
    """Return (code, native name) pairs for the language picker: every resident
    language, or for a staff screen only those its texts are complete in."""
    key = "STAFF_LANGUAGES" if staff else "LANGUAGES"
    return [(code, LANGUAGE_NAMES[code]) for code in current_app.config[key]]


def text_direction(locale: str) -> str:
    """Return 'rtl' or 'ltr' for the page's dir attribute."""
    return "rtl" if locale in RTL else "ltr"


__all__ = ["_l", "get_locale", "language_choices", "text_direction"]


def locale_tag() -> str:
    """Return the tag ("nl", "ar") of the language being rendered, worked out
    once per request and language (a render inside force_locale gets its own)."""
    locale = flask_babel.get_locale()
    known = g.get("_locale_tag")
    if known is None or known[0] is not locale:
        known = g._locale_tag = (locale, str(locale))
    return known[1]
