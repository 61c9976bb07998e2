"""What goes into an export, read in batches, and the audit row each export writes."""

import functools
import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import g, has_app_context
from flask_babel import gettext as _

from app.accounts.models import Municipality, User
from app.exports.logic import FLAG, MOMENT, NUMBER, Column, Phone
from app.exports.models import AuditKind, ExportAudit
from app.extensions import db
from app.groups import logic as groups_logic
from app.groups.dashboard import STATUS_LABELS
from app.groups.forms import HORIZON_LABELS
from app.groups.models import PurchaseGroup, Signup, SignupMeasure
from app.groups.services import LISTED_NAME
from app.meetings.labels import DWELLING_LABELS, TENURE_LABELS
from app.polls.catalogue import BY_KEY

logger = logging.getLogger(__name__)
WANTED = so.aliased(SignupMeasure)  #: a measure a sign-up must hold
BATCH = 1000  #: sign-ups read per query: memory stays flat however many there are


@dataclass(frozen=True)
class Scope:
    """Which sign-ups an export holds: any of a measure, street, horizon, home type.

    :param street: a street key (app.groups.logic.street_key) of the street
        sign-ups are grouped under (app.groups.logic.group_street)
    :param dwelling: a home type, or "" for the sign-ups that did not say
    :param shared: only the households that agreed to share their details with
        a contractor or partner (what a partner organisation may see)
    """

    measure: str | None = None
    street: str | None = None
    horizon: str | None = None
    dwelling: str | None = None
    shared: bool = False

    @classmethod
    def of_group(cls, group: PurchaseGroup, *, shared: bool = False) -> "Scope":
        street = groups_logic.street_key(group.street)
        return cls(group.measure_key, street, group.horizon, group.dwelling, shared)


@dataclass(frozen=True)
class Words:
    """The export's words, translated once per export rather than once per cell."""

    yes: str
    no: str
    dwellings: dict[str, str]
    tenures: dict[str, str]
    horizons: dict[str, str]
    measures: dict[str, str]
    not_said: str

    @classmethod
    def now(cls) -> "Words":
        """Return the words in the current language."""

        def text(labels) -> dict[str, str]:
            return {str(k): str(v) for k, v in labels.items()}

        return cls(
            _("yes"),
            _("no"),
            text(DWELLING_LABELS),
            text(TENURE_LABELS),
            text(HORIZON_LABELS),
            {k: str(m.name) for k, m in BY_KEY.items()},
            _("Not said"),
        )

    def flag(self, value: bool) -> str:
        return self.yes if value else self.no


def contact_columns() -> list[Column]:
    return [
        Column(_("Name"), width=18, widest=32),
        Column(_("E-mail"), width=22, widest=44),
        Column(_("Phone number"), width=17),
        Column(_("Street"), width=16, widest=30),
        Column(_("House number"), width=7),
        Column(_("Type of home"), width=12),
        Column(_("Your home"), width=12, widest=36),
        Column(_("When?"), width=12),
        Column(_("Measures"), width=24, widest=60),
        Column(_("Advice on what to do"), FLAG, width=8),
        Column(_("A loan or premiums"), FLAG, width=8),
        Column(_("Finding a contractor"), FLAG, width=8),
        Column(_("May be passed to the contractor"), FLAG, width=10),
        Column(_("Wants news"), FLAG, width=7),
        Column(_("Consent version"), width=8),
        Column(_("Consent given on"), MOMENT, width=16),
        Column(_("Last changed"), MOMENT, width=16),
    ]


@functools.lru_cache(maxsize=4096)
def _phone(stored: str | None) -> Phone | str | None:
    """Return a phone number in its one form; one stored before that, as stored."""
    normal = groups_logic.phone_number(stored) if stored else None
    return Phone(normal) if normal else stored


def contact_row(signup, measures: frozenset[str], words: Words) -> list[object]:
    """Return one sign-up's cells; `signup` is a row of SIGNUP_COLUMNS."""
    return [
        signup.name,
        signup.email,
        _phone(signup.phone),
        signup.street,
        signup.house_number,
        words.dwellings.get(signup.dwelling, ""),
        words.tenures.get(signup.tenure, ""),
        words.horizons[signup.horizon],
        ", ".join(words.measures[k] for k in sorted(measures) if k in words.measures),
        words.flag(signup.help_advice),
        words.flag(signup.help_loan),
        words.flag(signup.help_contractor),
        words.flag(signup.consent_share_contractor),
        words.flag(signup.consent_news),
        signup.consent_version,
        signup.consented_at,
        signup.updated_at,
    ]


SIGNUP_COLUMNS = [
    Signup.id,
    Signup.name,
    Signup.email,
    Signup.phone,
    Signup.street,
    Signup.house_number,
    Signup.dwelling,
    Signup.tenure,
    Signup.horizon,
    Signup.help_advice,
    Signup.help_loan,
    Signup.help_contractor,
    Signup.consent_share_contractor,
    Signup.consent_news,
    Signup.consent_version,
    Signup.consented_at,
    Signup.updated_at,
    LISTED_NAME,
]


def _conditions(municipality_id: int, scope: Scope) -> list:
    where = [Signup.municipality_id == municipality_id, Signup.consent_contact]
    if scope.shared:
        where.append(Signup.shares_with_partners())
    if scope.measure:
        where.append(
            sa.exists().where(
                WANTED.signup_id == Signup.id,
                WANTED.measure_key == scope.measure,
            )
        )
    if scope.horizon:
        where.append(Signup.horizon == scope.horizon)
    if scope.dwelling == "":
        where.append(Signup.dwelling.is_(None))
    elif scope.dwelling:
        where.append(Signup.dwelling == scope.dwelling)
    return where


def consented_signups(municipality_id: int, scope: Scope) -> Iterator[tuple]:
    """Yield (row, measure keys) of the consented sign-ups in scope, by id.

    Read in batches of BATCH rows (keyset on the id), each with one query for
    its measures: two queries per thousand sign-ups, and never all in memory.
    Withdrawn sign-ups no longer exist.
    """
    where = _conditions(municipality_id, scope)
    last = 0
    while True:
        rows = db.session.execute(
            sa.select(*SIGNUP_COLUMNS)
            .where(*where, Signup.id > last)
            .order_by(Signup.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        last = rows[-1].id
        measures = defaultdict(set)
        for signup_id, key in db.session.execute(
            sa.select(SignupMeasure.signup_id, SignupMeasure.measure_key).where(
                SignupMeasure.signup_id.in_([r.id for r in rows])
            )
        ):
            measures[signup_id].add(key)
        for row in rows:
            if scope.street and scope.street != groups_logic.street_key(
                groups_logic.group_street(row.street, row.listed)
            ):
                continue
            yield row, frozenset(measures[row.id])


def contact_rows(municipality_id: int, scope: Scope) -> Iterator[list[object]]:
    """Yield the cells of every consented sign-up in scope, in the current language."""
    words = Words.now()
    for row, measures in consented_signups(municipality_id, scope):
        yield contact_row(row, measures, words)


def group_columns() -> list[Column]:
    return [
        Column(_("Measure"), width=20, widest=40),
        Column(_("Street"), width=16, widest=30),
        Column(_("When?"), width=12),
        Column(_("Households"), NUMBER, width=9),
        Column(_("Households needed"), NUMBER, width=9),
        Column(_("Type of home"), width=18, widest=60),
        Column(_("Status"), width=10, widest=30),
    ]


def group_rows(municipality_id: int, scope: Scope) -> Iterator[list[object]]:
    """Yield the purchase groups in scope, one row per street, measure and
    horizon with its types of home as a split, largest first: the summary.

    The database orders the groups by their street's total (a window sum) so
    the rows stream in that order and memory stays flat."""
    where = [PurchaseGroup.municipality_id == municipality_id, PurchaseGroup.size > 0]
    for column, value in (
        (PurchaseGroup.measure_key, scope.measure),
        (PurchaseGroup.street, scope.street),
        (PurchaseGroup.horizon, scope.horizon),
        (PurchaseGroup.dwelling, scope.dwelling),
    ):
        if value is not None and (value or column is PurchaseGroup.dwelling):
            where.append(column == value)
    head = (PurchaseGroup.measure_key, PurchaseGroup.street, PurchaseGroup.horizon)
    households = sa.func.sum(PurchaseGroup.size).over(partition_by=head)
    query = (
        sa.select(
            *head,
            PurchaseGroup.dwelling,
            PurchaseGroup.size,
            PurchaseGroup.threshold,
            PurchaseGroup.status,
            households.label("households"),
        )
        .where(*where)
        .order_by(households.desc(), *head, PurchaseGroup.size.desc())
    )
    words = Words.now()
    statuses = {str(k): str(v) for k, v in STATUS_LABELS.items()}
    current, split, states = None, [], set()
    rows = db.session.execute(query, execution_options={"yield_per": BATCH})
    for key, street, horizon, dwelling, size, threshold, status, total in rows:
        if current is not None and current[:3] != (key, street, horizon):
            yield _group_row(words, current, split, states)
            split, states = [], set()
        current = (key, street, horizon, total, threshold)
        split.append(f"{words.dwellings.get(dwelling, words.not_said)} {size}")
        states.add(statuses.get(status, status))
    if current is not None:
        yield _group_row(words, current, split, states)


def _group_row(words: Words, head: tuple, split: list, states: set) -> list[object]:
    key, street, horizon, households, threshold = head
    return [
        words.measures.get(key, key),
        street.title(),
        words.horizons.get(horizon, horizon),
        int(households),
        threshold,
        ", ".join(split),
        ", ".join(sorted(states)),
    ]


def audit(
    user: User,
    municipality: Municipality,
    what: str,
    file_format: str,
    rows: int,
    filtered: tuple[str, str] | None = None,
    kind: AuditKind = AuditKind.EXPORT,
) -> None:
    """Write the append-only audit row of an export, or of a page a partner
    opened (kind VIEW, file_format "page").

    A request writes one row: an export's row stands in for the view row a
    partner's request would get (app/partners/audit.py).

    :param filtered: the filter's name and value ("street", what staff typed):
        the audit row keeps both, the log line only the name.
    """
    name, value = filtered or ("", "")
    if has_app_context():
        g.pop("partner_saw", None)
    db.session.add(
        ExportAudit(
            municipality_id=municipality.id,
            user_id=user.id,
            user_email=user.email,
            kind=kind.value,
            what=" ".join(filter(None, (what, name, value)))[:200],
            file_format=file_format,
            rows=rows,
        )
    )
    db.session.flush()
    said = f"{what} by {name}" if name else what
    logger.info(
        "%s %s (%s, %s rows) by user %s",
        kind.value.capitalize(),
        said,
        file_format,
        rows,
        user.id,
    )


def audit_rows(municipality_id: int, limit: int = 200) -> list[ExportAudit]:
    """Return the municipality's latest audit rows, newest first."""
    return list(
        db.session.scalars(
            sa.select(ExportAudit)
            .where(ExportAudit.municipality_id == municipality_id)
            .order_by(ExportAudit.id.desc())
            .limit(limit)
        )
    )
