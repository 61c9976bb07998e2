"""Log in and out, first-admin setup, and the admin's user and neighbourhood lists."""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import services
from app.accounts.access import home_endpoint, roles_required, users_of
from app.accounts.forms import (
    ROLE_LABELS,
    AccessForm,
    LoginForm,
    NeighbourhoodForm,
    OrganisationForm,
    PartnerUserForm,
    PasswordForm,
    SetupForm,
    UserForm,
)
from app.accounts.models import Role
from app.extensions import db
from app.live.notify import disconnect_user
from app.throttle import account_scope, forgive, spend

bp = Blueprint("accounts", __name__)
LIMIT = "LOGIN_FAILURE_LIMIT"


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log a staff member in; past the limit failures wait, colleagues never do.

    An account's tries from one address count before its password is checked
    (and are forgiven when it was right): the account being guessed waits even
    for its right password, or the wait for wrong ones would give that away.
    """
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    form = LoginForm()
    if form.validate_on_submit():
        account = account_scope(form.email.data)
        spend(LIMIT, account)
        user = services.user_by_email(form.email.data)
        if user and user.active and user.check_password(form.password.data):
            forgive(LIMIT, account)
            login_user(user)
            return redirect(url_for(home_endpoint(user)))
    if not form.is_submitted():
        return render_template("accounts/login.html", form=form)
    spend(LIMIT)
    if not form.errors:
        flash(_("E-mail or password is not right."), "error")
    return render_template("accounts/login.html", form=form), 422


@bp.post("/logout")
@login_required
def logout():
    """Log out and end this user's logins and live connections everywhere."""
    user = current_user._get_current_object()
    services.end_sessions(user)
    db.session.commit()
    disconnect_user(user.id)
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change one's own password; every other login of this account ends."""
    user = current_user._get_current_object()
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        if user.check_password(form.current.data):
            services.change_password(user, form.new.data)
            db.session.commit()
            disconnect_user(user.id)
            login_user(user)
            flash(_("Your password is changed. Other logins have ended."), "info")
            return redirect(url_for("accounts.account"))
        form.current.errors.append(_("This is not your current password."))
    if form.is_submitted():
        status = 422
    return render_template("accounts/account.html", form=form), status


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    """Create the first municipality and admin through the one-time link."""
    if not services.setup_token_valid(token):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        municipality = services.municipality_named(form.municipality.data.strip())
        user = services.create_user(
            municipality,
            name=form.name.data,
            email=form.email.data,
            password=form.password.data,
            role=Role.ADMIN,
        )
        services.use_setup_token()
        db.session.commit()
        login_user(user)
        return redirect(url_for("accounts.admin"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/setup.html", form=form), status


@bp.route("/admin", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin():
    """List and add staff, partner organisations and their people, and
    neighbourhoods of the admin's municipality."""
    forms = _admin_forms()
    municipality = current_user.municipality
    status = 200
    for name, handle in ADDERS.items():
        form = forms[name]
        if form.submitted():
            if form.validate() and handle(form, municipality):
                db.session.commit()
                return redirect(url_for("accounts.admin"))
            status = 422
    return _admin_page(forms, status)


def _admin_forms() -> dict:
    """Return the page's forms to add things, each told apart by its prefix."""
    organisations = services.organisations_of(current_user.municipality_id)
    return {
        "user": UserForm(prefix="user"),
        "area": NeighbourhoodForm(prefix="area"),
        "organisation": OrganisationForm(prefix="org"),
        "partner": PartnerUserForm(organisations, prefix="partner"),
    }


def _admin_page(forms: dict, status: int, refused: dict | None = None):
    """Render the administration page; ``refused`` maps a user id to its failed form."""
    municipality = current_user.municipality
    users = users_of(municipality.id)
    access_forms = {
        user.id: AccessForm(
            prefix=f"u{user.id}",
            formdata=None,
            obj=user,
            partner=user.role == Role.PARTNER,
        )
        for user in users
        if user.id != current_user.id
    }
    access_forms.update(refused or {})
    return render_template(
        "accounts/admin.html",
        forms=forms,
        access_forms=access_forms,
        users=users,
        neighbourhoods=services.neighbourhoods_of(municipality.id),
        organisations=services.organisations_of(municipality.id),
        role_labels=ROLE_LABELS,
    ), status


@bp.post("/admin/users/<int:user_id>")
@roles_required(Role.ADMIN)
def change_access(user_id: int):
    """Change another staff member's role, or turn their account off or on."""
    user = services.staff_member(current_user.municipality_id, user_id)
    if user is None or user.id == current_user.id:
        abort(404)
    form = AccessForm(prefix=f"u{user.id}", partner=user.role == Role.PARTNER)
    if not form.validate():
        return _admin_page(_admin_forms(), 422, {user.id: form})
    ended = services.change_access(user, role=form.role.data, active=form.active.data)
    db.session.commit()
    if ended:
        disconnect_user(user.id)
    flash(_("Access of %(name)s changed.", name=user.name), "info")
    return redirect(url_for("accounts.admin"))


def _add_user(form: UserForm, municipality) -> bool:
    if services.email_taken(form.email.data):
        form.email.errors.append(_("This e-mail is already in use."))
        return False
    services.create_user(
        municipality,
        name=form.name.data,
        email=form.email.data,
        password=form.password.data,
        role=form.role.data,
    )
    flash(_("Account created."), "info")
    return True


def _add_neighbourhood(form: NeighbourhoodForm, municipality) -> bool:
    services.neighbourhood_named(municipality, form.name.data)
    flash(_("Neighbourhood added."), "info")
    return True


def _add_organisation(form: OrganisationForm, municipality) -> bool:
    services.organisation_named(municipality, form.name.data)
    flash(_("Partner organisation added."), "info")
    return True


def _add_partner_user(form: PartnerUserForm, municipality) -> bool:
    """Create an account for someone of one of the municipality's partners."""
    if services.email_taken(form.email.data):
        form.email.errors.append(_("This e-mail is already in use."))
        return False
    organisation = services.organisation_of(
        municipality.id, int(form.organisation.data)
    )
    services.create_user(
        municipality,
        name=form.name.data,
        email=form.email.data,
        password=form.password.data,
        role=Role.PARTNER,
        partner=organisation,
    )
    flash(_("Account created."), "info")
    return True


#: what each of the administration page's forms adds
ADDERS = {
    "user": _add_user,
    "area": _add_neighbourhood,
    "organisation": _add_organisation,
    "partner": _add_partner_user,
}
