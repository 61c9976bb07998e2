"""Five years of a municipality's data, written in bulk for the scale benchmark.

Rows go in through SQLAlchemy Core: one executemany per chunk on SQLite and
COPY on PostgreSQL, in one transaction, never through the web views. Ids are
chosen here (the sequences are moved past them afterwards), and the same seed
gives the same data.

At x1 (SCALE): 40 neighbourhoods, 300 meetings over five years, 30,000
participants with 300,000 poll answers, 6,000 bill entries, about 10,000
persona answers and 5,000 sign-ups. `grow` adds participants to the same
meetings with their poll and persona answers, for x3, x10, … of those.
"""

import functools
import random
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from app.groups import logic as groups_logic
from app.polls.catalogue import CATALOGUE

SCALE = {
    "neighbourhoods": 40,
    "meetings": 300,
    "participants": 30_000,
    "poll_answers": 300_000,
    "bill_entries": 6_000,
    "persona_answers": 10_000,
    "signups": 5_000,
}
PHONES_PER_MEETING = SCALE["participants"] // SCALE["meetings"]  # 100 at x1
MEASURES = [m.key for m in CATALOGUE[:10]]  #: a poll of 10 measures: 10 answers each
BILLS_PER_MEETING = SCALE["bill_entries"] // SCALE["meetings"]
PERSONA_EVERY = 3  #: one in three phones answers the persona step (≈10,000 at x1)
HORIZONS = [("done", 15), ("1y", 20), ("5y", 25), ("not_now", 30), ("not_possible", 10)]
BARRIERS = ["money", "information", "landlord", "time", "contractor", "permit", None]
DWELLINGS = ["apartment", "row_house", "semi_detached", "detached", None]
TENURES = ["owner", "tenant", "social_tenant", "landlord", None]
STREETS_PER_AREA = 15
CHUNK = 50_000


def insert(connection, table: str, columns: list[str], rows) -> int:
    """Write rows (tuples in column order) into a table; return how many."""
    count = 0
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor:
            names = ", ".join(columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            connection.exec_driver_sql(sql, chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        connection.exec_driver_sql(sql, chunk)
        count += len(chunk)
    return count


def _next_id(connection, table: str) -> int:
    return (
        connection.execute(
            sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")
        ).scalar()
        + 1
    )


SEQUENCED = [
    "municipalities",
    "neighbourhoods",
    "meetings",
    "steps",
    "poll_measures",
    "participants",
    "poll_answers",
    "personas",
    "persona_prompts",
    "persona_deals",
    "persona_answers",
    "signups",
    "purchase_groups",
]


def reset_sequences(connection) -> None:
    """Move PostgreSQL's id sequences past the ids written here."""
    if connection.dialect.name != "postgresql":
        return
    for table in SEQUENCED:
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        )


def _weighted(rng: random.Random, pairs):
    return rng.choices([p for p, _w in pairs], [w for _p, w in pairs])[0]


class Municipality:
    """One seeded municipality: its meetings, and what grows with the scale."""

    def __init__(
        self,
        connection,
        name: str,
        facilitator_id: int,
        *,
        meetings: int = SCALE["meetings"],
        phones: int = PHONES_PER_MEETING,
        seed: int = 23,
    ):
        self.connection = connection
        self.meeting_count = meetings
        self.phones = phones
        self.name = name
        self.facilitator_id = facilitator_id
        self.rng = random.Random(seed)
        self.meetings: list[dict] = []
        self.phones_per_meeting = 0

    def base(self, today: date, signups: int = SCALE["signups"]) -> None:
        """Write the meetings, their steps, bills, sign-ups and purchase groups."""
        c, _rng = self.connection, self.rng
        municipality_id = self.municipality_id
        area_id = _next_id(c, "neighbourhoods")
        areas = list(range(area_id, area_id + SCALE["neighbourhoods"]))
        insert(
            c,
            "neighbourhoods",
            ["id", "municipality_id", "name"],
            (
                (
                    a,
                    municipality_id,
                    f"Wijk {i + 1:02d} {_AREA_NAMES[i % len(_AREA_NAMES)]}",
                )
                for i, a in enumerate(areas)
            ),
        )
        self.streets = {a: _streets(i) for i, a in enumerate(areas)}
        meeting_id, step_id = _next_id(c, "meetings"), _next_id(c, "steps")
        measure_id = _next_id(c, "poll_measures")
        persona_id, prompt_id = _next_id(c, "personas"), _next_id(c, "persona_prompts")
        span = 5 * 365
        for i in range(self.meeting_count):
            held = today - timedelta(days=span - i * span // self.meeting_count)
            self.meetings.append(
                {
                    "id": meeting_id + i,
                    "area": areas[i % len(areas)],
                    "held_on": held,
                    "at": datetime.combine(held, time(19, 30)),
                    "poll": step_id + 4 * i,
                    "bills": step_id + 4 * i + 1,
                    "personas": step_id + 4 * i + 2,
                    "measures": list(
                        range(measure_id + 10 * i, measure_id + 10 * i + 10)
                    ),
                    "persona_ids": [persona_id + 3 * i + k for k in range(3)],
                    "prompt_id": prompt_id + i,
                }
            )
        insert(
            c,
            "meetings",
            [
                "id",
                "municipality_id",
                "neighbourhood_id",
                "facilitator_id",
                "title",
                "held_on",
                "place",
                "locale",
                "code",
                "qr_token",
                "accepting_joins",
                "version",
                "created_at",
            ],
            (
                (
                    m["id"],
                    municipality_id,
                    m["area"],
                    self.facilitator_id,
                    f"Klimaattafel {m['held_on']:%Y-%m}",
                    m["held_on"],
                    "Buurthuis",
                    "nl",
                    f"S{m['id']:08d}",
                    f"qr{municipality_id}x{m['id']:028d}",
                    False,
                    5,
                    m["at"],
                )
                for m in self.meetings
            ),
        )
        kinds = [
            ("poll", "Wat plan je?"),
            ("bills", "Je factuur"),
            ("personas", "Door andermans ogen"),
            ("groups", "Samen aankopen"),
        ]
        insert(
            c,
            "steps",
            ["id", "meeting_id", "position", "kind", "title", "body", "state"],
            (
                (m["poll"] + k, m["id"], k + 1, kind, title, "", "revealed")
                for m in self.meetings
                for k, (kind, title) in enumerate(kinds)
            ),
        )
        insert(
            c,
            "poll_measures",
            ["id", "step_id", "position", "catalogue_key"],
            (
                (mid, m["poll"], k + 1, MEASURES[k])
                for m in self.meetings
                for k, mid in enumerate(m["measures"])
            ),
        )
        insert(
            c,
            "personas",
            ["id", "step_id", "position", "catalogue_key"],
            (
                (pid, m["personas"], k + 1, key)
                for m in self.meetings
                for k, (pid, key) in enumerate(
                    zip(m["persona_ids"], ("walker", "wheelchair", "pram"), strict=True)
                )
            ),
        )
        insert(
            c,
            "persona_prompts",
            ["id", "step_id", "position", "catalogue_key"],
            ((m["prompt_id"], m["personas"], 1, "street_needs") for m in self.meetings),
        )
        self._bills()
        self._signups(signups)

    @functools.cached_property
    def municipality_id(self) -> int:
        found = self.connection.execute(
            sa.text("SELECT id FROM municipalities WHERE name = :n"), {"n": self.name}
        ).scalar()
        if found is None:
            found = _next_id(self.connection, "municipalities")
            insert(
                self.connection,
                "municipalities",
                ["id", "name", "locale", "signup_retention_days"],
                [(found, self.name, "nl", 3650)],
            )
        return found

    def _bills(self) -> None:
        rng = self.rng
        insert(
            self.connection,
            "bill_entries",
            [
                "id",
                "step_id",
                "release_no",
                "elec_kwh",
                "heating",
                "heat_kwh",
                "advance_eur",
                "contract",
                "household_size",
                "dwelling",
            ],
            (
                (
                    f"{rng.getrandbits(128):032x}",
                    m["bills"],
                    1,
                    rng.randint(1500, 6000),
                    rng.choice(["gas", "heat_pump", "district", "electric"]),
                    rng.randint(5000, 25000),
                    rng.randint(60, 400),
                    rng.choice(["fixed", "variable"]),
                    rng.randint(1, 5),
                    rng.choice(DWELLINGS),
                )
                for m in self.meetings
                for _ in range(BILLS_PER_MEETING)
            ),
        )

    def _signups(self, count: int) -> None:
        c, rng = self.connection, self.rng
        first = _next_id(c, "signups")
        municipality_id = self.municipality_id
        rows, measures, grouping = [], [], []
        for n in range(count):
            meeting = self.meetings[n % len(self.meetings)]
            street = rng.choice(self.streets[meeting["area"]])
            horizon, dwelling = rng.choice(["1y", "5y"]), rng.choice(DWELLINGS)
            keys = frozenset(rng.sample(MEASURES[:6], rng.randint(1, 3)))
            signup_id = first + n
            rows.append(
                (
                    signup_id,
                    municipality_id,
                    meeting["id"],
                    f"Bewoner {signup_id}",
                    f"bewoner{signup_id}@example.be",
                    "+32 470 12 34 56",
                    street,
                    str(rng.randint(1, 180)),
                    dwelling,
                    rng.choice(TENURES),
                    horizon,
                    rng.random() < 0.5,
                    rng.random() < 0.4,
                    rng.random() < 0.6,
                    True,
                    rng.random() < 0.5,
                    rng.random() < 0.3,
                    "2026-11",
                    meeting["at"],
                    f"{municipality_id}-{signup_id:062x}",
                    meeting["at"],
                    meeting["at"],
                )
            )
            measures += [(signup_id, key) for key in sorted(keys)]
            grouping.append(
                groups_logic.SignupRow(signup_id, street, horizon, dwelling, keys)
            )
        insert(
            c,
            "signups",
            [
                "id",
                "municipality_id",
                "meeting_id",
                "name",
                "email",
                "phone",
                "street",
                "house_number",
                "dwelling",
                "tenure",
                "horizon",
                "help_advice",
                "help_loan",
                "help_contractor",
                "consent_contact",
                "consent_share_contractor",
                "consent_news",
                "consent_version",
                "consented_at",
                "manage_token_hash",
                "created_at",
                "updated_at",
            ],
            rows,
        )
        insert(c, "signup_measures", ["signup_id", "measure_key"], measures)
        self._groups(grouping)

    def _groups(self, signups) -> None:
        c = self.connection
        c.execute(
            sa.text("DELETE FROM purchase_groups WHERE municipality_id = :m"),
            {"m": self.municipality_id},
        )
        first = _next_id(c, "purchase_groups")
        proposed = groups_logic.form_groups(signups)
        insert(
            c,
            "purchase_groups",
            [
                "id",
                "municipality_id",
                "measure_key",
                "street",
                "horizon",
                "dwelling",
                "status",
                "size",
                "threshold",
                "updated_at",
            ],
            (
                (
                    first + i,
                    self.municipality_id,
                    g.key.measure,
                    g.key.street,
                    g.key.horizon,
                    g.key.dwelling or "",
                    groups_logic.next_status(None, g.size, g.threshold),
                    g.size,
                    g.threshold,
                    datetime(2026, 1, 1),
                )
                for i, g in enumerate(proposed)
            ),
        )

    def grow(self, factor: int) -> dict[str, int]:
        """Add phones to every meeting up to `factor` x 100, with their answers."""
        c, rng = self.connection, self.rng
        target = self.phones * factor
        participant, answer = _next_id(c, "participants"), _next_id(c, "poll_answers")
        deal, persona_answer = (
            _next_id(c, "persona_deals"),
            _next_id(c, "persona_answers"),
        )
        phones, answers, deals, persona_answers, bill_takers = [], [], [], [], []
        for m in self.meetings:
            for n in range(self.phones_per_meeting, target):
                pid = participant
                participant += 1
                phones.append(
                    (
                        pid,
                        m["id"],
                        f"{pid:064x}",
                        "nl",
                        rng.choice(TENURES),
                        rng.choice(DWELLINGS),
                        rng.choice(self.streets[m["area"]]),
                        None,
                        False,
                        m["at"],
                    )
                )
                for measure in m["measures"]:
                    horizon = _weighted(rng, HORIZONS)
                    barrier = (
                        rng.choice(BARRIERS) if horizon in ("not_now", "5y") else None
                    )
                    answers.append(
                        (answer, measure, pid, horizon, barrier, f"s{answer}", m["at"])
                    )
                    answer += 1
                if n < BILLS_PER_MEETING:
                    bill_takers.append((m["bills"], pid))
                if n % PERSONA_EVERY == 0:
                    persona = m["persona_ids"][n // PERSONA_EVERY % 3]
                    deals.append(
                        (deal, m["personas"], pid, n // PERSONA_EVERY, persona)
                    )
                    persona_answers.append(
                        (
                            persona_answer,
                            m["prompt_id"],
                            pid,
                            persona,
                            "persona",
                            "Brede stoepen en een bank in de schaduw",
                            False,
                            False,
                            m["at"],
                        )
                    )
                    deal += 1
                    persona_answer += 1
        written = {
            "participants": insert(
                c,
                "participants",
                [
                    "id",
                    "meeting_id",
                    "token_hash",
                    "locale",
                    "tenure",
                    "dwelling",
                    "street",
                    "stance",
                    "assisted",
                    "joined_at",
                ],
                phones,
            ),
            "poll_answers": insert(
                c,
                "poll_answers",
                [
                    "id",
                    "measure_id",
                    "participant_id",
                    "horizon",
                    "barrier",
                    "client_key",
                    "updated_at",
                ],
                answers,
            ),
            "persona_answers": insert(
                c,
                "persona_answers",
                [
                    "id",
                    "prompt_id",
                    "participant_id",
                    "persona_id",
                    "perspective",
                    "text",
                    "hidden",
                    "highlighted",
                    "updated_at",
                ],
                persona_answers,
            ),
        }
        insert(
            c,
            "persona_deals",
            ["id", "step_id", "participant_id", "deal_number", "persona_id"],
            deals,
        )
        insert(c, "bill_participations", ["step_id", "participant_id"], bill_takers)
        self.phones_per_meeting = target
        return written


def _streets(area: int) -> list[str]:
    """Return an area's street names: distinct across areas, some of them long."""
    word = _WORDS[area % len(_WORDS)]
    names = [f"{word}{kind}" for kind in _KINDS[: STREETS_PER_AREA - 1]]
    return [f"Burgemeester {word}nstraat", *names]


_AREA_NAMES = [
    "Sint-Amandsberg-Oostakker",
    "Rabot",
    "Sluizeken",
    "Brugse Poort",
    "Ledeberg",
    "Muide-Meulestede",
    "Bloemekenswijk",
    "Nieuw Gent",
    "Heirnis",
    "Kerkstraatkwartier",
]
_WORDS = [
    "Eiken",
    "Beuken",
    "Linden",
    "Kastanje",
    "Wilgen",
    "Berken",
    "Populieren",
    "Esdoorn",
    "Hazel",
    "Meidoorn",
    "Vlier",
    "Rozen",
    "Tulpen",
    "Lelie",
    "Violet",
    "Klaver",
    "Koren",
    "Molen",
    "Kerk",
    "School",
    "Station",
    "Kapel",
    "Beek",
    "Hoog",
    "Groen",
    "Veld",
    "Dorp",
    "Nieuw",
    "Oud",
    "Zuid",
    "Noord",
    "Oost",
    "West",
    "Zon",
    "Maan",
    "Ster",
    "Regenboog",
    "Vijver",
    "Bron",
    "Duiven",
]
_KINDS = "straat laan dreef plein weg steenweg kaai hof pad dries wegel ring veld baan"
_KINDS = _KINDS.split()
