"""The questions before a site visit: their words, pictograms and form fields.

The rules (which measure asks what, what blocks a visit) are pure and live in
app/groups/logic.py; this module gives them words in the resident's language,
a pictogram per answer (app/icons.py), and one optional radio field each.
"""

from wtforms import RadioField
from wtforms.validators import Optional, ValidationError

from app.formfields import choice_list
from app.groups.logic import (
    DONT_KNOW,
    INSULATION,
    LANDLORD,
    MEASURE_QUESTIONS,
    QUESTIONS,
    TENANTS,
)
from app.i18n import _l

FIELD_PREFIX = "q_"  #: a question's form field is named q_<question key>

QUESTION_LABELS = {
    "roof_orientation": _l("Which way does your roof face?"),
    "shade": _l("Is there shade on your roof?"),
    "asbestos": _l("Is there asbestos in your roof?"),
    "roof_type": _l("What kind of roof do you have?"),
    "build_year": _l("When was your home built?"),
    "roof_ins_now": _l("Is your roof insulated now?"),
    "ext_wall_ins_now": _l("Are your outside walls insulated now?"),
    "cavity_ins_now": _l("Is your cavity wall filled now?"),
    "floor_ins_now": _l("Is your floor insulated now?"),
    "heating": _l("How do you heat your home now?"),
    "home_insulated": _l("Is your home insulated?"),
    LANDLORD: _l("Does your landlord agree with the works?"),
}

_YES, _NO = ("done", _l("Yes")), ("no", _l("No"))
_INSULATED_NOW = {
    "none": ("ins_none", _l("Not insulated")),
    "some": ("ins_some", _l("A little")),
    "good": ("ins_good", _l("Well insulated")),
}
#: (pictogram, words) per question and answer; "don't know" is added to each
ANSWER_LABELS: dict[str, dict[str, tuple]] = {
    "roof_orientation": {
        "south": ("south", _l("South")),
        "east_west": ("east_west", _l("East and west")),
        "north": ("north", _l("North")),
        "flat": ("flat_roof", _l("Flat roof")),
    },
    "shade": {
        "none": ("sun", _l("No shade")),
        "some": ("some_shade", _l("Some shade")),
        "a_lot": ("much_shade", _l("A lot of shade")),
    },
    "asbestos": {"yes": ("asbestos", _l("Yes")), "no": _NO},
    "roof_type": {
        "pitched": ("pitched_roof", _l("Sloping roof")),
        "flat": ("flat_roof", _l("Flat roof")),
    },
    "build_year": {
        "before_1946": ("era-1", _l("Before 1946")),
        "1946_1970": ("era-2", _l("1946 to 1970")),
        "1971_1990": ("era-3", _l("1971 to 1990")),
        "1991_2005": ("era-4", _l("1991 to 2005")),
        "after_2005": ("era-5", _l("After 2005")),
    },
    **{f"{m}_now": _INSULATED_NOW for m in INSULATION},
    "heating": {
        "gas": ("gas", _l("Natural gas")),
        "oil": ("oil", _l("Heating oil")),
        "electric": ("electric", _l("Electric heating")),
        "wood_pellet": ("wood", _l("Wood or pellets")),
        "heat_network": ("district_heat", _l("Heat network")),
    },
    "home_insulated": {
        "yes": ("home_ins_yes", _l("Yes")),
        "partly": ("home_ins_partly", _l("Partly")),
        "no": ("home_ins_no", _l("No")),
    },
    LANDLORD: {
        "yes": ("landlord_yes", _l("Yes")),
        "not_asked": ("not_asked", _l("Not asked yet")),
        "no": ("landlord_no", _l("No")),
    },
}
for _answers in ANSWER_LABELS.values():
    _answers.setdefault(DONT_KNOW, ("other", _l("I don't know")))


class AnswerField(RadioField):
    """One question's answers: optional, and any other value refused in words."""

    def pre_validate(self, form) -> None:
        if self.data and self.data not in QUESTIONS[self.question]:
            raise ValidationError(
                _l("Pick one of the answers shown, or leave the question open.")
            )

    @property
    def question(self) -> str:
        return self.name.removeprefix(FIELD_PREFIX)

    def pictogram(self, answer: str) -> str:
        """Return the pictogram (app/icons.py) of one of its answers."""
        return ANSWER_LABELS[self.question][answer][0]

    @property
    def shown_for(self) -> str:
        """Return the words the style sheet shows it for: the measures that ask
        it, or the tenures that need the landlord (app.css, `data-for~=`)."""
        if self.question == LANDLORD:
            return " ".join(sorted(TENANTS))
        return " ".join(
            m for m, asked in MEASURE_QUESTIONS.items() if self.question in asked
        )


def _field(question: str) -> AnswerField:
    labels = ANSWER_LABELS[question]
    return AnswerField(
        QUESTION_LABELS[question],
        choices=choice_list((a, labels[a][1]) for a in QUESTIONS[question]),
        default="",
        validators=[Optional()],
    )


class _Questions:
    def qualify_fields(self) -> list[AnswerField]:
        """Return the questions' fields in the order they are asked."""
        return [self[FIELD_PREFIX + question] for question in QUESTIONS]


#: the fields of every question; the sign-up form takes them on (app/groups/forms.py)
QualifyFields = type(
    "QualifyFields",
    (_Questions,),
    {FIELD_PREFIX + question: _field(question) for question in QUESTIONS},
)


def answers_of(form) -> dict[str, str]:
    """Return a form's answered questions by key (unanswered ones are left out)."""
    return {
        question: value
        for question in QUESTIONS
        if (value := getattr(form, FIELD_PREFIX + question).data)
    }


def as_form_data(answers: dict[str, str]) -> dict[str, str]:
    """Return stored answers as the form's data (the private link's page)."""
    return {FIELD_PREFIX + question: value for question, value in answers.items()}
