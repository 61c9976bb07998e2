"""Translated words and pictograms (app/icons.py) for answers, barriers and stances."""

from app.i18n import _l
from app.meetings.logic import Stance
from app.polls.logic import Barrier, Horizon

HORIZONS = {
    Horizon.DONE: ("done", _l("Done already")),
    Horizon.ONE_YEAR: ("1y", _l("Within 1 year")),
    Horizon.FIVE_YEARS: ("5y", _l("Within 5 years")),
    Horizon.NOT_NOW: ("not_now", _l("Not now")),
    Horizon.NOT_POSSIBLE: ("not_possible", _l("Not possible for me")),
}
#: colour-blind safe (Okabe-Ito), each with a text colour that reads on it
HORIZON_COLOURS = {
    Horizon.DONE: ("#009E73", "#000"),
    Horizon.ONE_YEAR: ("#0072B2", "#fff"),
    Horizon.FIVE_YEARS: ("#56B4E9", "#000"),
    Horizon.NOT_NOW: ("#E69F00", "#000"),
    Horizon.NOT_POSSIBLE: ("#6b6b6b", "#fff"),
}
BARRIERS = {
    Barrier.MONEY: ("money", _l("Money")),
    Barrier.INFORMATION: ("information", _l("Not enough information")),
    Barrier.LANDLORD: ("landlord", _l("The landlord decides")),
    Barrier.TIME: ("time", _l("Time")),
    Barrier.CONTRACTOR: ("contractor", _l("Finding a contractor")),
    Barrier.PERMIT: ("permit", _l("Permit")),
    Barrier.OTHER: ("other", _l("Something else")),
}
STANCES = {
    Stance.CAN_AND_WANT: ("can_want", _l("I can and I want to")),
    Stance.CAN_BUT_DONT_WANT: ("can_not_want", _l("I could, but I don't want to now")),
    Stance.WANT_BUT_CANT: ("want_cannot", _l("I want to, but I can't")),
    Stance.CANT_AND_DONT_WANT: (
        "cannot_not_want",
        _l("I can't and I don't want to now"),
    ),
}
