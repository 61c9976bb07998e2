"""Sign-ups, their private links, purchase groups and the retention job."""

import logging
from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import Municipality
from app.extensions import db
from app.groups import logic, street_list
from app.groups.models import (
    CONSENT_VERSION,
    MeasureThreshold,
    MunicipalityStreet,
    PurchaseGroup,
    Signup,
    SignupAnswer,
    SignupMeasure,
)
from app.meetings.models import Meeting
from app.timeutil import utcnow
from app.tokens import new_token, token_hash

logger = logging.getLogger(__name__)
PERSONAL = ("name", "email", "phone", "street", "house_number")
DETAILS = (
    "dwelling",
    "tenure",
    "horizon",
    "help_advice",
    "help_loan",
    "help_contractor",
    "consent_share_contractor",
    "consent_news",
)


def _apply(signup: Signup, data: dict) -> None:
    for name in PERSONAL:
        value = (data.get(name) or "").strip()
        if name == "phone" and value:  # one form, however it was typed
            value = logic.phone_number(value) or value
        setattr(signup, name, value or None if name in ("email", "phone") else value)
    for name in DETAILS:
        setattr(
            signup,
            name,
            data.get(name) or (False if name.startswith(("help", "consent")) else None),
        )
    # a measure kept keeps its row: its status, offer and home size stay
    kept = {m.measure_key: m for m in signup.measures}
    signup.measures = [
        kept.get(k) or SignupMeasure(measure_key=k)
        for k in sorted(set(data["measures"]))
    ]
    _answer(signup, data.get("answers") or {})
    signup.updated_at = utcnow()


def _answer(signup: Signup, answers: dict[str, str]) -> None:
    """Keep the answers before a site visit that the chosen measures and tenure ask."""
    kept = logic.relevant_answers(signup.measure_keys, signup.tenure, answers)
    stored = {a.question: a for a in signup.answers}
    for question, answer in kept.items():
        stored.setdefault(question, SignupAnswer(question=question)).answer = answer
    signup.answers = [stored[q] for q in sorted(kept)]


def create_signup(
    meeting: Meeting, data: dict, language: str = "nl"
) -> tuple[Signup, str]:
    """Store a consented sign-up, made in the given language (its mail is
    written in it); return it with the token of its private link."""
    token = new_token()
    signup = Signup(
        municipality_id=meeting.municipality_id,
        meeting_id=meeting.id,
        language=language,
        consent_contact=True,
        consent_version=CONSENT_VERSION,
        consented_at=utcnow(),
        manage_token_hash=token_hash(token),
    )
    _apply(signup, data)
    signup.street_id = street_list.listed_street_id(
        signup.municipality_id, signup.street
    )
    db.session.add(signup)
    db.session.flush()
    sync_groups(meeting.municipality)
    logger.info(
        "Sign-up %s added in municipality %s", signup.id, meeting.municipality_id
    )
    return signup, token


def signup_by_token(token: str) -> Signup | None:
    """Return the sign-up behind a private link."""
    return db.session.scalar(
        sa.select(Signup).where(Signup.manage_token_hash == token_hash(token))
    )


def update_signup(signup: Signup, data: dict) -> None:
    """Change a sign-up through its private link; consent to be contacted
    stays as given, the others are given again under today's text."""
    _apply(signup, data)
    signup.consent_version = CONSENT_VERSION
    signup.street_id = street_list.listed_street_id(
        signup.municipality_id, signup.street
    )
    db.session.flush()
    sync_groups(signup.municipality)
    logger.info(
        "Sign-up %s changed in municipality %s", signup.id, signup.municipality_id
    )


def withdraw(signup: Signup) -> None:
    """Delete a sign-up completely; its link stops working."""
    municipality = signup.municipality
    db.session.delete(signup)
    db.session.flush()
    sync_groups(municipality)
    logger.info("Sign-up withdrawn in municipality %s", municipality.id)


def thresholds_of(municipality_id: int) -> dict[str, int]:
    return dict(
        db.session.execute(
            sa.select(MeasureThreshold.measure_key, MeasureThreshold.households).where(
                MeasureThreshold.municipality_id == municipality_id
            )
        ).all()
    )


def set_threshold(
    municipality: Municipality, measure_key: str, households: int
) -> None:
    row = db.session.get(MeasureThreshold, (municipality.id, measure_key))
    if row is None:
        db.session.add(
            MeasureThreshold(
                municipality_id=municipality.id,
                measure_key=measure_key,
                households=households,
            )
        )
    else:
        row.households = households
    db.session.flush()
    sync_groups(municipality)


def signup_count(meeting: Meeting) -> int:
    """Return how many households signed up during a meeting."""
    return db.session.scalar(
        sa.select(sa.func.count(Signup.id)).where(Signup.meeting_id == meeting.id)
    )


def signup_totals(meeting: Meeting) -> dict[str, int]:
    """Return per measure key how many households of the meeting signed up for
    it: totals only, never who."""
    rows = db.session.execute(
        sa.select(SignupMeasure.measure_key, sa.func.count())
        .join(Signup, Signup.id == SignupMeasure.signup_id)
        .where(Signup.meeting_id == meeting.id)
        .group_by(SignupMeasure.measure_key)
        .order_by(SignupMeasure.measure_key)
    )
    return dict(rows.all())


#: the name of the listed street a sign-up is matched to, as a column
LISTED_NAME = (
    sa.select(MunicipalityStreet.name)
    .where(MunicipalityStreet.id == Signup.street_id)
    .scalar_subquery()
    .label("listed")
)


def grouping_rows(query) -> list[logic.SignupRow]:
    """Return the sign-ups of a query (its columns: GROUPING_COLUMNS, one row
    per measure) as the rows groups and bundles are formed of."""
    found: dict[int, list] = {}
    for signup_id, street, horizon, dwelling, listed, key in db.session.execute(query):
        found.setdefault(signup_id, [street, horizon, dwelling, listed, set()])[4].add(
            key
        )
    return [
        logic.SignupRow(i, street, horizon, dwelling, frozenset(keys), listed)
        for i, (street, horizon, dwelling, listed, keys) in found.items()
    ]


GROUPING_COLUMNS = (
    Signup.id,
    Signup.street,
    Signup.horizon,
    Signup.dwelling,
    LISTED_NAME,
    SignupMeasure.measure_key,
)


def _grouping_rows(municipality_id: int) -> list[logic.SignupRow]:
    """Return the municipality's sign-ups with their measures, in one query."""
    return grouping_rows(
        sa.select(*GROUPING_COLUMNS)
        .join(SignupMeasure, SignupMeasure.signup_id == Signup.id)
        .where(Signup.municipality_id == municipality_id)
        .order_by(Signup.id)
    )


def group_street_of(signup: Signup) -> str:
    """Return the street a sign-up is grouped under: its listed street's name
    when it is matched to the municipality's list, else its typed street in
    canonical form."""
    listed = signup.listed_street
    return logic.group_street(signup.street, listed.name if listed else None)


def load_streets(municipality: Municipality, names: list[str]):
    """Make the municipality's street list these names, match its sign-ups
    and regroup them; return what was loaded and the meetings to tell."""
    loaded = street_list.load(municipality.id, names)
    sync_groups(municipality)
    return loaded


def decide_street(
    municipality: Municipality, typed_key: str, street_id: int | None
) -> None:
    """Record staff's decision on a typed street and regroup its sign-ups."""
    street_list.decide(municipality.id, typed_key, street_id)
    sync_groups(municipality)


def _spelling(key: tuple) -> tuple:
    """A group's key with its street in canonical form (groups.logic.street_key)."""
    measure, street, horizon, dwelling = key
    return measure, logic.street_key(street), horizon, dwelling


def _respelt(stored: dict, seen: set) -> dict:
    """Return the stored groups no sign-up forms any more, by their spelling:
    a new group of the same street written otherwise ("kerkstraat" becomes
    the listed "Kerkstraat") takes over such a group, its status and id."""
    return {_spelling(key): key for key in stored if key not in seen}


def sync_groups(municipality: Municipality) -> None:
    """Bring the stored groups in line with the sign-ups; staff statuses stay.

    Only the groups whose size, threshold or status changed are written, in
    two statements: with years of sign-ups, one more touches a handful of
    groups, not thousands.
    """
    proposed = logic.form_groups(
        _grouping_rows(municipality.id), thresholds_of(municipality.id)
    )
    groups = PurchaseGroup.__table__
    stored = {
        (row.measure_key, row.street, row.horizon, row.dwelling): row
        for row in db.session.execute(
            sa.select(
                groups.c.id,
                groups.c.measure_key,
                groups.c.street,
                groups.c.horizon,
                groups.c.dwelling,
                groups.c.size,
                groups.c.threshold,
                groups.c.status,
            ).where(groups.c.municipality_id == municipality.id)
        )
    }
    now, added, changed, renamed = utcnow(), [], [], []
    seen = {
        (g.key.measure, g.key.street, g.key.horizon, g.key.dwelling or "")
        for g in proposed
    }
    spelt = _respelt(stored, seen)
    for group in proposed:
        k = group.key
        key = (k.measure, k.street, k.horizon, k.dwelling or "")
        row = stored.get(key)
        if row is None and (old := spelt.pop(_spelling(key), None)) is not None:
            row = stored[old]  # the same street, now written as listed
            seen.add(old)
            renamed.append({"row_id": row.id, "street": k.street})
        status = logic.next_status(row and row.status, group.size, group.threshold)
        values = {"size": group.size, "threshold": group.threshold, "status": status}
        if row is None:
            added.append(
                {
                    **dict(
                        zip(
                            ("measure_key", "street", "horizon", "dwelling"),
                            key,
                            strict=True,
                        )
                    ),
                    **values,
                    "municipality_id": municipality.id,
                    "updated_at": now,
                }
            )
        elif (row.size, row.threshold, row.status) != tuple(values.values()):
            changed.append({"row_id": row.id, **values, "updated_at": now})
    for key, row in stored.items():
        status = logic.next_status(row.status, 0, row.threshold)
        if key not in seen and (row.size, row.status) != (0, status):
            changed.append(
                {
                    "row_id": row.id,
                    "size": 0,
                    "threshold": row.threshold,
                    "status": status,
                    "updated_at": now,
                }
            )
    if renamed:
        db.session.execute(
            sa.update(groups)
            .where(groups.c.id == sa.bindparam("row_id"))
            .values(street=sa.bindparam("street")),
            renamed,
        )
    if added:
        db.session.execute(sa.insert(groups), added)
    if changed:
        db.session.execute(
            sa.update(groups)
            .where(groups.c.id == sa.bindparam("row_id"))
            .values(
                size=sa.bindparam("size"),
                threshold=sa.bindparam("threshold"),
                status=sa.bindparam("status"),
                updated_at=sa.bindparam("updated_at"),
            ),
            changed,
        )
    db.session.expire_all()  # objects already loaded see the new sizes
    db.session.flush()


def set_status(group: PurchaseGroup, status: str) -> None:
    """Let staff move a group to tendering or closed, or back to automatic."""
    group.status = status if status in logic.MANUAL_STATUSES else None
    group.status = logic.next_status(group.status, group.size, group.threshold)
    group.updated_at = utcnow()
    db.session.flush()


def purge_expired(now=None) -> int:
    """Delete sign-ups kept past their municipality's retention; return how many."""
    now = now or utcnow()
    expired = []
    for municipality in db.session.scalars(sa.select(Municipality)):
        cutoff = now - timedelta(days=municipality.signup_retention_days)
        expired += db.session.scalars(
            sa.select(Signup).where(
                Signup.municipality_id == municipality.id, Signup.updated_at < cutoff
            )
        ).all()
    touched = {s.municipality for s in expired}
    for signup in expired:
        db.session.delete(signup)
    db.session.flush()
    for municipality in touched:
        sync_groups(municipality)
    logger.info("Retention removed %s expired sign-ups", len(expired))
    return len(expired)
