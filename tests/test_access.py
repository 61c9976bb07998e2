"""Who may do what: every route and socket event against every role.

The rules below are the declared access policy. The matrix is generated from
the application itself, so a new route or socket event without a rule here
fails, and every route is also checked for its protective headers.
"""

from urllib.parse import urlsplit

from app import create_app
from app.extensions import socketio
from app.live import notify
from tests.support.web import make_config
from tests.support.world import (
    ADMIN,
    FACILITATOR,
    OTHER_PARTNER,
    OTHER_PHONE,
    OTHER_TOWN,
    PARTNER,
    PHONE,
    ROLES,
    STAFF,
)

EVERYONE = frozenset(ROLES)
NOBODY = frozenset()
THIS_PHONE = frozenset({PHONE})
ANY_STAFF = frozenset({FACILITATOR, STAFF, OTHER_TOWN, ADMIN})
#: partner organisations' people: their own groups, and nothing of the town else
PARTNERS = frozenset({PARTNER, OTHER_PARTNER})
GIVEN_THE_GROUP = frozenset({PARTNER})
ANY_ACCOUNT = ANY_STAFF | PARTNERS
TOWN_STAFF = frozenset({FACILITATOR, STAFF, ADMIN})  # follow this town's meetings
TOWN_MANAGERS = frozenset({FACILITATOR, ADMIN})  # run this town's meetings
ANY_MANAGER = frozenset({FACILITATOR, OTHER_TOWN, ADMIN})
ANY_MUNICIPALITY_DESK = frozenset({STAFF, OTHER_TOWN, ADMIN})  # own town's data
TOWN_MUNICIPALITY_DESK = frozenset({STAFF, ADMIN})
ANY_ADMIN = frozenset({OTHER_TOWN, ADMIN})
TOWN_ADMIN = frozenset({ADMIN})

RULES = {
    "core.home": EVERYONE,
    "core.health": EVERYONE,
    "core.join_by_code": EVERYONE,
    "core.choose_language": EVERYONE,
    "pwa.manifest": EVERYONE,
    "pwa.offline": EVERYONE,
    "pwa.service_worker": EVERYONE,
    "static": EVERYONE,
    "participant.join": EVERYONE,  # whoever holds the QR link may join
    "groups.manage_own": EVERYONE,  # whoever holds the private link
    "groups.withdraw": EVERYONE,
    "unsubscribe.confirm": EVERYONE,  # whoever holds a message's signed link
    "accounts.setup": NOBODY,  # spent once the first admin exists
    "accounts.login": EVERYONE,
    "accounts.logout": ANY_ACCOUNT,
    "accounts.account": ANY_ACCOUNT,
    "accounts.admin": ANY_ADMIN,
    "accounts.change_access": TOWN_ADMIN,
    "participant.follow": THIS_PHONE,  # others are sent to the join form
    "participant.step": THIS_PHONE,
    "participant.step_version": THIS_PHONE,
    "polls.answer": THIS_PHONE,
    "polls.stance": THIS_PHONE,
    "bills.enter": THIS_PHONE,
    "bills.group": TOWN_STAFF,  # the screen's group picture
    "personas.answer": THIS_PHONE,
    "personas.rate": THIS_PHONE,
    "groups.signup": THIS_PHONE,
    "facilitator.index": ANY_STAFF,
    "facilitator.create": ANY_MANAGER,
    "facilitator.manage": TOWN_MANAGERS,
    "facilitator.manage_steps": TOWN_MANAGERS,
    "facilitator.manage_sections": TOWN_MANAGERS,
    "facilitator.add_step": TOWN_MANAGERS,
    "facilitator.change_step": TOWN_MANAGERS,
    "facilitator.joins": TOWN_MANAGERS,
    "facilitator.screen_language": TOWN_MANAGERS,
    "agenda.edit_step": TOWN_MANAGERS,
    "agenda.delete_step": TOWN_MANAGERS,
    "agenda.move_step": TOWN_MANAGERS,
    "agenda.next_step": TOWN_MANAGERS,
    "agenda.set_countdown": TOWN_MANAGERS,
    "agenda.edit_meeting": TOWN_MANAGERS,
    "agendas.index": ANY_MANAGER,  # each sees the shipped and their town's own
    "agendas.start_shipped": ANY_MANAGER,
    "agendas.start_saved": TOWN_MANAGERS,  # a template of this town
    "agendas.delete": TOWN_MANAGERS,
    "agendas.duplicate": TOWN_MANAGERS,
    "agendas.save": TOWN_MANAGERS,
    "facilitator.count": TOWN_STAFF,
    "facilitator.report": TOWN_STAFF,
    "facilitator.screen": TOWN_STAFF,
    "facilitator.screen_step": TOWN_STAFF,
    # whoever holds the screen link sees the screen, and through it nothing else
    "screen.view": EVERYONE,
    "screen.step": EVERYONE,
    "screen.count": EVERYONE,
    "screen.create_link": TOWN_MANAGERS,
    "screen.revoke_link": TOWN_MANAGERS,
    "polls.results_view": TOWN_STAFF,
    "polls.analysis": TOWN_MANAGERS,
    "polls.assisted": TOWN_MANAGERS,
    "ballots.ballot": TOWN_STAFF,  # printing a ballot shows nobody's answers
    "ballots.tally": TOWN_MANAGERS,
    "ballots.undo": TOWN_MANAGERS,
    "reports.meter": TOWN_MANAGERS,
    "reports.head_count": TOWN_MANAGERS,
    "reports.save_record": TOWN_MANAGERS,
    "reports.pdf": TOWN_STAFF,
    "personas.wall": TOWN_STAFF,
    "personas.moderate": TOWN_MANAGERS,
    "personas.deck": TOWN_MANAGERS,
    "ideas.share": THIS_PHONE,
    "ideas.vote": THIS_PHONE,
    "ideas.phone_list": THIS_PHONE,
    "ideas.board": TOWN_STAFF,  # the screen's word cloud and list
    "ideas.moderation": TOWN_MANAGERS,
    "ideas.moderate": TOWN_MANAGERS,
    "ideas.merge": TOWN_MANAGERS,
    "bills.overview": ANY_MUNICIPALITY_DESK,
    "municipality.dashboard": ANY_MUNICIPALITY_DESK,
    "municipality.set_threshold": ANY_MUNICIPALITY_DESK,
    "municipality.set_status": TOWN_MUNICIPALITY_DESK,
    "street_list.upload": ANY_MUNICIPALITY_DESK,  # each its own town's list
    "street_list.decisions": ANY_MUNICIPALITY_DESK,
    "exports.contacts": ANY_MUNICIPALITY_DESK,
    "exports.lekp": ANY_MUNICIPALITY_DESK,
    "exports.open_data": ANY_MUNICIPALITY_DESK,
    "exports.open_neighbourhoods": ANY_MUNICIPALITY_DESK,
    "exports.open_streets": ANY_MUNICIPALITY_DESK,
    "exports.step_kind": ANY_MUNICIPALITY_DESK,
    "exports.progress": TOWN_MUNICIPALITY_DESK
    | GIVEN_THE_GROUP,  # a group of this town
    "progress.show": TOWN_MUNICIPALITY_DESK | GIVEN_THE_GROUP,
    "progress.add_offer": TOWN_MUNICIPALITY_DESK | GIVEN_THE_GROUP,
    "progress.edit_offer": TOWN_MUNICIPALITY_DESK | GIVEN_THE_GROUP,
    "progress.remove_offer": TOWN_MUNICIPALITY_DESK | GIVEN_THE_GROUP,
    "progress.bulk_status": TOWN_MUNICIPALITY_DESK | GIVEN_THE_GROUP,
    "progress.funnel": ANY_MUNICIPALITY_DESK,  # each sees their own town's
    "progress.neighbourhoods": ANY_MUNICIPALITY_DESK,
    "progress.housing_units": TOWN_MUNICIPALITY_DESK,  # a neighbourhood of this town
    "offers.choose": EVERYONE,  # whoever holds the private link
    "offers.home_size": EVERYONE,
    "offers.leave": EVERYONE,
    "exports.audit_log": ANY_MUNICIPALITY_DESK,
    "partners.index": PARTNERS,  # each its own organisation's groups
    "partners.group": GIVEN_THE_GROUP,
    "partners.contacts": GIVEN_THE_GROUP,
    "partners.assign": TOWN_MUNICIPALITY_DESK,
}

#: socket connections: which roles hear a meeting's phone room and staff room
SOCKET_RULES = {
    "connect": {"meeting": frozenset({PHONE}) | TOWN_STAFF, "staff": TOWN_STAFF},
}
#: a phone connecting with an older version than its meeting's is told that
#: version at once; staff and strangers nothing
TOLD_VERSION = frozenset({PHONE, OTHER_PHONE})


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _denied(response) -> bool:
    """Refused: not found, forbidden, or sent to log in or to join first."""
    if response.status_code in (401, 403, 404):
        return True
    location = urlsplit(response.headers.get("Location", ""))
    return response.status_code in (301, 302, 303) and (
        (location.path == "/login" and "next=" in location.query)
        or (location.path == "/" and "code=" in location.query)
    )


def test_every_route_and_socket_event_has_a_declared_rule(app):
    endpoints = {rule.endpoint for rule, _ in _routes(app)}
    assert endpoints - RULES.keys() == set(), "add an access rule for these routes"
    assert RULES.keys() - endpoints == set(), "rules for routes that no longer exist"
    events = set(socketio.server.handlers.get("/", {}))
    assert events == SOCKET_RULES.keys(), "declare who may use each socket event"


def test_every_role_gets_exactly_what_its_rule_allows(app, world):
    # Every non-phone role writes from one address: the phones' write budget
    # is not what this test is about.
    app.config.update(PHONE_WRITE_LIMIT="100000 per second")
    wrong = []
    for rule, method in _routes(app):
        allowed = RULES[rule.endpoint]
        for role in ROLES:
            client, csrf = world.browser(app, role)
            url = world.url(app, rule)
            response = client.open(url, method=method, headers={"X-CSRFToken": csrf})
            assert response.status_code < 500, (method, url, role)
            if _denied(response) == (role in allowed):
                wrong.append((method, url, role, response.status_code))
            _assert_protective_headers(response, url)
    assert wrong == [], "\n".join(map(str, wrong))


def _assert_protective_headers(response, url: str) -> None:
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff", url
    assert "Strict-Transport-Security" not in headers, url  # plain http here
    if response.mimetype == "application/json":
        return  # data, never a document: no page policy to set
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], url
    assert "script-src 'self'" in headers["Content-Security-Policy"], url
    assert headers["X-Content-Type-Options"] == "nosniff", url
    assert headers["X-Frame-Options"] == "DENY", url
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer"), url
    assert "Strict-Transport-Security" not in headers, url  # plain http here


def test_every_page_sends_hsts_behind_an_https_proxy(app, world):
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    proxied = create_app(make_config(uri, PROXY_COUNT=1)).test_client()
    for rule, method in _routes(app):
        if method != "GET":
            continue
        url = world.url(app, rule)
        response = proxied.get(url, headers={"X-Forwarded-Proto": "https"})
        assert "max-age=" in response.headers.get("Strict-Transport-Security", ""), url


def test_a_forwarded_scheme_is_ignored_without_a_declared_proxy(client):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_socket_rooms_follow_the_rules(app, world, sio):
    connect = SOCKET_RULES["connect"]
    for role in ROLES:
        browser, _csrf = world.browser(app, role)
        listener = sio(browser, auth={"meeting": world.meeting.code})
        heard = set()
        if listener.is_connected():
            listener.get_received()
            notify.step_changed(world.meeting)
            notify.screen_changed(world.meeting)
            names = {m["name"] for m in listener.get_received()}
            heard = {
                room
                for room, event in (
                    ("meeting", "step-changed"),
                    ("staff", "screen-changed"),
                )
                if event in names
            }
            listener.disconnect()
        expected = {room for room, roles in connect.items() if role in roles}
        assert heard == expected, role


def _heard(listener, world) -> set[str]:
    if not listener.is_connected():
        return set()
    listener.get_received()
    notify.step_changed(world.meeting)
    notify.screen_changed(world.meeting)
    names = {m["name"] for m in listener.get_received()}
    listener.disconnect()
    return names


def test_a_screen_link_socket_hears_the_screen_whoever_holds_it(app, world, sio):
    """The link is the credential: with it any browser hears what the screen
    hears; a wrong token opens no staff room to anyone."""
    token = world.screen_token()
    for role in ROLES:
        browser, _csrf = world.browser(app, role)
        right = _heard(sio(browser, auth={"screen": token}), world)
        assert right == {"step-changed", "screen-changed"}, role
        wrong = _heard(sio(browser, auth={"screen": token[:-2] + "xx"}), world)
        assert "screen-changed" not in wrong, role


def test_only_phones_behind_are_told_their_own_meetings_version(app, world, sio):
    told = set()
    for role in ROLES:
        browser, _csrf = world.browser(app, role)
        listener = sio(browser, auth={"meeting": world.meeting.code, "v": -1})
        if listener.is_connected():
            said = [
                m["args"][0]["v"]
                for m in listener.get_received()
                if m["name"] == "step-changed"
            ]
            if said:
                told.add(role)
            listener.disconnect()
    assert told == TOLD_VERSION
