"""Load benchmark: the real app against the bare baseline, same run, same machine.

    make bench            # or: .venv/bin/python -m bench.run [--repeat 3]
    python -m bench.run --only fanout,join,refresh --sizes 300   # the live parts only

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
import re
import statistics
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from bench import bare, live_phases, phones
from tests.support import servers

RATE, DURATION = 500, 10
PARTS = ("answer", "join", "fanout", "refresh")
LIVE_PARTS = {"join", "fanout", "refresh"}
#: where the live parts' tables start in bench/RESULTS.md
LIVE_HEADING = "## Following the facilitator"


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
    env = servers.migrated_env(work, database, queue)
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
    process, url = bare.start_bare(work, core=0)
    try:
        out = subprocess.run(
            [
                sys.executable,
                str(bare.SHARED_PERF / "bench_load.py"),
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


def words(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="300,1000")
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"parts to run, of {','.join(PARTS)}"
    )
    parser.add_argument(
        "--live-repeat", type=int, default=1, help="runs per live configuration"
    )
    parser.add_argument(
        "--live-postgres-sizes",
        default="300",
        help="phones for the live parts on PostgreSQL + Redis, two processes",
    )
    parser.add_argument(
        "--steps", default="", help="fan out only these step kinds, e.g. poll,bills"
    )
    parser.add_argument("--json", help="also write every run's raw figures here")
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
    parts = set(words(args.only))
    if parts - set(PARTS):
        parser.error(f"--only: unknown parts {', '.join(sorted(parts - set(PARTS)))}")
    _pin_loadgen()
    raw = {}
    sections = {}
    if "answer" in parts:
        sections["answer"] = answer_section(args, raw)
    if parts & LIVE_PARTS:
        sections["live"] = live_section(args, parts, raw)
    report = "\n\n".join(sections.values())
    print(report)
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1))
    if args.write:
        write_results(sections)


def write_results(sections: dict[str, str]) -> None:
    """Replace the sections run in bench/RESULTS.md; keep the intro above the
    answer tables (the reading of the figures) and every other ## section."""
    path = Path(servers.ROOT / "bench" / "RESULTS.md")
    old = path.read_text() if path.exists() else "# Benchmark results\n"
    # Split into the part before the first ## heading and the ## sections.
    chunks = re.split(r"\n(?=## )", old)
    head, others = chunks[0], chunks[1:]
    intro, _, old_answer = head.partition("\nMeasured ")
    answer = sections.get("answer") or (
        "Measured " + old_answer.strip() if old_answer else ""
    )
    kept = [c.strip() for c in others if not c.startswith(LIVE_HEADING)]
    old_live = [c.strip() for c in others if c.startswith(LIVE_HEADING)]
    live = sections.get("live") or (old_live[0] if old_live else "")
    parts = [intro.rstrip(), answer.strip(), live.strip(), *kept]
    path.write_text("\n\n".join(p for p in parts if p) + "\n")


def answer_section(args, raw: dict) -> str:
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
        raw[f"answer {n} sqlite"] = {"app": app, "bare": bare}
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
    return "\n".join(lines)


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def live_section(args, parts: set[str], raw: dict) -> str:
    """Join wave, fan-out and unchanged refresh: the app beside bench/bare_fanout.py."""
    options = {
        "parts": parts,
        "steps": words(args.steps) or None,
    }
    configs = [("SQLite, one process", n, {}) for n in numbers(args.sizes)]
    configs += [
        ("PostgreSQL + Redis, two processes", n, {"postgres": True})
        for n in numbers(args.live_postgres_sizes)
    ]
    lines = [
        LIVE_HEADING,
        "",
        f"`python -m bench.run --only {','.join(p for p in PARTS if p in parts)}`: "
        "the app beside its bare reference (bench/bare_fanout.py: the same URLs, "
        "one query and one precompiled Jinja template per request, served the same "
        f"way), medians of {args.live_repeat}. Both are served at once on core 0, "
        "the load on core 1; phones join each through the QR link, then the "
        "facilitator opens, closes and reveals each step on one and then the other, "
        "action by action (bench/live.py). The phones are not all alike: five "
        "languages, half describe their home, two thirds answer part of the poll.",
        "",
    ]
    for label, n, config in configs:
        app, bare = [], []
        for _ in range(args.live_repeat):
            load = _load()
            if config.get("postgres"):
                with (
                    servers.postgres_database(args.postgres) as app_db,
                    servers.postgres_database(args.postgres) as bare_db,
                ):
                    pair = live_phases.pair_run(
                        n,
                        processes=2,
                        databases=(app_db, bare_db),
                        queue=args.redis,
                        **options,
                    )
            else:
                pair = live_phases.pair_run(n, **options)
            for runs, run in zip((app, bare), pair, strict=True):
                run["load_before"] = load
                runs.append(run)
        raw[f"live {n} {label}"] = {"app": app, "bare": bare}
        title = f"{n} phones, {label}"
        block = [
            f"Load average before: {', '.join(r['load_before'] for r in app)}.",
            "",
        ]
        if "join" in parts:
            block += [*live_phases.join_table(title, app, bare), ""]
        if "refresh" in parts:
            block += [*live_phases.refresh_table(title, app, bare), ""]
        if "fanout" in parts:
            block += [*live_phases.fanout_table(title, n, app, bare), ""]
        lost = [r.get("lost_connections", 0) for r in app + bare]
        took = ", ".join(f"{r['total_s']} s ({r['load_s']} s of load)" for r in app)
        block += [
            f"Sockets lost (app and bare runs): {lost}. Runs took {took}. "
            f"The app ran {app[0]['tree']}.",
            "",
        ]
        print("\n".join(block), flush=True)
        lines += block
    return "\n".join(lines).rstrip()


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
