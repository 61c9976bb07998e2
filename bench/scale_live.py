"""Tonight's meeting on an empty database and on one with five busy years.

Measures what bench/answer_cost.py measures, in a process of its own (the app
reads its settings on import): a new meeting with 50 phones (tests.support.seed), then
each path called as a WSGI application, one request at a time, with the
cookies and CSRF tokens real phones hold. Prints JSON: per path the CPU ms per
request (mean) and the wall-clock p95.

    python -m bench.scale_live --requests 300   # with the benchmark's DATABASE_URL
"""

import argparse
import json
import sys
import time

from werkzeug.test import EnvironBuilder

from tests.support import servers


def measure(database: str | None, requests: int, migrated: bool = False) -> dict:
    """Run the measurement against a database (a new SQLite file when None)."""
    env = servers.app_env(
        servers.workdir(), **({"DATABASE_URL": database} if database else {})
    )
    if not migrated:
        servers.flask(env, "db", "upgrade")
    command = [sys.executable, "-m", "bench.scale_live", "--requests", str(requests)]
    output = servers.output(command, {**env, "SOCKETIO_ASYNC_MODE": "threading"})
    return json.loads(output.strip().splitlines()[-1])


def _run(app, environs: list[dict]) -> dict:
    walls, statuses = [], []

    def start_response(status, _headers, _exc=None):
        statuses.append(status)

    cpu = time.process_time()
    for environ in environs:
        started = time.perf_counter()
        b"".join(app(environ, start_response))
        walls.append((time.perf_counter() - started) * 1000)
    cpu = (time.process_time() - cpu) / len(environs) * 1000
    walls.sort()
    return {
        "cpu_ms": round(cpu, 2),
        "wall_p95_ms": round(walls[round(0.95 * (len(walls) - 1))], 2),
        "status": statuses[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    n = parser.parse_args().requests
    from app import create_app
    from tests.support.seed import seed

    seeded = seed(phones=50)
    app = create_app()
    answer_url = f"/m/{seeded['code']}/polls/{seeded['step_id']}/answer"

    def environs(path, method="GET", form=None):
        result = []
        for i in range(n):
            phone = seeded["phones"][i % len(seeded["phones"])]
            headers = {
                "Cookie": phone["cookie"],
                "X-CSRFToken": phone["csrf"],
                "HX-Request": "true",
            }
            builder = EnvironBuilder(
                path=path,
                method=method,
                data=form(i) if form else None,
                headers=headers,
            )
            result.append(builder.get_environ())
        return result

    def answers(prefix):
        measures = seeded["measures"]
        return environs(
            answer_url,
            "POST",
            lambda i: {
                "measure": measures[i % len(measures)],
                "horizon": ("1y", "5y", "done")[i % 3],
                "key": f"{prefix}{i:010d}",
            },
        )

    step = environs(f"/m/{seeded['code']}/step")
    _run(app, step[: n // 5 or 1])  # warm-up: templates compiled, blocks cached
    _run(app, answers("warm"))
    result = {
        "phone step fragment": _run(app, step),
        "answer": _run(app, answers("real")),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
