"""Ideas steps: the question, sharing ideas, upvotes, moderation and merging.

Services load, call the pure rules in logic and flush; the views commit.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.ideas import logic
from app.ideas.models import KIND, Idea, IdeaQuestion, IdeaVote
from app.meetings.models import Meeting, Participant, Step

logger = logging.getLogger(__name__)


def create_question(step: Step, text: str, max_length: int | None) -> IdeaQuestion:
    """Give a new ideas step its open question and the longest idea it takes."""
    question = IdeaQuestion(
        step_id=step.id,
        text=logic.clean_text(text)[:200],
        max_length=max_length or logic.DEFAULT_MAX_LENGTH,
    )
    db.session.add(question)
    db.session.flush()
    return question


def config_data(step: Step) -> dict:
    """Return the step's question as its configuration form holds it: to edit
    the step, and for duplicates and agenda templates."""
    question = question_of(step)
    return {"question": question.text, "max_length": question.max_length}


def replace_question(step: Step, form) -> None:
    """Give the step the form's question instead (nobody shared an idea yet)."""
    question = db.session.get(IdeaQuestion, step.id)
    if question is None:
        create_question(step, form.question.data, form.max_length.data)
        return
    question.text = logic.clean_text(form.question.data)[:200]
    question.max_length = form.max_length.data or logic.DEFAULT_MAX_LENGTH
    db.session.flush()


def has_answers(step: Step) -> bool:
    """Return whether any phone shared an idea on the step."""
    return db.session.scalar(sa.select(sa.exists().where(Idea.step_id == step.id)))


def question_of(step: Step) -> IdeaQuestion:
    """Return the step's question (a step added without one asks its title)."""
    question = db.session.get(IdeaQuestion, step.id)
    return question or IdeaQuestion(
        step_id=step.id, text=step.title, max_length=logic.DEFAULT_MAX_LENGTH
    )


def idea_of(step: Step, idea_id: int) -> Idea | None:
    """Return the step's idea with this id; another step's is None."""
    idea = db.session.get(Idea, idea_id)
    return idea if idea is not None and idea.step_id == step.id else None


def shared_by(step: Step, participant: Participant) -> list[Idea]:
    """Return the ideas this phone shared on the step, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Idea)
            .where(Idea.step_id == step.id, Idea.participant_id == participant.id)
            .order_by(Idea.id)
        )
    )


def share(step: Step, participant: Participant, text: str, key: str) -> Idea:
    """Store an idea once: a retry with the same key returns the first one."""
    existing = idea_by_key(step, participant, key)
    if existing is not None:
        return existing
    idea = Idea(
        step_id=step.id,
        participant_id=participant.id,
        client_key=key,
        locale=participant.locale,
        text=logic.clean_text(text),
    )
    try:
        with db.session.begin_nested():
            db.session.add(idea)
            db.session.flush()
    except IntegrityError:  # the same send, racing itself
        return idea_by_key(step, participant, key)
    return idea


def idea_by_key(step: Step, participant: Participant, key: str) -> Idea | None:
    """Return the idea this phone sent with this form key, if it was stored."""
    return db.session.scalar(
        sa.select(Idea).where(
            Idea.step_id == step.id,
            Idea.participant_id == participant.id,
            Idea.client_key == key,
        )
    )


def has_visible_ideas(step: Step) -> bool:
    return db.session.scalar(
        sa.select(sa.exists().where(Idea.step_id == step.id, Idea.hidden.is_(False)))
    )


def canonical(idea: Idea) -> Idea:
    """Return the idea an idea was merged into, or the idea itself."""
    return db.session.get(Idea, idea.merged_into_id) if idea.merged_into_id else idea


def vote(idea: Idea, participant: Participant) -> None:
    """Upvote an idea (the one it was merged into); a second upvote is the first."""
    target = canonical(idea)
    if _voted(target, participant):
        return
    try:
        with db.session.begin_nested():
            db.session.add(IdeaVote(idea_id=target.id, participant_id=participant.id))
            db.session.flush()
    except IntegrityError:  # the same tap, racing itself
        pass


def _voted(idea: Idea, participant: Participant) -> bool:
    """Return whether the phone upvoted the idea or one merged into it."""
    return db.session.scalar(
        sa.select(
            sa.exists()
            .where(IdeaVote.participant_id == participant.id)
            .where(IdeaVote.idea_id.in_(_group_ids(idea)))
        )
    )


def _group_ids(idea: Idea):
    """Return a query of the idea's id and the ids of the ideas merged into it."""
    return sa.select(Idea.id).where(
        sa.or_(Idea.id == idea.id, Idea.merged_into_id == idea.id)
    )


def withdraw(idea: Idea, participant: Participant) -> None:
    """Take back a phone's upvote of an idea, and of the ideas merged into it."""
    target = canonical(idea)
    db.session.execute(
        sa.delete(IdeaVote)
        .where(IdeaVote.participant_id == participant.id)
        .where(IdeaVote.idea_id.in_(_group_ids(target)))
        .execution_options(synchronize_session=False)
    )
    db.session.flush()


def voted_by(step: Step, participant: Participant) -> set[int]:
    """Return the ideas (as shown: merged ones as their target) the phone upvoted."""
    rows = db.session.execute(
        sa.select(Idea.id, Idea.merged_into_id)
        .join(IdeaVote, IdeaVote.idea_id == Idea.id)
        .where(Idea.step_id == step.id, IdeaVote.participant_id == participant.id)
    )
    return {merged or idea_id for idea_id, merged in rows}


def moderate(idea: Idea, action: str) -> None:
    """Hide or show an idea, or take it out of the idea it was merged into."""
    if action == "unmerge":
        idea.merged_into_id = None
    else:
        idea.hidden = action == "hide"
    db.session.flush()
    logger.info("Idea %s: %s", idea.id, action)


def merge(idea: Idea, into: Idea) -> bool:
    """Merge a duplicate into another idea of its step; False if it cannot be.

    Ideas already merged into the duplicate come along, so a merge is always
    one level deep; the votes stay where they are and count for the target
    (logic.tally), so taking a duplicate out again gives them back.
    """
    target = canonical(into)
    if idea.merged_into_id or target.id == idea.id or target.step_id != idea.step_id:
        return False
    db.session.execute(
        sa.update(Idea)
        .where(Idea.merged_into_id == idea.id)
        .values(merged_into_id=target.id)
        .execution_options(synchronize_session=False)
    )
    idea.merged_into_id = target.id
    db.session.flush()
    db.session.expire_all()
    logger.info("Idea %s merged into %s", idea.id, target.id)
    return True


@dataclass
class Entry:
    """An idea as the room sees it: with the duplicates merged into it."""

    idea: Idea
    votes: int
    merged: list[Idea] = field(default_factory=list)


@dataclass
class Board:
    """What the screen, the report and revealed phones show of an ideas step."""

    #: the shown ideas by votes, each with the duplicates merged into it
    entries: list[Entry]
    cloud: list[logic.Placed]
    #: every idea that was not merged, hidden ones too, oldest first: the
    #: facilitator's list
    every: list[Entry]
    #: the cloud's own coordinates: its SVG viewBox
    size: tuple[int, int] = (logic.WIDTH, logic.HEIGHT)


def board(step: Step) -> Board:
    """Return the step's shown ideas ranked by votes, and its word cloud.

    Hidden ideas (and duplicates merged into a hidden idea) are left out of
    the list, the counts and the cloud.
    """
    ideas = list(
        db.session.scalars(
            sa.select(Idea).where(Idea.step_id == step.id).order_by(Idea.id)
        )
    )
    merged_into = {idea.id: idea.merged_into_id for idea in ideas}
    votes = db.session.execute(
        sa.select(IdeaVote.idea_id, IdeaVote.participant_id)
        .join(Idea, Idea.id == IdeaVote.idea_id)
        .where(Idea.step_id == step.id)
    )
    counts = logic.tally(votes.all(), merged_into)
    every = {
        idea.id: Entry(idea, counts.get(idea.id, 0))
        for idea in ideas
        if idea.merged_into_id is None
    }
    for idea in ideas:
        if idea.merged_into_id in every:
            every[idea.merged_into_id].merged.append(idea)
    shown = {i: e for i, e in every.items() if not e.idea.hidden}
    texts = [
        (idea.text, idea.locale)
        for entry in shown.values()
        for idea in (entry.idea, *entry.merged)
        if not idea.hidden
    ]
    return Board(
        entries=[shown[i] for i in logic.ranked(shown, counts)],
        cloud=logic.cloud(logic.word_counts(texts)),
        every=list(every.values()),
    )


def shown_ideas(step: Step) -> list[Idea]:
    """Return the ideas phones may upvote: shown and not merged, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Idea)
            .where(
                Idea.step_id == step.id,
                Idea.hidden.is_(False),
                Idea.merged_into_id.is_(None),
            )
            .order_by(Idea.id)
        )
    )


def export_rows(municipality_id: int) -> Iterator[list[object]]:
    """Yield every shown idea of the municipality's meetings with its votes:
    meeting, date, neighbourhood, question, idea, upvotes, merged duplicates."""
    steps = db.session.scalars(
        sa.select(Step)
        .join(Meeting)
        .where(Meeting.municipality_id == municipality_id, Step.kind == KIND)
        .order_by(Meeting.held_on, Meeting.id, Step.position)
    )
    for step in steps:
        question = question_of(step).text
        meeting = step.meeting
        for entry in board(step).entries:
            yield [
                meeting.title,
                meeting.held_on.isoformat(),
                meeting.neighbourhood.name,
                question,
                entry.idea.text,
                entry.votes,
                " | ".join(i.text for i in entry.merged if not i.hidden),
            ]


def respondents(step: Step) -> set[int]:
    """Return the households that shared or upvoted an idea on the step: the
    everyone-counted meter's count."""
    shared = sa.select(Idea.participant_id).where(Idea.step_id == step.id)
    voted = (
        sa.select(IdeaVote.participant_id)
        .join(Idea, Idea.id == IdeaVote.idea_id)
        .where(Idea.step_id == step.id)
    )
    return set(db.session.scalars(sa.union(shared, voted)))
