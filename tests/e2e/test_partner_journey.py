"""An admin adds a partner organisation and its coach (at phone size), staff
give the coach's organisation one group on the dashboard (at 1366 px, like the
dashboard journey), and the coach, at phone size, sees that group and only the
household that agreed to share; axe-core clean on every page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from app import create_app
from app.accounts import services as accounts
from app.extensions import db
from app.groups import services as groups
from app.meetings import services as meetings
from tests.support.browser import assert_accessible
from tests.support.journeys import login
from tests.support.servers import Server
from tests.support.web import make_config

pytestmark = pytest.mark.browser
ADMIN, STAFF, COACH = "beheer@gent.be", "griet@gent.be", "coach@energiehuis.be"
SHARES, KEEPS = "An Peeters", "Chris Wouters"


@pytest.fixture
def town(tmp_path):
    """A server whose Gent has one street group: one household shares, one not."""
    url = f"sqlite:///{tmp_path / 'town.sqlite'}"
    server = Server(tmp_path, {"DATABASE_URL": url, "SECRET_KEY": "e2e-secret"})
    server.flask("db", "upgrade")
    server.create_user("fien@gent.be", "Fien")
    server.create_user(ADMIN, "Beheer", "admin")
    server.create_user(STAFF, "Griet", "staff")
    app = create_app(make_config(url))
    with app.app_context():
        fien = accounts.user_by_email("fien@gent.be")
        meeting = meetings.create_meeting(
            fien,
            accounts.neighbourhood_named(fien.municipality, "Rabot"),
            title="Klimaattafel Rabot",
            held_on=date.today(),
            place="Buurthuis",
            locale="nl",
        )
        for n, (name, shares) in enumerate(((SHARES, True), (KEEPS, False)), 1):
            groups.create_signup(
                meeting,
                {
                    "measures": ["pv"],
                    "horizon": "1y",
                    "name": name,
                    "email": f"bewoner{n}@example.be",
                    "street": "Kerkstraat",
                    "house_number": str(n),
                    "consent_share_contractor": shares,
                },
            )
        db.session.commit()
        db.engine.dispose()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def laptop(new_context):
    return new_context(locale="nl-BE", viewport={"width": 1366, "height": 768})


def test_a_coach_sees_the_group_given_to_it_and_only_who_shares(town, phone, laptop):
    base = town.url
    admin = phone()
    login(admin, base, ADMIN)
    admin.locator("nav.staff-nav").get_by_role("link", name="Beheer").click()
    admin.get_by_label("Naam van de organisatie").fill("Energiehuis Gent")
    admin.get_by_role("button", name="Organisatie toevoegen").click()
    expect(admin.locator(".flash-info")).to_contain_text("Partnerorganisatie")
    form = admin.locator("form", has=admin.locator("#partner-organisation"))
    form.get_by_label("Organisatie").select_option(label="Energiehuis Gent")
    form.get_by_label("Naam", exact=True).fill("Sara")
    form.get_by_label("E-mail").fill(COACH)
    form.get_by_label("Wachtwoord").fill("correct horse battery")
    form.get_by_role("button", name="Account aanmaken").click()
    expect(admin.locator(".staff-list")).to_contain_text(COACH)
    expect(admin.locator(".staff-list")).to_contain_text("Energiehuis Gent")
    assert_accessible(admin)

    desk = laptop.new_page()  # the dashboard is the municipality's wide table
    login(desk, base, STAFF)
    desk.goto(f"{base}/municipality")
    desk.locator("select[id^=partner-]").first.select_option(label="Energiehuis Gent")
    desk.locator("form[action$='/partner'] button").first.click()
    expect(desk.locator(".flash-info")).to_be_visible()
    expect(desk.locator("select[id^=partner-]").first).to_have_value(
        desk.locator(
            "select[id^=partner-] option", has_text="Energiehuis Gent"
        ).first.get_attribute("value")
    )
    assert_accessible(desk)

    coach = phone()
    login(coach, base, COACH)
    expect(coach.get_by_role("heading", level=1)).to_contain_text("Energiehuis Gent")
    row = coach.locator(".groups-table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td.number")).to_have_text("1")
    assert_accessible(coach)
    row.get_by_role("link").click()
    expect(coach.locator("main")).to_contain_text(SHARES)
    expect(coach.locator("main")).not_to_contain_text(KEEPS)
    assert_accessible(coach)
    coach.goto(f"{base}/municipality")
    expect(coach.locator(".error-page")).to_be_visible()  # 404 for a partner

    desk.goto(f"{base}/municipality/export/audit")
    expect(desk.locator("#audit-rows")).to_contain_text(COACH)
    assert_accessible(desk)
