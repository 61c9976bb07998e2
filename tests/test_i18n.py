"""Every message is translated in every shipped language."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.config import LANGUAGES, STAFF_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
}


def _catalog(lang: str):
    with open(ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


#: everything a resident can see: phone pages, their fragments, and the words they use
RESIDENT_SOURCES = [
    "app/templates/groups/_own_offers.html",
    "app/groups/own_offers.py",
    "app/groups/own_forms.py",
    "app/groups/progress_labels.py",
    "app/templates/base.html",
    "app/templates/components/_flash.html",
    "app/templates/components/_languages.html",
    "app/templates/components/_live_status.html",
    "app/templates/macros/listen.html",
    "app/templates/core/home.html",
    "app/templates/errors/error.html",
    "app/templates/pwa/offline.html",
    "app/templates/meetings/join.html",
    "app/templates/meetings/join_closed.html",
    "app/templates/meetings/participant.html",
    "app/templates/meetings/_phone_step.html",
    "app/templates/meetings/_state.html",
    "app/templates/meetings/_countdown.html",
    "app/templates/meetings/steps/info.html",
    "app/templates/polls/_phone.html",
    "app/templates/polls/_measure.html",
    "app/templates/polls/_stance.html",
    "app/templates/polls/_bars.html",
    "app/templates/polls/_ballot_sheet.html",
    "app/templates/bills/_phone.html",
    "app/templates/bills/_picture.html",
    "app/templates/bills/_summary.html",
    "app/templates/bills/_figure.html",
    "app/templates/bills/_contracts.html",
    "app/templates/bills/_reference.html",
    "app/templates/bills/_strip.html",
    "app/templates/personas/_phone.html",
    "app/templates/personas/_card.html",
    "app/templates/personas/_prompt.html",
    "app/templates/personas/_wall.html",
    "app/templates/ideas/_phone.html",
    "app/templates/ideas/_share.html",
    "app/templates/ideas/_phone_list.html",
    "app/templates/ideas/_ranked.html",
    "app/templates/groups/_phone.html",
    "app/templates/groups/_fields.html",
    "app/templates/groups/_qualify.html",
    "app/templates/groups/_thanks.html",
    "app/templates/groups/own.html",
    "app/templates/groups/withdrawn.html",
    "app/templates/groups/unsubscribe.html",
    "app/core/errors.py",
    "app/core/routes.py",
    "app/meetings/forms.py",
    "app/meetings/labels.py",
    "app/polls/labels.py",
    "app/polls/catalogue.py",
    "app/polls/routes.py",
    "app/bills/forms.py",
    "app/bills/labels.py",
    "app/bills/routes.py",
    "app/personas/catalogue.py",
    "app/personas/forms.py",
    "app/personas/routes.py",
    "app/ideas/forms.py",
    "app/ideas/routes.py",
    "app/groups/forms.py",
    "app/groups/questions.py",
    "app/groups/routes.py",
    "app/mail/letters.py",
    "app/pwa/routes.py",
]


def _resident_messages() -> set:
    found = set()
    for path in RESIDENT_SOURCES:
        method = "jinja2" if path.endswith(".html") else "python"
        found |= _messages_in(ROOT / path, method)
    return found


def _messages_in(path: Path, method: str) -> set:
    from babel.messages.extract import extract

    options = {"trimmed": "true"} if method == "jinja2" else {}
    with open(path, "rb") as f:
        return {
            msg if isinstance(msg, str) else tuple(msg)
            for _line, msg, _comments, _context in extract(
                method, f, keywords=KEYWORDS, options=options
            )
        }


def _source_messages() -> set:
    found = set()
    method_map = [("app/**.py", "python"), ("app/templates/**.html", "jinja2")]
    options = {"app/templates/**.html": {"trimmed": "true"}}
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def test_catalogs_hold_every_message_in_the_code():
    source = _source_messages()
    for lang in LANGUAGES:
        catalog_ids = {
            m.id if isinstance(m.id, str) else tuple(m.id)
            for m in _catalog(lang)
            if m.id
        }
        missing = source - catalog_ids
        assert not missing, (
            f"{lang}: not in the catalog (run make extract-messages): {missing}"
        )


def _missing(lang: str, required: set | None = None) -> list:
    return [
        m.id
        for m in _catalog(lang)
        if m.id
        and (
            required is None
            or (m.id if isinstance(m.id, str) else tuple(m.id)) in required
        )
        and (
            not m.string
            or (isinstance(m.string, tuple) and not all(m.string))
            or m.fuzzy
        )
    ]


@pytest.mark.parametrize("lang", STAFF_LANGUAGES)
def test_every_message_is_translated(lang):
    untranslated = [
        m.id
        for m in _catalog(lang)
        if m.id
        and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [m.id for m in _catalog(lang) if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("lang", sorted(set(LANGUAGES) - set(STAFF_LANGUAGES)))
def test_every_resident_facing_message_is_translated(lang):
    required = _resident_messages()
    assert len(required) > 200
    assert _missing(lang, required) == []


def test_resident_sources_cover_every_phone_template():
    phone_templates = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "app/templates").rglob("*.html")
        if p.name.startswith("_phone") or "steps/" in str(p)
    }
    assert phone_templates <= set(RESIDENT_SOURCES)


def test_catalogs_compile(tmp_path):
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "compile",
            "-d",
            str(ROOT / "locales"),
            "-D",
            "messages",
            "--statistics",
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for lang in LANGUAGES:
        for m in _catalog(lang):
            if m.id and isinstance(m.id, str) and m.string:
                assert set(pattern.findall(m.id)) == set(pattern.findall(m.string)), (
                    lang,
                    m.id,
                )


def test_staff_languages_are_exactly_the_complete_ones():
    """A language joins the staff screens once, and only once, all its texts are in."""
    complete = [lang for lang in LANGUAGES if _missing(lang) == []]
    assert complete == STAFF_LANGUAGES


def _offered(html: str) -> list[str]:
    picker = html.split('class="languages"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'name="lang" value="(\w+)"', picker)


def test_staff_screens_offer_only_the_staff_languages(client):
    assert _offered(client.get("/").get_data(as_text=True)) == LANGUAGES
    assert _offered(client.get("/login").get_data(as_text=True)) == STAFF_LANGUAGES


@pytest.mark.parametrize("lang", sorted(set(LANGUAGES) - set(STAFF_LANGUAGES)))
def test_a_resident_language_does_not_follow_onto_staff_screens(client, lang):
    token = re.search(
        r'"X-CSRFToken": "([^"]+)"', client.get("/").get_data(as_text=True)
    ).group(1)
    client.post("/lang", data={"lang": lang, "next": "/", "csrf_token": token})
    assert f'<html lang="{lang}"' in client.get("/").get_data(as_text=True)
    login_page = client.get("/login", headers={"Accept-Language": "fr"})
    assert '<html lang="fr"' in login_page.get_data(as_text=True)
