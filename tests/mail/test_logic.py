"""Who gets which message, and how long to wait before trying again."""

from datetime import timedelta

import pytest

from app.mail import logic
from app.mail.logic import Kind


@pytest.mark.parametrize(
    ("kind", "email", "news", "wanted"),
    [
        (Kind.SIGNUP, "an@example.be", False, True),
        (Kind.SIGNUP, None, True, False),
        (Kind.SIGNUP, "", True, False),
        (Kind.OFFER, "an@example.be", True, True),
        (Kind.OFFER, "an@example.be", False, False),
        (Kind.STATUS, "an@example.be", True, True),
        (Kind.STATUS, "an@example.be", False, False),
        (Kind.STATUS, None, True, False),
        ("newsletter", "an@example.be", True, False),
    ],
)
def test_who_gets_which_message(kind, email, news, wanted):
    assert logic.wants(kind, email=email, consent_news=news) is wanted


def test_each_kind_says_what_its_text_needs():
    assert logic.missing_context("signup", {}) == {"link"}
    assert logic.missing_context("offer", {"measure_key": "pv"}) == frozenset()
    assert logic.missing_context("status", {"measure_key": "pv"}) == {"status_label"}


def test_the_wait_doubles_up_to_a_cap():
    waits = [logic.retry_delay(n) for n in range(1, 12)]
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert waits == sorted(waits) and max(waits) == logic.LONGEST_DELAY
    assert logic.retry_delay(10**6) == logic.LONGEST_DELAY
    assert logic.retry_delay(0) == logic.FIRST_DELAY


def test_all_tries_together_span_more_than_a_day():
    total = sum(
        (logic.retry_delay(n) for n in range(1, logic.MAX_ATTEMPTS)), timedelta()
    )
    assert timedelta(days=1) < total < timedelta(days=3)


@pytest.mark.parametrize(
    ("attempts", "code", "last"),
    [
        (1, None, False),  # no answer at all: try again
        (1, 451, False),  # not now
        (1, 550, True),  # never
        (1, 554, True),
        (logic.MAX_ATTEMPTS - 1, 421, False),
        (logic.MAX_ATTEMPTS, None, True),
    ],
)
def test_when_a_failed_try_is_the_last(attempts, code, last):
    assert logic.gives_up(attempts, code) is last


def test_the_lease_outlasts_an_smtp_conversation():
    assert timedelta(minutes=2) <= logic.LEASE
