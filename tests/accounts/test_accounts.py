"""Staff log in, the first admin is created once, admins add staff."""

import sqlalchemy as sa
from click.testing import CliRunner

from app.accounts.models import User
from app.extensions import db
from tests.support.web import PASSWORD, login, post


def test_first_admin_via_one_time_link(app, client):
    result = app.test_cli_runner().invoke(args=["setup-link"])
    link = next(
        line.strip() for line in result.output.splitlines() if "/setup/" in line
    )
    path = link[link.index("/setup/") :]
    assert client.get(path).status_code == 200
    response = post(
        client,
        path,
        {
            "municipality": "Mechelen",
            "name": "An",
            "email": "an@mechelen.be",
            "password": "lang-genoeg-123",
        },
    )
    assert response.status_code == 302
    admin = db.session.scalars(sa.select(User)).one()
    assert (admin.role, admin.municipality.name) == ("admin", "Mechelen")
    assert client.get(path).status_code == 404  # spent
    assert app.test_cli_runner().invoke(args=["setup-link"]).output == ""


def test_wrong_password_is_refused_and_throttled(client, make_user):
    user = make_user()
    statuses = [
        post(client, "/login", {"email": user.email, "password": "nope"}).status_code
        for _ in range(6)
    ]
    assert statuses == [422] * 5 + [429]


def test_a_guesser_never_locks_colleagues_on_the_same_network_out(
    client, new_client, make_user
):
    guesser, colleague = make_user(), make_user(role="staff")
    wrong = {"email": guesser.email, "password": "nope"}
    statuses = [post(client, "/login", wrong).status_code for _ in range(5)]
    # The office's one address has used up its failures: guessing waits...
    refused = post(client, "/login", wrong, headers={"Accept-Language": "fr"})
    assert (statuses, refused.status_code) == ([422] * 5, 429)
    assert int(refused.headers["Retry-After"]) > 0
    assert "Trop d&#39;essais" in refused.get_data(as_text=True)
    # ...but a colleague's right login, from that same address, goes through,
    login(new_client(), colleague)
    # and so does the next one, while the guesser still waits.
    login(new_client(), make_user())
    other = {"email": "nobody@gent.example", "password": "nope"}
    assert post(client, "/login", other).status_code == 429
    assert post(client, "/login", wrong).status_code == 429


def test_an_account_being_guessed_waits_even_for_its_right_password(
    client, new_client, make_user
):
    target, colleague = make_user(), make_user()
    wrong = {"email": target.email.upper(), "password": "nope"}
    assert [post(client, "/login", wrong).status_code for _ in range(5)] == [422] * 5
    # Otherwise a wait for wrong passwords would tell the guesser the right one.
    right = {"email": target.email, "password": PASSWORD}
    assert post(new_client(), "/login", right).status_code == 429
    login(new_client(), colleague)


def test_logout_ends_the_session_even_for_a_replayed_cookie(
    client, make_user, new_client
):
    user = make_user()
    login(client, user)
    cookie = client.get_cookie("session")
    assert client.get("/meetings").status_code == 200
    post(client, "/logout")
    replay = new_client()
    replay.set_cookie("session", cookie.value)
    assert replay.get("/meetings").status_code == 302


def test_admin_adds_staff_and_neighbourhoods(client, make_user):
    login(client, make_user(role="admin"))
    response = post(
        client,
        "/admin",
        {
            "user-name": "Bert",
            "user-email": "bert@gent.be",
            "user-password": "lang-genoeg-123",
            "user-role": "staff",
        },
    )
    assert response.status_code == 302
    assert post(client, "/admin", {"area-name": "Brugse Poort"}).status_code == 302
    page = client.get("/admin").get_data(as_text=True)
    assert "bert@gent.be" in page and "Brugse Poort" in page
    dup = post(
        client,
        "/admin",
        {
            "user-name": "B",
            "user-email": "bert@gent.be",
            "user-password": "lang-genoeg-123",
            "user-role": "staff",
        },
    )
    assert dup.status_code == 422


def test_non_admin_cannot_open_administration(client, make_user):
    login(client, make_user(role="facilitator"))
    assert client.get("/admin").status_code == 404


def test_cli_creates_users_and_a_demo_meeting(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "x@y.test",
            "--name",
            "X",
            "--municipality",
            "Genk",
            "--role",
            "staff",
            "--password",
            PASSWORD,
        ]
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2
    assert isinstance(runner, CliRunner)


def test_password_change_ends_every_other_login_at_once(
    client, new_client, make_user, make_meeting, sio
):
    user = make_user()
    meeting = make_meeting(user)
    other_device = new_client()
    login(other_device, user)
    screen = sio(other_device, auth={"meeting": meeting.code})
    login(client, user)
    wrong = post(
        client,
        "/account",
        {
            "current": "not-it",
            "new": "nieuw-wachtwoord-1",
            "repeat": "nieuw-wachtwoord-1",
        },
    )
    assert wrong.status_code == 422
    assert "Dit is niet je huidige wachtwoord." in wrong.get_data(as_text=True)
    mismatch = post(
        client,
        "/account",
        {"current": PASSWORD, "new": "nieuw-wachtwoord-1", "repeat": "anders-1234"},
    )
    assert mismatch.status_code == 422
    assert other_device.get("/meetings").status_code == 200  # nothing changed yet

    changed = post(
        client,
        "/account",
        {
            "current": PASSWORD,
            "new": "nieuw-wachtwoord-1",
            "repeat": "nieuw-wachtwoord-1",
        },
    )
    assert changed.status_code == 302
    assert client.get("/meetings").status_code == 200  # this browser stays in
    assert other_device.get("/meetings").status_code == 302  # to the login page
    assert not screen.is_connected()
    assert (
        post(
            new_client(), "/login", {"email": user.email, "password": PASSWORD}
        ).status_code
        == 422
    )


def test_role_change_counts_at_once_and_turning_off_ends_logins(
    client, new_client, make_user, make_meeting, sio
):
    admin = make_user(role="admin")
    facilitator = make_user()
    meeting = make_meeting(facilitator)
    phone = new_client()
    login(phone, facilitator)
    assert phone.get(f"/m/{meeting.code}/manage").status_code == 200
    screen = sio(phone, auth={"meeting": meeting.code})
    login(client, admin)
    form = f"/admin/users/{facilitator.id}"
    bad = post(client, form, {f"u{facilitator.id}-role": "king"})
    assert bad.status_code == 422
    assert phone.get(f"/m/{meeting.code}/manage").status_code == 200

    made_staff = post(
        client,
        form,
        {f"u{facilitator.id}-role": "staff", f"u{facilitator.id}-active": "y"},
    )
    assert made_staff.status_code == 302
    assert phone.get(f"/m/{meeting.code}/manage").status_code == 404
    assert phone.get("/municipality").status_code == 200
    assert screen.is_connected()

    turned_off = post(client, form, {f"u{facilitator.id}-role": "staff"})
    assert turned_off.status_code == 302
    assert phone.get("/meetings").status_code == 302
    assert not screen.is_connected()
    assert (
        post(
            new_client(), "/login", {"email": facilitator.email, "password": PASSWORD}
        ).status_code
        == 422
    )


def test_admin_cannot_change_themselves_or_another_town(client, make_user):
    admin = make_user(role="admin")
    elsewhere = make_user(municipality="Brugge")
    login(client, admin)
    assert (
        post(
            client, f"/admin/users/{admin.id}", {f"u{admin.id}-role": "staff"}
        ).status_code
        == 404
    )
    assert (
        post(
            client, f"/admin/users/{elsewhere.id}", {f"u{elsewhere.id}-role": "admin"}
        ).status_code
        == 404
    )
    db.session.refresh(admin)
    db.session.refresh(elsewhere)
    assert (admin.role, elsewhere.role) == ("admin", "facilitator")
