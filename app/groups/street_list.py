"""The municipality's own street list: loading it, matching sign-ups to it,
staff's decisions on unclear streets, and the type-ahead phones are shipped.

A sign-up's street is matched when it is clearly a listed one (groups.logic
match_street) or when staff decided what its typed street is; groups and
bundles then use the listed street's name (groups.logic.group_street).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from markupsafe import Markup, escape

from app.extensions import db
from app.groups import logic
from app.groups.kept import Kept
from app.groups.models import MunicipalityStreet, Signup, StreetDecision, StreetList
from app.meetings.models import Meeting, Step
from app.timeutil import utcnow

_streets = MunicipalityStreet.__table__


@dataclass(frozen=True)
class Summary:
    """What staff are told of their street list."""

    streets: int
    uploaded_at: datetime | None
    unclear: int  #: typed streets waiting for a decision


@dataclass(frozen=True)
class Pending:
    """A typed street that may be one of several listed ones: never who typed it."""

    typed_key: str
    shown: str  #: as most households typed it, without any house number
    households: int
    candidates: tuple[tuple[int, str], ...]  #: (street id, name), likeliest first


@dataclass(frozen=True)
class Loaded:
    streets: int
    matched: int  #: sign-ups matched to a listed street
    unclear: int  #: typed streets waiting for a decision


def _keys(municipality_id: int) -> dict[str, int]:
    return dict(
        db.session.execute(
            sa.select(_streets.c.key, _streets.c.id).where(
                _streets.c.municipality_id == municipality_id
            )
        ).all()
    )


def _decisions(municipality_id: int) -> dict[str, int | None]:
    return dict(
        db.session.execute(
            sa.select(StreetDecision.typed_key, StreetDecision.street_id).where(
                StreetDecision.municipality_id == municipality_id
            )
        ).all()
    )


def listed_street_id(municipality_id: int, typed: str) -> int | None:
    """Return the listed street a typed street is, when that is clear or
    decided; two indexed look-ups, not the whole list."""
    keys = logic.typed_street_keys(typed)
    if not keys:
        return None
    found = dict(
        db.session.execute(
            sa.select(_streets.c.key, _streets.c.id).where(
                _streets.c.municipality_id == municipality_id,
                _streets.c.key.in_(keys),
            )
        ).all()
    )
    for key in keys:
        if key in found:
            return found[key]
    return db.session.scalar(
        sa.select(StreetDecision.street_id).where(
            StreetDecision.municipality_id == municipality_id,
            StreetDecision.typed_key == keys[0],
        )
    )


def _store(municipality_id: int, names: list[str]) -> None:
    """Make the stored list these names: a street whose key stays keeps its id
    (and the sign-ups matched to it); streets no longer listed go."""
    wanted = {logic.listed_street_key(name): name for name in names}
    stored = {
        row.key: row
        for row in db.session.execute(
            sa.select(_streets.c.id, _streets.c.key, _streets.c.name).where(
                _streets.c.municipality_id == municipality_id
            )
        )
    }
    gone = [row.id for key, row in stored.items() if key not in wanted]
    if gone:
        db.session.execute(sa.delete(_streets).where(_streets.c.id.in_(gone)))
    renamed = [
        {"row_id": row.id, "name": wanted[key]}
        for key, row in stored.items()
        if key in wanted and row.name != wanted[key]
    ]
    if renamed:
        db.session.execute(
            sa.update(_streets)
            .where(_streets.c.id == sa.bindparam("row_id"))
            .values(name=sa.bindparam("name")),
            renamed,
        )
    added = [
        {"municipality_id": municipality_id, "key": key, "name": name}
        for key, name in wanted.items()
        if key not in stored
    ]
    if added:
        db.session.execute(sa.insert(_streets), added)
    listed = db.session.get(StreetList, municipality_id)
    if listed is None:
        db.session.add(StreetList(municipality_id=municipality_id))
    else:
        listed.version += 1
        listed.uploaded_at = utcnow()


def match_signups(municipality_id: int) -> int:
    """Match every sign-up of the municipality to the list again (clear
    matches first, then staff's decisions); return how many are matched."""
    keys, decided = _keys(municipality_id), _decisions(municipality_id)
    changed, matched = [], 0
    for signup_id, typed, current in db.session.execute(
        sa.select(Signup.id, Signup.street, Signup.street_id).where(
            Signup.municipality_id == municipality_id
        )
    ):
        found = logic.match_street(typed, keys).key
        street_id = keys[found] if found else decided.get(logic.typed_street_key(typed))
        matched += street_id is not None
        if street_id != current:
            changed.append({"row_id": signup_id, "street_id": street_id})
    if changed:
        signups = Signup.__table__
        db.session.execute(
            sa.update(signups)
            .where(signups.c.id == sa.bindparam("row_id"))
            .values(street_id=sa.bindparam("street_id")),
            changed,
        )
    db.session.expire_all()
    return matched


def pending(municipality_id: int) -> list[Pending]:
    """Return the typed streets not clearly a listed one that wait for staff
    (with the listed streets each may be, if any), those of most households
    first."""
    keys, decided = _keys(municipality_id), _decisions(municipality_id)
    if not keys:
        return []
    typed_by_key: dict[str, Counter] = {}
    for (typed,) in db.session.execute(
        sa.select(Signup.street).where(
            Signup.municipality_id == municipality_id, Signup.street_id.is_(None)
        )
    ):
        typed_key = logic.typed_street_key(typed)
        if typed_key and typed_key not in decided:
            shown = logic.without_house_number(typed)
            typed_by_key.setdefault(typed_key, Counter())[shown] += 1
    names = {}
    found = []
    for typed_key, shown in typed_by_key.items():
        match = logic.match_street(typed_key, keys)
        if match.key is not None:
            continue
        ids = [keys[k] for k in match.candidates]
        names.update(_names(set(ids) - names.keys()))
        found.append(
            Pending(
                typed_key,
                shown.most_common(1)[0][0],
                sum(shown.values()),
                tuple((i, names[i]) for i in ids),
            )
        )
    return sorted(found, key=lambda p: (-p.households, p.typed_key))


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(
        db.session.execute(
            sa.select(_streets.c.id, _streets.c.name).where(_streets.c.id.in_(ids))
        ).all()
    )


def summary(municipality_id: int) -> Summary:
    listed = db.session.get(StreetList, municipality_id)
    count = db.session.scalar(
        sa.select(sa.func.count()).where(_streets.c.municipality_id == municipality_id)
    )
    unclear = len(pending(municipality_id)) if count else 0
    return Summary(count, listed.uploaded_at if listed else None, unclear)


def _phones_showing_the_form(municipality_id: int) -> list[Meeting]:
    """Move the version of the municipality's meetings whose current step is a
    sign-up: their phones refetch and get the new type-ahead."""
    meetings = db.session.scalars(
        sa.select(Meeting).where(
            Meeting.municipality_id == municipality_id,
            sa.exists().where(
                Step.meeting_id == Meeting.id,
                Step.position == Meeting.current_position,
                Step.kind == "groups",
            ),
        )
    ).all()
    for meeting in meetings:
        meeting.version += 1
    return list(meetings)


def load(municipality_id: int, names: list[str]) -> tuple[Loaded, list[Meeting]]:
    """Make the municipality's street list these names and match its sign-ups
    (the caller then syncs the groups); return what was loaded, and the
    meetings whose phones to tell after the commit."""
    _store(municipality_id, names)
    matched = match_signups(municipality_id)
    meetings = _phones_showing_the_form(municipality_id)
    loaded = Loaded(len(names), matched, len(pending(municipality_id)))
    return loaded, meetings


def decide(municipality_id: int, typed_key: str, street_id: int | None) -> None:
    """Record that a typed street is this listed street (None: not in the
    list) and match every sign-up with that typed street accordingly (the
    caller then syncs the groups)."""
    decision = db.session.scalar(
        sa.select(StreetDecision).where(
            StreetDecision.municipality_id == municipality_id,
            StreetDecision.typed_key == typed_key,
        )
    )
    if decision is None:
        decision = StreetDecision(municipality_id=municipality_id, typed_key=typed_key)
        db.session.add(decision)
    decision.street_id = street_id
    decision.decided_at = utcnow()
    db.session.flush()
    match_signups(municipality_id)


def street_of(municipality_id: int, street_id: int) -> MunicipalityStreet | None:
    """Return a listed street of this municipality; another's is None."""
    street = db.session.get(MunicipalityStreet, street_id)
    return street if street and street.municipality_id == municipality_id else None


def street_named(municipality_id: int, name: str) -> MunicipalityStreet | None:
    """Return the listed street of this municipality with this name (in any
    case, spacing or accents), or None."""
    return db.session.scalar(
        sa.select(MunicipalityStreet).where(
            MunicipalityStreet.municipality_id == municipality_id,
            MunicipalityStreet.key == logic.listed_street_key(name),
        )
    )


DATALIST_ID = "street-names"


def _kept(name: str, limit: int) -> Kept:
    """Return this app's kept datalists of one kind (an app has one database)."""
    kept = current_app.extensions.get(name)
    if kept is None:
        kept = current_app.extensions.setdefault(name, Kept(limit))
    return kept


def _datalist(municipality_id: int) -> Markup:
    names = db.session.scalars(
        sa.select(_streets.c.name)
        .where(_streets.c.municipality_id == municipality_id)
        .order_by(_streets.c.name)
    )
    options = "".join(f'<option value="{escape(name)}"></option>' for name in names)
    return Markup(f'<datalist id="{DATALIST_ID}">{options}</datalist>')  # noqa: S704 - escaped above


def datalist(municipality_id: int) -> Markup:
    """Return the municipality's streets as one <datalist> for a street field's
    type-ahead, made once per upload (empty without a list)."""
    version = db.session.scalar(
        sa.select(StreetList.version).where(
            StreetList.municipality_id == municipality_id
        )
    )
    if version is None:
        return Markup(f'<datalist id="{DATALIST_ID}"></datalist>')  # noqa: S704 - fixed
    #: per municipality, made anew when its list's version moves
    return _kept("street_datalists", 64).get(
        municipality_id, version, lambda: _datalist(municipality_id)
    )


def phone_datalist(meeting_id: int, meeting_version: int) -> Markup:
    """Return the datalist of a meeting's municipality for a phone's refetch:
    no query while the meeting stays at a version (an upload moves it)."""

    def make() -> Markup:
        municipality_id = db.session.scalar(
            sa.select(Meeting.municipality_id).where(Meeting.id == meeting_id)
        )
        return datalist(municipality_id)

    #: per meeting, looked up again when the meeting's version moves
    return _kept("meeting_street_datalists", 512).get(meeting_id, meeting_version, make)
