"""Qualify at the table: which facts each measure asks, and whether a household
is likely to pass the contractor's site visit, with the reason."""

import pytest

from app.groups.logic import (
    BLOCKERS,
    DONT_KNOW,
    MEASURE_QUESTIONS,
    QUESTIONS,
    Outlook,
    SiteVisitOutlook,
    Verdict,
    asked_questions,
    likely_to_pass,
    relevant_answers,
)
from app.polls.catalogue import BY_KEY

GOOD_ROOF = {
    "roof_orientation": "south",
    "shade": "none",
    "asbestos": "no",
    "roof_type": "pitched",
}
LIKELY, UNKNOWN, UNLIKELY = Outlook.LIKELY, Outlook.UNKNOWN, Outlook.UNLIKELY


def test_every_question_allows_dont_know_and_belongs_to_a_catalogue_measure():
    for question, answers in QUESTIONS.items():
        assert answers[-1] == DONT_KNOW, question
        assert len(set(answers)) == len(answers)
    assert set(MEASURE_QUESTIONS) <= set(BY_KEY)
    asked = {q for questions in MEASURE_QUESTIONS.values() for q in questions}
    assert asked | {"landlord"} == set(QUESTIONS)
    for question, answer in BLOCKERS:
        assert answer in QUESTIONS[question]


def test_the_questions_follow_the_measures_and_the_tenure():
    assert asked_questions(["pv"], "owner") == [
        "roof_orientation",
        "shade",
        "asbestos",
        "roof_type",
    ]
    # build year is asked once for two insulation measures
    assert asked_questions(["roof_ins", "ext_wall_ins"], None) == [
        "build_year",
        "roof_ins_now",
        "ext_wall_ins_now",
    ]
    assert asked_questions(["hp_air_water"], "tenant") == [
        "heating",
        "home_insulated",
        "landlord",
    ]
    assert asked_questions(["glazing"], "social_tenant") == ["landlord"]
    assert asked_questions(["glazing"], "landlord") == []


def test_only_known_answers_to_asked_questions_are_kept():
    answers = {
        **GOOD_ROOF,
        "heating": "gas",  # heat pump not chosen
        "landlord": "yes",  # an owner has no landlord
        "shade": "sometimes",  # not one of the answers
    }
    assert relevant_answers(["pv"], "owner", answers) == {
        "roof_orientation": "south",
        "asbestos": "no",
        "roof_type": "pitched",
    }
    assert relevant_answers(["glazing"], "tenant", answers) == {"landlord": "yes"}


@pytest.mark.parametrize(
    ("measure", "answers", "tenure", "landlord", "verdict"),
    [
        ("pv", GOOD_ROOF, "owner", None, Verdict(LIKELY)),
        ("pv", {**GOOD_ROOF, "roof_orientation": "east_west"}, "owner", None,
         Verdict(LIKELY)),
        ("pv", {**GOOD_ROOF, "shade": "some", "roof_type": "flat"}, "owner", None,
         Verdict(LIKELY)),
        ("pv", {**GOOD_ROOF, "asbestos": "yes"}, "owner", None,
         Verdict(UNLIKELY, ("asbestos",))),
        ("pv", {**GOOD_ROOF, "shade": "a_lot"}, "owner", None,
         Verdict(UNLIKELY, ("shade",))),
        ("pv", {**GOOD_ROOF, "roof_orientation": "north"}, "owner", None,
         Verdict(UNLIKELY, ("north_facing",))),
        ("pv", {**GOOD_ROOF, "asbestos": "unknown"}, "owner", None,
         Verdict(UNKNOWN, ("asbestos",))),
        ("pv", {"asbestos": "no"}, "owner", None,
         Verdict(UNKNOWN, ("roof_orientation", "shade", "roof_type"))),
        # a blocker outweighs what is not known
        ("pv", {"asbestos": "yes", "shade": "a_lot"}, "owner", None,
         Verdict(UNLIKELY, ("shade", "asbestos"))),
        ("pv", GOOD_ROOF, "tenant", "no", Verdict(UNLIKELY, ("landlord",))),
        ("pv", GOOD_ROOF, "social_tenant", "yes", Verdict(LIKELY)),
        ("pv", GOOD_ROOF, "tenant", "not_asked", Verdict(UNKNOWN, ("landlord",))),
        ("pv", GOOD_ROOF, "tenant", None, Verdict(UNKNOWN, ("landlord",))),
        ("pv", GOOD_ROOF, None, None, Verdict(UNKNOWN, ("tenure",))),
        ("pv", GOOD_ROOF, "landlord", None, Verdict(LIKELY)),
        ("hp_air_water", {"heating": "gas", "home_insulated": "no"}, "owner", None,
         Verdict(UNLIKELY, ("uninsulated",))),
        ("hp_air_water", {"heating": "oil", "home_insulated": "partly"}, "owner",
         None, Verdict(LIKELY)),
        ("hp_air_water", {"heating": "heat_network", "home_insulated": "yes"},
         "owner", None, Verdict(UNLIKELY, ("heat_network",))),
        ("roof_ins", {"build_year": "1971_1990", "roof_ins_now": "none"}, "owner",
         None, Verdict(LIKELY)),
        ("roof_ins", {"build_year": "1971_1990", "roof_ins_now": "good"}, "owner",
         None, Verdict(UNLIKELY, ("insulated_already",))),
        ("cavity_ins", {"build_year": "before_1946", "cavity_ins_now": "none"},
         "owner", None, Verdict(UNLIKELY, ("no_cavity",))),
        # a home from before 1946 is no obstacle to a roof
        ("roof_ins", {"build_year": "before_1946", "roof_ins_now": "some"}, "owner",
         None, Verdict(LIKELY)),
        ("ext_wall_ins", {"build_year": "unknown"}, "owner", None,
         Verdict(UNKNOWN, ("build_year", "ext_wall_ins_now"))),
        # a measure that asks nothing hangs on the landlord alone
        ("glazing", {}, "owner", None, Verdict(LIKELY)),
        ("glazing", {}, "tenant", "no", Verdict(UNLIKELY, ("landlord",))),
    ],
)  # fmt: skip
def test_likely_to_pass(measure, answers, tenure, landlord, verdict):
    assert likely_to_pass(measure, answers, tenure, landlord) == verdict


def test_a_group_counts_its_households_and_their_top_reasons():
    outlook = SiteVisitOutlook()
    for verdict in [
        Verdict(LIKELY),
        Verdict(UNLIKELY, ("asbestos",)),
        Verdict(UNLIKELY, ("asbestos", "shade")),
        Verdict(UNLIKELY, ("landlord",)),
        Verdict(UNKNOWN, ("shade",)),
    ]:
        outlook.add(verdict)
    assert (outlook.likely, outlook.unknown, outlook.unlikely) == (1, 1, 3)
    assert outlook.households == 5
    assert outlook.top_reasons() == [("asbestos", 2), ("landlord", 1), ("shade", 1)]
    assert outlook.top_reasons(1) == [("asbestos", 2)]
    assert outlook.top_unknowns() == [("shade", 1)]
    other = SiteVisitOutlook()
    other.add(Verdict(UNLIKELY, ("shade",)))
    both = outlook + other
    assert (both.likely, both.unknown, both.unlikely) == (1, 1, 4)
    assert both.top_reasons(2) == [("asbestos", 2), ("shade", 2)]
    assert outlook.unlikely == 3  # adding made a new outlook
