"""Open data: valid against its published schema, stable columns, and never a
count of fewer households than the minimum, whatever the figures."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from app.exports.models import ExportAudit
from app.extensions import db
from app.opendata import logic
from app.polls.catalogue import BY_KEY
from tests.support.fuzz import examples
from tests.support.polls import answered_poll_meeting
from tests.support.signups import sign_up_street
from tests.support.web import login

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / logic.SCHEMA_PATH).read_text())
VALIDATOR = Draft202012Validator(
    SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
)
NAMES = logic.Names({k: str(k).upper() for k in BY_KEY})

counts = st.integers(0, 40)
answers = st.dictionaries(
    st.tuples(
        st.integers(2021, 2026),
        st.sampled_from(["Rabot", "Sluizeken", "Muide", "Wijk 12"]),
        st.sampled_from(sorted(BY_KEY)),
    ),
    st.fixed_dictionaries({}, optional=dict.fromkeys(logic.HORIZON_COLUMNS, counts)),
    max_size=12,
)
signups = st.dictionaries(
    st.tuples(
        st.sampled_from(["kerkstraat", "sint-pietersnieuwstraat", "lindenlaan", ""]),
        st.sampled_from(sorted(BY_KEY)),
    ),
    st.integers(0, 30),
    max_size=10,
)


def _document(answers, signups) -> dict:
    return logic.document(
        "Gent",
        "2026-12-01T19:30:00+01:00",
        "nl",
        logic.neighbourhood_rows(answers, NAMES, this_year=2026),
        logic.street_rows(signups, NAMES),
    )


def _counts(document: dict):
    for table in ("measures_by_neighbourhood", "signups_by_street"):
        for row in document[table]:
            for column, value in row.items():
                if column in logic.COUNT_COLUMNS:
                    yield column, value


@settings(max_examples=examples(300), deadline=None)
@given(answers=answers, signups=signups)
def test_no_count_under_the_minimum_and_the_schema_holds(answers, signups):
    document = _document(answers, signups)
    VALIDATOR.validate(document)
    for _column, value in _counts(document):
        assert value is None or value >= logic.MINIMUM
    for row in document["measures_by_neighbourhood"]:
        hidden = [c for c in logic.HORIZON_COLUMNS.values() if row[c] is None]
        shown = sum(
            row[c] for c in logic.HORIZON_COLUMNS.values() if row[c] is not None
        )
        together = row["households"] - shown  # what the empty ones hold between them
        assert len(hidden) != 1  # a single empty count is the total minus the rest
        assert not hidden or together == 0 or together >= logic.MINIMUM


@settings(max_examples=examples(100), deadline=None)
@given(answers=answers, signups=signups)
def test_every_group_of_enough_households_is_published(answers, signups):
    document = _document(answers, signups)
    published = {
        (r["year"], r["neighbourhood"], r["measure_key"])
        for r in document["measures_by_neighbourhood"]
    }
    assert published == {
        key for key, by in answers.items() if sum(by.values()) >= logic.MINIMUM
    }
    streets = {
        (r["street_name"].lower(), r["measure_key"])
        for r in document["signups_by_street"]
    }
    assert streets == {k for k, n in signups.items() if n >= logic.MINIMUM and k[0]}


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"a": 12, "b": 11, "c": 10}, {"a": 12, "b": 11, "c": 10}),
        ({"a": 30, "b": 12, "c": 3}, {"a": 30, "b": None, "c": None}),
        ({"a": 30, "b": 0, "c": 0}, {"a": 30, "b": None, "c": None}),
        (
            {"a": 30, "b": 5, "c": 2, "d": 20},
            {"a": 30, "b": None, "c": None, "d": None},
        ),
        ({"a": 9, "b": 9}, {"a": None, "b": None}),
    ],
)
def test_counts_are_hidden_until_none_can_be_worked_out(counts, shown):
    assert logic.suppressed(counts, 10) == shown


def test_the_csv_columns_are_the_schemas_properties_in_order():
    defs = SCHEMA["$defs"]
    assert list(defs["neighbourhoodRow"]["properties"]) == logic.NEIGHBOURHOOD_COLUMNS
    assert list(defs["streetRow"]["properties"]) == logic.STREET_COLUMNS
    assert SCHEMA["properties"]["minimum_households"]["const"] == logic.MINIMUM
    assert SCHEMA["$defs"]["count"]["oneOf"][0]["minimum"] == logic.MINIMUM


@pytest.fixture
def desk(client, new_client, signup_meeting, make_user):
    """A street where 11 households signed up for two measures, and 3 for one."""
    sign_up_street(new_client, signup_meeting, 11, email="bewoner@example.be")
    sign_up_street(new_client, signup_meeting, 3, street="Molenstraat", measures=["pv"])
    login(client, make_user(role="staff"))
    return client


def _csv(response) -> list[dict]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_the_downloads_hold_figures_only_and_are_audited(desk):
    response = desk.get("/municipality/export/open-data.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    document = response.get_json()
    VALIDATOR.validate(document)
    streets = document["signups_by_street"]
    assert {(r["street_name"], r["measure_key"]) for r in streets} == {
        ("Kerkstraat", "ext_wall_ins"),
        ("Kerkstraat", "glazing"),
    }  # Molenstraat's three households stay out
    assert all(
        r["households_signed_up"] == 11 and r["street_id"] is None for r in streets
    )
    text = response.get_data(as_text=True)
    for private in ("Bewoner", "bewoner@example.be", "Molenstraat"):
        assert private not in text

    rows = _csv(desk.get("/municipality/export/open-data/streets.csv"))
    assert list(rows[0]) == logic.STREET_COLUMNS
    assert [(r["street_name"], r["street_id"]) for r in rows] == [
        ("Kerkstraat", "")
    ] * 2
    neighbourhoods = desk.get("/municipality/export/open-data/neighbourhoods.csv")
    assert neighbourhoods.get_data(as_text=True).lstrip("\ufeff").split("\r\n")[0] == (
        ";".join(logic.NEIGHBOURHOOD_COLUMNS)
    )
    audits = db.session.scalars(sa.select(ExportAudit).order_by(ExportAudit.id)).all()
    assert [(a.what, a.file_format) for a in audits] == [
        ("open data", "json"),
        ("open data streets", "csv"),
        ("open data neighbourhoods", "csv"),
    ]


def test_poll_answers_become_rows_per_year_and_neighbourhood(
    client, make_meeting, make_user
):
    facilitator = make_user()
    answered_poll_meeting(
        make_meeting, facilitator, "Rabot", date(2025, 3, 1), "1y", 12
    )
    answered_poll_meeting(make_meeting, facilitator, "Muide", date(2025, 3, 1), "5y", 9)
    login(client, make_user(role="staff"))
    document = client.get("/municipality/export/open-data.json").get_json()
    VALIDATOR.validate(document)
    rows = document["measures_by_neighbourhood"]
    assert {(r["neighbourhood"], r["measure_key"]) for r in rows} == {
        ("Rabot", "pv"),
        ("Rabot", "glazing"),
    }  # Muide's nine households stay out
    pv = next(r for r in rows if r["measure_key"] == "pv")
    assert (pv["year"], pv["year_complete"], pv["households"]) == (2025, True, 12)
    assert (pv["within_1_year"], pv["done"]) == (12, None)
    assert pv["measure_name"] == "Zonnepanelen"
