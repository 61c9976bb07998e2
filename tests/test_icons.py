"""Our own pictograms: one for everything residents pick from, named for screen
readers, and no emoji left for a phone without an emoji font to show as boxes."""

import re
from pathlib import Path

import pytest
from markupsafe import Markup

from app import icons
from app.extensions import db
from app.groups.logic import QUESTIONS
from app.groups.questions import ANSWER_LABELS
from app.meetings import kinds
from app.meetings import services as meetings
from app.meetings.logic import Stance
from app.personas.catalogue import CUSTOM_PERSONA_ICON, PERSONAS, RATING_LABELS
from app.polls import labels
from app.polls import services as polls
from app.polls.catalogue import CATALOGUE, CUSTOM_ICON
from app.polls.logic import Barrier, Horizon
from tests.support.web import join

ROOT = Path(__file__).resolve().parents[1]
#: emoji and the pictographic symbols that need a colour-emoji font
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u2300-\u23ff\ufe0f\u2139]"
)
#: signs a text font (DejaVu) draws itself: the pressed button's tick, arrows in prose
TEXT_SIGNS = {"✓", "→", "←"}


def test_every_catalogue_measure_has_its_own_pictogram():
    names = [m.key for m in CATALOGUE]
    assert set(names) <= set(icons.SYMBOLS), set(names) - set(icons.SYMBOLS)
    # each measure is told apart by its picture, not only by its words
    drawings = [icons.SYMBOLS[name] for name in names]
    assert len(set(drawings)) == len(drawings)
    assert CUSTOM_ICON in icons.SYMBOLS and CUSTOM_ICON not in names


@pytest.mark.parametrize(
    ("values", "table"),
    [
        (list(Horizon), labels.HORIZONS),
        (list(Barrier), labels.BARRIERS),
        (list(Stance), labels.STANCES),
        (["helps", "neutral", "hinders"], RATING_LABELS),
    ],
)
def test_every_answer_barrier_stance_and_rating_has_a_pictogram(values, table):
    assert set(table) == set(values)
    for value in values:
        symbol, label = table[value]
        assert symbol in icons.SYMBOLS, value
        assert str(label)


def test_every_answer_before_a_site_visit_has_a_pictogram_of_its_own():
    for question, answers in QUESTIONS.items():
        symbols = [ANSWER_LABELS[question][a][0] for a in answers]
        assert set(ANSWER_LABELS[question]) == set(answers), question
        assert set(symbols) <= set(icons.SYMBOLS), question
        # within one question each answer is told apart by its picture
        drawings = {icons.SYMBOLS[symbol] for symbol in symbols}
        assert len(drawings) == len(answers), question


def test_every_persona_and_step_kind_has_a_pictogram(app):
    for persona in PERSONAS:
        assert persona.icon in icons.SYMBOLS, persona.key
    assert CUSTOM_PERSONA_ICON in icons.SYMBOLS
    assert kinds.KINDS, "the kinds register when the app is made"
    for kind in kinds.KINDS:
        assert f"kind-{kind}" in icons.SYMBOLS, kind


def test_an_icon_is_an_inline_picture_with_an_accessible_name():
    html = icons.icon("pv", "Zonnepanelen")
    assert isinstance(html, Markup)
    assert html.startswith("<svg ")
    assert 'role="img"' in html and 'aria-label="Zonnepanelen"' in html
    assert 'viewBox="0 0 24 24"' in html and f'd="{icons.SYMBOLS["pv"]}"' in html
    # no reference to a file, a font or another origin: it draws itself
    assert "href" not in html and "url(" not in html


def test_a_typed_name_is_escaped_and_an_unknown_pictogram_is_the_neutral_one():
    html = icons.icon("no-such-thing", 'Buurt"<b>batterij')
    assert 'aria-label="Buurt&#34;&lt;b&gt;batterij"' in html
    assert 'data-icon="measure"' in html


def test_without_a_label_an_icon_is_decoration_hidden_from_screen_readers():
    html = icons.icon("up", "")
    assert 'aria-hidden="true"' in html
    assert "role=" not in html and "aria-label" not in html


def test_beside_its_words_the_name_is_said_once_and_isolated():
    html = icons.icon_words("1y", "Binnen 1 jaar")
    assert 'aria-label="Binnen 1 jaar"' in html
    assert '<bdi class="icon-words" aria-hidden="true">Binnen 1 jaar</bdi>' in html


def test_only_pictograms_that_point_somewhere_turn_round_right_to_left():
    assert "icon-mirror" in icons.icon("arrow", "Meedoen")
    assert "icon-mirror" not in icons.icon("pv", "Zonnepanelen")
    css = (ROOT / "app/static/css/app.css").read_text()
    assert '[dir="rtl"] .icon-mirror { transform: scaleX(-1); }' in css


def test_every_drawing_stays_on_its_grid():
    """Absolute coordinates lie within the 24 x 24 grid (relative ones are checked
    by eye on the contact sheet and in the browser tests' rendered boxes)."""
    for name, path in icons.SYMBOLS.items():
        assert re.fullmatch(r"[MmLlHhVvAaCcSsQqTtZz0-9 .,\-]+", path), name
        for command, numbers in re.findall(r"([MLHVCSQT])([^A-Za-z]*)", path):
            values = [float(v) for v in re.findall(r"-?\d*\.?\d+", numbers)]
            assert all(0 <= v <= 24 for v in values), (name, command, values)


def test_no_emoji_pictogram_is_left_in_templates_or_catalogues():
    sources = [
        *sorted((ROOT / "app/templates").rglob("*.html")),
        ROOT / "app/polls/catalogue.py",
        ROOT / "app/polls/labels.py",
        ROOT / "app/personas/catalogue.py",
    ]
    found = []
    for path in sources:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            signs = set(EMOJI.findall(line)) - TEXT_SIGNS
            if signs:
                found.append(f"{path.relative_to(ROOT)}:{number}: {''.join(signs)}")
    assert found == [], "\n".join(found)


@pytest.fixture
def poll_meeting(make_meeting):
    """A meeting whose first step is an open poll on three measures."""
    meeting = make_meeting(steps=())
    step = meetings.add_step(meeting, kind="poll", title="Wat plan je?")
    polls.create_measures(step, ["pv", "roof_ins"], ["Buurtbatterij"])
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    return meeting


def test_a_phone_draws_every_measure_and_answer_as_our_own_pictogram(
    client, poll_meeting
):
    join(client, poll_meeting)
    html = client.get(f"/m/{poll_meeting.code}").get_data(as_text=True)
    drawn = re.findall(r'<svg class="icon[^"]*"[^>]*data-icon="([^"]+)"', html)
    # two catalogue measures and a typed one, each with five choices
    assert drawn.count("pv") == 1 and drawn.count("roof_ins") == 1
    assert drawn.count("measure") == 1
    for horizon in Horizon:
        assert drawn.count(str(horizon)) == 3, horizon
    for stance in Stance:
        assert drawn.count(str(stance)) == 1, stance
    assert "globe" in drawn
    for svg in re.findall(r'<svg class="icon[^>]*>', html):
        assert re.search(r'role="img" aria-label="[^"]+"', svg), svg
    assert not set(EMOJI.findall(html)) - TEXT_SIGNS
