"""Translated words and pictograms for answers, barriers and stances."""

from app.i18n import _l
from app.meetings.logic import Stance
from app.polls.logic import Barrier, Horizon

HORIZONS = {
    Horizon.DONE: ("✅", _l("Done already")),
    Horizon.ONE_YEAR: ("📅", _l("Within 1 year")),
    Horizon.FIVE_YEARS: ("🗓️", _l("Within 5 years")),
    Horizon.NOT_NOW: ("⏸️", _l("Not now")),
    Horizon.NOT_POSSIBLE: ("🚫", _l("Not possible for me")),
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
    Barrier.MONEY: ("💶", _l("Money")),
    Barrier.INFORMATION: ("\N{INFORMATION SOURCE}\ufe0f", _l("Not enough information")),
    Barrier.LANDLORD: ("🔑", _l("The landlord decides")),
    Barrier.TIME: ("⏳", _l("Time")),
    Barrier.CONTRACTOR: ("👷", _l("Finding a contractor")),
    Barrier.PERMIT: ("📄", _l("Permit")),
    Barrier.OTHER: ("❓", _l("Something else")),
}
STANCES = {
    Stance.CAN_AND_WANT: ("💪", _l("I can and I want to")),
    Stance.CAN_BUT_DONT_WANT: ("🤔", _l("I could, but I don't want to now")),
    Stance.WANT_BUT_CANT: ("🙏", _l("I want to, but I can't")),
    Stance.CANT_AND_DONT_WANT: ("🛑", _l("I can't and I don't want to now")),
}
