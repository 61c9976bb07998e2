"""A typed street matched to the municipality's street list, and the list read
from the CSV files staff have."""

import pytest

from app.groups.logic import (
    SignupRow,
    StreetMatch,
    bundles,
    form_groups,
    group_street,
    listed_street_key,
    match_street,
    typed_street_key,
    without_house_number,
)
from app.groups.street_file import (
    MAX_BYTES,
    Refusal,
    StreetFileError,
    street_names,
)

LIST = [
    "Kerkstraat",
    "Kerkplein",
    "Sint-Jansstraat",
    "Sint-Janslaan",
    "Onze-Lieve-Vrouwstraat",
    "Brusselsesteenweg",
    "Marktplein",
    "Stationslaan",
    "Église Saint-Martin",
    "11 Novemberlaan",
    "Molenstraat",
    "Meulestraat",
]
KEYS = {listed_street_key(name): name for name in LIST}


def _match(typed: str) -> tuple[str | None, tuple[str, ...]]:
    found = match_street(typed, KEYS)
    return (
        KEYS[found.key] if found.key else None,
        tuple(KEYS[k] for k in found.candidates),
    )


@pytest.mark.parametrize(
    ("typed", "street"),
    [
        ("Kerkstr. 12", "Kerkstraat"),
        ("kerkstraat", "Kerkstraat"),
        (" KERKSTRAAT 12 bus 3", "Kerkstraat"),
        ("Kerkstraat, 12, 9000 Gent", "Kerkstraat"),
        ("Kerkstraat12", "Kerkstraat"),
        ("12 Kerkstraat", "Kerkstraat"),
        ("Kerk straat 4/2", "Kerkstraat"),
        ("Sint-Jansstraat", "Sint-Jansstraat"),
        ("St.-Jansstraat", "Sint-Jansstraat"),
        ("St Jansstraat 3", "Sint-Jansstraat"),
        ("sint jansstr", "Sint-Jansstraat"),
        ("O.-L.-Vrouwstraat 8", "Onze-Lieve-Vrouwstraat"),
        ("O.L.Vrouwstraat", "Onze-Lieve-Vrouwstraat"),
        ("OLV-straat", "Onze-Lieve-Vrouwstraat"),
        ("Brusselsestwg. 100", "Brusselsesteenweg"),
        ("Brusselse stwg 100", "Brusselsesteenweg"),
        ("Marktpl. 1", "Marktplein"),
        ("Stationsln 7", "Stationslaan"),
        ("eglise saint martin", "Église Saint-Martin"),
        ("EGLISE SAINT\u2013MARTIN", "Église Saint-Martin"),  # an en dash
        ("11 Novemberlaan 3", "11 Novemberlaan"),
    ],
)
def test_a_street_written_otherwise_is_clearly_its_listed_street(typed, street):
    assert _match(typed) == (street, ())


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("Kerkstaat 3", ("Kerkstraat",)),  # a letter missing
        ("Kerkstraaat", ("Kerkstraat",)),
        ("Sint-Jans", ("Sint-Janslaan", "Sint-Jansstraat")),  # only its beginning
        ("Meulenstraat", ("Meulestraat", "Molenstraat")),  # two close names
    ],
)
def test_a_street_only_alike_to_listed_ones_is_left_to_staff(typed, candidates):
    street, found = _match(typed)
    assert street is None
    assert set(found) == set(candidates)
    assert match_street(typed, KEYS).unclear


@pytest.mark.parametrize("typed", ["Dorp", "Hoogstraat 3", "", "   ", "12", "-"])
def test_a_street_like_none_in_the_list_matches_nothing(typed):
    assert match_street(typed, KEYS) == StreetMatch()
    assert not match_street(typed, KEYS).unclear


def test_without_a_list_nothing_matches():
    assert match_street("Kerkstraat", ()) == StreetMatch()


def test_the_typed_key_is_the_same_however_the_same_street_was_typed():
    keys = {typed_street_key(t) for t in ("Kerkstaat 3", "kerkstaat", "KERKSTAAT 9a")}
    assert keys == {"kerkstaat"}


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Kerkstaat 12 bus 3", "Kerkstaat"),
        ("Kerkstaat12", "Kerkstaat"),
        ("12 Kerkstaat", "Kerkstaat"),
        ("  Kerkstaat ,  4", "Kerkstaat"),
        ("St.-Jansstraat 4/2", "St.-Jansstraat"),
    ],
)
def test_staff_are_shown_a_typed_street_without_its_house_number(typed, shown):
    assert without_house_number(typed) == shown


def test_a_matched_sign_up_is_grouped_under_its_listed_street():
    rows = [
        SignupRow(
            1, "Kerkstr. 3", "1y", None, frozenset({"pv", "glazing"}), "Kerkstraat"
        ),
        SignupRow(
            2, "kerkstaat", "1y", None, frozenset({"pv", "glazing"}), "Kerkstraat"
        ),
        SignupRow(
            3, "Kerkstraat 9", "1y", None, frozenset({"pv", "glazing"}), "Kerkstraat"
        ),
        SignupRow(4, "Dorp 1", "1y", None, frozenset({"pv"})),
    ]
    groups = {(g.key.measure, g.key.street): g.size for g in form_groups(rows)}
    assert groups == {
        ("pv", "Kerkstraat"): 3,
        ("glazing", "Kerkstraat"): 3,
        ("pv", "dorp"): 1,
    }
    assert [b.street for b in bundles(rows, threshold=3)] == ["Kerkstraat"]
    assert group_street("Dorp 1", None) == "dorp"


def test_the_flemish_address_register_export_is_read():
    data = (
        "\ufeffstraatnaamid;straatnaam;status;gemeentenaam\n"
        "101;Kerkstraat;inGebruik;Zoersel\n"
        '102;"Sint-Jansstraat";inGebruik;Zoersel\n'
    ).encode()
    assert street_names(data) == ["Kerkstraat", "Sint-Jansstraat"]


@pytest.mark.parametrize(
    "data",
    [
        b"Kerkstraat\nMolenstraat",
        b"\xef\xbb\xbfKerkstraat\r\nMolenstraat\r\n",
        b"Street,City\nKerkstraat,Gent\nMolenstraat,Gent\n",
        b"Naam\tPostcode\nKerkstraat\t9000\nMolenstraat\t9000\n",
        b"Straatnaam (NL);NIS\nKerkstraat;44021\n  Molenstraat  ;44021\n",
        b"Kerkstraat\n\n  \nMolenstraat\nKERKSTRAAT\n",
    ],
)
def test_the_common_shapes_give_the_same_streets(data):
    assert street_names(data) == ["Kerkstraat", "Molenstraat"]


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (b"", Refusal.EMPTY),
        (b"\r\n;;\n", Refusal.EMPTY),
        (b"\x89PNG\r\n\x1a\n\x00\x00", Refusal.NOT_TEXT),
        (b"id;postcode\n1;9000\n", Refusal.NO_NAME_COLUMN),
        (b"k" * (MAX_BYTES + 1), Refusal.TOO_LARGE),
        (b"x" * 200_000, Refusal.NOT_TEXT),  # past the csv module's field size
        ("\n".join(f"Straat{i}" for i in range(20_001)).encode(), Refusal.TOO_MANY),
        (b"Kerkstraat\n" + b"a" * 121, Refusal.NAME_TOO_LONG),
    ],
)
def test_a_file_that_is_no_street_list_is_refused_with_its_reason(data, refusal):
    with pytest.raises(StreetFileError) as refused:
        street_names(data)
    assert refused.value.refusal == refusal
