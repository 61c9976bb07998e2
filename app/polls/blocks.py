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
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.extensions import db
from app.fragments import fragment
from app.meetings import services as meetings
from app.meetings.shared_renders import (
    CSRF_SLOT,
    KEY_SLOT,
    fill,
    keeping_slots,
    new_key,
    numbered_key_slot,
)
from app.polls import labels
from app.polls.models import PollAnswer, PollMeasure

TEMPLATE = "polls/_measure.html"
_rendering = threading.Lock()


def measure_block(
    code: str, step_id: int, measure_id: int, answer: PollAnswer | None
) -> Markup:
    """Return a measure's block on a phone, answered as given (or not yet)."""
    with _rendering:  # phones answering alike at once share one render
        html = _block(
            str(get_locale()),
            code,
            step_id,
            measure_id,
            answer.horizon if answer else None,
            answer.barrier if answer else None,
        )
    if keeping_slots():  # inside a kept step render: each reply fills them
        html = html.replace(KEY_SLOT, numbered_key_slot(measure_id))
    else:
        html = fill(html)
    return Markup(html)  # noqa: S704 - rendered by Jinja with autoescape; the slots are ours


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
