"""Spreadsheet cells: inert whatever was typed, and readable as typed."""

from datetime import datetime

import pytest

from app.exports.logic import Phone, csv_cell, file_stamp, people_time, xlsx_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("- ja", "'- ja"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-4", "-4"),  # a number is read as that number: nothing to evaluate
        ("+12", "+12"),
        ("-1,5", "-1,5"),
        ("12b", "12b"),
        ("Kerkstraat", "Kerkstraat"),
        ("", ""),
        (12, 12),
        (Phone("+32 470 12 34 56"), "0032 470 12 34 56"),
        (Phone("+1 650-253-0000"), "001 650-253-0000"),
    ],
)
def test_a_csv_cell_is_neutralised_only_where_it_would_be_evaluated(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '=HYPERLINK("http://x")'),
        ("-4", "-4"),
        ("An\x07 Peeters\x00", "An Peeters"),  # what a workbook cannot hold
        (Phone("+32 470 12 34 56"), "+32 470 12 34 56"),
        (7, 7),
    ],
)
def test_an_xlsx_cell_keeps_the_text_as_typed(value, cell):
    assert xlsx_cell(value) == cell


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        (datetime(2026, 12, 1, 18, 30), "2026-12-01 19:30 +01:00"),
        (datetime(2026, 7, 1, 18, 30), "2026-07-01 20:30 +02:00"),
        (datetime(2026, 12, 31, 23, 30), "2027-01-01 00:30 +01:00"),
    ],
)
def test_people_read_brussels_time_with_its_offset(utc, shown):
    assert people_time(utc) == shown


def test_a_file_is_stamped_in_utc_and_says_so():
    assert file_stamp(datetime(2026, 7, 1, 18, 30, 5)) == "20260701T183005Z"
