"""Every form and socket payload, fed generated bad input (oversized, wrong
types, unicode edge cases, negative and huge numbers): a clear 4xx that
changes nothing, or an accepted value; never a server error."""

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from app.accounts.forms import (
    AccessForm,
    LoginForm,
    NeighbourhoodForm,
    OrganisationForm,
    PartnerUserForm,
    PasswordForm,
    SetupForm,
    UserForm,
)
from app.agendas.forms import TemplateForm
from app.bills.forms import BillForm
from app.extensions import db
from app.groups.forms import SignupForm
from app.groups.logic import QUESTIONS
from app.groups.models import Signup
from app.groups.own_forms import ChoiceForm, SizeForm
from app.groups.progress_forms import BulkStatusForm, HousingUnitsForm, OfferForm
from app.groups.questions import FIELD_PREFIX
from app.groups.street_forms import DecisionForm, StreetFileForm
from app.ideas.forms import IdeaForm, MergeForm, VoteForm
from app.live import notify
from app.meetings import services as meetings
from app.meetings.forms import CodeForm, JoinForm, MeetingForm, StepForm
from app.meetings.models import Step
from app.meetings.reports import HeadCountForm, RecordForm
from app.meetings.step_forms import CountdownForm, StepDetailsForm
from app.personas.forms import DeckForm, PersonaAnswerForm, PersonaRatingForm
from app.polls.forms import AnswerForm, BallotForm, StanceForm, UndoBallotForm
from tests.support.forms import EDGE_CASES
from tests.support.fuzz import examples
from tests.support.world import ADMIN, ANONYMOUS, FACILITATOR, PHONE, STAFF
from tests.test_access import RULES


def fields_of(form_class, prefix: str = "") -> list[str]:
    return [
        prefix + name
        for name in dir(form_class)
        if isinstance(getattr(form_class, name), UnboundField)
    ]


#: the fields each form posts; every POST route must be listed
FIELDS = {
    "core.join_by_code": lambda w: fields_of(CodeForm),
    "core.choose_language": lambda w: ["lang", "next"],
    "participant.join": lambda w: fields_of(JoinForm),
    "polls.answer": lambda w: fields_of(AnswerForm),
    "polls.stance": lambda w: fields_of(StanceForm),
    "polls.assisted": lambda w: ["key", "stance", "tenure", "dwelling", "h1", "b1"],
    "ballots.tally": lambda w: fields_of(BallotForm),
    "ballots.undo": lambda w: fields_of(UndoBallotForm),
    "reports.head_count": lambda w: fields_of(HeadCountForm),
    "reports.save_record": lambda w: fields_of(RecordForm),
    "bills.enter": lambda w: fields_of(BillForm),
    "personas.answer": lambda w: fields_of(PersonaAnswerForm),
    "personas.rate": lambda w: fields_of(PersonaRatingForm),
    "personas.deck": lambda w: fields_of(DeckForm),
    "personas.moderate": lambda w: [],
    "ideas.share": lambda w: fields_of(IdeaForm),
    "ideas.vote": lambda w: fields_of(VoteForm),
    "ideas.moderate": lambda w: [],
    "ideas.merge": lambda w: fields_of(MergeForm),
    "groups.signup": lambda w: fields_of(SignupForm),
    "groups.manage_own": lambda w: fields_of(SignupForm),
    "groups.withdraw": lambda w: [],
    "unsubscribe.confirm": lambda w: ["List-Unsubscribe"],
    "accounts.login": lambda w: fields_of(LoginForm),
    "accounts.logout": lambda w: [],
    "accounts.setup": lambda w: fields_of(SetupForm),
    "accounts.account": lambda w: fields_of(PasswordForm),
    "accounts.admin": lambda w: (
        fields_of(UserForm, "user-")
        + fields_of(NeighbourhoodForm, "area-")
        + fields_of(OrganisationForm, "org-")
        + fields_of(PartnerUserForm, "partner-")
    ),
    "accounts.change_access": lambda w: fields_of(
        AccessForm, f"u{w.users[FACILITATOR].id}-"
    ),
    "facilitator.create": lambda w: fields_of(MeetingForm),
    "facilitator.add_step": lambda w: fields_of(StepForm),
    "facilitator.change_step": lambda w: [],
    "facilitator.joins": lambda w: [],
    "facilitator.screen_language": lambda w: ["locale"],
    "agenda.edit_step": lambda w: fields_of(StepDetailsForm),
    "agenda.delete_step": lambda w: [],
    "agenda.move_step": lambda w: [],
    "agenda.next_step": lambda w: [],
    "agenda.set_countdown": lambda w: fields_of(CountdownForm),
    "agenda.edit_meeting": lambda w: fields_of(MeetingForm),
    "agendas.start_shipped": lambda w: fields_of(MeetingForm),
    "agendas.start_saved": lambda w: fields_of(MeetingForm),
    "agendas.delete": lambda w: [],
    "agendas.duplicate": lambda w: fields_of(MeetingForm),
    "agendas.save": lambda w: fields_of(TemplateForm),
    "screen.create_link": lambda w: [],
    "screen.revoke_link": lambda w: [],
    "municipality.set_status": lambda w: ["status"],
    "municipality.set_threshold": lambda w: ["measure", "households"],
    "progress.add_offer": lambda w: fields_of(OfferForm),
    "progress.edit_offer": lambda w: fields_of(OfferForm),
    "progress.remove_offer": lambda w: [],
    "progress.bulk_status": lambda w: fields_of(BulkStatusForm),
    "progress.housing_units": lambda w: fields_of(HousingUnitsForm, f"n{w.area_id}-"),
    "offers.choose": lambda w: fields_of(ChoiceForm),
    "offers.home_size": lambda w: fields_of(SizeForm),
    "offers.leave": lambda w: [],
    "street_list.upload": lambda w: fields_of(StreetFileForm),
    "street_list.decisions": lambda w: fields_of(DecisionForm),
    "partners.assign": lambda w: ["partner"],
}

VALUE = st.one_of(
    st.sampled_from(EDGE_CASES),
    st.integers(-(2**80), 2**80).map(str),
    st.floats().map(repr),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
)


def _form(names: list[str]):
    known = {name: st.one_of(VALUE, st.lists(VALUE, max_size=3)) for name in names}
    unknown = st.dictionaries(st.text("abcdefxyz_-", min_size=1, max_size=12), VALUE)
    return st.tuples(st.fixed_dictionaries({}, optional=known), unknown).map(
        lambda pair: {**pair[1], **pair[0]}
    )


def _role_for(endpoint: str) -> str:
    allowed = RULES[endpoint]
    for role in (PHONE, FACILITATOR, STAFF, ADMIN, ANONYMOUS):
        if role in allowed:
            return role
    return ANONYMOUS  # nobody may: the refusal itself must be clean


def _snapshot() -> dict:
    with db.engine.connect() as connection:
        return {
            table.name: sorted(map(repr, connection.execute(sa.select(table))))
            for table in db.metadata.sorted_tables
        }


def _post_endpoints(app) -> list[str]:
    return sorted(
        {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    )


def test_every_post_route_is_fuzzed(app):
    assert set(_post_endpoints(app)) == FIELDS.keys()


def _says_what_went_wrong(html: str) -> bool:
    return any(
        marker in html for marker in ('class="error"', "flash-error", "error-page")
    )


@pytest.mark.parametrize("endpoint", sorted(FIELDS))
def test_bad_input_gets_a_clear_refusal_and_changes_nothing(app, world, endpoint):
    app.config.update(
        PHONE_WRITE_LIMIT="100000 per second",
        LOGIN_FAILURE_LIMIT="100000 per second",
        JOIN_FAILURE_LIMIT="100000 per second",
    )
    blueprint = endpoint.split(".")[0]
    step = db.session.get(Step, world.steps.get(blueprint, world.steps["info"]))
    meetings.change_step(world.meeting, step, "open")
    db.session.commit()
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    role = _role_for(endpoint)

    @settings(
        max_examples=examples(25),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(data=_form(FIELDS[endpoint](world)))
    def post_anything(data):
        client, csrf = world.browser(app, role)
        url = world.url(app, rule)
        before = _snapshot()
        response = client.post(
            url, data=data, headers={"X-CSRFToken": csrf, "HX-Request": "1"}
        )
        assert response.status_code < 500, response.status_code
        if response.status_code >= 400:
            assert _snapshot() == before
            assert _says_what_went_wrong(response.get_data(as_text=True))

    post_anything()


#: the sign-up's questions before a site visit, each one an optional answer
QUESTION_FIELDS = {
    FIELD_PREFIX + question: answers for question, answers in QUESTIONS.items()
}
ASKING_ALL = {  # measures and a tenure that ask every question
    "measures": [
        "pv",
        "roof_ins",
        "ext_wall_ins",
        "cavity_ins",
        "floor_ins",
        "hp_air_water",
    ],
    "horizon": "1y",
    "name": "An Peeters",
    "email": "an@example.be",
    "street": "Kerkstraat",
    "house_number": "12",
    "tenure": "tenant",
    "consent_contact": "y",
}


def test_the_sign_up_fuzzing_posts_every_question_before_a_site_visit(world):
    for endpoint in ("groups.signup", "groups.manage_own"):
        assert set(QUESTION_FIELDS) <= set(FIELDS[endpoint](world))


def _answer_or_anything(answers):
    return st.one_of(st.sampled_from(answers), VALUE)


def test_an_answer_before_a_site_visit_is_kept_or_refused_in_words(app, world):
    """With the rest of the sign-up right, each question takes one of its own
    answers or nothing; anything else is a translated refusal that stores nothing."""
    app.config.update(PHONE_WRITE_LIMIT="100000 per second")
    step = db.session.get(Step, world.steps["groups"])
    meetings.change_step(world.meeting, step, "open")
    db.session.commit()
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "groups.signup")

    @settings(
        max_examples=examples(40),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        answers=st.fixed_dictionaries(
            {},
            optional={
                name: _answer_or_anything(answers)
                for name, answers in QUESTION_FIELDS.items()
            },
        )
    )
    def post_answers(answers):
        client, csrf = world.browser(app, PHONE)
        before = _snapshot()
        response = client.post(
            world.url(app, rule),
            data={**ASKING_ALL, **answers},
            headers={"X-CSRFToken": csrf, "HX-Request": "1", "Accept-Language": "nl"},
        )
        known = {
            name.removeprefix(FIELD_PREFIX): value
            for name, value in answers.items()
            if value in QUESTION_FIELDS[name]
        }
        if all(v in QUESTION_FIELDS[n] or not v.strip() for n, v in answers.items()):
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            db.session.expire_all()
            newest = db.session.scalars(
                sa.select(Signup).order_by(Signup.id.desc())
            ).first()
            assert newest.answer_map == known
        else:
            assert response.status_code == 422
            assert _snapshot() == before
            assert "Kies een van de getoonde antwoorden" in response.get_data(
                as_text=True
            )

    post_answers()


def test_an_oversized_body_is_refused_before_it_is_read(client):
    response = client.post("/join", data={"code": "x" * 400_000})
    assert response.status_code == 413
    assert "error-page" in response.get_data(as_text=True)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | VALUE,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["meeting", "screen", "code", "room", "x"]), children
        )
    ),
    max_leaves=12,
)
#: a Socket.IO client's auth is an object or nothing: a bare number cannot even
#: be framed (the digits after a CONNECT packet's type read as a packet id)
AUTH = st.none() | st.dictionaries(
    st.sampled_from(["meeting", "screen", "code", "room", "x"]), JSON, max_size=3
)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(auth=AUTH, events=st.lists(st.tuples(VALUE, JSON), max_size=3))
def test_socket_payloads_never_reach_another_meeting(app, world, sio, auth, events):
    phone, _csrf = world.browser(app, PHONE)
    other = meetings.meeting_by_code(world.other_meeting_code)
    listener = sio(phone, auth=auth)
    assert listener.is_connected()  # the phone's cookie decides, not the payload
    for name, payload in events:
        if name not in ("connect", "disconnect", "message"):
            listener.emit(name, payload)
    listener.get_received()
    notify.step_changed(other)
    assert listener.get_received() == []
    notify.step_changed(world.meeting)
    assert [m["name"] for m in listener.get_received()] == ["step-changed"]
    listener.disconnect()


@pytest.mark.parametrize("number", ["0", "9223372036854775808", "99999999999999999999"])
def test_ids_in_addresses_beyond_any_row_are_not_found(app, world, number):
    for rule in app.url_map.iter_rules():
        numeric = [a for a in rule.arguments if rule._converters[a].regex == r"\d+"]
        if not numeric:
            continue
        url = world.url(app, rule, **dict.fromkeys(numeric, 12345))
        url = url.replace("12345", number)
        for role in RULES[rule.endpoint] or {ANONYMOUS}:
            client, csrf = world.browser(app, role)
            method = "GET" if "GET" in rule.methods else "POST"
            response = client.open(url, method=method, headers={"X-CSRFToken": csrf})
            assert response.status_code == 404, (url, role, response.status_code)


def test_every_form_reads_its_messages_from_the_shared_base(app):
    from flask_wtf import FlaskForm

    from app.formfields import Form

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(FlaskForm) if c.__module__.startswith("app.")]
    assert ours and all(issubclass(c, Form) for c in ours), ours
