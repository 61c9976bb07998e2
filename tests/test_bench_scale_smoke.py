"""Keep the scale benchmark working: a small municipality, no timing asserted."""

import argparse

import pytest

from bench import scale, scale_live, scale_report
from tests.support.services import fresh_postgres_database

pytestmark = pytest.mark.bench

SMALL = argparse.Namespace(
    meetings=6,
    phones=4,
    signups=40,
    big_signups=80,
    factors=[1, 2],
    cold=1,
    warm=1,
    requests=5,
)


def _check(result: dict, history: dict) -> None:
    first, second = result["scales"]
    assert first["counts"]["meetings"] == SMALL.meetings
    assert first["counts"]["neighbourhoods"] == 40
    assert first["counts"]["poll_answers"] == SMALL.meetings * SMALL.phones * 10
    assert second["counts"]["participants"] == 2 * first["counts"]["participants"]
    assert set(first["timings"]) == {
        "dashboard",
        "LEKP export (XLSX)",
        "poll analysis of a meeting",
    }
    for rows in (SMALL.signups, SMALL.big_signups):
        assert set(result["exports"][rows]) == {"XLSX", "CSV"}
    assert set(history) == {"phone step fragment", "answer"}
    assert all(v["status"].startswith("200") for v in history.values())


def _report(result, history, label) -> str:
    results = {
        "databases": [result],
        "live": [{"label": label, "factor": 2, "empty": history, "history": history}],
        "seconds": 1,
    }
    return scale_report.markdown(results)


def test_the_scale_benchmark_runs_on_sqlite():
    result, history = scale.run_database(None, "SQLite", SMALL)
    _check(result, history)
    text = _report(result, history, "SQLite")
    assert text.startswith(scale_report.HEADING)
    assert "| dashboard |" in text


@pytest.mark.services
def test_the_scale_benchmark_runs_on_postgresql():
    with fresh_postgres_database() as url:
        result, history = scale.run_database(url, "PostgreSQL", SMALL)
    _check(result, history)
    with fresh_postgres_database() as empty:
        assert scale_live.measure(empty, SMALL.requests)["answer"]["status"].startswith(
            "200"
        )
