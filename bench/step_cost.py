"""What one phone's step refetch costs, per kind and state, measured in-process.

    make bench-step   # or: python -m bench.step_cost [--requests 200]
                      #     [--profile 12] [--profile-actions open,reveal]

When the facilitator opens, closes or reveals a step every phone refetches
GET /m/<code>/step at once; bench.live measures that in the server, this measures
the request on its own: the app is called as a WSGI application (no network,
no sockets) on a migrated SQLite file with the production settings, with the
headers a browser's htmx sends (cookie, HX-Request, Accept-Encoding with br,
Accept-Language), and each request comes from another phone, as in a fan-out.
The phones are not alike (see tests.support.seed.seed_live; --alike makes them so).
Beside it, the bare reference (bench/bare_fanout.py) in the same process.
Then cProfile over as many requests again, per kind, shows where the app's
time goes.
"""

import argparse
import cProfile
import io
import os
import pstats
import time

from werkzeug.test import EnvironBuilder

from bench import bare
from tests.support import servers

ACTIONS = ("open", "close", "reveal")
#: where a refetch's time goes: label, file the function is in, its name. The
#: figures are cumulative (a function's callees included), so nested lines are
#: parts of the line above them and lines can overlap (SQL runs inside the view).
BUCKETS = [
    ("whole request (WSGI)", "flask/app.py", "wsgi_app"),
    ("  before the view (hooks, session, login)", "flask/app.py", "preprocess_request"),
    ("  the view: participant.step", "app/meetings/participant.py", "step"),
    ("    meeting by code", "app/meetings/services.py", "meeting_by_code"),
    (
        "    phone, meeting and step in one statement",
        "app/meetings/services.py",
        "phone_view",
    ),
    (
        "    what sets this phone apart (the kind's phone_variant)",
        "routes.py",
        "phone_variant",
    ),
    (
        "    shared render: look up / render once",
        "app/meetings/shared_renders.py",
        "get",
    ),
    (
        "    shared render: fill in this reply's token and keys",
        "app/meetings/shared_renders.py",
        "fill",
    ),
    (
        "    step context (the kind's phone_context)",
        "app/meetings/participant.py",
        "_step_context",
    ),
    ("      persona card dealt (and committed)", "app/personas/services.py", "deal"),
    ("    render the fragment", "flask/templating.py", "_render"),
    ("      WTForms fields rendered", "wtforms/meta.py", "render_field"),
    ("      Jinja macros called", "jinja2/runtime.py", "_invoke"),
    ("      gettext", "flask_babel/__init__.py", "gettext"),
    ("      CSRF token", "flask_wtf/csrf.py", "generate_csrf"),
    (
        "  after the view (compress, headers, session)",
        "flask/app.py",
        "finalize_request",
    ),
    ("    Flask-Compress", "flask_compress/flask_compress.py", "after_request"),
    ("      brotli itself", "~", "<method 'finish' of 'brotli.Compressor' objects>"),
    ("SQL: ORM statements", "sqlalchemy/orm/session.py", "_execute_internal"),
    ("SQL: lazy loads among them", "sqlalchemy/orm/strategies.py", "_emit_lazyload"),
    ("SQL: commits", "sqlalchemy/orm/session.py", "commit"),
    (
        "SQL: sqlite3 execute itself",
        "~",
        "<method 'execute' of 'sqlite3.Cursor' objects>",
    ),
]
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
LANGUAGES = ["nl"] * 6 + ["fr", "en", "tr", "ar"]


def _call(app, environ) -> tuple[str, int]:
    statuses = []

    def start_response(status, _headers, _exc=None):
        statuses.append(status)

    body = b"".join(app(environ, start_response))
    return statuses[-1], len(body)


def _gets(path: str, phones: list[dict]) -> list[dict]:
    return [
        EnvironBuilder(
            path=path,
            headers={
                "Cookie": phone["cookie"],
                "Accept-Language": phone.get("language", "nl"),
                "HX-Request": "true",
                "HX-Target": "meeting-step",
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        ).get_environ()
        for phone in phones
    ]


def _post(path: str, staff: dict) -> dict:
    return EnvironBuilder(
        path=path,
        method="POST",
        headers={
            "Cookie": staff["cookie"],
            "X-CSRFToken": staff["csrf"],
            "HX-Request": "true",
        },
    ).get_environ()


def _mean_ms(app, environs) -> tuple[float, str, int]:
    started = time.process_time()
    for environ in environs:
        status, size = _call(app, environ)
    spent = time.process_time() - started
    return spent / len(environs) * 1000, status, size


def measure(
    app, seeded: dict, phones: list[dict], n: int, profile_top: int, profiled=("open",)
):
    """Return {(kind, state): (ms, status, bytes)} and the profiles after the
    `profiled` actions, by (kind, action)."""
    code = seeded["code"]
    figures, profiles = {}, {}
    for step in seeded["steps"]:
        for action in ACTIONS:
            path = f"/m/{code}/steps/{step['id']}/{action}"
            status, _size = _call(app, _post(path, seeded["staff"]))
            if not status.startswith("200"):
                raise RuntimeError(f"{path}: {status}")
            timed = _gets(f"/m/{code}/step", phones[:n])
            figures[step["kind"], action] = _mean_ms(app, timed)
            if profile_top and action in profiled:
                environs = _gets(f"/m/{code}/step", phones[n : 2 * n])
                profiler = cProfile.Profile()
                profiler.enable()
                for environ in environs:
                    _call(app, environ)
                profiler.disable()
                profiles[step["kind"], action] = summary(profiler, n, profile_top)
    return figures, profiles


def summary(profiler: cProfile.Profile, n: int, top: int) -> str:
    """Where the time of n profiled requests went, per request."""
    stats = pstats.Stats(profiler).stats
    lines = ["| where | ms per request | calls per request |", "| --- | ---: | ---: |"]
    for label, where, name in BUCKETS:
        found = [
            (calls, cumulative)
            for (file, _line, function), (
                calls,
                _n,
                _t,
                cumulative,
                _c,
            ) in stats.items()
            if function == name and file.endswith(where)
        ]
        if found:
            calls = sum(c for c, _ in found)
            ms = sum(t for _, t in found) * 1000 / n
            lines.append(f"| {label} | {ms:.2f} | {calls / n:.1f} |")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    own = [
        line
        for line in out.getvalue().splitlines()
        if line.strip() and line.lstrip()[:1].isdigit()
    ]
    lines += ["", f"Most time in a function itself (tottime, of {n} requests):", ""]
    lines += ["    " + line.replace(str(servers.ROOT), ".") for line in own]
    return "\n".join(lines)


def _timed(app, environ) -> tuple[float, str, list, bytes]:
    """Call the app once; return its CPU ms, status, headers and body."""
    got = []

    def start_response(status, headers, _exc=None):
        got.append((status, headers))

    started = time.process_time()
    body = b"".join(app(environ, start_response))
    spent = (time.process_time() - started) * 1000
    return spent, got[-1][0], got[-1][1], body


def _cookie(headers: list, cookie: str) -> str:
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("session="):
            return value.split(";", 1)[0]
    return cookie


def _decoded(headers: list, body: bytes) -> str:
    from bench.live import decode

    encoding = {k.lower(): v for k, v in headers}.get("content-encoding", "")
    return decode(body, encoding).decode()


def join_costs(app, qr_token: str, n: int) -> dict[str, float]:
    """CPU ms of each request of a phone's join through the QR link, mean of n
    new phones (the socket's connect is not in it)."""
    import re

    spent = {"GET join page": 0.0, "POST join form": 0.0, "GET follow page": 0.0}
    path = f"/j/{qr_token}"
    for i in range(n):
        headers = {
            "Accept-Language": LANGUAGES[i % len(LANGUAGES)],
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        ms, status, got, body = _timed(
            app, EnvironBuilder(path=path, headers=headers).get_environ()
        )
        spent["GET join page"] += ms
        cookie = _cookie(got, "")
        token = re.search(
            r'name="csrf_token"[^>]*value="([^"]+)"', _decoded(got, body)
        ).group(1)
        form = EnvironBuilder(
            path=path,
            method="POST",
            data={"csrf_token": token, "go": "1"},
            headers={**headers, "Cookie": cookie},
        )
        ms, status, got, _body = _timed(app, form.get_environ())
        spent["POST join form"] += ms
        if not status.startswith("302"):
            raise RuntimeError(f"join form: {status}")
        cookie = _cookie(got, cookie)
        location = dict(got)["Location"]
        if "://" in location:
            location = "/" + location.split("/", 3)[3]
        follow = EnvironBuilder(path=location, headers={**headers, "Cookie": cookie})
        ms, status, _got, _body = _timed(app, follow.get_environ())
        spent["GET follow page"] += ms
        if not status.startswith("200"):
            raise RuntimeError(f"follow page: {status}")
    return {label: ms / n for label, ms in spent.items()}


def version_cost(app, code: str, phones: list[dict]) -> float:
    """CPU ms of the unchanged refresh's request, GET /m/<code>/step/version."""
    environs = [
        EnvironBuilder(
            path=f"/m/{code}/step/version",
            headers={"Cookie": phone["cookie"], "Accept-Encoding": ACCEPT_ENCODING},
        ).get_environ()
        for phone in phones
    ]
    return _mean_ms(app, environs)[0]


def bare_phones(app, seeded: dict, count: int) -> list[dict]:
    """Join `count` phones to the bare reference through its QR link."""
    import re

    from werkzeug.test import Client

    cookies = []
    for _ in range(count):
        client = Client(app)
        page = client.get(f"/j/{seeded['qr_token']}")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
        client.post(f"/j/{seeded['qr_token']}", data={"csrf_token": token.group(1)})
        cookie = client.get_cookie("session")
        cookies.append({"cookie": f"session={cookie.value}"})
    return cookies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--profile", type=int, default=12, help="lines of each profile; 0: none"
    )
    parser.add_argument(
        "--profile-actions",
        default="open",
        help="profile the refetch after these actions, e.g. open,reveal",
    )
    parser.add_argument(
        "--alike",
        action="store_true",
        help="every phone Dutch, no home described, no answers: the best case for "
        "the app's shared renders",
    )
    args = parser.parse_args()
    n = args.requests
    work = servers.workdir()
    env = servers.app_env(work)
    servers.flask(env, "db", "upgrade")
    bare_env = bare.bare_live_env(work)
    # Both read their settings on import: set them first.
    os.environ.update(env, **bare_env, SOCKETIO_ASYNC_MODE="threading")
    os.environ["BARE_ASYNC_MODE"] = "threading"
    from app import create_app
    from bench import bare_fanout
    from tests.support.seed import seed_live

    seeded = seed_live(phones=2 * n, variety=not args.alike)
    app = create_app()
    app_figures, profiles = measure(
        app,
        seeded,
        seeded["phones"],
        n,
        args.profile,
        tuple(a for a in args.profile_actions.split(",") if a),
    )
    bare_seeded = bare_fanout.seed()
    cookies = bare_phones(bare_fanout.app, bare_seeded, n)
    bare_figures, _ = measure(bare_fanout.app, bare_seeded, cookies, n, 0)
    app_version = version_cost(app, seeded["code"], seeded["phones"][:n])
    bare_version = version_cost(bare_fanout.app, bare_seeded["code"], cookies)
    app_join = join_costs(app, seeded["qr_token"], n)
    bare_join = join_costs(bare_fanout.app, bare_seeded["qr_token"], n)

    print(
        f"CPU ms per GET /m/<code>/step, mean of {n} phones each, in-process; "
        + (
            "every phone alike"
            if args.alike
            else "phones in 5 languages, half with their home described, two "
            "thirds with 1-4 poll answers"
        )
    )
    print("| step | state | app ms | bare ms | ratio | app bytes | bare bytes |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for (kind, action), (ms, status, size) in app_figures.items():
        bms, _bstatus, bsize = bare_figures[kind, action]
        state = {"open": "open", "close": "closed", "reveal": "revealed"}[action]
        note = "" if status.startswith("200") else f" ({status})"
        print(
            f"| {kind} | {state} | {ms:.2f}{note} | {bms:.2f} | {ms / bms:.1f} "
            f"| {size} | {bsize} |"
        )
    print(
        "\nThe unchanged refresh's request and a join's requests, CPU ms, "
        f"mean of {n} phones, in-process"
    )
    print("| request | app ms | bare ms | ratio |")
    print("| --- | ---: | ---: | ---: |")
    rows = [("GET /m/<code>/step/version", app_version, bare_version)]
    rows += [(label, ms, bare_join[label]) for label, ms in app_join.items()]
    for label, ms, bms in rows:
        print(f"| {label} | {ms:.2f} | {bms:.2f} | {ms / bms:.1f} |")
    states = {"open": "open", "close": "closed", "reveal": "revealed"}
    for (kind, action), text in profiles.items():
        print(
            f"\n### Profile: {kind} step {states[action]}, "
            f"{n} phones' first refetch (cProfile)\n"
        )
        print(text)


if __name__ == "__main__":
    main()
