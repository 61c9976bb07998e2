"""Every message is translated in every shipped language."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.config import LANGUAGES

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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang):
    untranslated = [
        m.id
        for m in _catalog(lang)
        if m.id
        and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [m.id for m in _catalog(lang) if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


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
