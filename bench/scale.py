"""Five years of data: does the municipality's side stay fast as it grows?

    make bench-scale          # or: .venv/bin/python -m bench.scale [--write]

Seeds a municipality in bulk (bench/scale_seed.py) on SQLite and on a new
PostgreSQL database and measures in-process, as WSGI calls with a logged-in
admin's cookie:

- the dashboard, a meeting's poll analysis and the LEKP export at x1, x3 and
  x10 participants and answers, cold (the first request of a new app on a new
  database connection) and warm (the same app again): p95 of wall time;
- the XLSX and CSV export of all 5,000 sign-ups, and the peak memory the
  export added at 5,000 and at 50,000 sign-ups;
- tonight's meeting (the answer path and the phone's step fragment, as
  bench/answer_cost.py measures them) on an empty database and on one that
  holds the x10 history.

--write appends the figures to bench/RESULTS.md under its own heading.
"""

import argparse
import contextlib
import gc
import json
import os
import statistics
import time
from datetime import date
from pathlib import Path

from werkzeug.test import EnvironBuilder

from tests.support import servers
from tests.support.history import PHONES_PER_MEETING, SCALE

FACTORS = (1, 3, 10)
ADMIN = "schaal@schaalgem.be"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def call(app, environ: dict) -> tuple[float, str, int]:
    """Run one request to the end; return (ms, status, bytes), body not kept."""
    statuses = []

    def start_response(status, _headers, _exc=None):
        statuses.append(status)

    started = time.perf_counter()
    size = 0
    body = app(environ, start_response)
    try:
        for chunk in body:
            size += len(chunk)
    finally:
        getattr(body, "close", lambda: None)()
    return (time.perf_counter() - started) * 1000, statuses[0], size


def environ(path: str, cookie: str, csrf: str = "", method="GET", data=None) -> dict:
    headers = {"Cookie": cookie, "X-CSRFToken": csrf}
    return EnvironBuilder(
        path=path, method=method, data=data, headers=headers
    ).get_environ()


class Bench:
    """One database: seed it, grow it and measure it."""

    def __init__(self, database: str | None, label: str, cold: int, warm: int):
        self.label, self.cold, self.warm = label, cold, warm
        work = servers.workdir()
        self.env = servers.app_env(
            work, **({"DATABASE_URL": database} if database else {})
        )
        servers.flask(self.env, "db", "upgrade")
        from app import create_app
        from app.config import Config

        self.config = type(
            "ScaleConfig",
            (Config,),
            {
                "DATABASE_URL": self.env["DATABASE_URL"],
                "SECRET_KEY": self.env["SECRET_KEY"],
                "SOCKETIO_ASYNC_MODE": "threading",
            },
        )
        self.create_app = lambda: create_app(self.config)
        self.app = self.create_app()

    def seed(self, signups: int, meetings: int, phones: int) -> None:
        from app.accounts import services as accounts
        from app.extensions import db
        from tests.support.history import Municipality
        from tests.support.web import browser_state

        with self.app.app_context():
            town = accounts.municipality_named("Schaalgem")
            admin = accounts.create_user(
                town,
                name="Schaal",
                email=ADMIN,
                password="schaal-password-123",  # noqa: S106
                role="admin",
            )
            db.session.commit()
            with db.engine.begin() as connection:
                self.town = Municipality(
                    connection, "Schaalgem", admin.id, meetings=meetings, phones=phones
                )
                self.town.base(date.today(), signups=signups)
            from flask_login import login_user

            user = db.session.merge(admin)
            self.cookie = browser_state(self.app, lambda: login_user(user))["cookie"]
        last = self.town.meetings[-1]
        self.analysis = f"/m/S{last['id']:08d}/polls/{last['poll']}/analysis"

    def grow(self, factor: int) -> dict:
        from app.extensions import db
        from tests.support.history import reset_sequences

        started = time.perf_counter()
        with self.app.app_context(), db.engine.begin() as connection:
            self.town.connection = connection
            written = self.town.grow(factor)
            reset_sequences(connection)
        with self.app.app_context(), db.engine.connect() as connection:
            if connection.dialect.name == "postgresql":  # what autovacuum does
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.exec_driver_sql("VACUUM ANALYZE")
            else:  # what PRAGMA optimize does on a long-running SQLite
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
        # As wsgi.py does at start-up: what is built and stays (here the seeded
        # town's bookkeeping) leaves the garbage collector's full passes.
        gc.collect()
        gc.freeze()
        return {**written, "seconds": round(time.perf_counter() - started, 1)}

    def counts(self) -> dict:
        from app.extensions import db

        tables = (
            "participants",
            "poll_answers",
            "bill_entries",
            "persona_answers",
            "signups",
            "meetings",
            "neighbourhoods",
        )
        with self.app.app_context(), db.engine.connect() as connection:
            return {
                t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()  # noqa: S608
                for t in tables
            }

    def timed(self, path: str) -> dict:
        """Return p95 ms of a request cold (kept figures cleared, a new database
        connection) and warm."""
        import sqlalchemy as sa

        from app.extensions import db
        from app.groups.figure_store import MeetingFigure
        from app.groups.kept import SIGNUP_FIGURES
        from app.groups.poll_figures import MEETING_FIGURES

        cold = []
        call(self.app, environ(path, self.cookie))  # templates compiled once
        for _ in range(self.cold):
            SIGNUP_FIGURES.clear()
            MEETING_FIGURES.clear()
            with self.app.app_context():
                db.engine.dispose()
            ms, status, _size = call(self.app, environ(path, self.cookie))
            if not status.startswith("200"):
                raise RuntimeError(f"{path}: {status}")
            cold.append(ms)
        first = []
        for _ in range(max(1, self.cold // 2)):
            SIGNUP_FIGURES.clear()
            MEETING_FIGURES.clear()
            with self.app.app_context():
                db.session.execute(sa.delete(MeetingFigure))
                db.session.commit()
                db.engine.dispose()
            first.append(call(self.app, environ(path, self.cookie))[0])
        call(self.app, environ(path, self.cookie))
        warm = [call(self.app, environ(path, self.cookie))[0] for _ in range(self.warm)]
        return {
            "cold_p95": round(p95(cold), 1),
            "warm_p95": round(p95(warm), 1),
            "warm_median": round(statistics.median(warm), 1),
            "first_p95": round(p95(first), 1),
        }

    def export(self, path: str) -> dict:
        """Return the export's wall time (p95 of warm runs), its size and the peak
        memory it added in a fresh process (MB)."""
        from bench import scale_rss

        fresh = scale_rss.measure(self.env, path, self.cookie)
        if not fresh["status"].startswith("200"):
            raise RuntimeError(f"{path}: {fresh}")
        times = [call(self.app, environ(path, self.cookie))[0] for _ in range(3)]
        return {
            "ms": round(p95(times)),
            "kb": fresh["kb"],
            "peak_added_mb": fresh["peak_added_mb"],
        }

    def big_signups(self, count: int) -> None:
        from app.extensions import db
        from tests.support.history import reset_sequences

        with self.app.app_context(), db.engine.begin() as connection:
            self.town.connection = connection
            self.town._signups(count)
            reset_sequences(connection)


EXPORTS = {
    "XLSX": "/municipality/export/contacts.xlsx",
    "CSV": "/municipality/export/contacts.csv",
}
PATHS = {
    "dashboard": "/municipality",
    "LEKP export (XLSX)": "/municipality/export/lekp.xlsx",
}


def run_database(database: str | None, label: str, args) -> dict:
    bench = Bench(database, label, args.cold, args.warm)
    bench.seed(args.signups, args.meetings, args.phones)
    result = {"label": label, "scales": [], "exports": {}}
    for factor in args.factors:
        grown = bench.grow(factor)
        paths = {**PATHS, "poll analysis of a meeting": bench.analysis}
        figures = {name: bench.timed(path) for name, path in paths.items()}
        result["scales"].append(
            {
                "factor": factor,
                "grown": grown,
                "counts": bench.counts(),
                "timings": figures,
            }
        )
        print(label, f"x{factor}", json.dumps(figures), flush=True)
    result["exports"][args.signups] = {k: bench.export(p) for k, p in EXPORTS.items()}
    bench.big_signups(args.big_signups - args.signups)
    result["exports"][args.big_signups] = {
        k: bench.export(p) for k, p in EXPORTS.items()
    }
    print(label, "exports", json.dumps(result["exports"]), flush=True)
    from bench import scale_live

    history = scale_live.measure(
        bench.env["DATABASE_URL"], args.requests, migrated=True
    )
    return result, history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--factors",
        type=lambda s: [int(x) for x in s.split(",")],
        default=list(FACTORS),
    )
    parser.add_argument("--signups", type=int, default=5_000)
    parser.add_argument("--big-signups", type=int, default=50_000)
    parser.add_argument("--meetings", type=int, default=SCALE["meetings"])
    parser.add_argument(
        "--phones",
        type=int,
        default=PHONES_PER_MEETING,
        help="phones per meeting at x1 (10 answers each)",
    )
    parser.add_argument("--cold", type=int, default=7)
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--requests", type=int, default=300, help="per live path")
    parser.add_argument(
        "--postgres",
        default=os.getenv(
            "BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--write", action="store_true", help="append to bench/RESULTS.md"
    )
    parser.add_argument("--json", help="also write the raw figures to this file")
    args = parser.parse_args()
    started = time.perf_counter()
    results = {"databases": [], "live": []}
    from bench import scale_live

    for label, admin in (("SQLite", None), ("PostgreSQL", args.postgres)):
        if admin and args.no_postgres:
            continue
        with (
            servers.postgres_database(admin) if admin else contextlib.nullcontext(None)
        ) as database:
            result, history = run_database(database, label, args)
        results["databases"].append(result)
        with (
            servers.postgres_database(admin) if admin else contextlib.nullcontext(None)
        ) as empty:
            results["live"].append(
                {
                    "label": label,
                    "factor": max(args.factors),
                    "empty": scale_live.measure(empty, args.requests),
                    "history": history,
                }
            )
    results["seconds"] = round(time.perf_counter() - started)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    from bench import scale_report

    text = scale_report.markdown(results)
    print(text)
    if args.write:
        scale_report.write(text)


if __name__ == "__main__":
    main()
