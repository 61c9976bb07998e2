"""From a viable group to works done: staff attach offers and move households,
residents compare and choose on their private link, and every list, export and
count follows at once, withdrawals included."""

import csv
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.accounts.models import Neighbourhood
from app.exports.models import ExportAudit
from app.extensions import db
from app.groups import progress
from app.groups.models import GroupOffer
from tests.support.forms import forms_of, submitted
from tests.support.offers import add_offer, group_for, households, offer_data
from tests.support.signups import sign_up_street
from tests.support.web import login, post

EN = {"Accept-Language": "en"}


@pytest.fixture
def street(new_client, signup_meeting):
    """Four households of one street wanting facade insulation and glazing."""
    return sign_up_street(new_client, signup_meeting, 4)


@pytest.fixture
def desk(client, make_user):
    login(client, make_user(role="staff"))
    return client


def _html(response) -> str:
    return response.get_data(as_text=True)


def _offer_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(GroupOffer.id)))


def test_staff_add_a_quote_and_residents_see_it_in_their_units(
    desk, new_client, street
):
    group = group_for()
    page = desk.get(f"/municipality/groups/{group.id}", headers=EN)
    assert page.status_code == 200
    form = next(f for f in forms_of(_html(page)) if f["action"].endswith("/offers"))
    assert ("unit", "m2") not in form["fields"]  # a select: checked below
    assert '<option selected value="m2">' in _html(page)  # facade insulation
    saved = desk.post(form["action"], data=submitted(form, **offer_data()))
    assert saved.status_code == 303
    assert "Gevel &amp; Co" in _html(desk.get(saved.headers["Location"]))
    resident = _html(new_client().get(street[0], headers=EN))
    assert "Gevel &amp; Co" in resident and "€95.50 per m²" in resident
    assert "estimate, as of" in resident and "Accept this quote" in resident


@pytest.mark.parametrize(
    "changes",
    [
        {"price": "abc"},
        {"price": "0"},
        {"contractor": ""},
        {"valid_until": "2020-01-01"},
        {"valid_until": "not a date"},
        {"premium_amount": ""},
        {"premium_as_of": ""},
        {"unit": "barrel"},
        {"kind": "contract"},
        {"contractor": "x" * 121},
    ],
)
def test_a_bad_offer_says_why_and_stores_nothing(desk, street, changes):
    group = group_for()
    response = post(
        desk, f"/municipality/groups/{group.id}/offers", offer_data(**changes)
    )
    assert response.status_code == 422
    assert 'class="error"' in _html(response)
    assert _offer_count() == 0


def test_a_group_has_one_procured_offer_at_most(desk, street):
    group = group_for()
    url = f"/municipality/groups/{group.id}/offers"
    assert post(desk, url, offer_data(kind="procured")).status_code == 303
    second = post(
        desk, url, offer_data(kind="procured", contractor="Ander"), headers=EN
    )
    assert second.status_code == 422 and "procured offer already" in _html(second)
    assert post(desk, url, offer_data(contractor="Offerte 2")).status_code == 303
    assert _offer_count() == 2


def test_staff_change_and_remove_an_offer(desk, street):
    group = group_for()
    offer = add_offer(group)
    url = f"/municipality/groups/{group.id}/offers/{offer.id}"
    form = next(f for f in forms_of(_html(desk.get(url))) if not f["action"])
    assert ("price", "95,50") in form["fields"]
    refused = desk.post(url, data=submitted(form, **offer_data(price="-3")))
    assert refused.status_code == 422
    changed = desk.post(url, data=submitted(form, **offer_data(price="89")))
    assert changed.status_code == 303
    db.session.expire_all()
    assert db.session.get(GroupOffer, offer.id).price_cents == 8900
    assert post(desk, f"{url}/remove").status_code == 303
    assert _offer_count() == 0


def test_another_municipality_finds_no_group_offer_or_export(client, make_user, street):
    group = group_for()
    offer = add_offer(group)
    login(client, make_user(role="admin", municipality="Brugge"))
    base = f"/municipality/groups/{group.id}"
    for url in (base, f"{base}/offers/{offer.id}"):
        assert client.get(url).status_code == 404
    for url in (f"{base}/offers", f"{base}/households", f"{base}/offers/{offer.id}"):
        assert post(client, url, offer_data()).status_code == 404
    export = f"/municipality/export/groups/{group.id}/offers.csv"
    assert client.get(export).status_code == 404
    assert _offer_count() == 1


def _own_forms(client, link, action: str):
    page = _html(client.get(link, headers=EN))
    return [f for f in forms_of(page) if (f["action"] or "").endswith(action)], page


def test_two_quotes_side_by_side_with_totals_for_the_home(new_client, street):
    group = group_for()
    add_offer(group, contractor="Duur", price="110")
    add_offer(group, contractor="Goedkoop", price="95,50", premium_kind="fixed")
    owner = new_client()
    forms, page = _own_forms(owner, street[0], "/ext_wall_ins/size")
    assert "Give your size" in page
    saved = owner.post(forms[0]["action"], data=submitted(forms[0], quantity="80,5"))
    assert saved.status_code == 303
    page = _html(owner.get(street[0], headers=EN))
    table = re.search(r'<table class="data offer-compare".*?</table>', page, re.S)
    rows = re.findall(r"<tr id=.*?</tr>", table.group(0), re.S)
    assert [re.search(r'<th scope="row">(\w+)', r).group(1) for r in rows] == [
        "Goedkoop",
        "Duur",
    ]  # by price, in the same unit
    cheap, dear = rows
    # 80.5 m² x €95.50 = €7,687.75 -> ≈ €7,688; a fixed €20 premium
    assert "≈ €7,688" in cheap and "\u2212 €20" in cheap and "≈ €7,668" in cheap
    # 80.5 m² x €110 = €8,855; €20 per m² = €1,610
    assert "≈ €8,855" in dear and "\u2212 €1,610" in dear and "≈ €7,245" in dear
    assert households("ext_wall_ins")["Bewoner 0"].quantity_tenths == 805
    unknown = owner.post(
        forms[0]["action"], data=submitted(forms[0], quantity="", unknown="y")
    )
    assert unknown.status_code == 303
    assert households("ext_wall_ins")["Bewoner 0"].quantity_tenths is None


@pytest.mark.parametrize("typed", ["abc", "-4", "4,55", "0", "1e9", "٣"])
def test_a_size_not_understood_says_why_and_changes_nothing(new_client, street, typed):
    owner = new_client()
    forms, _page = _own_forms(owner, street[0], "/glazing/size")
    refused = owner.post(forms[0]["action"], data=submitted(forms[0], quantity=typed))
    assert refused.status_code == 422 and 'class="error"' in _html(refused)
    assert households("glazing")["Bewoner 0"].quantity_tenths is None


def test_a_resident_accepts_a_quote_asks_a_visit_or_declines_with_a_reason(
    new_client, street
):
    group = group_for()
    quote = add_offer(group)
    owner = new_client()
    forms, _page = _own_forms(owner, street[0], "/ext_wall_ins/choice")
    accept = next(f for f in forms if ("action", "accept") in f["fields"])
    assert owner.post(accept["action"], data=submitted(accept)).status_code == 303
    mine = households("ext_wall_ins")["Bewoner 0"]
    assert (mine.status, mine.offer_id, mine.changed_by) == (
        "offer_accepted",
        quote.id,
        "resident",
    )
    page = _html(owner.get(street[0], headers=EN))
    assert "Offer accepted" in page and "Your choice" in page

    other = new_client()
    forms, _page = _own_forms(other, street[1], "/ext_wall_ins/choice")
    visit = next(f for f in forms if ("action", "visit") in f["fields"])
    assert other.post(visit["action"], data=submitted(visit)).status_code == 303
    assert households("ext_wall_ins")["Bewoner 1"].status == "visit_planned"
    decline = next(f for f in forms if ("action", "decline") in f["fields"])
    no_reason = other.post(decline["action"], data=submitted(decline), headers=EN)
    assert no_reason.status_code == 422 and "Tell us why" in _html(no_reason)
    assert households("ext_wall_ins")["Bewoner 1"].status == "visit_planned"
    done = other.post(decline["action"], data=submitted(decline, reason="price"))
    assert done.status_code == 303
    stopped = households("ext_wall_ins")["Bewoner 1"]
    assert (stopped.status, stopped.drop_reason) == ("dropped", "price")


def test_an_expired_offer_is_shown_expired_and_cannot_be_taken(new_client, street):
    group = group_for()
    offer = add_offer(group)
    offer.valid_until = progress.today() - timedelta(days=1)
    db.session.commit()
    owner = new_client()
    forms, page = _own_forms(owner, street[0], "/ext_wall_ins/choice")
    assert "Expired" in page and "Accept this quote" not in page
    refused = owner.post(
        forms[0]["action"],
        data=submitted(forms[0], action="accept", offer=str(offer.id)),
        headers=EN,
    )
    assert refused.status_code == 422 and "has expired" in _html(refused)
    assert households("ext_wall_ins")["Bewoner 0"].status == "interested"


def test_a_resident_cannot_take_another_groups_offer(new_client, street):
    other_group = group_for("glazing")
    offer = add_offer(other_group, unit="window")
    owner = new_client()
    forms, _page = _own_forms(owner, street[0], "/ext_wall_ins/choice")
    refused = owner.post(
        forms[0]["action"],
        data=submitted(forms[0], action="accept", offer=str(offer.id)),
    )
    assert refused.status_code == 422
    assert households("ext_wall_ins")["Bewoner 0"].offer_id is None


def test_a_resident_leaves_one_measure_and_keeps_the_other(new_client, street):
    owner = new_client()
    forms, _page = _own_forms(owner, street[0], "/glazing/leave")
    assert owner.post(forms[0]["action"], data=submitted(forms[0])).status_code == 303
    assert "Bewoner 0" not in households("glazing")
    assert "Bewoner 0" in households("ext_wall_ins")
    forms, _page = _own_forms(owner, street[0], "/ext_wall_ins/leave")
    last = owner.post(forms[0]["action"], data=submitted(forms[0]), headers=EN)
    assert last.status_code == 422 and "only measure" in _html(last)
    assert "Bewoner 0" in households("ext_wall_ins")


def _bulk(desk, group, **changes):
    page = desk.get(f"/municipality/groups/{group.id}")
    form = next(
        f for f in forms_of(_html(page)) if (f["action"] or "").endswith("/households")
    )
    return desk.post(form["action"], data=submitted(form, **changes))


def _ids(*names) -> list[str]:
    found = households("ext_wall_ins")
    return [str(found[n].signup_id) for n in names]


def test_staff_move_ticked_households_or_all_in_a_status(desk, street):
    group = group_for()
    moved = _bulk(
        desk, group, households=_ids("Bewoner 0", "Bewoner 1"), status="qualified"
    )
    assert moved.status_code == 303
    statuses = {n: h.status for n, h in households("ext_wall_ins").items()}
    assert statuses == {
        "Bewoner 0": "qualified",
        "Bewoner 1": "qualified",
        "Bewoner 2": "interested",
        "Bewoner 3": "interested",
    }
    assert households("glazing")["Bewoner 0"].status == "interested"  # other group
    all_of = _bulk(
        desk, group, from_status="interested", status="dropped", reason="timing"
    )
    assert all_of.status_code == 303
    dropped = households("ext_wall_ins")["Bewoner 3"]
    assert (dropped.status, dropped.drop_reason, dropped.changed_by) == (
        "dropped",
        "timing",
        "staff",
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "dropped"},  # no reason
        {"status": "qualified", "reason": "price"},
        {"status": "signed"},
        {"households": ["999999"], "status": "qualified"},
        {"status": "qualified"},  # nobody ticked, no status chosen
    ],
)
def test_a_bulk_move_refused_says_why_and_changes_nothing(desk, street, changes):
    group = group_for()
    if "households" not in changes and changes != {"status": "qualified"}:
        changes = {"households": _ids("Bewoner 0"), **changes}
    refused = _bulk(desk, group, **changes)
    assert refused.status_code == 422 and 'class="error"' in _html(refused)
    assert {h.status for h in households("ext_wall_ins").values()} == {"interested"}


def _withdraw(client, link):
    page = _html(client.get(link))
    form = next(f for f in forms_of(page) if f["action"] == f"{link}/withdraw")
    assert client.post(form["action"], data=submitted(form)).status_code == 200


def test_withdrawn_at_offer_accepted_is_gone_everywhere_at_once(
    desk, new_client, street
):
    group = group_for()
    offer = add_offer(group)
    signup_id = households("ext_wall_ins")["Bewoner 2"].signup_id
    progress.set_household_status(
        households("ext_wall_ins")["Bewoner 2"],
        "offer_accepted",
        actor="resident",
        offer=offer,
    )
    db.session.commit()
    page = _html(desk.get(f"/municipality/groups/{group.id}"))
    assert f'id="household-{signup_id}"' in page
    _withdraw(new_client(), street[2])
    page = _html(desk.get(f"/municipality/groups/{group.id}"))
    assert "Bewoner 2" not in page and f'id="household-{signup_id}"' not in page
    for url in (
        "/municipality/export/contacts.csv",
        f"/municipality/export/contacts.csv?group={group.id}",
        f"/municipality/export/groups/{group.id}/offers.csv",
    ):
        assert "Bewoner 2" not in _html(desk.get(url)), url
    funnel = _html(desk.get("/municipality/funnel", headers=EN))
    assert _cell(funnel, "funnel-measures", "ext_wall_ins", "offer_accepted") == 0
    assert _cell(funnel, "funnel-measures", "ext_wall_ins", "interested") == 3


def _cell(html: str, table: str, key: str, status: str) -> int:
    body = re.search(rf'<table class="data" id="{table}">(.*?)</table>', html, re.S)
    row = re.search(rf'<tr data-key="{re.escape(key)}">(.*?)</tr>', body.group(1), re.S)
    attribute = "data-reason" if status in REASONS else "data-status"
    return int(re.search(rf'{attribute}="{status}">(\d+)<', row.group(1)).group(1))


REASONS = ("price", "timing", "landlord", "technical", "other")


def test_the_funnel_counts_exactly_per_group_street_measure_and_area(
    desk, new_client, signup_meeting, street
):
    sign_up_street(
        new_client, signup_meeting, 2, street="Molenstraat 4", measures=["pv"]
    )
    wall = households("ext_wall_ins")
    for name, status, reason in (
        ("Bewoner 0", "works_done", None),
        ("Bewoner 1", "dropped", "price"),
        ("Bewoner 2", "dropped", "landlord"),
    ):
        progress.set_household_status(wall[name], status, actor="staff", reason=reason)
    progress.set_household_status(
        households("glazing")["Bewoner 0"], "works_done", actor="staff"
    )
    db.session.commit()
    html = _html(desk.get("/municipality/funnel", headers=EN))
    group = group_for()
    expect = {"works_done": 1, "dropped": 2, "interested": 1, "price": 1, "landlord": 1}
    for status, n in expect.items():
        assert _cell(html, "funnel-groups", str(group.id), status) == n, status
        assert _cell(html, "funnel-measures", "ext_wall_ins", status) == n, status
    assert _cell(html, "funnel-streets", "kerkstraat", "works_done") == 2
    assert _cell(html, "funnel-streets", "kerkstraat", "interested") == 4
    assert _cell(html, "funnel-streets", "molenstraat", "interested") == 2
    assert _cell(html, "funnel-neighbourhoods", "Rabot", "works_done") == 2
    assert _cell(html, "funnel-neighbourhoods", "Rabot", "interested") == 6
    assert _cell(html, "funnel-neighbourhoods", "Rabot", "price") == 1


def test_the_offers_export_neutralises_formulas_and_is_audited(desk, street):
    group = group_for()
    add_offer(group, contractor='=HYPERLINK("http://x","klik")')
    response = desk.get(f"/municipality/export/groups/{group.id}/offers.csv?lang=en")
    assert (
        response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    )
    rows = list(
        csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][:6] == [
        "Name",
        "E-mail",
        "Phone number",
        "Street",
        "House number",
        "Status",
    ]
    assert len(rows) == 5 and {r[5] for r in rows[1:]} == {"Interested"}
    workbook = desk.get(f"/municipality/export/groups/{group.id}/offers.xlsx?lang=en")
    book = load_workbook(io.BytesIO(workbook.data))
    assert book.sheetnames == ["Offers", "Households"]
    assert book["Offers"]["B2"].value == '=HYPERLINK("http://x","klik")'  # typed text
    assert book["Offers"]["B2"].data_type == "s"
    audits = db.session.scalars(sa.select(ExportAudit).order_by(ExportAudit.id)).all()
    assert [(a.what, a.file_format, a.rows) for a in audits] == [
        (f"offers and statuses group {group.id}", "csv", 4),
        (f"offers and statuses group {group.id}", "xlsx", 4),
    ]


def test_a_hostile_name_in_the_households_export_is_inert(
    desk, new_client, signup_meeting
):
    sign_up_street(new_client, signup_meeting, 1, name="=1+1", street="Beekstraat")
    group = group_for(street="beekstraat")
    response = desk.get(f"/municipality/export/groups/{group.id}/offers.csv")
    rows = list(
        csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][0] == "'=1+1"


def test_housing_units_are_set_refused_or_emptied(
    desk, new_client, signup_meeting, make_user
):
    area = db.session.scalars(sa.select(Neighbourhood)).one()
    page = desk.get("/municipality/neighbourhoods")
    form = forms_of(_html(page))[-1]
    field = f"n{area.id}-housing_units"
    assert (
        desk.post(form["action"], data=submitted(form, **{field: "1840"})).status_code
        == 303
    )
    db.session.expire_all()
    assert db.session.get(Neighbourhood, area.id).housing_units == 1840
    for bad in ("-1", "0", "12,5", "abc", "9999999"):
        refused = desk.post(form["action"], data=submitted(form, **{field: bad}))
        assert refused.status_code == 422 and 'class="error"' in _html(refused)
    db.session.expire_all()
    assert db.session.get(Neighbourhood, area.id).housing_units == 1840
    assert (
        desk.post(form["action"], data=submitted(form, **{field: ""})).status_code
        == 303
    )
    db.session.expire_all()
    assert db.session.get(Neighbourhood, area.id).housing_units is None
    other = new_client()
    login(other, make_user(role="admin", municipality="Brugge"))
    assert post(other, form["action"], {field: "10"}).status_code == 404


def test_lekp_counts_collective_renovations_per_1000_housing_units(desk, street):
    wall, glazing = households("ext_wall_ins"), households("glazing")
    for household in (wall["Bewoner 0"], glazing["Bewoner 0"], wall["Bewoner 1"]):
        progress.set_household_status(household, "works_done", actor="staff")
    db.session.commit()
    book = load_workbook(io.BytesIO(desk.get("/municipality/export/lekp.xlsx").data))
    renovations = [[c.value for c in row] for row in book.worksheets[-1].iter_rows()]
    assert renovations[1] == ["Rabot", None, 2, None]  # two homes; rate unknown
    area = db.session.scalars(sa.select(Neighbourhood)).one()
    area.housing_units = 1840
    db.session.commit()
    book = load_workbook(io.BytesIO(desk.get("/municipality/export/lekp.xlsx").data))
    renovations = [[c.value for c in row] for row in book.worksheets[-1].iter_rows()]
    assert renovations[1] == ["Rabot", 1840, 2, 1.1]  # 2 x 1000 / 1840 = 1.09
    summary = [[c.value for c in row] for row in book["LEKP"].iter_rows()]
    done = {row[0]: row[-1] for row in summary[1:]}
    assert sum(done.values()) == 3  # per measure: facade 2, glazing 1
