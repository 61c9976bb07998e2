"""Read the municipality's figures and shape them as the open-data schema says."""

from flask_babel import force_locale

from app.accounts.models import Municipality
from app.groups import overview
from app.groups.logic import in_brussels
from app.opendata import logic
from app.polls.catalogue import CATALOGUE
from app.timeutil import utcnow


def _names() -> logic.Names:
    return logic.Names({m.key: str(m.name) for m in CATALOGUE})


def neighbourhood_rows(municipality: Municipality) -> list[dict]:
    with force_locale(municipality.locale):
        names = _names()
    this_year = in_brussels(utcnow()).year
    answers = overview.answers_by_year(municipality.id)
    return logic.neighbourhood_rows(answers, names, this_year)


def street_rows(municipality: Municipality) -> list[dict]:
    with force_locale(municipality.locale):
        names = _names()
    return logic.street_rows(overview.signups_by_street(municipality.id), names)


def document(municipality: Municipality) -> dict:
    """Return the whole open-data document of a municipality."""
    return logic.document(
        municipality.name,
        in_brussels(utcnow()).isoformat(timespec="seconds"),
        municipality.locale,
        neighbourhood_rows(municipality),
        street_rows(municipality),
    )
