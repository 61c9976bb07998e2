"""What goes into an export, and the audit row each export writes."""

import logging

from flask_babel import force_locale
from flask_babel import gettext as _

from app.accounts.models import Municipality, User
from app.exports.logic import Phone, people_time
from app.exports.models import ExportAudit
from app.extensions import db
from app.groups import logic as groups_logic
from app.groups import services as groups
from app.groups.forms import HORIZON_LABELS
from app.groups.models import Signup
from app.meetings.forms import DWELLING_LABELS, TENURE_LABELS
from app.polls.catalogue import BY_KEY
from app.polls.logic import Horizon

logger = logging.getLogger(__name__)


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def contact_header() -> list[str]:
    return [
        _("Name"),
        _("E-mail"),
        _("Phone number"),
        _("Street"),
        _("House number"),
        _("Type of home"),
        _("Your home"),
        _("When?"),
        _("Measures"),
        _("Advice on what to do"),
        _("A loan or premiums"),
        _("Finding a contractor"),
        _("May be passed to the contractor"),
        _("Wants news"),
        _("Consent version"),
        _("Consent given on"),
        _("Last changed"),
    ]


def _phone(stored: str | None) -> Phone | str | None:
    """Return a phone number in its one form; one stored before that, as stored."""
    normal = groups_logic.phone_number(stored) if stored else None
    return Phone(normal) if normal else stored


def contact_row(signup: Signup) -> list[object]:
    return [
        signup.name,
        signup.email,
        _phone(signup.phone),
        signup.street,
        signup.house_number,
        str(DWELLING_LABELS[signup.dwelling]) if signup.dwelling else "",
        str(TENURE_LABELS[signup.tenure]) if signup.tenure else "",
        str(HORIZON_LABELS[signup.horizon]),
        ", ".join(
            str(BY_KEY[k].name) for k in sorted(signup.measure_keys) if k in BY_KEY
        ),
        _yes(signup.help_advice),
        _yes(signup.help_loan),
        _yes(signup.help_contractor),
        _yes(signup.consent_share_contractor),
        _yes(signup.consent_news),
        signup.consent_version,
        people_time(signup.consented_at),
        people_time(signup.updated_at),
    ]


def select_signups(
    municipality: Municipality, *, group=None, measure=None, street=None
) -> list[Signup]:
    """Return the consented sign-ups in scope; withdrawn ones no longer exist."""
    if group is not None:
        chosen = groups.members_of(group)
    else:
        chosen = groups.signups_of(municipality.id)
        if measure:
            chosen = [s for s in chosen if measure in s.measure_keys]
        if street:
            key = groups_logic.street_key(street)
            chosen = [s for s in chosen if groups_logic.street_key(s.street) == key]
    return [s for s in chosen if s.consent_contact]


def contact_table(
    municipality: Municipality, signups: list[Signup], lang: str | None = None
):
    """Return header and rows in the chosen language, else the municipality's."""
    with force_locale(lang or municipality.locale):
        return contact_header(), [contact_row(s) for s in signups]


def lekp_table(municipality: Municipality):
    """Return anonymous counts per measure: planned, signed up, viable groups."""
    interest = groups.poll_interest(municipality.id)
    signups = groups.signups_of(municipality.id)
    viable = [g for g in groups.groups_of(municipality.id) if g.status != "forming"]
    with force_locale(municipality.locale):
        header = [
            _("Measure"),
            _("Done already"),
            _("Within 1 year"),
            _("Within 5 years"),
            _("Households signed up"),
            _("Viable groups"),
        ]
        keys = sorted(set(interest) | {k for s in signups for k in s.measure_keys})
        rows = [
            [
                str(BY_KEY[k].name) if k in BY_KEY else k,
                interest.get(k, {}).get(Horizon.DONE, 0),
                interest.get(k, {}).get(Horizon.ONE_YEAR, 0),
                interest.get(k, {}).get(Horizon.FIVE_YEARS, 0),
                sum(1 for s in signups if k in s.measure_keys),
                sum(1 for g in viable if g.measure_key == k),
            ]
            for k in keys
        ]
    return header, rows


def audit(
    user: User,
    municipality: Municipality,
    what: str,
    file_format: str,
    rows: int,
    filtered: tuple[str, str] | None = None,
) -> None:
    """Write the append-only audit row of an export.

    :param filtered: the filter's name and value ("street", what staff typed):
        the audit row keeps both, the log line only the name.
    """
    name, value = filtered or ("", "")
    db.session.add(
        ExportAudit(
            municipality_id=municipality.id,
            user_id=user.id,
            user_email=user.email,
            what=" ".join(filter(None, (what, name, value)))[:200],
            file_format=file_format,
            rows=rows,
        )
    )
    db.session.flush()
    kind = f"{what} by {name}" if name else what
    logger.info("Export %s (%s, %s rows) by user %s", kind, file_format, rows, user.id)
