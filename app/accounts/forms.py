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
    Role.PARTNER: _l("Partner organisation"),
}
#: the roles of the municipality's own staff; a partner is bound to an organisation
STAFF_ROLE_LABELS = {k: v for k, v in ROLE_LABELS.items() if k != Role.PARTNER}


class PrefixedForm(Form):
    """One of several forms on a page, told apart by its field prefix."""

    def submitted(self) -> bool:
        return self.is_submitted() and any(
            key.startswith(self._prefix) for key in request.form
        )


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class AccountForm(PrefixedForm):
    """The name, e-mail and first password of a new account."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=10, max=200)]
    )


class UserForm(AccountForm):
    role = SelectField(_l("Role"), choices=choice_list(STAFF_ROLE_LABELS.items()))


class PartnerUserForm(AccountForm):
    """An account for someone of a partner organisation: it sees only that
    organisation's groups."""

    organisation = SelectField(_l("Organisation"), choices=[])

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = choice_list((o.id, o.name) for o in organisations)


class OrganisationForm(PrefixedForm):
    name = StringField(
        _l("Name of the organisation"), validators=[DataRequired(), Length(max=120)]
    )


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
    """An admin changes another staff member's role or turns the account off.

    A partner's account stays a partner's (it is bound to its organisation);
    staff cannot be made partners here either.
    """

    role = SelectField(_l("Role"), choices=choice_list(STAFF_ROLE_LABELS.items()))
    active = BooleanField(_l("Account in use"))

    def __init__(self, *args, partner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if partner:
            self.role.choices = choice_list([(Role.PARTNER, ROLE_LABELS[Role.PARTNER])])
