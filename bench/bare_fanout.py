"""Bare reference for the live benchmark: what following the facilitator costs at least.

A small Flask-SocketIO app with the app's URLs and contract, served the same way
(gunicorn with gunicorn.conf.py: one gevent-websocket worker), so bench.live
drives both with the same phones:

  GET  /j/<token>             join page with a form and a CSRF token in the session
  POST /j/<token>             checks the token, stores a participant, sets its cookie,
                              redirects to the follow page
  GET  /m/<code>              follow page: layout + the current step's fragment
  GET  /m/<code>/step         the fragment (htmx): one indexed query, one precompiled
                              Jinja template per state, a CSRF-like token per form
  GET  /m/<code>/step/version {"v": version}: one query
  POST /m/<code>/polls/<id>/answer
                              checks the token and the phone, stores nothing
  POST /m/<code>/steps/<id>/<open|close|reveal>
                              staff cookie + X-CSRFToken; one update, commit, then
                              'step-changed' {"v": version} to the meeting's room
  socket connect              looks the phone's meeting and version up from its
                              cookie, joins the meeting's room, and says the
                              version if the phone's auth {"v": n} is older

The open fragment has the shape of the app's open poll: a stance form and 9
measures of 5 buttons each, every form with its hidden CSRF token and answer key
(≈18 KB); closed is a short notice; revealed is 9 measures of 5 bars (templates
in bench/bare_templates/, compiled once at start). Every kind of step gets the
same fragments: the reference is the cost of the shape, not of the kind.
Responses are compressed as the app's are (Flask-Compress, br/gzip from 8 KB;
BARE_COMPRESS=0 turns it off).

Settings (environment, read at import):
  BARE_DATABASE_URL  SQLAlchemy URL (default: SQLite bare-live.sqlite in the temp
                     folder; SQLite gets WAL and synchronous=FULL, as the app)
  BARE_MQ            Redis URL to run as one of several processes
  BARE_SECRET        the cookie-signing secret (the same on every process)
  BARE_ASYNC_MODE    gevent (served), or threading in-process (bench.step_cost)

Seed one meeting (prints its codes and the facilitator's cookie as JSON):
  python -m bench.bare_fanout --seed
"""

import hashlib
import hmac
import json
import os
import secrets
import tempfile

import sqlalchemy as sa
from flask import Flask, abort, jsonify, redirect, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room
from itsdangerous import BadData, URLSafeTimedSerializer
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

DATABASE = os.getenv(
    "BARE_DATABASE_URL",
    "sqlite:///" + os.path.join(tempfile.gettempdir(), "bare-live.sqlite"),
)
MQ = os.getenv("BARE_MQ") or None
SECRET = os.getenv("BARE_SECRET", "bare-live-secret")
TITLES = [
    ("poll", "Wat plan je thuis?"),
    ("bills", "Je energiefactuur"),
    ("personas", "Door andermans ogen"),
    ("groups", "Samen aankopen"),
]
MEASURES = [
    ("☀️", "Zonnepanelen"),
    ("🏠", "Dakisolatie"),
    ("🧱", "Gevelisolatie"),
    ("🪟", "Hoogrendementsglas"),
    ("♨️", "Warmtepomp lucht-water"),
    ("🌱", "Geveltuin"),
    ("🌳", "Boom in de straat"),
    ("🪨", "Tegelwippen"),
    ("💧", "Regenwaterput"),
]
BUTTONS = [
    ("done", "✅", "Al gedaan"),
    ("1y", "📅", "Binnen 1 jaar"),
    ("5y", "🗓️", "Binnen 5 jaar"),
    ("not_now", "⏸️", "Nu niet"),
    ("not_possible", "🚫", "Niet mogelijk voor mij"),
]
STANCES = [
    ("can_want", "💪", "Ik kan het en ik wil het"),
    ("can_not_want", "🤔", "Ik kan het, maar ik wil het nu niet"),
    ("want_cannot", "🙏", "Ik wil het, maar ik kan het niet"),
    ("cannot_not_want", "🛑", "Ik kan het niet en ik wil het nu niet"),
]
TRANSITIONS = {
    "open": ({"pending", "closed", "revealed"}, "open"),
    "close": ({"open"}, "closed"),
    "reveal": ({"open", "closed"}, "revealed"),
}

# ---------------------------------------------------------------- templates
TEMPLATE_NAMES = ("layout", "join", "follow", "section")
STATE_LABELS = {"open": "Bezig", "closed": "Gesloten", "revealed": "Resultaten"}
LANGUAGES = [
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
]
PROFILE = [
    (
        "tenure",
        "Je woning",
        [
            ("", "Liever niet zeggen"),
            ("owner", "Eigenaar"),
            ("tenant", "Huurder"),
            ("social", "Sociale huur"),
        ],
    ),
    (
        "dwelling",
        "Soort woning",
        [
            ("", "Liever niet zeggen"),
            ("detached", "Open bebouwing"),
            ("semi", "Halfopen"),
            ("terraced", "Rijwoning"),
            ("apartment", "Appartement"),
        ],
    ),
]

#: compiled once at start, from bench/bare_templates/
ENV = Environment(
    loader=FileSystemLoader(os.path.join(os.path.dirname(__file__), "bare_templates")),
    autoescape=True,
)
TEMPLATES = {name: ENV.get_template(f"{name}.html") for name in TEMPLATE_NAMES}

# ---------------------------------------------------------------- database
metadata = sa.MetaData()
meetings = sa.Table(
    "meetings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(8), unique=True, nullable=False),
    sa.Column("qr_token", sa.String(64), unique=True, nullable=False),
    sa.Column("title", sa.String(160), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.Column("current_step", sa.Integer),
    sa.Column("accepting", sa.Boolean, nullable=False, default=True),
)
steps = sa.Table(
    "steps",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("meeting_id", sa.ForeignKey("meetings.id"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("title", sa.String(160), nullable=False),
    sa.Column("state", sa.String(16), nullable=False, default="pending"),
)
participants = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("meeting_id", sa.ForeignKey("meetings.id"), nullable=False),
    sa.Column("token_hash", sa.String(64), unique=True, nullable=False),
)


def _engine() -> sa.Engine:
    if DATABASE.startswith("sqlite"):
        engine = sa.create_engine(DATABASE, connect_args={"check_same_thread": False})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

        return engine
    return sa.create_engine(
        DATABASE.replace("postgresql://", "postgresql+psycopg://"),
        pool_size=10,
        max_overflow=20,
    )


engine = _engine()

#: one query per refetch: the phone's meeting and its current step
PHONE_STEP = (
    sa.select(
        meetings.c.id,
        meetings.c.version,
        steps.c.id,
        steps.c.title,
        steps.c.state,
    )
    .select_from(participants)
    .join(meetings, meetings.c.id == participants.c.meeting_id)
    .outerjoin(steps, steps.c.id == meetings.c.current_step)
    .where(
        participants.c.token_hash == sa.bindparam("hash"),
        meetings.c.code == sa.bindparam("code"),
    )
)
PHONE_VERSION = (
    sa.select(meetings.c.version)
    .select_from(participants)
    .join(meetings, meetings.c.id == participants.c.meeting_id)
    .where(
        participants.c.token_hash == sa.bindparam("hash"),
        meetings.c.code == sa.bindparam("code"),
    )
)
PHONE_MEETING = (
    sa.select(participants.c.meeting_id, meetings.c.version)
    .select_from(participants)
    .join(meetings, meetings.c.id == participants.c.meeting_id)
    .where(participants.c.token_hash == sa.bindparam("hash"))
)

# ---------------------------------------------------------------- app
app = Flask(__name__)
app.config.update(
    SECRET_KEY=SECRET,
    SESSION_REFRESH_EACH_REQUEST=False,
    COMPRESS_ALGORITHM=["br", "gzip"],
    COMPRESS_MIN_SIZE=8192,
    COMPRESS_MIMETYPES=["text/html", "application/json"],
)
if os.getenv("BARE_COMPRESS", "1") == "1":
    from flask_compress import Compress

    Compress(app)
socketio = SocketIO(
    app, async_mode=os.getenv("BARE_ASYNC_MODE", "gevent"), message_queue=MQ
)
_csrf = URLSafeTimedSerializer(SECRET, salt="wtf-csrf-token")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token() -> str:
    """A signed form token bound to the session, as Flask-WTF makes one."""
    if "csrf" not in session:
        session["csrf"] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 - a nonce
    return _csrf.dumps(session["csrf"])


def csrf_valid(token: str | None) -> bool:
    try:
        raw = _csrf.loads(token or "", max_age=12 * 3600)
    except BadData:
        return False
    return hmac.compare_digest(raw, session.get("csrf", ""))


def _page(title: str, content: str) -> str:
    return TEMPLATES["layout"].render(
        title=title,
        content=Markup(content),  # noqa: S704 - our own template output
        csrf=csrf_token(),
        languages=LANGUAGES,
    )


def _section(code: str, row, csrf: str) -> str:
    _meeting_id, version, step_id, title, state = row
    return TEMPLATES["section"].render(
        code=code,
        version=version,
        step_id=step_id,
        title=title,
        state=state,
        state_label=STATE_LABELS.get(state, ""),
        csrf=csrf,
        stances=STANCES,
        measures=MEASURES,
        buttons=BUTTONS,
        keys=[secrets.token_urlsafe(12) for _ in MEASURES],
    )


def _phone_row(code: str):
    token = session.get("participant")
    if not token:
        abort(404)
    with engine.connect() as connection:
        row = connection.execute(
            PHONE_STEP, {"hash": _hash(token), "code": code}
        ).first()
    if row is None:
        abort(404)
    return row


@app.get("/healthz")
def healthz():
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    return "ok"


@app.route("/j/<token>", methods=["GET", "POST"])
def join(token: str):
    with engine.connect() as connection:
        meeting = connection.execute(
            sa.select(meetings.c.id, meetings.c.code, meetings.c.title).where(
                meetings.c.qr_token == token
            )
        ).first()
    if meeting is None:
        abort(404)
    if request.method == "POST":
        if not csrf_valid(request.form.get("csrf_token")):
            abort(400)
        secret = secrets.token_urlsafe(32)
        with engine.begin() as connection:
            connection.execute(
                participants.insert().values(
                    meeting_id=meeting.id, token_hash=_hash(secret)
                )
            )
        session.permanent = True
        session["participant"] = secret
        socketio.emit("participants-changed", {}, to=f"staff-{meeting.id}")
        return redirect(f"/m/{meeting.code}")
    content = TEMPLATES["join"].render(
        title=meeting.title, held_on="vandaag", csrf=csrf_token(), profile=PROFILE
    )
    return _page(meeting.title, content)


@app.get("/m/<code>")
def follow(code: str):
    row = _phone_row(code)
    csrf = csrf_token()
    content = TEMPLATES["follow"].render(
        title="Bench live",
        step=Markup(_section(code, row, csrf)),  # noqa: S704 - our own template output
    )
    response = app.make_response(_page("Bench live", content))
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


@app.get("/m/<code>/step")
def step(code: str):
    row = _phone_row(code)
    response = app.make_response(_section(code, row, csrf_token()))
    response.vary.add("HX-Request")
    response.cache_control.no_store = True
    return response


@app.get("/m/<code>/step/version")
def step_version(code: str):
    token = session.get("participant")
    with engine.connect() as connection:
        version = (
            connection.execute(
                PHONE_VERSION, {"hash": _hash(token), "code": code}
            ).scalar()
            if token
            else None
        )
    if version is None:
        abort(404)
    response = jsonify(v=version)
    response.cache_control.no_store = True
    return response


@app.post("/m/<code>/polls/<int:step_id>/answer")
def answer(code: str, step_id: int):
    """Takes a phone's answer (the live benchmark's phones answer between the
    poll's open and close) and stores nothing: only the fan-out is compared."""
    if not csrf_valid(request.headers.get("X-CSRFToken")):
        abort(400)
    _phone_row(code)
    return f'<div class="measure" id="measure-{request.form.get("measure", "")}"></div>'


@app.post("/m/<code>/steps/<int:step_id>/<action>")
def change_step(code: str, step_id: int, action: str):
    if not session.get("staff") or not csrf_valid(request.headers.get("X-CSRFToken")):
        abort(403)
    if action not in TRANSITIONS:
        abort(404)
    sources, target = TRANSITIONS[action]
    with engine.begin() as connection:
        row = connection.execute(
            sa.select(meetings.c.id, steps.c.state)
            .join(steps, steps.c.meeting_id == meetings.c.id)
            .where(meetings.c.code == code, steps.c.id == step_id)
        ).first()
        if row is None:
            abort(404)
        if row.state not in sources:
            return "This cannot be done now.", 409
        if target == "open":
            connection.execute(
                steps.update()
                .where(steps.c.meeting_id == row.id, steps.c.state == "open")
                .values(state="closed")
            )
        connection.execute(
            steps.update().where(steps.c.id == step_id).values(state=target)
        )
        values = {"version": meetings.c.version + 1}
        if target == "open":
            values["current_step"] = step_id
        version = connection.execute(
            meetings.update()
            .where(meetings.c.id == row.id)
            .values(**values)
            .returning(meetings.c.version)
        ).scalar()
    socketio.emit("step-changed", {"v": version}, to=f"meeting-{row.id}")
    return f'<p class="step-changed">{target}</p>'


@socketio.on("connect")
def connect(auth=None):
    token = session.get("participant")
    row = None
    if token:
        with engine.connect() as connection:
            row = connection.execute(PHONE_MEETING, {"hash": _hash(token)}).first()
    if row is None:
        raise ConnectionRefusedError("not joined")
    join_room(f"meeting-{row[0]}")
    shown = auth.get("v") if isinstance(auth, dict) else None
    if isinstance(shown, int) and row[1] > shown:
        emit("step-changed", {"v": row[1]})


def seed() -> dict:
    """Create the schema and one meeting with four pending steps."""
    metadata.drop_all(engine)
    metadata.create_all(engine)
    code = "".join(secrets.choice("ACDEFGHJKMNPQRTUVWXY34679") for _ in range(6))
    with engine.begin() as connection:
        meeting_id = connection.execute(
            meetings.insert().values(
                code=code, qr_token=secrets.token_urlsafe(24), title="Bench live"
            )
        ).inserted_primary_key[0]
        ids = [
            connection.execute(
                steps.insert().values(meeting_id=meeting_id, kind=kind, title=title)
            ).inserted_primary_key[0]
            for kind, title in TITLES
        ]
        qr_token = connection.execute(
            sa.select(meetings.c.qr_token).where(meetings.c.id == meeting_id)
        ).scalar()
    interface = SecureCookieSessionInterface()
    raw = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 - a nonce
    cookie = interface.get_signing_serializer(app).dumps({"staff": 1, "csrf": raw})
    return {
        "code": code,
        "qr_token": qr_token,
        "meeting_id": meeting_id,
        "staff": {"cookie": f"session={cookie}", "csrf": _csrf.dumps(raw)},
        "steps": [
            {"id": step_id, "kind": kind, "title": title}
            for step_id, (kind, title) in zip(ids, TITLES, strict=True)
        ],
    }


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", action="store_true")
    if parser.parse_args().seed:
        print(json.dumps(seed()))
