"""The staff's LEKP figures: counts per measure, and per year and neighbourhood.

Only counts of households (poll answers, sign-ups, groups): never contact
data, and no bill figure (those leave a meeting only as noisy histograms).
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import Neighbourhood
from app.exports.logic import NUMBER, Column, per_thousand
from app.extensions import db
from app.groups import overview, progress
from app.groups.logic import HouseholdStatus
from app.polls.catalogue import BY_KEY
from app.polls.logic import Horizon


def _name(key: str) -> str:
    return str(BY_KEY[key].name) if key in BY_KEY else key


def summary_columns() -> list[Column]:
    return [
        Column(_("Measure"), width=24, widest=40),
        Column(_("Done already"), NUMBER, width=9),
        Column(_("Within 1 year"), NUMBER, width=9),
        Column(_("Within 5 years"), NUMBER, width=9),
        Column(_("Households signed up"), NUMBER, width=10),
        Column(_("Viable groups"), NUMBER, width=9),
        Column(_("Households with works done"), NUMBER, width=10),
    ]


def answers(municipality_id: int) -> dict[tuple, dict[str, int]]:
    """Return the answers per (year, neighbourhood, measure) and horizon: read once,
    for both sheets."""
    return overview.answers_by_year(municipality_id)


def summary_rows(municipality_id: int, by_year: dict) -> list[list[object]]:
    """Return per measure: answers per horizon, sign-ups and viable groups."""
    interest: dict[str, dict[str, int]] = {}
    for (_year, _area, key), by_horizon in by_year.items():
        total = interest.setdefault(key, {})
        for horizon, count in by_horizon.items():
            total[horizon] = total.get(horizon, 0) + count
    signed = overview.signups_per_measure(municipality_id)
    viable = overview.viable_groups_per_measure(municipality_id)
    done = {
        key: funnel.statuses.get(HouseholdStatus.WORKS_DONE, 0)
        for key, funnel in progress.funnel_overview(municipality_id).by_measure.items()
    }
    keys = sorted(set(interest) | set(signed))
    return [
        [
            _name(k),
            interest.get(k, {}).get(Horizon.DONE, 0),
            interest.get(k, {}).get(Horizon.ONE_YEAR, 0),
            interest.get(k, {}).get(Horizon.FIVE_YEARS, 0),
            signed.get(k, 0),
            viable.get(k, 0),
            done.get(k, 0),
        ]
        for k in keys
    ]


def neighbourhood_columns() -> list[Column]:
    return [
        Column(_("Year"), NUMBER, width=6),
        Column(_("Neighbourhood"), width=16, widest=36),
        Column(_("Meetings"), NUMBER, width=9),
        Column(_("Measure"), width=24, widest=40),
        Column(_("Households that answered"), NUMBER, width=10),
        Column(_("Done already"), NUMBER, width=9),
        Column(_("Within 1 year"), NUMBER, width=9),
        Column(_("Within 5 years"), NUMBER, width=9),
        Column(_("Not now"), NUMBER, width=9),
        Column(_("Not possible for me"), NUMBER, width=9),
    ]


def neighbourhood_rows(municipality_id: int, by_year: dict) -> list[list[object]]:
    """Return per year, neighbourhood and measure the answers per horizon."""
    meetings = overview.meetings_by_year(municipality_id)
    rows = []
    for (year, area, key), by_horizon in sorted(by_year.items()):
        rows.append(
            [
                year,
                area,
                meetings.get((year, area), 0),
                _name(key),
                sum(by_horizon.values()),
                *(by_horizon.get(h.value, 0) for h in Horizon),
            ]
        )
    return rows


def renovation_columns() -> list[Column]:
    return [
        Column(_("Neighbourhood"), width=16, widest=36),
        Column(_("Housing units"), NUMBER, width=9),
        Column(_("Collective renovations (households with works done)"), NUMBER),
        Column(_("Per 1,000 housing units"), NUMBER, width=10),
    ]


def renovation_rows(municipality_id: int) -> list[list[object]]:
    """Return per neighbourhood the collective renovations (households with
    works done for at least one measure) and their rate per 1,000 housing
    units, blank where the housing units are not known."""
    done = progress.works_done_by_neighbourhood(municipality_id)
    areas = db.session.execute(
        sa.select(Neighbourhood.id, Neighbourhood.name, Neighbourhood.housing_units)
        .where(Neighbourhood.municipality_id == municipality_id)
        .order_by(Neighbourhood.name)
    ).all()
    rows = [
        [name, units, done.get(i, 0), per_thousand(done.get(i, 0), units)]
        for i, name, units in areas
    ]
    if done.get(None):
        rows.append([_("Meeting no longer known"), None, done[None], None])
    return rows
