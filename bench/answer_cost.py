"""What one request costs the server in CPU, measured in-process, one at a time.

    make bench-answer     # or: .venv/bin/python -m bench.answer_cost [--requests 500]

The load benchmark's "CPU ms per answer" divides the server's CPU by the answers
offered; once the server is saturated that reads ≈ 1000 / rate. This measures
each path on its own: the app is called as a WSGI application (no network),
on a migrated SQLite file with the production settings (WAL, synchronous=FULL),
or with --postgres on a new PostgreSQL database, with the cookies and CSRF
tokens real phones hold.
"""

import argparse
import contextlib
import os
import time

from werkzeug.test import EnvironBuilder

from tests.support import servers


def _cost(app, environs: list[dict]) -> tuple[float, str]:
    statuses = []

    def start_response(status, _headers, _exc=None):
        statuses.append(status)

    started = time.process_time()
    for environ in environs:
        b"".join(app(environ, start_response))
    spent = time.process_time() - started
    return spent / len(environs) * 1000, statuses[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument(
        "--postgres",
        metavar="ADMIN_URL",
        help="measure on a new database of this PostgreSQL server instead of SQLite",
    )
    args = parser.parse_args()
    with (
        servers.postgres_database(args.postgres)
        if args.postgres
        else contextlib.nullcontext(None)
    ) as database:
        measure(args.requests, database)


def measure(n: int, database: str | None) -> None:
    work = servers.workdir()
    env = servers.app_env(work, **({"DATABASE_URL": database} if database else {}))
    servers.flask(env, "db", "upgrade")
    # The app reads its settings on import: set them first.
    os.environ.update(env, SOCKETIO_ASYNC_MODE="threading")
    from app import create_app
    from tests.support.seed import seed

    seeded = seed(phones=50)

    app = create_app()
    answer_url = f"/m/{seeded['code']}/polls/{seeded['step_id']}/answer"

    def requests(path, method="GET", form=None):
        result = []
        for i in range(n):
            phone = seeded["phones"][i % len(seeded["phones"])]
            builder = EnvironBuilder(
                path=path,
                method=method,
                data=form(i) if form else None,
                headers={
                    "Cookie": phone["cookie"],
                    "X-CSRFToken": phone["csrf"],
                    "HX-Request": "true",
                },
            )
            result.append(builder.get_environ())
        return result

    def answers(prefix):
        return requests(
            answer_url,
            "POST",
            lambda i: {
                "measure": seeded["measures"][i % len(seeded["measures"])],
                "horizon": ("1y", "5y", "done")[i % 3],
                "key": f"{prefix}{i:010d}",
            },
        )

    paths = [
        ("GET /healthz (floor: one request, one query)", requests("/healthz")),
        ("GET phone step fragment", requests(f"/m/{seeded['code']}/step")),
        ("POST answer (warm-up)", answers("warm")),
        ("POST answer", answers("real")),
    ]
    print(f"CPU per request, mean of {n}, in-process:")
    for label, environs in paths:
        ms, status = _cost(app, environs)
        print(f"  {label:48} {ms:6.2f} ms  ({status})")


if __name__ == "__main__":
    main()
