"""The live phases of bench.run: join wave, step fan-out and unchanged refresh,
the app beside its bare reference (bench/bare_fanout.py) in the same run.

    python -m bench.run --only fanout,join,refresh --sizes 300,1000

Each run starts fresh servers on core 0 (the load stays on core 1), seeds a
meeting with a poll, a bill, a persona and a sign-up step, joins the phones
through the QR link and then opens, closes and reveals each step (bench.live).
"""

import asyncio
import statistics
import subprocess
import time

from bench import live
from bench.bare import bare_live_env, seed_bare_live, start_bare_live
from tests.support import servers

#: the fan-out's targets: p95 against bare, p95 in seconds by size, CPU per refetch
P95_VS_BARE, CPU_VS_BARE = 1.3, 2.0
P95_SECONDS = {300: 1.0, 1000: 2.0}
JOIN_VS_BARE, JOIN_CPU_VS_BARE = 1.5, 2.0
REFRESH_CPU_MS, REFRESH_BYTES = 0.5, 1024


def tree() -> str:
    """The commit the servers ran, and whether app/ had changes not committed."""

    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=servers.ROOT, capture_output=True, text=True
        ).stdout.strip()

    dirty = git("status", "--porcelain", "--", "app")
    return git("rev-parse", "--short", "HEAD") + (
        " with uncommitted changes in app/" if dirty else ""
    )


def _serve(starter, work, env, processes, seeded, n, core=0, **options) -> dict:
    started = [starter(work, env, core=core) for _ in range(processes)]
    try:
        ports = [int(url.rsplit(":", 1)[1]) for _p, url in started]
        t0 = time.monotonic()
        result = asyncio.run(
            live.run(
                seeded,
                ports,
                [process.pid for process, _url in started],
                n=n,
                **options,
            )
        )
        result["load_s"] = round(time.monotonic() - t0, 1)
        return result
    finally:
        for process, _url in started:
            process.stop()


def app_run(n, *, processes=1, database=None, queue=None, **options) -> dict:
    """The app as `make run` serves it, on SQLite or PostgreSQL (+ Redis)."""
    t0 = time.monotonic()
    work = servers.workdir()
    env = servers.migrated_env(work, database, queue)
    seeded = servers.seed_live(env)
    result = _serve(servers.start_app, work, env, processes, seeded, n, **options)
    result["seed"] = seeded
    result["total_s"] = round(time.monotonic() - t0, 1)
    result["tree"] = tree()
    return result


def bare_run(n, *, processes=1, database=None, queue=None, **options) -> dict:
    """The bare reference served the same way, on the same kind of database."""
    t0 = time.monotonic()
    work = servers.workdir()
    env = bare_live_env(work, database, queue)
    seeded = seed_bare_live(env)
    result = _serve(start_bare_live, work, env, processes, seeded, n, **options)
    result["seed"] = seeded
    result["total_s"] = round(time.monotonic() - t0, 1)
    return result


def pair_run(n, *, processes=1, databases=(None, None), queue=None, **options):
    """The app and the bare reference served at once (all on core 0), driven
    side by side, taking turns action by action (bench.live.run_side_by_side).
    Returns (app result, bare result)."""
    t0 = time.monotonic()
    app_db, bare_db = databases
    app_work, bare_work = servers.workdir(), servers.workdir()
    extra = {}
    if app_db:
        extra["DATABASE_URL"] = app_db
    if queue:
        extra["SOCKETIO_MESSAGE_QUEUE"] = queue
    app_env = servers.app_env(app_work, **extra)
    servers.flask(app_env, "db", "upgrade")
    app_seed = servers.seed_live(app_env)
    bare_env = bare_live_env(bare_work, bare_db, queue)
    bare_seed = seed_bare_live(bare_env)
    started = []
    try:
        for starter, work, env in (
            (servers.start_app, app_work, app_env),
            (start_bare_live, bare_work, bare_env),
        ):
            started.append([starter(work, env, core=0) for _ in range(processes)])
        targets = [
            (
                seed,
                [int(url.rsplit(":", 1)[1]) for _p, url in mine],
                [process.pid for process, _url in mine],
            )
            for seed, mine in zip((app_seed, bare_seed), started, strict=True)
        ]
        t1 = time.monotonic()
        app, bare = asyncio.run(live.run_side_by_side(targets, n=n, **options))
        load = round(time.monotonic() - t1, 1)
    finally:
        for mine in started:
            for process, _url in mine:
                process.stop()
    for result, seed in ((app, app_seed), (bare, bare_seed)):
        result.update(seed=seed, load_s=load, total_s=round(time.monotonic() - t0, 1))
    app["tree"] = tree()
    return app, bare


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _ratio(a, b) -> str:
    return f"{a / b:.2f}" if a is not None and b else "-"


def _fmt(value, digits=2) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _get(result: dict, *path):
    for key in path:
        result = result.get(key) if isinstance(result, dict) else None
    return result


def _actions(runs: list[dict]) -> dict[tuple[str, str], list[dict]]:
    by_action: dict[tuple[str, str], list[dict]] = {}
    for run in runs:
        for row in run.get("fanout", []):
            by_action.setdefault((row["kind"], row["action"]), []).append(row)
    return by_action


def fanout_table(title: str, n: int, app: list[dict], bare: list[dict]) -> list[str]:
    seconds = P95_SECONDS.get(n)
    lines = [
        f"### Fan-out: {title}",
        "",
        f"Facilitator POST -> each phone holds its new fragment. Targets: p95 <= "
        f"{P95_VS_BARE}x bare{f' and <= {seconds} s' if seconds else ''}, CPU per "
        f"refetch <= {CPU_VS_BARE}x bare, 0 errors. CPU per refetch is the "
        "server's CPU from the POST until the last fragment, over the refetches "
        "(the POST's own work included). *Core 0 to others*: the share of the "
        "action's wall time that core 0, the servers' core, spent on other "
        "processes (another engineer's tests, a browser): it stretches the "
        "times, not the CPU per refetch.",
        "",
        "| step | action | p50 s app | p95 s app | p95 s bare | p95 ratio | max s app "
        "| max s bare | CPU ms app | CPU ms bare | CPU ratio | KB app (wire/html) "
        "| KB bare (wire/html) | errors app/bare | core 0 to others app/bare | holds |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: | --- |",
    ]
    bare_rows = _actions(bare)
    for (kind, action), rows in _actions(app).items():
        others = bare_rows.get((kind, action), [])

        def m(rows, key):
            return _median([r[key] for r in rows])

        p95, p95b = m(rows, "p95_s"), m(others, "p95_s")
        cpu, cpub = m(rows, "cpu_ms_per_refetch"), m(others, "cpu_ms_per_refetch")
        errors, errorsb = m(rows, "errors"), m(others, "errors")
        misses = []
        if p95 is None or (p95b and p95 > P95_VS_BARE * p95b):
            misses.append("p95 vs bare")
        if p95 is None or (seconds and p95 > seconds):
            misses.append(f"p95 > {seconds} s")
        if cpu is not None and cpub and cpu > CPU_VS_BARE * cpub:
            misses.append("CPU")
        if errors:
            misses.append("errors")
        kb = f"{_fmt(m(rows, 'wire_kb'), 1)}/{_fmt(m(rows, 'body_kb'), 1)}"
        kbb = f"{_fmt(m(others, 'wire_kb'), 1)}/{_fmt(m(others, 'body_kb'), 1)}"
        lines.append(
            f"| {kind} | {action} | {_fmt(m(rows, 'p50_s'))} | {_fmt(p95)} "
            f"| {_fmt(p95b)} | {_ratio(p95, p95b)} | {_fmt(m(rows, 'max_s'))} "
            f"| {_fmt(m(others, 'max_s'))} | {_fmt(cpu)} | {_fmt(cpub)} "
            f"| {_ratio(cpu, cpub)} | {kb} | {kbb} | {_fmt(errors)}/{_fmt(errorsb)} "
            f"| {_fmt(m(rows, 'core0_others'))}/{_fmt(m(others, 'core0_others'))} "
            f"| {'yes' if not misses else 'no: ' + ', '.join(misses)} |"
        )
    first = [
        error
        for run in app + bare
        for row in run.get("fanout", [])
        for error in row["first_errors"]
    ]
    if first:
        lines += ["", "First errors: " + "; ".join(sorted(set(first))[:5])]

    def share(runs, key):
        return _fmt(
            _median([row.get(key) for r in runs for row in r.get("fanout", [])])
        )

    lines += [
        "",
        f"While fanning out (medians over the actions): the server used "
        f"{share(app, 'server_cpu_util')} of core 0 (bare "
        f"{share(bare, 'server_cpu_util')}); other processes took "
        f"{share(app, 'core0_others')} of core 0 during the app's actions and "
        f"{share(bare, 'core0_others')} during bare's; the load generator used "
        f"{share(app + bare, 'loadgen_cpu_util')} of core 1.",
    ]
    return lines


def _table(title: str, rows: list[tuple]) -> list[str]:
    lines = [f"### {title}", "", "| | app | bare | ratio | target |"]
    lines.append("| --- | ---: | ---: | ---: | --- |")
    for label, a, b, target in rows:
        lines.append(f"| {label} | {_fmt(a)} | {_fmt(b)} | {_ratio(a, b)} | {target} |")
    return lines


def join_table(title: str, app: list[dict], bare: list[dict]) -> list[str]:
    def m(runs, key):
        return _median([_get(r, "join", key) for r in runs])

    return _table(
        f"Join wave: {title}",
        [
            (
                "all live s",
                m(app, "all_live_s"),
                m(bare, "all_live_s"),
                f"<= {JOIN_VS_BARE}x bare",
            ),
            ("per phone p50 ms", m(app, "p50_ms"), m(bare, "p50_ms"), ""),
            ("per phone p95 ms", m(app, "p95_ms"), m(bare, "p95_ms"), ""),
            (
                "CPU ms per join",
                m(app, "cpu_ms_per_join"),
                m(bare, "cpu_ms_per_join"),
                f"<= {JOIN_CPU_VS_BARE}x bare",
            ),
            ("errors", m(app, "errors"), m(bare, "errors"), "0"),
            (
                "server's share of core 0",
                m(app, "server_cpu_util"),
                m(bare, "server_cpu_util"),
                "",
            ),
            (
                "other processes' share of core 0",
                m(app, "core0_others"),
                m(bare, "core0_others"),
                "",
            ),
        ],
    )


def refresh_table(title: str, app: list[dict], bare: list[dict]) -> list[str]:
    def m(runs, how, key):
        return _median([_get(r, "refresh", how, key) for r in runs])

    shown = next((_get(r, "refresh", "shown") for r in app if "refresh" in r), "-")
    lines = _table(
        f"Unchanged refresh: {title} (step shown: {shown})",
        [
            (
                "back on the page, socket up: requests and messages",
                m(app, "visible", "requests_per_phone"),
                m(bare, "visible", "requests_per_phone"),
                "",
            ),
            (
                "back on the page, socket up: CPU ms",
                m(app, "visible", "cpu_ms"),
                m(bare, "visible", "cpu_ms"),
                f"<= {REFRESH_CPU_MS}",
            ),
            (
                "back on the page, socket up: bytes",
                m(app, "visible", "bytes"),
                m(bare, "visible", "bytes"),
                f"<= {REFRESH_BYTES}",
            ),
            (
                "back on the page, socket down: HTTP version ask, CPU ms",
                m(app, "offline", "cpu_ms"),
                m(bare, "offline", "cpu_ms"),
                "",
            ),
            (
                "back on the page, socket down: bytes",
                m(app, "offline", "bytes"),
                m(bare, "offline", "bytes"),
                f"<= {REFRESH_BYTES}",
            ),
            (
                "fragments refetched (any of the three)",
                max(
                    m(app, how, "refetched_per_phone") or 0
                    for how in ("visible", "offline", "reconnect")
                ),
                max(
                    m(bare, how, "refetched_per_phone") or 0
                    for how in ("visible", "offline", "reconnect")
                ),
                "0",
            ),
            (
                "reconnect (socket handshake, version in its auth): CPU ms",
                m(app, "reconnect", "cpu_ms"),
                m(bare, "reconnect", "cpu_ms"),
                "",
            ),
            (
                "reconnect: bytes after the handshake",
                m(app, "reconnect", "bytes"),
                m(bare, "reconnect", "bytes"),
                "",
            ),
            ("errors", m(app, "visible", "errors"), m(bare, "visible", "errors"), "0"),
        ],
    )
    return lines
