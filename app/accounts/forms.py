"""Staff forms."""

from flask import request
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.accounts.models import Role
from app.formfields import Form, choice_list
from app.i18n import _l

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.STAFF: _l("Municipality staff"),
    Role.FACILITATOR: _l("Community worker (facilitator)"),
}


class PrefixedForm(Form):
    """One of several forms on a page, told apart by its field prefix."""

    def submitted(self) -> bool:
        return self.is_submitted() and any(
            key.startswith(self._prefix) for key in request.form
        )


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class UserForm(PrefixedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=10, max=200)]
    )
    role = SelectField(_l("Role"), choices=choice_list(ROLE_LABELS.items()))


class SetupForm(UserForm):
    municipality = StringField(
        _l("Municipality"), validators=[DataRequired(), Length(max=120)]
    )
    role = None


class NeighbourhoodForm(PrefixedForm):
    name = StringField(
        _l("Neighbourhood"), validators=[DataRequired(), Length(max=120)]
    )


class PasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=10, max=200)]
    )
    repeat = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(),
            EqualTo("new", message=_l("The two new passwords are not the same.")),
        ],
    )


class AccessForm(Form):
    """An admin changes another staff member's role or turns the account off."""

    role = SelectField(_l("Role"), choices=choice_list(ROLE_LABELS.items()))
    active = BooleanField(_l("Account in use"))
