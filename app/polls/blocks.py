"""A measure's block on a phone, rendered once per language and answer.

A poll looks the same on every phone in a language except for each household's
answers, the form keys and the CSRF token. Measures, their steps and meeting
codes never change, so a block is fixed by the measure, the answer and the
language: it is rendered once, kept, and every reply fills in a fresh form key
and the phone's CSRF token.
"""

import threading
from functools import lru_cache

from flask import render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.extensions import db
from app.fragments import fragment
from app.i18n import locale_tag
from app.meetings import services as meetings
from app.meetings.shared_renders import (
    CSRF_SLOT,
    KEY_SLOT,
    fill,
    keeping_slots,
    new_key,
    numbered_key_slot,
    part_slot,
)
from app.polls import labels
from app.polls.models import PollAnswer, PollMeasure

TEMPLATE = "polls/_measure.html"
_rendering = threading.Lock()


def measure_block(
    code: str, step_id: int, measure_id: int, choice: tuple[str, str | None] | None
) -> Markup:
    """Return a measure's block on a phone, answered with (horizon, barrier) or
    not yet.

    Inside a kept step render, the block is each phone's own: a part slot that
    `phone_parts` fills for each reply."""
    if keeping_slots():
        return part_slot(f"measure-{measure_id}")
    return Markup(fill(measure_part(code, step_id, measure_id, choice)))  # noqa: S704 - rendered by Jinja with autoescape; the slots are ours


def measure_part(
    code: str, step_id: int, measure_id: int, choice: tuple[str, str | None] | None
) -> str:
    """Return a kept measure block, answered with (horizon, barrier) or not yet,
    its CSRF and key slots left for the reply to fill."""
    horizon, barrier = choice or (None, None)
    with _rendering:  # phones answering alike at once share one render
        html = _block(locale_tag(), code, step_id, measure_id, horizon, barrier)
    return html.replace(KEY_SLOT, numbered_key_slot(measure_id))


def my_answers(step_id: int, choices: dict[int, tuple[str, str | None]]) -> Markup:
    """Return the list of a phone's answers on a closed poll (a part slot
    inside a kept step render)."""
    if keeping_slots():
        return part_slot("my-answers")
    return Markup(my_answers_part(step_id, choices))  # noqa: S704 - rendered by Jinja with autoescape


def my_answers_part(step_id: int, choices: dict[int, tuple[str, str | None]]) -> str:
    """Return a phone's answers as a list, from a kept line per measure and
    answer, in the poll's order."""
    locale = locale_tag()
    lines = [
        _my_answer(locale, measure_id, horizon)
        for measure_id, (horizon, _barrier) in choices.items()
    ]
    return '<ul class="my-answers">' + "".join(lines) + "</ul>"


@lru_cache(maxsize=2048)
def _my_answer(locale: str, measure_id: int, horizon: str) -> str:
    measure = db.session.get(PollMeasure, measure_id)
    return render_template(
        "polls/_my_answer.html", measure=measure, horizon=horizon, poll_labels=labels
    )


@lru_cache(maxsize=2048)
def _block(
    locale: str,  # part of the key: the block is translated
    code: str,
    step_id: int,
    measure_id: int,
    horizon: str | None,
    barrier: str | None,
) -> str:
    meeting, step = meetings.meeting_and_step(code, step_id)
    answer = (
        PollAnswer(measure_id=measure_id, horizon=horizon, barrier=barrier)
        if horizon
        else None
    )
    measure = db.session.get(PollMeasure, measure_id)
    html = render_template(
        TEMPLATE, **_context(meeting, step, measure, answer, form_key=KEY_SLOT)
    )
    return html.replace(generate_csrf(), CSRF_SLOT)


def refused_block(meeting, step, measure, answer, *, error: str, status: int):
    """Return a measure's block saying why an answer was refused (never kept)."""
    context = _context(meeting, step, measure, answer, form_key=new_key())
    return fragment(TEMPLATE, status, error=error, **context)


def _context(meeting, step, measure, answer, *, form_key: str) -> dict:
    return {
        "meeting": meeting,
        "step": step,
        "measure": measure,
        "answer": answer,
        "form_key": form_key,
        "poll_labels": labels,
    }
