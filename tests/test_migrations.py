"""Migrations are the only way to a schema, on SQLite and PostgreSQL alike."""

from datetime import date, datetime

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from app import create_app
from app.accounts.models import User
from app.agendas.models import AgendaTemplate
from app.config import database_url
from app.exports.models import ExportAudit
from app.extensions import db
from app.groups.models import Signup
from app.ideas.services import board as ideas_board
from app.mail.models import OutboxMessage
from app.meetings.models import Meeting
from app.polls.models import PollAnswer
from tests.support.services import fresh_postgres_database
from tests.support.web import make_config


def _upgrade_and_compare(url: str) -> None:
    app = create_app(make_config(url))
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, db.metadata) == []
            tables = set(sa.inspect(connection).get_table_names())
        assert {"meetings", "steps", "participants", "users"} <= tables
        flask_migrate.downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_upgrade_from_empty_sqlite_matches_the_models(tmp_path):
    _upgrade_and_compare(f"sqlite:///{tmp_path / 'm.sqlite'}")


@pytest.mark.services
def test_upgrade_from_empty_postgresql_matches_the_models():
    with fresh_postgres_database() as url:
        _upgrade_and_compare(database_url(url, None))


# Upgrade with data: each revision's rows, written as that revision's code wrote
# them (SQL values matching its models and forms, from `git log migrations/`;
# running each old checkout's app would be heavy), then every later migration.
# A migration may change or drop data only where it says so in CHANGES. A new
# table's migration adds rows for it here, so that later ones are tried on it.

AT = datetime(2026, 11, 22, 19, 30)

#: per revision: rows (table, values) inserted, and statements run, once there
FILLS = {
    "dfa28c254b52": [  # accounts and meetings
        ("municipalities", {"id": 1, "name": "Gent", "locale": "nl"}),
        ("neighbourhoods", {"id": 1, "municipality_id": 1, "name": "Rabot"}),
        (
            "users",
            {
                "id": 1,
                "email": "fien@gent.be",
                "name": "Fien",
                "password_hash": "scrypt:32768:8:1$kQ3p$" + "ab" * 64,
                "role": "facilitator",
                "municipality_id": 1,
                "session_version": 1,
                "active": True,
                "created_at": AT,
            },
        ),
        ("setup_tokens", {"id": 1, "token_hash": "5e" * 32, "created_at": AT}),
        (
            "meetings",
            {
                "id": 1,
                "municipality_id": 1,
                "neighbourhood_id": 1,
                "facilitator_id": 1,
                "title": "Klimaattafel Rabot",
                "held_on": date(2026, 11, 30),
                "place": "Buurthuis De Vonk",
                "locale": "nl",
                "code": "K7M4PX",
                "qr_token": "qr-" + "x" * 40,
                "accepting_joins": True,
                "current_position": 2,
                "version": 4,
                "created_at": AT,
            },
        ),
        (
            "steps",
            {
                "id": 1,
                "meeting_id": 1,
                "position": 1,
                "kind": "info",
                "title": "Welkom",
                "body": "Fijn dat je er bent.",
                "state": "revealed",
            },
        ),
        *[
            (
                "participants",
                {
                    "id": n,
                    "meeting_id": 1,
                    "token_hash": f"{n:02d}" * 32,
                    "locale": locale,
                    "tenure": tenure,
                    "dwelling": "row_house",
                    "street": "Kerkstraat" if n == 1 else None,
                    "joined_at": AT,
                },
            )
            for n, locale, tenure in (
                (1, "nl", "owner"),
                (2, "ar", "tenant"),
                (3, "tr", None),
            )
        ],
    ],
    "05cf0063b088": [  # intention polls, the stance, households entered by hand
        (
            "steps",
            {
                "id": 2,
                "meeting_id": 1,
                "position": 2,
                "kind": "poll",
                "title": "Wat plan je?",
                "body": "",
                "state": "open",
            },
        ),
        (
            "poll_measures",
            {
                "id": 1,
                "step_id": 2,
                "position": 1,
                "catalogue_key": "pv",
                "custom_name": None,
            },
        ),
        (
            "poll_measures",
            {
                "id": 2,
                "step_id": 2,
                "position": 2,
                "catalogue_key": None,
                "custom_name": "Groendak",
            },
        ),
        (
            "participants",
            {
                "id": 4,
                "meeting_id": 1,
                "token_hash": "04" * 32,
                "locale": "nl",
                "tenure": "owner",
                "dwelling": "detached",
                "street": None,
                "joined_at": AT,
                "stance": "can_want",
                "assisted": True,
            },
        ),
        *[
            (
                "poll_answers",
                {
                    "id": n,
                    "measure_id": measure,
                    "participant_id": who,
                    "horizon": horizon,
                    "barrier": barrier,
                    "client_key": f"k{n}-0000000:{horizon}:{barrier or ''}",
                    "updated_at": AT,
                },
            )
            for n, measure, who, horizon, barrier in (
                (1, 1, 1, "1y", None),
                (2, 2, 1, "not_now", "money"),
                (3, 1, 2, "not_possible", "landlord"),
                (4, 1, 4, "done", None),
            )
        ],
        "UPDATE participants SET stance = 'want_cannot' WHERE id = 2",
    ],
    "a2f9f8629337": [  # bill comparison: unlinked entries, who took part
        (
            "steps",
            {
                "id": 3,
                "meeting_id": 1,
                "position": 3,
                "kind": "bills",
                "title": "Je energiefactuur",
                "body": "",
                "state": "revealed",
            },
        ),
        *[
            (
                "bill_entries",
                {
                    "id": f"{n:032x}",
                    "step_id": 3,
                    "release_no": 1,
                    "elec_kwh": 2500 + 250 * n,
                    "heating": "gas",
                    "heat_kwh": 14000,
                    "advance_eur": 120 + n,
                    "peak_advance_eur": None,
                    "contract": "fixed",
                    "contract_start": "2023-01",
                    "price_millis": 310,
                    "household_size": 1 + n % 4,
                    "dwelling": "row_house",
                },
            )
            for n in range(1, 6)
        ],
        *[
            ("bill_participations", {"step_id": 3, "participant_id": n})
            for n in (1, 2, 3)
        ],
    ],
    "6575a5531ff2": [  # persona exercise
        (
            "steps",
            {
                "id": 4,
                "meeting_id": 1,
                "position": 4,
                "kind": "personas",
                "title": "Door andermans ogen",
                "body": "",
                "state": "closed",
            },
        ),
        (
            "persona_prompts",
            {
                "id": 1,
                "step_id": 4,
                "position": 1,
                "catalogue_key": "route",
                "custom_text": None,
            },
        ),
        (
            "personas",
            {
                "id": 1,
                "step_id": 4,
                "position": 1,
                "catalogue_key": "walker",
                "custom_name": None,
                "custom_description": None,
            },
        ),
        (
            "personas",
            {
                "id": 2,
                "step_id": 4,
                "position": 2,
                "catalogue_key": None,
                "custom_name": "Fietskoerier",
                "custom_description": "Rijdt elke dag",
            },
        ),
        (
            "persona_deals",
            {
                "id": 1,
                "step_id": 4,
                "participant_id": 1,
                "deal_number": 1,
                "persona_id": 1,
            },
        ),
        (
            "persona_deals",
            {
                "id": 2,
                "step_id": 4,
                "participant_id": 2,
                "deal_number": 2,
                "persona_id": 2,
            },
        ),
        (
            "persona_answers",
            {
                "id": 1,
                "prompt_id": 1,
                "participant_id": 1,
                "persona_id": 1,
                "perspective": "persona",
                "text": "De stoep is te smal voor mijn rollator.",
                "hidden": False,
                "highlighted": True,
                "updated_at": AT,
            },
        ),
    ],
    "4a77eb47e4ef": [  # purchase groups, sign-ups, export audit
        (
            "steps",
            {
                "id": 5,
                "meeting_id": 1,
                "position": 5,
                "kind": "groups",
                "title": "Samen aankopen",
                "body": "",
                "state": "open",
            },
        ),
        (
            "measure_thresholds",
            {"municipality_id": 1, "measure_key": "pv", "households": 8},
        ),
        (
            "purchase_groups",
            {
                "id": 1,
                "municipality_id": 1,
                "measure_key": "pv",
                "street": "Kerkstraat",
                "horizon": "1y",
                "dwelling": "row_house",
                "status": "forming",
                "size": 1,
                "threshold": 8,
                "updated_at": AT,
            },
        ),
        (
            "signups",
            {
                "id": 1,
                "municipality_id": 1,
                "meeting_id": 1,
                "name": "An Peeters",
                "email": "an@example.be",
                "phone": "+32470123456",
                "street": "Kerkstraat",
                "house_number": "12",
                "dwelling": "row_house",
                "tenure": "owner",
                "horizon": "1y",
                "help_advice": True,
                "help_loan": False,
                "help_contractor": False,
                "consent_contact": True,
                "consent_share_contractor": False,
                "consent_news": False,
                "consent_version": "2026-11",
                "consented_at": AT,
                "manage_token_hash": "7a" * 32,
                "created_at": AT,
                "updated_at": AT,
            },
        ),
        ("signup_measures", {"signup_id": 1, "measure_key": "pv"}),
        (
            "export_audits",
            {
                "id": 1,
                "municipality_id": 1,
                "user_id": 1,
                "user_email": "fien@gent.be",
                "what": "contacts (all)",
                "file_format": "csv",
                "rows": 1,
                "created_at": AT,
            },
        ),
        "UPDATE municipalities SET signup_retention_days = 730 WHERE id = 1",
    ],
    "ccc1342846cd": ["UPDATE meetings SET screen_second_locale = 'fr' WHERE id = 1"],
    "943b76467beb": [  # persona proposals and ratings
        (
            "persona_proposals",
            {"id": 1, "step_id": 4, "position": 1, "text": "Een zitbank aan de kerk"},
        ),
        (
            "persona_ratings",
            {
                "id": 1,
                "proposal_id": 1,
                "participant_id": 1,
                "persona_id": 1,
                "rating": "helps",
                "updated_at": AT,
            },
        ),
    ],
    "8d8e84c398fe": [  # released noisy counts
        (
            "bill_releases",
            {
                "step_id": 3,
                "release_no": 1,
                "figure": "elec_kwh",
                "counts": [0, 2, 2, 1, 0],
                "rho": 0.0625,
            },
        ),
    ],
    "6d2e3f4a5b6c": [  # a meeting's stored poll counts
        (
            "meeting_figures",
            {
                "meeting_id": 1,
                "kind": "answers",
                "fingerprint": "f" * 64,
                "counts": [["pv", "1y", 1]],
            },
        ),
    ],
    "7e1ba11075c0": [  # paper ballots and the close-out record
        (
            "participants",
            {
                "id": 5,
                "meeting_id": 1,
                "token_hash": "05" * 32,
                "locale": "nl",
                "joined_at": AT,
                "assisted": True,
            },
        ),
        (
            "paper_ballots",
            {
                "id": 1,
                "step_id": 2,
                "participant_id": 5,
                "client_key": "ballot-key-0001",
                "entered_at": AT,
            },
        ),
        (
            "meeting_records",
            {
                "meeting_id": 1,
                "head_count": 14,
                "organisations": "Buurtwerk Rabot",
                "minutes": "De buurt wil samen isoleren.",
                "follow_ups": "Infoavond in maart",
                "updated_at": AT,
            },
        ),
    ],
    "b7c4e2a91f3d": [  # partner organisations, their groups, a partner's view
        (
            "partner_organisations",
            {"id": 1, "municipality_id": 1, "name": "Energiehuis"},
        ),
        "UPDATE purchase_groups SET partner_id = 1 WHERE id = 1",
        (
            "export_audits",
            {
                "id": 2,
                "municipality_id": 1,
                "user_id": None,
                "user_email": "coach@energiehuis.be",
                "kind": "view",
                "what": "partners.group group 1",
                "file_format": "page",
                "rows": 0,
                "created_at": AT,
            },
        ),
    ],
    "9a3c5e7b1d20": [  # a meeting's screen link
        (
            "screen_links",
            {"id": 1, "meeting_id": 1, "token": "s" * 32, "created_at": AT},
        ),
    ],
}

FILLS["4f1d3b2a9c8e"] = [  # an ideas step: its question, two ideas (one merged
    # into the other, one hidden) and upvotes
    (
        "steps",
        {
            "id": 16,
            "meeting_id": 1,
            "position": 16,
            "kind": "ideas",
            "title": "Ideeën",
            "body": "",
            "state": "revealed",
        },
    ),
    (
        "idea_questions",
        {"step_id": 16, "text": "Wat mist de straat?", "max_length": 140},
    ),
    *[
        (
            "ideas",
            {
                "id": n,
                "step_id": 16,
                "participant_id": n,
                "client_key": f"key-{n}",
                "locale": locale,
                "text": text,
                "hidden": hidden,
                "merged_into_id": merged,
                "created_at": AT,
            },
        )
        for n, locale, text, hidden, merged in (
            (1, "nl", "Meer bomen", False, None),
            (2, "ar", "أشجار أكثر", False, 1),
            (3, "tr", "Daha çok bank", True, None),
        )
    ],
    *[
        (
            "idea_votes",
            {"id": n, "idea_id": idea, "participant_id": phone, "created_at": AT},
        )
        for n, idea, phone in ((1, 1, 2), (2, 2, 2), (3, 2, 3))
    ],
]

FILLS["b5d1e2c3a4f6"] = [  # the mail outbox: a sign-up's message, sent, and
    # the language the household signed up in
    "UPDATE signups SET language = 'ar' WHERE id = 1",
    (
        "mail_outbox",
        {
            "id": 1,
            "signup_id": 1,
            "kind": "signup",
            "language": "ar",
            "message_id": "<1.2.3@gent.example>",
            "subject": "تسجيلك في الشراء الجماعي",
            "body_text": None,
            "body_html": None,
            "unsubscribe_url": None,
            "attempts": 1,
            "next_attempt_at": None,
            "claim": "c" * 32,
            "handed_over_at": AT,
            "sent_at": AT,
            "last_error": None,
            "created_at": AT,
        },
    ),
]

#: data a migration changes on purpose, and why: {revision: {table: {columns}}}
FILLS["dc2c75824d52"] = [  # a step whose countdown runs and closes it, and
    # an agenda template of the municipality
    (
        "steps",
        {
            "id": 17,
            "meeting_id": 1,
            "position": 17,
            "kind": "info",
            "title": "Korte pauze",
            "body": "",
            "state": "open",
            "countdown_seconds": 300,
            "close_at_end": True,
            "deadline": AT,
        },
    ),
    (
        "agenda_templates",
        {
            "id": 1,
            "municipality_id": 1,
            "name": "Onze avond",
            "steps": [{"kind": "info", "title": "Welkom", "content": {}}],
            "created_by_id": 1,
            "created_at": AT,
        },
    ),
]

FILLS["75baeb29c04c"] = [  # a quote for the Kerkstraat's solar group, the
    # household that accepted it with its own size, and the area's housing units
    (
        "group_offers",
        {
            "id": 1,
            "group_id": 1,
            "kind": "quote",
            "contractor": "Zon & Co",
            "unit": "kwp",
            "price_cents": 125000,
            "included": "Panelen, omvormer, keuring",
            "conditions": "Voorschot 10%",
            "valid_until": date(2027, 3, 31),
            "premium_category": None,
            "premium_kind": None,
            "premium_cents": None,
            "premium_as_of": None,
            "created_at": AT,
            "updated_at": AT,
        },
    ),
    "UPDATE signup_measures SET status = 'offer_accepted', offer_id = 1,"
    " quantity_tenths = 45, changed_by = 'resident'",
    "UPDATE neighbourhoods SET housing_units = 1840 WHERE id = 1",
]
FILLS["e0e2859eb5e5"] = [  # a street list, a decision, a sign-up matched to it
    ("street_lists", {"municipality_id": 1, "version": 2, "uploaded_at": AT}),
    (
        "municipality_streets",
        {"id": 1, "municipality_id": 1, "name": "Kerkstraat", "key": "kerkstraat"},
    ),
    (
        "street_decisions",
        {
            "id": 1,
            "municipality_id": 1,
            "typed_key": "kerkstaat",
            "street_id": 1,
            "decided_at": AT,
        },
    ),
    "UPDATE signups SET street_id = 1 WHERE id = 1",
]

CHANGES = {
    # releases of the old rounded bands are not noisy counts: entries are
    # released again under the new scheme
    "8d8e84c398fe": {"bill_entries": {"release_no"}},
}


def _revisions() -> list[str]:
    """Every revision, oldest first."""
    config = current_app.extensions["migrate"].migrate.get_config()
    return [
        s.revision
        for s in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))
    ]


def _fill(connection, revision: str) -> None:
    if revision not in FILLS:
        return
    tables = sa.MetaData()
    tables.reflect(connection)
    for item in FILLS[revision]:
        if isinstance(item, str):
            connection.execute(sa.text(item))
        else:
            name, values = item
            connection.execute(tables.tables[name].insert().values(**values))


def _snapshot(connection) -> dict[str, dict]:
    """Every table's rows by primary key, every column's value."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    tables = {}
    for name, table in metadata.tables.items():
        if name == "alembic_version":
            continue
        key = [c.name for c in table.primary_key.columns]
        rows = connection.execute(sa.select(table)).mappings().all()
        tables[name] = {tuple(row[k] for k in key): dict(row) for row in rows}
    return tables


def _kept(before: dict, after: dict, allowed: dict, tables=None) -> list[str]:
    """What `after` lost of `before` (only `tables`' columns, if given)."""
    lost = []
    for name, rows in before.items():
        if tables is not None and name not in tables:
            continue
        if name not in after:
            lost.append(f"table {name} ({len(rows)} rows) is gone")
            continue
        if rows.keys() != after[name].keys():
            lost.append(f"{name}: rows {sorted(rows)} became {sorted(after[name])}")
            continue
        for key, row in rows.items():
            for column, value in row.items():
                if tables is not None and column not in tables[name]:
                    continue
                if column in allowed.get(name, ()):
                    continue
                if column not in after[name][key]:
                    lost.append(f"column {name}.{column} is gone")
                elif (now := after[name][key][column]) != value:
                    lost.append(f"{name}{key}.{column}: {value!r} -> {now!r}")
    return sorted(set(lost))


def _columns(snapshot: dict, connection) -> dict[str, set]:
    inspector = sa.inspect(connection)
    return {name: {c["name"] for c in inspector.get_columns(name)} for name in snapshot}


def _upgrade_with_data(url: str) -> None:
    app = create_app(make_config(url))
    with app.app_context():
        revisions = _revisions()
        assert set(FILLS) <= set(revisions), "fills for revisions that do not exist"
        before = None
        for revision in revisions:
            flask_migrate.upgrade(revision=revision)
            with db.engine.begin() as connection:
                if before is not None:  # what the migration did to earlier data
                    lost = _kept(
                        before, _snapshot(connection), CHANGES.get(revision, {})
                    )
                    assert lost == [], f"migration {revision} lost data: {lost}"
                _fill(connection, revision)
                previous, before = before, _snapshot(connection)
        _read_through_the_models()

        # The last migration goes back and forth without losing anything else.
        head, last = revisions[-1], revisions[-2]
        flask_migrate.downgrade(revision=last)
        with db.engine.connect() as connection:
            down = _snapshot(connection)
            kept_schema = _columns(down, connection)
        lost = _kept(before, down, CHANGES.get(head, {}), kept_schema)
        assert lost == [], f"downgrading {head} lost data: {lost}"
        assert down.keys() >= previous.keys()
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            again = _snapshot(connection)
        assert _kept(before, again, {}, kept_schema) == []
        db.engine.dispose()


def _read_through_the_models() -> None:
    """Today's code reads what the oldest code wrote: a sample of each kind."""
    meeting = db.session.get(Meeting, 1)
    assert (meeting.title, meeting.code, meeting.screen_second_locale) == (
        "Klimaattafel Rabot",
        "K7M4PX",
        "fr",
    )
    assert [s.kind for s in sorted(meeting.steps, key=lambda s: s.position)] == [
        "info",
        "poll",
        "bills",
        "personas",
        "groups",
        "ideas",
        "info",  # the step with a countdown
    ]
    paused = meeting.steps[-1]
    assert (paused.countdown_seconds, paused.close_at_end, paused.deadline) == (
        300,
        True,
        AT,
    )
    template = db.session.get(AgendaTemplate, 1)
    assert (template.name, template.steps[0]["title"]) == ("Onze avond", "Welkom")
    ideas_step = next(s for s in meeting.steps if s.kind == "ideas")
    board = ideas_board(ideas_step)
    assert [(e.idea.text, e.votes) for e in board.entries] == [("Meer bomen", 2)]
    answers = db.session.scalars(sa.select(PollAnswer).order_by(PollAnswer.id)).all()
    assert [(a.horizon, a.barrier) for a in answers] == [
        ("1y", None),
        ("not_now", "money"),
        ("not_possible", "landlord"),
        ("done", None),
    ]
    signup = db.session.get(Signup, 1)
    assert (signup.email, signup.phone, signup.consent_contact) == (
        "an@example.be",
        "+32470123456",
        True,
    )
    assert signup.language == "ar"
    sent = db.session.get(OutboxMessage, 1)
    assert (sent.signup_id, sent.kind, sent.sent_at) == (1, "signup", AT)
    audit = db.session.get(ExportAudit, 1)
    assert (audit.user_email, audit.rows) == ("fien@gent.be", 1)
    assert db.session.get(User, 1).email == "fien@gent.be"
    db.session.remove()


def test_upgrade_with_data_keeps_everything_on_sqlite(tmp_path):
    _upgrade_with_data(f"sqlite:///{tmp_path / 'old.sqlite'}")


@pytest.mark.services
def test_upgrade_with_data_keeps_everything_on_postgresql():
    with fresh_postgres_database() as url:
        _upgrade_with_data(database_url(url, None))
