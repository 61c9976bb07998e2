"""What each message says, in the household's own language, as text and HTML.

Every sentence is here (extracted for translation like any other); the two
templates only lay the sentences out. Messages after the first one never
carry the private link: they point back to the first message, so the link's
secret goes out once and is kept by the household alone.
"""

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale

from app.i18n import RTL, _l
from app.mail.logic import Kind
from app.polls.catalogue import BY_KEY

SIGNUP_SUBJECT = _l("Your sign-up for group purchases")


@dataclass(frozen=True)
class Letter:
    """A message's words, already in its language."""

    language: str
    subject: str
    paragraphs: list[str]
    #: the one button of the message (text, address), if it has one
    action: tuple[str, str] | None = None
    footer: list[str] = field(default_factory=list)
    unsubscribe: tuple[str, str] | None = None


def _measure(key: str) -> str:
    entry = BY_KEY.get(key)
    return str(entry.name) if entry else key


def _pointer() -> str:
    return str(
        _l(
            "Open your private link to see it: it is in our first e-mail, with the"
            " subject “%(subject)s”. We do not send the link again, so that it"
            " stays private.",
            subject=SIGNUP_SUBJECT,
        )
    )


def _signup(context: dict) -> tuple[str, list[str], tuple[str, str] | None]:
    paragraphs = [
        str(
            _l(
                "Thank you, you are signed up. The municipality will contact you"
                " when a group is ready."
            )
        ),
        str(
            _l(
                "Keep this link: with it you can see, change or withdraw your"
                " sign-up. Anyone with the link can do that, so do not share it."
            )
        ),
    ]
    return (
        str(SIGNUP_SUBJECT),
        paragraphs,
        (str(_l("Your private link")), context["link"]),
    )


def _offer(context: dict) -> tuple[str, list[str], None]:
    measure = _measure(context["measure_key"])
    news = _l(
        "There is an offer for your purchase group for %(measure)s. You can"
        " compare it and answer it on your private page.",
        measure=measure,
    )
    subject = _l("There is an offer for your purchase group")
    return str(subject), [str(news), _pointer()], None


def _status(context: dict) -> tuple[str, list[str], None]:
    news = _l(
        "Your sign-up for %(measure)s has a new status: %(status)s.",
        measure=_measure(context["measure_key"]),
        status=str(context["status_label"]),
    )
    subject = _l("News about your sign-up for group purchases")
    return str(subject), [str(news), _pointer()], None


_WORDS = {Kind.SIGNUP: _signup, Kind.OFFER: _offer, Kind.STATUS: _status}


def compose(
    kind: str, *, language: str, municipality: str, unsubscribe_url: str, **context
) -> Letter:
    """Return a message's words in the given language."""
    with force_locale(language):
        subject, paragraphs, action = _WORDS[Kind(kind)](context)
        footer = [
            str(
                _l(
                    "You get this e-mail because you signed up for group purchases"
                    " at a climate table of %(municipality)s.",
                    municipality=municipality,
                )
            )
        ]
        unsubscribe = (str(_l("No more news by e-mail? Unsubscribe")), unsubscribe_url)
    return Letter(language, subject, paragraphs, action, footer, unsubscribe)


def render(letter: Letter) -> tuple[str, str]:
    """Return a message's plain text and HTML."""
    env = current_app.jinja_env
    values = {
        "letter": letter,
        "direction": "rtl" if letter.language in RTL else "ltr",
    }
    text = env.get_template("mail/letter.txt").render(values)
    html = env.get_template("mail/letter.html").render(values)
    return text, html
