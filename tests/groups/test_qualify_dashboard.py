"""The dashboard shows per purchase group how many households are likely to
pass a site visit, from the answers at the table, and the top reasons why not;
one query for the page however many groups it shows."""

import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.groups.models import PurchaseGroup
from tests.support.forms import forms_of, submitted
from tests.support.signups import private_link, sign_up
from tests.support.web import join, login

GOOD_ROOF = {
    "q_roof_orientation": "south",
    "q_shade": "none",
    "q_asbestos": "no",
    "q_roof_type": "pitched",
}
#: households of Kerkstraat: solar panels and new windows, each its own answers
HOUSEHOLDS = [
    ("row_house", "owner", GOOD_ROOF),  # likely for both
    ("row_house", "owner", {**GOOD_ROOF, "q_asbestos": "yes"}),
    ("row_house", "tenant", {**GOOD_ROOF, "q_landlord": "no"}),
    ("row_house", "owner", {**GOOD_ROOF, "q_asbestos": "unknown"}),
    ("row_house", "owner", {**GOOD_ROOF, "q_asbestos": "yes", "q_shade": "a_lot"}),
    ("detached", "owner", {**GOOD_ROOF, "q_roof_orientation": "north"}),
]


@pytest.fixture
def links() -> list[str]:
    return []


@pytest.fixture
def staff(client, new_client, signup_meeting, make_user, links):
    for number, (dwelling, tenure, answers) in enumerate(HOUSEHOLDS, 1):
        phone = new_client()
        join(phone, signup_meeting)
        response = sign_up(
            phone,
            signup_meeting,
            measures=["pv", "glazing"],
            name=f"Bewoner {number}",
            house_number=str(number),
            dwelling=dwelling,
            tenure=tenure,
            **answers,
        )
        assert response.status_code == 200
        links.append(private_link(response))
    login(client, make_user(role="staff"))
    return client


def _dashboard(client) -> str:
    response = client.get("/municipality", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _group_id(measure: str, dwelling: str) -> int:
    return db.session.scalar(
        sa.select(PurchaseGroup.id).where(
            PurchaseGroup.measure_key == measure, PurchaseGroup.dwelling == dwelling
        )
    )


def _outlook(cell: str) -> tuple[int, int, int]:
    found = re.search(
        r'data-likely="(\d+)" data-unknown="(\d+)" data-unlikely="(\d+)"', cell
    )
    return tuple(int(n) for n in found.groups())


def _row(html: str, group_id: int) -> str:
    return re.search(rf'<tr id="group-{group_id}".*?</tr>', html, re.S).group(0)


def _reasons(cell: str) -> list[str]:
    return re.findall(r'data-reason="(\w+)">([^<]+)<', cell)


def test_each_group_counts_who_is_likely_to_pass_a_site_visit(staff):
    html = _dashboard(staff)
    solar_rows = _row(html, _group_id("pv", "row_house"))
    assert _outlook(solar_rows) == (1, 1, 3)
    assert _reasons(solar_rows) == [
        ("asbestos", "Asbestos roof (2)"),
        ("landlord", "Landlord does not agree (1)"),
        ("shade", "A lot of shade (1)"),
    ]
    assert 'data-fact="asbestos">asbestos (1)<' in solar_rows
    solar_detached = _row(html, _group_id("pv", "detached"))
    assert _outlook(solar_detached) == (0, 0, 1)
    assert _reasons(solar_detached) == [("north_facing", "Roof faces north (1)")]
    # new windows ask nothing: only the landlord's "no" holds a household back
    assert _outlook(_row(html, _group_id("glazing", "row_house"))) == (4, 0, 1)
    assert _outlook(_row(html, _group_id("glazing", "detached"))) == (1, 0, 0)
    # the street's total over both types of home
    body = next(
        b
        for b in re.findall(r'<tbody class="street-group">(.*?)</tbody>', html, re.S)
        if "Solar panels" in b
    )
    total = re.search(r'<tr class="street-group-total">.*?</tr>', body, re.S).group(0)
    assert _outlook(total) == (1, 1, 4)
    assert "Likely" not in html.split("Site visit")[0]  # the column is named once


def test_a_change_on_the_private_link_moves_the_count(staff, new_client, links):
    group = _group_id("pv", "detached")
    assert _outlook(_row(_dashboard(staff), group)) == (0, 0, 1)
    owner = new_client()
    page = owner.get(links[-1]).get_data(as_text=True)
    form = next(f for f in forms_of(page) if not f["action"])
    # the roof faces east and west after all
    changed = owner.post(
        links[-1], data=submitted(form, q_roof_orientation="east_west")
    )
    assert changed.status_code == 302
    assert _outlook(_row(_dashboard(staff), group)) == (1, 0, 0)


@contextmanager
def _statements():
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def _group_reads(statements: list[str]) -> int:
    return sum(
        "purchase_groups" in s or "signup_" in s or "FROM signups" in s
        for s in statements
    )


def test_the_outlook_costs_one_query_however_many_groups(
    staff, new_client, signup_meeting
):
    _dashboard(staff)  # the kept figures are made
    with _statements() as few:
        _dashboard(staff)
    for street in ("Beuk", "Eik", "Els", "Es", "Hazel", "Linde", "Olm", "Wilg"):
        phone = new_client()
        join(phone, signup_meeting)
        sign_up(
            phone,
            signup_meeting,
            measures=["pv", "roof_ins"],
            street=f"{street}straat",
            q_build_year="1946_1970",
        )
    _dashboard(staff)
    with _statements() as many:
        html = _dashboard(staff)
    assert html.count('class="site-visit"') > 2 * 8
    # what reads groups and sign-ups is the same (other figures are kept apart)
    assert _group_reads(many) == _group_reads(few)
    assert sum("signup_answers" in s for s in few) == 1
    assert sum("signup_answers" in s for s in many) == 1
