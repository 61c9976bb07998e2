"""Load benchmark: the real app against the bare baseline, same run, same machine.

    make bench            # or: .venv/bin/python -m bench.run [--repeat 3]

Servers run on core 0 (one gunicorn gevent-websocket worker each, as `make run`),
the load generators on core 1. Phones join a meeting, listen over Socket.IO and
answer over HTTP; the bare baseline gets the same load through bench_load.py
(`--vote-path http`). Prints one table of medians and app/bare ratios, and with
--write stores it in bench/RESULTS.md. Scale-out: two app processes on
PostgreSQL and Redis versus one on the same services.
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from bench import phones, servers

RATE, DURATION = 500, 10


def _pin_loadgen() -> None:
    if hasattr(os, "sched_setaffinity") and os.cpu_count() and os.cpu_count() > 1:
        os.sched_setaffinity(0, {1})


def stored_answers(url: str) -> int:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        count = connection.execute(
            sa.text("SELECT count(*) FROM poll_answers")
        ).scalar()
    engine.dispose()
    return count


def app_run(
    n: int,
    *,
    processes: int = 1,
    database: str | None = None,
    queue: str | None = None,
    rate: int = RATE,
) -> dict:
    work = servers.workdir()
    extra = {}
    if database:
        extra["DATABASE_URL"] = database
    if queue:
        extra["SOCKETIO_MESSAGE_QUEUE"] = queue
    env = servers.app_env(work, **extra)
    servers.flask(env, "db", "upgrade")
    seeded = servers.seed(env, n)
    started = [servers.start_app(work, env, core=0) for _ in range(processes)]
    try:
        ports = [int(url.rsplit(":", 1)[1]) for _p, url in started]
        result = asyncio.run(
            phones.run(
                seeded,
                ports,
                [process.pid for process, _url in started],
                n=n,
                rate=rate,
                duration=DURATION,
            )
        )
    finally:
        for process, _url in started:
            process.stop()
    result["stored"] = stored_answers(env["DATABASE_URL"])
    return result


def bare_run(n: int) -> dict:
    work = servers.workdir()
    process, url = servers.start_bare(work, core=0)
    try:
        out = subprocess.run(
            [
                sys.executable,
                str(servers.SHARED_PERF / "bench_load.py"),
                "--port",
                url.rsplit(":", 1)[1],
                "--n",
                str(n),
                "--rate",
                str(RATE),
                "--duration",
                str(DURATION),
                "--burst-window",
                "2",
                "--vote-path",
                "http",
                "--latency",
                "count",
                "--server-pid",
                str(process.pid),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=180,
        ).stdout
    finally:
        process.stop()
    return json.loads(out.strip().splitlines()[-1])


def numbers(text: str) -> list[int]:
    """Return the numbers of a comma-separated option; empty means none."""
    return [int(part) for part in text.split(",") if part]


def acknowledged_vs_stored(runs: list[dict]) -> list[tuple[int, int]]:
    return [(run["acknowledged_total"], run["stored"]) for run in runs]


def pick(result: dict, path: str):
    value = result
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return None if value in (None, "inf") else float(value)


#: label, result path, target against the bare baseline, target for two processes vs one
ROWS = [
    ("connect errors", "connect.errors", "0", "0"),
    ("connect p95 ms", "connect.p95_ms", "<= 1.5x", ""),
    ("KB per phone", "connect.kb_per_client", "<= 1.5x, <= 300 MB/1000", ""),
    ("round: all seen s", "burst.all_seen_s", "<= bare + 0.25 s", ""),
    ("answer->screen p50 ms", "sustained.latency.p50_ms", "<= 1.5x", ""),
    ("answer->screen p95 ms", "sustained.latency.p95_ms", "<= 1.5x, <= 400", "<= 1.2x"),
    ("answers/s", "sustained.processed_per_s", ">= 500 per core", ""),
    ("CPU ms per answer", "sustained.server_cpu_ms_per_vote", "", ""),
    ("HTTP p95 ms", "sustained.http.p95_ms", "<= 50", ""),
]


def median(results: list[dict], path: str):
    values = [v for r in results if (v := pick(r, path)) is not None]
    return statistics.median(values) if values else None


def table(title: str, app: list[dict], bare: list[dict], scale_out=False) -> list[str]:
    """Medians of two sets of runs side by side: app/bare, or two processes/one."""
    labels = ("two", "one") if scale_out else ("app", "bare")
    lines = [
        f"### {title}",
        "",
        f"| | {labels[0]} | {labels[1]} | ratio | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for label, path, against_bare, two_vs_one in ROWS:
        target = two_vs_one if scale_out else against_bare
        a, b = median(app, path), median(bare, path)
        ratio = f"{a / b:.2f}" if a is not None and b else "-"
        fmt = lambda v: "-" if v is None else f"{v:.1f}"  # noqa: E731
        lines.append(f"| {label} | {fmt(a)} | {fmt(b)} | {ratio} | {target} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="300,1000")
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument(
        "--postgres",
        default=os.getenv(
            "BENCH_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument(
        "--redis", default=os.getenv("BENCH_REDIS", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument(
        "--scale-out-rates",
        default=str(RATE),
        help="answers/s for the two-processes-vs-one comparison, e.g. 500,300",
    )
    args = parser.parse_args()
    _pin_loadgen()
    lines = [
        f"Measured {RATE} answers/s for {DURATION} s after a poll round "
        "(every phone answers once within 2 s); "
        f"medians of {args.repeat}. Servers on core 0, load on core 1.",
        "",
    ]
    losses = []
    for n in numbers(args.sizes):
        app = [app_run(n) for _ in range(args.repeat)]
        bare = [bare_run(n) for _ in range(args.repeat)]
        losses += acknowledged_vs_stored(app)
        lines += [*table(f"{n} phones, one process, SQLite", app, bare), ""]
        print("\n".join(lines[-len(ROWS) - 4 :]), flush=True)
    compared, scale_out_losses = scale_out(args)
    lines += compared
    losses += scale_out_losses
    lines += [
        "",
        "Answers acknowledged vs stored (every app run): "
        + ", ".join(f"{a}/{s}" for a, s in losses),
    ]
    report = "\n".join(lines)
    print(report)
    if args.write:
        path = Path(servers.ROOT / "bench" / "RESULTS.md")
        # Keep the reading of the figures written above the tables.
        old = path.read_text() if path.exists() else "# Benchmark results\n\n"
        intro = old.split("\nMeasured ", 1)[0].rstrip() + "\n\n"
        path.write_text(intro + report + "\n")


def scale_out(args) -> tuple[list[str], list[tuple[int, int]]]:
    lines, losses = [], []
    for rate in numbers(args.scale_out_rates):
        results = {}
        for processes in (1, 2):
            runs = []
            for _ in range(args.repeat):
                with servers.postgres_database(args.postgres) as url:
                    runs.append(
                        app_run(
                            300,
                            processes=processes,
                            database=url,
                            queue=args.redis,
                            rate=rate,
                        )
                    )
            results[processes] = runs
            losses += acknowledged_vs_stored(runs)
        lines += table(
            f"300 phones, PostgreSQL + Redis, {rate} answers/s: two processes vs one",
            results[2],
            results[1],
            scale_out=True,
        )
        one = median(results[1], "sustained.broadcasts")
        two = median(results[2], "sustained.broadcasts")
        lines += [
            "",
            f"Screen broadcasts during the sustained phase: two processes {two}, "
            f"one process {one} (target: two no more than one). CPU ms per answer "
            "counts both processes.",
            "",
        ]
        print("\n".join(lines[-len(ROWS) - 6 :]), flush=True)
    return lines, losses


if __name__ == "__main__":
    main()
