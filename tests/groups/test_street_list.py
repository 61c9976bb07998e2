"""The municipality's street list: staff upload it, sign-ups are matched to it,
unclear typed streets wait for staff's decision, and a typo no longer splits
a street's group."""

import io
import re

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.groups.models import MunicipalityStreet, PurchaseGroup, Signup
from app.groups.street_file import MAX_BYTES
from tests.support.forms import EDGE_CASES
from tests.support.fuzz import examples
from tests.support.signups import private_link, sign_up, sign_up_street
from tests.support.web import csrf_token, join, login, post

REGISTER = (
    "\ufeffstraatnaamid;straatnaam;gemeente\n"
    "1;Kerkstraat;Gent\n"
    "2;Sint-Jansstraat;Gent\n"
    "3;Molenstraat;Gent\n"
    "4;Onze-Lieve-Vrouwstraat;Gent\n"
).encode()


def upload(client, data: bytes, name: str = "straten.csv"):
    return client.post(
        "/municipality/streets",
        data={"csrf_token": csrf_token(client), "file": (io.BytesIO(data), name)},
        headers={"Accept-Language": "en"},
        content_type="multipart/form-data",
    )


def _text(response) -> str:
    return response.get_data(as_text=True)


def _streets() -> list[str]:
    return sorted(db.session.scalars(sa.select(MunicipalityStreet.name)))


def _groups() -> dict[str, int]:
    """Return the households of each street's groups of one measure."""
    rows = db.session.execute(
        sa.select(PurchaseGroup.street, sa.func.sum(PurchaseGroup.size))
        .where(PurchaseGroup.measure_key == "glazing", PurchaseGroup.size > 0)
        .group_by(PurchaseGroup.street)
    )
    return dict(rows.all())


@pytest.fixture
def desk(client, make_user):
    login(client, make_user(role="staff"))
    return client


def test_staff_load_the_register_export_and_see_how_many_streets(desk):
    response = upload(desk, REGISTER)
    assert response.status_code == 302
    page = _text(desk.get("/municipality/streets", headers={"Accept-Language": "en"}))
    assert "4 streets loaded." in page  # the flash message
    assert "4 streets are loaded." in page
    assert _streets() == [
        "Kerkstraat",
        "Molenstraat",
        "Onze-Lieve-Vrouwstraat",
        "Sint-Jansstraat",
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"Kerkstraat\r\nMolenstraat\r\n",  # one column, no header
        b"name,postcode\nKerkstraat,9000\nMolenstraat,9000\n",
        "Straat\nKerkstraat\nMolenstraat\n".encode("cp1252"),
        b"Kerkstraat\nkerkstraat\nMolenstraat\n\n",  # each street once
    ],
)
def test_the_common_shapes_of_a_street_file_are_read(desk, data):
    assert upload(desk, data).status_code == 302
    assert _streets() == ["Kerkstraat", "Molenstraat"]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "holds no street names"),
        (b"\n ;\n", "holds no street names"),
        (b"PK\x03\x04\x00\x00binary", "not a CSV file"),
        (b"id;gemeente\n1;Gent\n2;Gent\n", "No column of street names"),
        (b"x" * (MAX_BYTES + 1), "larger than 2 MB"),
        ("\n".join(f"Straat {i}a" for i in range(20_001)).encode(), "more than"),
        (b"Kerkstraat\n" + b"K" * 121 + b"\n", "line 2 is longer than 120"),
    ],
)
def test_a_bad_file_is_refused_clearly_and_changes_nothing(desk, data, says):
    assert upload(desk, REGISTER).status_code == 302
    response = upload(desk, data)
    assert response.status_code == 422
    assert says in _text(response)
    assert 'class="error"' in _text(response)
    assert len(_streets()) == 4


def test_a_file_far_too_large_is_refused_unread(desk):
    response = upload(desk, b"a" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert _streets() == []


def test_no_file_is_refused(desk):
    response = post(
        desk, "/municipality/streets", {}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert "Choose a CSV file" in _text(response)


def test_a_new_upload_replaces_the_list_and_keeps_the_matches_of_streets_that_stay(
    desk, new_client, signup_meeting
):
    upload(desk, REGISTER)
    sign_up_street(new_client, signup_meeting, 1, street="Kerkstraat 3")
    sign_up_street(new_client, signup_meeting, 1, street="Molenstraat 4")
    assert upload(desk, b"Straatnaam\nKerkstraat\nBeekstraat\n").status_code == 302
    assert _streets() == ["Beekstraat", "Kerkstraat"]
    matched = dict(
        db.session.execute(
            sa.select(Signup.street, MunicipalityStreet.name).outerjoin(
                MunicipalityStreet, MunicipalityStreet.id == Signup.street_id
            )
        ).all()
    )
    assert matched == {"Kerkstraat 3": "Kerkstraat", "Molenstraat 4": None}
    assert _groups() == {"Kerkstraat": 1, "molenstraat": 1}


def test_streets_typed_before_the_list_are_matched_and_groups_merge(
    desk, new_client, signup_meeting
):
    for street in (
        "Kerkstr. 12",
        "kerkstraat",
        " KERKSTRAAT 12 bus 3",
        "St.-Jansstraat",
    ):
        sign_up_street(new_client, signup_meeting, 1, street=street)
    assert _groups() == {"kerkstr.": 1, "kerkstraat": 2, "st.-jansstraat": 1}
    response = upload(desk, REGISTER)
    assert "4 sign-ups matched to a street." in _text(desk.get("/municipality/streets"))
    assert response.status_code == 302
    assert _groups() == {"Kerkstraat": 3, "Sint-Jansstraat": 1}
    dashboard = _text(desk.get("/municipality", headers={"Accept-Language": "en"}))
    assert "Kerkstr." not in dashboard


def test_a_group_keeps_its_status_when_its_street_is_written_as_listed(
    desk, new_client, signup_meeting
):
    sign_up_street(new_client, signup_meeting, 2, street="kerkstraat")
    group = db.session.scalar(
        sa.select(PurchaseGroup).where(PurchaseGroup.measure_key == "glazing")
    )
    post(desk, f"/municipality/groups/{group.id}/status", {"status": "tendering"})
    upload(desk, REGISTER)
    db.session.expire_all()
    renamed = db.session.get(PurchaseGroup, group.id)
    assert (renamed.street, renamed.status, renamed.size) == (
        "Kerkstraat",
        "tendering",
        2,
    )


def test_a_typo_waits_for_staff_and_their_decision_merges_it_into_its_street(
    desk, new_client, signup_meeting
):
    upload(desk, REGISTER)
    sign_up_street(new_client, signup_meeting, 3, street="Kerkstraat")
    sign_up_street(new_client, signup_meeting, 2, street="Kerkstaat")  # a typo
    assert _groups() == {"Kerkstraat": 3, "kerkstaat": 2}
    page = _text(
        desk.get("/municipality/streets/decisions", headers={"Accept-Language": "en"})
    )
    assert "Kerkstaat" in page and "2 sign-ups" in page
    assert "Bewoner" not in page  # never who typed it
    assert not re.search(r"Kerkstaat \d", page)  # nor their house number
    kerkstraat = db.session.scalar(
        sa.select(MunicipalityStreet.id).where(MunicipalityStreet.name == "Kerkstraat")
    )
    assert f'value="{kerkstraat}"' in page
    response = post(
        desk,
        "/municipality/streets/decisions",
        {"typed": "kerkstaat", "choice": str(kerkstraat)},
    )
    assert response.status_code == 302
    assert _groups() == {"Kerkstraat": 5}
    page = _text(
        desk.get("/municipality/streets/decisions", headers={"Accept-Language": "en"})
    )
    assert "No typed street waits for a decision." in page
    # the decision holds for the next household that makes the same typo
    sign_up_street(new_client, signup_meeting, 1, street="kerkstaat 40")
    assert _groups() == {"Kerkstraat": 6}


def test_a_street_not_in_the_list_stays_its_own_group(desk, new_client, signup_meeting):
    upload(desk, REGISTER)
    sign_up_street(new_client, signup_meeting, 1, street="Molenstraatje")
    response = post(
        desk,
        "/municipality/streets/decisions",
        {"typed": "molenstraatje", "choice": "none"},
    )
    assert response.status_code == 302
    assert _groups() == {"molenstraatje": 1}
    page = _text(desk.get("/municipality/streets/decisions"))
    assert "<bdi>Molenstraatje</bdi>" not in page


def test_a_decision_on_another_towns_street_or_an_unknown_typed_street_is_refused(
    desk, new_client, signup_meeting, make_user
):
    upload(desk, REGISTER)
    sign_up_street(new_client, signup_meeting, 1, street="Kerkstaat")
    other = new_client()
    login(other, make_user(role="staff", municipality="Aalst"))
    upload(other, b"Kerkstraat\n")
    theirs = db.session.scalar(  # Aalst's Kerkstraat, loaded last
        sa.select(MunicipalityStreet.id).order_by(MunicipalityStreet.id.desc())
    )
    for data in (
        {"typed": "kerkstaat", "choice": str(theirs)},
        {"typed": "nergensstraat", "choice": "none"},
        {"typed": "kerkstaat", "choice": "-3"},
    ):
        response = post(desk, "/municipality/streets/decisions", data)
        assert response.status_code == 422
        assert 'class="error"' in _text(response)
    assert _groups() == {"kerkstaat": 1}


def test_a_sign_up_made_from_the_list_is_matched_at_once(
    desk, new_client, signup_meeting
):
    upload(desk, REGISTER)
    phone = new_client()
    join(phone, signup_meeting)
    response = sign_up(phone, signup_meeting, street="Onze-Lieve-Vrouwstraat")
    assert response.status_code == 200
    assert _groups() == {"Onze-Lieve-Vrouwstraat": 1}
    # changed through the private link to a variant: still matched
    link = private_link(response)
    page = _text(phone.get(link))
    assert '<datalist id="street-names">' in page
    assert '<option value="Sint-Jansstraat">' in page
    saved = post(
        phone,
        link,
        {
            "measures": ["glazing"],
            "horizon": "1y",
            "name": "An",
            "email": "an@example.be",
            "street": "St-Jansstraat 5",
            "house_number": "5",
            "consent_contact": "y",
        },
    )
    assert saved.status_code == 302
    assert _groups() == {"Sint-Jansstraat": 1}


def test_the_phones_form_ships_the_list_and_an_upload_reaches_phones_at_once(
    desk, new_client, signup_meeting
):
    phone = new_client()
    join(phone, signup_meeting)
    before = _text(phone.get(f"/m/{signup_meeting.code}/step"))
    assert 'list="street-names"' in before
    assert '<datalist id="street-names"></datalist>' in before
    version = phone.get(f"/m/{signup_meeting.code}/step/version").json["v"]
    upload(desk, REGISTER)
    assert phone.get(f"/m/{signup_meeting.code}/step/version").json["v"] > version
    for _ in range(2):  # the kept render and the kept list alike
        after = _text(phone.get(f"/m/{signup_meeting.code}/step"))
        assert after.count("<option value=") == 4
        assert '<option value="Kerkstraat"></option>' in after


@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: t.encode("utf-8")),
        st.lists(st.sampled_from(EDGE_CASES), max_size=6).map(
            lambda cells: ";".join(cells).encode("utf-8", "surrogatepass")
        ),
    )
)
def test_any_file_is_loaded_or_refused_clearly_never_a_server_error(desk, data):
    before = _streets()
    response = upload(desk, data)
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert 'class="error"' in _text(response)
        assert _streets() == before


def test_a_typed_street_like_none_on_the_list_waits_for_staff_too(
    desk, new_client, signup_meeting
):
    """A street typed in a way no listed street resembles ("Dorp" for the
    Dorpsstraat) is shown to staff as well, who name the listed street."""
    upload(desk, REGISTER)
    sign_up_street(new_client, signup_meeting, 2, street="Kerkstraat")
    sign_up_street(new_client, signup_meeting, 1, street="Het kerkpleintje 4")
    page = _text(
        desk.get("/municipality/streets/decisions", headers={"Accept-Language": "en"})
    )
    assert "<bdi>Het kerkpleintje</bdi>" in page
    assert 'list="street-names"' in page and '<datalist id="street-names">' in page
    refused = post(
        desk,
        "/municipality/streets/decisions",
        {"typed": "hetkerkpleintje", "choice": "other", "other": "Nergensstraat"},
        headers={"Accept-Language": "en"},
    )
    assert refused.status_code == 422
    assert "This street is not in your list." in _text(refused)
    empty = post(
        desk,
        "/municipality/streets/decisions",
        {"typed": "hetkerkpleintje", "choice": "other", "other": " "},
    )
    assert empty.status_code == 422
    assert _groups() == {"Kerkstraat": 2, "het kerkpleintje": 1}
    decided = post(
        desk,
        "/municipality/streets/decisions",
        {"typed": "hetkerkpleintje", "choice": "other", "other": "kerkstraat"},
    )
    assert decided.status_code == 302
    assert _groups() == {"Kerkstraat": 3}
