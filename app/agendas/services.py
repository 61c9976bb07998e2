"""Copy an agenda out of a meeting or a template and into a new meeting;
services flush, the view commits.

An agenda is a list of steps as plain data: kind, title, text, countdown and
the kind's content as its configuration form holds it (`config_data`). Into a
meeting it goes through that same form, so a template is held to the rules a
facilitator's own input is, and through the kind's `on_create`.
"""

import logging

import sqlalchemy as sa
from flask_babel import force_locale

from app.accounts.models import Neighbourhood, User
from app.agendas.models import AgendaTemplate
from app.agendas.shipped import ShippedTemplate
from app.extensions import db
from app.meetings import kinds
from app.meetings import services as meetings
from app.meetings.models import Meeting

logger = logging.getLogger(__name__)


def agenda_of(meeting: Meeting) -> list[dict]:
    """Return the meeting's agenda as data: its steps and their content, never
    the answers, the phones or where the meeting stands."""
    return [
        {
            "kind": step.kind,
            "title": step.title,
            "body": step.body or "",
            "countdown_seconds": step.countdown_seconds,
            "close_at_end": step.close_at_end,
            "content": kinds.views_for(step.kind).config_data(step),
        }
        for step in meeting.steps
        if step.kind in kinds.KINDS
    ]


def _text(value):
    if isinstance(value, tuple):
        return "\n".join(str(v) for v in value)
    if isinstance(value, list):
        return [str(v) for v in value]
    return value if value is None or isinstance(value, bool | int) else str(value)


def shipped_agenda(template: ShippedTemplate, locale: str) -> list[dict]:
    """Return a shipped template's agenda with its words in ``locale``."""
    with force_locale(locale):
        return [
            {
                "kind": step.kind,
                "title": str(step.title),
                "body": str(step.body),
                "countdown_seconds": (step.countdown_minutes or 0) * 60 or None,
                "close_at_end": step.close_at_end,
                "content": {k: _text(v) for k, v in (step.content or {}).items()},
            }
            for step in template.steps
        ]


def apply_agenda(meeting: Meeting, agenda: list[dict]) -> int:
    """Append the agenda's steps to the meeting; return how many were added.

    A step whose kind is gone or whose content its kind's form refuses is left
    out (and logged), never added half.
    """
    added = 0
    for item in agenda:
        kind = item.get("kind")
        if kind not in kinds.KINDS:
            logger.warning("Agenda step of unknown kind %r left out", kind)
            continue
        form = kinds.content_form(kind, item.get("content") or {})
        if form is not None and not form.validate():
            logger.warning("Agenda step of kind %s left out: %s", kind, form.errors)
            continue
        seconds = item.get("countdown_seconds") or None
        step = meetings.add_step(
            meeting,
            kind=kind,
            title=str(item.get("title") or "")[:160] or str(kinds.KINDS[kind].label),
            body=str(item.get("body") or "")[:2000],
            countdown_seconds=int(seconds) if seconds else None,
            close_at_end=bool(item.get("close_at_end")),
        )
        kinds.views_for(kind).on_create(step, form)
        added += 1
    return added


def new_meeting(
    facilitator: User, neighbourhood: Neighbourhood, agenda: list[dict], **details
) -> Meeting:
    """Create a meeting with fresh join secrets and this agenda."""
    meeting = meetings.create_meeting(facilitator, neighbourhood, **details)
    apply_agenda(meeting, agenda)
    return meeting


def templates_of(municipality_id: int) -> list[AgendaTemplate]:
    """Return the templates the municipality's facilitators saved, by name."""
    return list(
        db.session.scalars(
            sa.select(AgendaTemplate)
            .where(AgendaTemplate.municipality_id == municipality_id)
            .order_by(AgendaTemplate.name, AgendaTemplate.id)
        )
    )


def template_of(municipality_id: int, template_id: int) -> AgendaTemplate | None:
    """Return one of the municipality's templates (never another's)."""
    template = db.session.get(AgendaTemplate, template_id)
    if template is None or template.municipality_id != municipality_id:
        return None
    return template


def name_taken(municipality_id: int, name: str) -> bool:
    return (
        db.session.scalar(
            sa.select(AgendaTemplate.id).where(
                AgendaTemplate.municipality_id == municipality_id,
                AgendaTemplate.name == name,
            )
        )
        is not None
    )


def save_template(meeting: Meeting, user: User, name: str) -> AgendaTemplate:
    """Keep the meeting's agenda as a template for the municipality."""
    template = AgendaTemplate(
        municipality_id=meeting.municipality_id,
        name=name,
        steps=agenda_of(meeting),
        created_by_id=user.id,
    )
    db.session.add(template)
    db.session.flush()
    logger.info("Agenda template %s saved from %s", template, meeting)
    return template


def delete_template(template: AgendaTemplate) -> None:
    db.session.delete(template)
    db.session.flush()
