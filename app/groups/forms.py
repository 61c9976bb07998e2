"""The sign-up form: contact details, measures, help and one consent per purpose."""

from wtforms import BooleanField, EmailField, RadioField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from app.formfields import CheckboxListField, Form, choice_list
from app.groups.logic import Horizon, phone_number
from app.groups.questions import QualifyFields, answers_of
from app.i18n import _l
from app.meetings.labels import DWELLING_LABELS, TENURE_LABELS
from app.polls.catalogue import CATALOGUE

HORIZON_LABELS = {
    Horizon.ONE_YEAR: _l("Within 1 year"),
    Horizon.FIVE_YEARS: _l("Within 5 years"),
}


def _callable(_form, field) -> None:
    """Refuse a number no phone can call (letters are refused already)."""
    if not field.errors and phone_number(field.data) is None:
        raise ValidationError(
            _l("This is not a phone number we can call. Please check it.")
        )


class SignupForm(QualifyFields, Form):  # and the questions before a site visit
    measures = CheckboxListField(
        _l("Which measures do you want to do together with neighbours?"),
        choices=choice_list((m.key, m.name) for m in CATALOGUE),
        validators=[DataRequired(message=_l("Pick at least one measure."))],
    )
    horizon = RadioField(
        _l("When?"),
        choices=choice_list(HORIZON_LABELS.items()),
        validators=[DataRequired()],
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(
        _l("Phone number"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(
                r"^[0-9 +()./-]{6,40}$",
                message=_l("Use only digits, spaces and + ( ) / - ."),
            ),
            _callable,
        ],
    )
    street = StringField(_l("Street"), validators=[DataRequired(), Length(max=120)])
    house_number = StringField(
        _l("House number"), validators=[DataRequired(), Length(max=16)]
    )
    dwelling = RadioField(
        _l("Type of home"),
        choices=choice_list([("", _l("Rather not say")), *DWELLING_LABELS.items()]),
        default="",
        validators=[Optional()],
    )
    tenure = RadioField(
        _l("Your home"),
        choices=choice_list([("", _l("Rather not say")), *TENURE_LABELS.items()]),
        default="",
        validators=[Optional()],
    )
    help_advice = BooleanField(_l("Advice on what to do"))
    help_loan = BooleanField(_l("A loan or premiums"))
    help_contractor = BooleanField(_l("Finding a contractor"))
    #: one checkbox per purpose, none ticked beforehand
    consent_contact = BooleanField(
        _l("The municipality may contact me about this group purchase."),
        validators=[
            DataRequired(message=_l("Without this we cannot add you to a group."))
        ],
    )
    consent_share_contractor = BooleanField(
        _l(
            "The municipality may pass my contact details to the contractor it "
            "chooses and to the partner organisation guiding this group purchase "
            "(such as the Energiehuis)."
        )
    )
    consent_news = BooleanField(
        _l("The municipality may send me news about its climate actions.")
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data:
            self.email.errors = [
                *self.email.errors,
                _l("Give an e-mail address or a phone number."),
            ]
            return False
        return valid

    def data_for_service(self) -> dict:
        return {"answers": answers_of(self)} | {
            name: getattr(self, name).data
            for name in (
                "measures",
                "horizon",
                "name",
                "email",
                "phone",
                "street",
                "house_number",
                "dwelling",
                "tenure",
                "help_advice",
                "help_loan",
                "help_contractor",
                "consent_share_contractor",
                "consent_news",
            )
        }
