"""Qualify at the table: a household answers, per chosen measure, what a
contractor needs before a site visit; it changes them through its private link;
nothing is required, and an answer not on the form changes nothing."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.groups.logic import MEASURE_QUESTIONS, QUESTIONS, TENANTS
from app.groups.models import Signup, SignupAnswer
from tests.support.forms import forms_of, submitted
from tests.support.signups import SIGNUP, private_link, sign_up
from tests.support.web import join, post

SOLAR = {
    "measures": ["pv", "glazing"],
    "q_roof_orientation": "south",
    "q_shade": "some",
    "q_asbestos": "unknown",
    # roof type left open; a heat pump's question answered but not chosen
    "q_heating": "gas",
}
#: the refusal of an answer not on the form, in the resident's language
NOT_SHOWN = {
    "nl": "Kies een van de getoonde antwoorden, of laat de vraag open.",
    "en": "Pick one of the answers shown, or leave the question open.",
    "ar": "اختر إحدى الإجابات المعروضة، أو اترك السؤال بلا جواب.",
    "uk": "Виберіть одну з показаних відповідей або залиште питання без відповіді.",  # noqa: RUF001
}


def _answers() -> dict[int, dict[str, str]]:
    db.session.expire_all()
    found: dict[int, dict[str, str]] = {}
    for row in db.session.scalars(sa.select(SignupAnswer)):
        found.setdefault(row.signup_id, {})[row.question] = row.answer
    return found


def _own_form(page) -> dict:
    return next(f for f in forms_of(page.get_data(as_text=True)) if not f["action"])


def _checked(html: str, question: str) -> str:
    """Return the answer shown as chosen (WTForms writes `checked` first)."""
    found = re.search(
        rf'<input checked [^>]*name="q_{question}"[^>]*value="(\w+)"', html
    )
    return found.group(1)


def _qualify_block(html: str) -> str:
    return re.search(r'<div class="qualify">.*?\n</div>', html, re.S).group(0)


def test_the_form_asks_every_question_for_every_phone_alike(new_client, signup_meeting):
    """One shared render for all phones of a kind (app/meetings/shared_renders):
    every question is in it, none answered, each saying which measures show it."""
    blocks = []
    for _ in range(2):
        phone = new_client()
        join(phone, signup_meeting)
        html = phone.get(f"/m/{signup_meeting.code}/step").get_data(as_text=True)
        blocks.append(_qualify_block(html))
    assert blocks[0] == blocks[1]
    block = blocks[0]
    assert "checked" not in block and "required" not in block
    shown_for = {
        question: words
        for words, question in re.findall(
            r'data-for="([^"]*)" aria-labelledby="q_(\w+)-legend"', block
        )
    }
    assert set(shown_for) == set(QUESTIONS)
    assert shown_for["build_year"].split() == [
        "roof_ins",
        "ext_wall_ins",
        "cavity_ins",
        "floor_ins",
    ]
    assert shown_for["landlord"].split() == sorted(TENANTS)
    for question, answers in QUESTIONS.items():
        values = re.findall(rf'name="q_{question}"[^>]*value="([^"]+)"', block)
        assert values == list(answers), question
    # each answer has its pictogram beside its words
    assert block.count('<svg class="icon"') == sum(map(len, QUESTIONS.values()))


def test_the_style_sheet_shows_each_question_for_its_measures():
    css = Path("app/static/css/app.css").read_text()
    for measure in MEASURE_QUESTIONS:
        assert (
            f'form:has([name="measures"][value="{measure}"]:checked) '
            f'.qualify-question[data-for~="{measure}"]'
        ) in css
        assert f'[value="{measure}"]' in css.split("form:not(:has(")[1]
    for tenure in TENANTS:
        assert (
            f'form:has([name="tenure"][value="{tenure}"]:checked) '
            f'.qualify-question[data-for~="{tenure}"]'
        ) in css


def test_a_sign_up_keeps_the_answers_its_measures_ask(client, signup_meeting):
    join(client, signup_meeting)
    response = sign_up(
        client, signup_meeting, tenure="tenant", q_landlord="not_asked", **SOLAR
    )
    assert response.status_code == 200
    signup = db.session.scalars(sa.select(Signup)).one()
    assert _answers() == {
        signup.id: {
            "roof_orientation": "south",
            "shade": "some",
            "asbestos": "unknown",
            "landlord": "not_asked",
        }
    }


def test_no_question_is_required(client, signup_meeting):
    join(client, signup_meeting)
    assert (
        sign_up(client, signup_meeting, measures=["pv", "hp_air_water"]).status_code
        == 200
    )
    assert db.session.scalars(sa.select(Signup)).one().measure_keys == {
        "pv",
        "hp_air_water",
    }
    assert _answers() == {}


@pytest.mark.parametrize("lang", sorted(NOT_SHOWN))
def test_an_answer_not_on_the_form_is_refused_in_words(client, signup_meeting, lang):
    join(client, signup_meeting)
    refused = post(
        client,
        f"/m/{signup_meeting.code}/groups/{signup_meeting.current_step.id}/signup",
        {**SIGNUP, **SOLAR, "q_asbestos": "maybe"},
        headers={"HX-Request": "true", "Accept-Language": lang},
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert NOT_SHOWN[lang] in html
    # the refused form keeps what was answered, and marks the question
    assert _checked(html, "roof_orientation") == "south"
    assert 'id="q_asbestos-error"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Signup)) == 0
    assert _answers() == {}


def test_the_private_link_shows_and_changes_the_answers(
    client, new_client, signup_meeting
):
    join(client, signup_meeting)
    link = private_link(
        sign_up(
            client, signup_meeting, tenure="tenant", q_landlord="not_asked", **SOLAR
        )
    )
    owner = new_client()
    page = owner.get(link)
    html = page.get_data(as_text=True)
    assert _checked(html, "shade") == "some"
    form = _own_form(page)
    # the roof type is known now, there is a lot of shade, the landlord said yes
    changed = owner.post(
        link,
        data=submitted(form, q_roof_type="flat", q_shade="a_lot", q_landlord="yes"),
    )
    assert changed.status_code == 302
    (answers,) = _answers().values()
    assert answers == {
        "roof_orientation": "south",
        "shade": "a_lot",
        "asbestos": "unknown",
        "roof_type": "flat",
        "landlord": "yes",
    }
    # no solar panels after all, and the household bought the home
    form = _own_form(owner.get(link))
    owner.post(
        link,
        data=submitted(
            form,
            measures=["glazing", "roof_ins"],
            tenure="owner",
            q_build_year="1971_1990",
        ),
    )
    assert list(_answers().values()) == [{"build_year": "1971_1990"}]


def test_a_refused_change_of_an_answer_changes_nothing(
    client, new_client, signup_meeting
):
    join(client, signup_meeting)
    link = private_link(sign_up(client, signup_meeting, **SOLAR))
    before = _answers()
    owner = new_client()
    form = _own_form(owner.get(link, headers={"Accept-Language": "ar"}))
    refused = owner.post(
        link,
        data=submitted(form, q_shade="always", consent_news="y"),
        headers={"Accept-Language": "ar"},
    )
    assert refused.status_code == 422
    assert NOT_SHOWN["ar"] in refused.get_data(as_text=True)
    assert _answers() == before
    assert not db.session.scalars(sa.select(Signup)).one().consent_news


def test_withdrawing_deletes_the_answers_too(client, signup_meeting):
    join(client, signup_meeting)
    link = private_link(sign_up(client, signup_meeting, **SOLAR))
    assert _answers()
    assert post(client, f"{link}/withdraw").status_code == 200
    assert _answers() == {}
