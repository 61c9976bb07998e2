"""A town with a meeting of every kind of step, its people, and another town:
the cast of the access and input tests."""

import secrets
from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa
from flask import session, url_for
from flask_login import login_user

from app.accounts import services as accounts
from app.agendas import services as agendas
from app.extensions import db
from app.groups import progress
from app.groups import services as groups
from app.groups.models import PurchaseGroup
from app.ideas import services as ideas
from app.mail import links as mail_links
from app.meetings import screen_links
from app.meetings import services as meetings
from app.personas import services as personas
from app.polls import services as polls
from tests.support.web import PASSWORD, browser_state

ANONYMOUS = "anonymous"
PHONE = "participant"
OTHER_PHONE = "participant of another meeting"
FACILITATOR = "facilitator"
STAFF = "municipality staff"
OTHER_TOWN = "admin of another municipality"
ADMIN = "admin"
SCREEN_LINK = "screen link"  # a browser that opened the meeting's screen link
PARTNER = "partner given the town's group"  # a partner organisation's user
OTHER_PARTNER = "partner of the same town, given no group"
ROLES = (
    ANONYMOUS,
    PHONE,
    OTHER_PHONE,
    FACILITATOR,
    STAFF,
    OTHER_TOWN,
    ADMIN,
    SCREEN_LINK,
    PARTNER,
    OTHER_PARTNER,
)

SIGNUP = {
    "measures": ["pv"],
    "horizon": "1y",
    "name": "An Peeters",
    "email": "an@example.be",
    "street": "Kerkstraat",
    "house_number": "12",
    "consent_contact": True,
}


OFFER = {
    "kind": "quote",
    "contractor": "Zon & Co",
    "unit": "kwp",
    "price_cents": 125000,
    "included": "Panelen en omvormer",
    "conditions": "",
    "valid_until": date(2099, 12, 31),
}


@dataclass
class World:
    """A town with a meeting of every kind of step, its people, and another town."""

    users: dict
    meeting: object
    steps: dict
    phone_tokens: dict
    persona_answer_id: int
    group_id: int
    other_meeting_code: str
    idea_id: int = 0
    area_id: int = 0

    def fresh_offer(self) -> int:
        """Return a new quote on the town's group (an earlier call may remove)."""
        group = db.session.get(PurchaseGroup, self.group_id)
        offer = progress.save_offer(group, OFFER)
        db.session.commit()
        return offer.id

    def state(self, app, role: str) -> dict:
        """Return the cookie and CSRF token a browser of this role holds now."""
        if role in self.phone_tokens:
            token = self.phone_tokens[role]
            return browser_state(app, lambda: session.__setitem__("participant", token))
        if role in self.users:
            user = db.session.merge(self.users[role])
            db.session.refresh(user)  # logins end on logout: use the current one
            return browser_state(app, lambda: login_user(user))
        return browser_state(app, lambda: None)

    def browser(self, app, role: str):
        """Return a test client holding this role's cookie, and its CSRF token."""
        state = self.state(app, role)
        client = app.test_client()
        client.set_cookie("session", state["cookie"].partition("=")[2])
        if role == SCREEN_LINK:
            assert client.get(f"/screen/{self.screen_token()}").status_code == 200
        return client, state["csrf"]

    def screen_token(self) -> str:
        """Return the token of the meeting's screen link (a new one if revoked)."""
        link = screen_links.create_link(db.session.merge(self.meeting))
        db.session.commit()
        return link.token

    def fresh_step(self) -> int:
        """Return a new pending step of the meeting's agenda."""
        meeting = meetings.meeting_by_code(self.meeting.code)
        step = meetings.add_step(meeting, kind="info", title="Extra")
        db.session.commit()
        return step.id

    def fresh_template(self) -> int:
        """Return a new agenda template of the town (an earlier call may delete)."""
        template = agendas.save_template(
            meetings.meeting_by_code(self.meeting.code),
            db.session.merge(self.users[FACILITATOR]),
            f"Sjabloon {secrets.token_hex(4)}",
        )
        db.session.commit()
        return template.id

    def url(self, app, rule, **fixed) -> str:
        """Return the rule's address with this world's values (or ``fixed`` ones)."""
        values = {
            arg: fixed[arg] if arg in fixed else self.values(rule.endpoint, arg)
            for arg in rule.arguments
        }
        with app.test_request_context():
            return url_for(rule.endpoint, **values)

    def values(self, endpoint: str, argument: str):
        blueprint = endpoint.split(".")[0]
        if argument == "code":
            return self.meeting.code
        if argument == "step_id" and endpoint == "agenda.delete_step":
            return self.fresh_step()  # an earlier call may have deleted one
        if argument == "template_id":
            return self.fresh_template()
        if argument == "offer_id":
            return self.fresh_offer()
        if argument == "step_id":
            return self.steps.get(blueprint, self.steps["info"])
        if argument == "token":
            if blueprint == "screen":
                return self.screen_token()
            if endpoint == "participant.join":
                return self.meeting.qr_token
            if blueprint in ("groups", "offers"):  # a fresh link: one may withdraw
                token = groups.create_signup(self.meeting, SIGNUP)[1]
                db.session.commit()
                return token
            if blueprint == "unsubscribe":  # a message's link, of a fresh sign-up
                signup = groups.create_signup(self.meeting, SIGNUP)[0]
                db.session.commit()
                return mail_links.unsubscribe_token(signup)
            return "not-a-setup-token"
        return {
            "action": "hide" if blueprint in ("personas", "ideas") else "open",
            "what": "stop" if endpoint == "agenda.set_countdown" else "open",
            "direction": "down",
            "name": "streets",
            "answer_id": self.persona_answer_id,
            "idea_id": self.idea_id,
            "group_id": self.group_id,
            "area_id": self.area_id,
            "key": "pv",  # the measure of the world's sign-ups
            "user_id": self.users[FACILITATOR].id,
            "file_format": "csv",
            "kind": "ideas",
            "filename": "css/app.css",
        }[argument]


@pytest.fixture
def world(make_user, make_meeting) -> World:
    users = {
        FACILITATOR: make_user(),
        STAFF: make_user(role="staff"),
        ADMIN: make_user(role="admin"),
        OTHER_TOWN: make_user(role="admin", municipality="Brugge"),
    }
    meeting = make_meeting(users[FACILITATOR], steps=())
    steps = {}
    for kind, blueprint in (
        ("info", "info"),
        ("poll", "polls"),
        ("bills", "bills"),
        ("personas", "personas"),
        ("ideas", "ideas"),
        ("groups", "groups"),
    ):
        step = meetings.add_step(meeting, kind=kind, title=kind)
        steps[blueprint] = step.id
        if kind == "poll":
            polls.create_measures(step, ["pv"], [])
            steps["ballots"] = step.id  # its paper ballots
        if kind == "personas":
            personas.create_deck(step, ["walker"], [], [])
            persona_step = step
        if kind == "ideas":
            ideas.create_question(step, "Wat mist de straat?", None)
            ideas_step = step
    phone, phone_token = meetings.join(meeting, locale="nl")
    other_meeting = make_meeting(users[FACILITATOR], steps=("Elders",))
    _, other_token = meetings.join(other_meeting, locale="nl")
    dealt = personas.deal(persona_step, phone)
    answer = personas.save_answers(
        personas.prompts_of(persona_step)[0],
        phone,
        dealt.persona_id,
        {"persona": "Hoi"},
    )["persona"]
    idea = ideas.share(ideas_step, phone, "Meer bomen", "world-idea")
    groups.create_signup(meeting, SIGNUP)
    group = db.session.scalars(sa.select(PurchaseGroup)).first()
    town = users[ADMIN].municipality
    for role, name in ((PARTNER, "Energiehuis"), (OTHER_PARTNER, "Woonmaatschappij")):
        users[role] = accounts.create_user(
            town,
            name=name,
            email=f"{name.lower()}@partner.example",
            password=PASSWORD,
            role="partner",
            partner=accounts.organisation_named(town, name),
        )
    group.partner_id = users[PARTNER].partner_id
    db.session.commit()
    return World(
        users=users,
        meeting=meeting,
        steps=steps,
        phone_tokens={PHONE: phone_token, OTHER_PHONE: other_token},
        persona_answer_id=answer.id,
        group_id=group.id,
        other_meeting_code=other_meeting.code,
        idea_id=idea.id,
        area_id=meeting.neighbourhood_id,
    )
