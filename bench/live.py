"""Phones that follow the facilitator: join wave, unchanged refresh, step fan-out.

Drives the app or the bare reference (bench/bare_fanout.py): both have the same
URLs, so the same phones measure both in the same run.

1. Join wave: every phone joins through the QR link as a browser does (GET the
   join page, POST its form with the CSRF token from the page and the cookie it
   set, GET the follow page it redirects to, connect Socket.IO with the cookie),
   at most `join_concurrency` phones at once. All live = until the last socket
   is connected.
2. Fan-out: the facilitator POSTs open/close/reveal (htmx, staff cookie and CSRF
   header); each phone that gets 'step-changed' refetches its step fragment with
   its own cookie and the headers htmx sends, when the page it shows says so (see
   `wants_refetch`), and checks that the fragment shows the step's title and new
   state. Time = from the POST to that phone's fragment received.
3. Unchanged refresh: phones become visible again / reconnect while the step
   stays as it is, and do what the page does then (see `resync`).

What the phone does is read from the fragment it holds, so the benchmark follows
the page as it changes: `hx-trigger` containing "step-changed from:body" refetches
on every message (the page before the version check), "step-stale" only for a
newer version (live.js's `follow`). A phone connects saying the version it shows
(auth {"v": n}) and hears 'step-changed' at once if that is old; after a
reconnect every element whose hx-trigger has "live-connected from:body"
refetches; back on the page with its socket up it asks nothing, and with its
socket down it asks `data-version-url` and refetches only if the version moved.

Phones are not all alike (variety=True, the default), as in a real meeting,
because the app shares one render among phones alike: they ask for Dutch, French,
English, Turkish or Arabic (Accept-Language, 6:1:1:1:1), half describe their home
when joining, and while the poll is open two thirds answer one to four of its
measures (not measured; this only gives the later steps their real spread).

HTTP goes through one aiohttp pool (`http_limit` connections, keep-alive) with
the phones' cookies set by hand; sockets are raw websocket clients
(../shared/perf/bench_load.py, as bench.phones uses them). All to 127.0.0.1.
"""

import asyncio
import collections
import json
import os
import random
import re
import secrets
import time
import zlib
from pathlib import Path

import aiohttp

from bench import phones as bench_phones
from bench.bare import SHARED_PERF  # noqa: F401 - puts bench_load on the path

bl = bench_phones.bl
#: what Chromium sends; the app and the bare reference compress br or gzip
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
ACTIONS = ("open", "close", "reveal")
#: the state each action leads to
STATES = {"open": "open", "close": "closed", "reveal": "revealed"}

_SECTION = re.compile(rb'<section id="meeting-step"[^>]*>')
_TAG = re.compile(r"<[a-zA-Z][^>]*\bhx-trigger=[^>]*>")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_PROFILE = re.compile(r'<input[^>]*name="(tenure|dwelling)"[^>]*value="([^"]*)"')
_ANSWER_URL = re.compile(r'hx-post="([^"]*/answer)"')
_MEASURE = re.compile(r'name="measure" value="(\d+)"')
_HORIZON = re.compile(r'name="horizon" value="([^"]+)"')
#: the phones' languages, one for each phone in turn
LANGUAGES = ["nl"] * 6 + ["fr", "en", "tr", "ar"]


def _attr(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def decode(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    if encoding == "gzip":
        return zlib.decompress(body, 16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompress(body)
    return body


def wire_bytes(response: aiohttp.ClientResponse, body: bytes) -> int:
    """Bytes the phone received: status line, headers and (compressed) body."""
    head = sum(len(k) + len(v) + 4 for k, v in response.raw_headers)
    return (
        len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + head + 2 + len(body)
    )


class Phone:
    """One phone: its cookies, the step fragment it shows, its socket."""

    def __init__(self, index: int, port: int, language: str = "nl"):
        self.index = index
        self.port = port
        self.language = language
        self.cookies: dict[str, str] = {}
        self.client = None
        self.version = 0
        self.trigger = ""
        self.step_url = ""
        self.version_url = None
        self.state = None
        self.shown = ""  # the fragment's text, for what resync refetches
        self.event = None  # called with (name, data) for each socket event

    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def keep_cookies(self, response: aiohttp.ClientResponse) -> None:
        for header in response.headers.getall("Set-Cookie", []):
            pair = header.split(";", 1)[0]
            name, _, value = pair.partition("=")
            if value:
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    def show(self, text: bytes) -> bool:
        """Take in a fragment or page holding #meeting-step; False if it has none."""
        found = _SECTION.search(text)
        if found is None:
            return False
        tag = found.group().decode()
        self.version = int(_attr(tag, "data-version") or 0)
        self.trigger = _attr(tag, "hx-trigger") or ""
        self.step_url = _attr(tag, "hx-get") or self.step_url
        self.version_url = _attr(tag, "data-version-url")
        state = re.search(rb'class="step-title"[^>]*data-state="(\w+)"', text)
        self.state = state.group(1).decode() if state else None
        self.shown = text.decode()
        return True


def wants_refetch(phone: Phone, version) -> bool:
    """Whether the page refetches its step on a 'step-changed' message."""
    if "step-changed" in phone.trigger:  # every message refetches
        return True
    if "step-stale" in phone.trigger:  # live.js: only a newer version
        try:
            return int(version) > phone.version
        except (TypeError, ValueError):
            return False
    return False


class Follower(bench_phones.PhoneClient):
    """A raw Socket.IO client handing each event to its phone."""

    def __init__(self, lg, host, port, headers, phone):
        super().__init__(lg, host, port, headers)
        self.phone = phone

    def _frame(self, b0, payload):
        if b0 & 0x0F in (0x0, 0x1) and payload[:1] == b"0":  # engine.io OPEN
            # live.js connects saying which version of its step the page shows
            self.send(b"40" + json.dumps({"v": self.phone.version}).encode())
            return
        if b0 & 0x0F in (0x0, 0x1) and payload[:2] == b"42":
            if self.phone.event is not None:
                try:
                    event = json.loads(payload[2:])
                except ValueError:
                    return
                self.phone.event(event[0], event[1] if len(event) > 1 else None)
            return
        super()._frame(b0, payload)


def cpu_seconds(pid: int) -> float:
    """CPU seconds of every thread of a process, to the nanosecond (schedstat);
    /proc/<pid>/stat counts in 10 ms ticks, too coarse for one small action."""
    try:
        tasks = Path(f"/proc/{pid}/task")
        return (
            sum(
                int((task / "schedstat").read_text().split()[0])
                for task in tasks.iterdir()
            )
            / 1e9
        )
    except (OSError, ValueError, IndexError):
        return bl.proc_cpu(pid) or 0.0


def core_busy(core: int = 0) -> float:
    """Seconds core `core` has been busy (every process), from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            for line in f:
                if line.startswith(f"cpu{core} "):
                    ticks = [int(x) for x in line.split()[1:]]
                    busy = sum(ticks[:3]) + sum(ticks[5:8])  # not idle, not iowait
                    return busy / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        pass
    return 0.0


def _others(busy0: float, cpu: float, seconds: float):
    """Share of the wall time core 0 spent on processes other than the servers:
    another engineer's tests or a browser on the servers' core stretch every
    latency, not the CPU per request."""
    if not seconds:
        return None
    return round(max(0.0, core_busy() - busy0 - cpu) / seconds, 2)


def _pct_ms(values: list[float], q: float):
    return round(bl.pct(values, q) * 1000, 1) if values else None


class Live:
    def __init__(
        self,
        seed: dict,
        ports: list[int],
        pids: list[int],
        host: str,
        variety: bool = True,
    ):
        self.seed = seed
        self.variety = variety
        self.ports = ports
        self.pids = pids
        self.host = host
        self.code = seed["code"]
        self.lg = bl.LoadGen(bench_phones.options(seed["code"]))
        self.http: aiohttp.ClientSession | None = None
        self.closed = 0  #: sockets the benchmark closed itself (reconnects)

    def url(self, phone_or_port, path: str) -> str:
        port = phone_or_port.port if isinstance(phone_or_port, Phone) else phone_or_port
        return f"http://{self.host}:{port}{path}"

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids)

    async def get(self, phone: Phone, path: str, headers: dict, **options):
        async with self.http.get(
            self.url(phone, path),
            headers={
                "Cookie": phone.cookie(),
                "Accept-Language": phone.language,
                **headers,
            },
            allow_redirects=False,
            **options,
        ) as response:
            body = await response.read()
            phone.keep_cookies(response)
            return response, body

    # ------------------------------------------------------------ join wave
    async def join_one(self, phone: Phone) -> float:
        t0 = time.monotonic()
        page = {"Accept": "text/html", "Accept-Encoding": ACCEPT_ENCODING}
        join_path = f"/j/{self.seed['qr_token']}"
        response, body = await self.get(phone, join_path, page)
        text = decode(body, response.headers.get("Content-Encoding", "")).decode()
        found = _CSRF.search(text)
        if response.status != 200 or found is None:
            raise RuntimeError(f"join page {response.status}")
        form = {"csrf_token": found.group(1), "go": "1"}
        if self.variety and phone.index % 2 == 0:  # half describe their home
            choices: dict[str, list[str]] = {}
            for name, value in _PROFILE.findall(text):
                if value:
                    choices.setdefault(name, []).append(value)
            for name, values in choices.items():
                form[name] = values[(phone.index // 2) % len(values)]
        async with self.http.post(
            self.url(phone, join_path),
            data=form,
            headers={
                "Cookie": phone.cookie(),
                "Accept-Language": phone.language,
                **page,
            },
            allow_redirects=False,
        ) as posted:
            await posted.read()
            phone.keep_cookies(posted)
            location = posted.headers.get("Location", "")
        if posted.status not in (302, 303) or not location:
            raise RuntimeError(f"join form {posted.status}")
        path = "/" + location.split("/", 3)[3] if "://" in location else location
        response, body = await self.get(phone, path, page)
        text = decode(body, response.headers.get("Content-Encoding", ""))
        if response.status != 200 or not phone.show(text):
            raise RuntimeError(f"follow page {response.status}")
        await self.connect(phone)
        return time.monotonic() - t0

    async def connect(self, phone: Phone) -> None:
        """Connect the phone's socket with its cookie, as the page does."""
        loop = asyncio.get_running_loop()
        t0 = time.monotonic()
        _transport, client = await loop.create_connection(
            lambda: Follower(
                self.lg, self.host, phone.port, [f"Cookie: {phone.cookie()}"], phone
            ),
            self.host,
            phone.port,
        )
        client.t0 = t0
        await asyncio.wait_for(client.ready, self.lg.a.conn_timeout)
        phone.client = client

    async def join_wave(self, n: int, concurrency: int) -> tuple[list[Phone], dict]:
        semaphore = asyncio.Semaphore(concurrency)
        languages = LANGUAGES if self.variety else ["nl"]
        phones = [
            Phone(i, self.ports[i % len(self.ports)], languages[i % len(languages)])
            for i in range(n)
        ]
        times, errors = [], []

        async def one(phone):
            async with semaphore:
                try:
                    times.append(await self.join_one(phone))
                    return phone
                except Exception as error:
                    errors.append(repr(error)[:120])
                    return None

        cpu0, lcpu0, busy0 = self.cpu(), time.process_time(), core_busy()
        t0 = time.monotonic()
        joined = await asyncio.gather(*(one(p) for p in phones))
        took = time.monotonic() - t0
        cpu = self.cpu() - cpu0
        others = _others(busy0, cpu, took)
        times.sort()
        live = [p for p in joined if p is not None]
        return live, {
            "n": n,
            "live": len(live),
            "errors": len(errors),
            "first_errors": errors[:3],
            "all_live_s": round(took, 3),
            "p50_ms": _pct_ms(times, 0.5),
            "p95_ms": _pct_ms(times, 0.95),
            "cpu_ms_per_join": round(cpu * 1000 / max(1, len(live)), 3),
            "server_cpu_util": round(cpu / took, 2),
            "core0_others": others,
            "loadgen_cpu_util": round((time.process_time() - lcpu0) / took, 2),
        }

    # ------------------------------------------------------------ fan-out
    async def refetch(self, phone: Phone, version, expect: dict, t0: float, out):
        headers = {
            "HX-Request": "true",
            "HX-Trigger": "meeting-step",
            "HX-Target": "meeting-step",
            "HX-Current-URL": self.url(phone, f"/m/{self.code}"),
            "Accept": "*/*",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        try:
            response, body = await self.get(phone, phone.step_url, headers)
            text = decode(body, response.headers.get("Content-Encoding", ""))
            took = time.monotonic() - t0
            out["wire"].append(wire_bytes(response, body))
            out["body"].append(len(text))
            if response.status != 200 or not phone.show(text):
                out["errors"].append(f"status {response.status}")
            elif phone.state != expect["state"] or expect["title"] not in phone.shown:
                out["errors"].append(f"shows {phone.state} v{phone.version}")
            elif version is not None and phone.version < int(version):
                out["errors"].append(f"old version {phone.version} < {version}")
            else:
                out["times"].append(took)
                out["done"].add(phone.index)
        except Exception as error:
            out["errors"].append(type(error).__name__)
        finally:
            out["pending"] -= 1

    async def action(self, phones: list[Phone], step: dict, action: str, wait: float):
        expect = {"state": STATES[action], "title": step["title"]}
        out = {
            "times": [],
            "errors": [],
            "wire": [],
            "body": [],
            "done": set(),
            "pending": 0,
            "messages": 0,
            "skipped": 0,
            "last_message": None,
        }
        tasks = []
        t0 = 0.0

        def on_event(phone):
            def handle(name, data):
                if name != "step-changed":
                    return
                out["messages"] += 1
                out["last_message"] = time.monotonic()
                version = data.get("v") if isinstance(data, dict) else None
                if wants_refetch(phone, version):
                    out["pending"] += 1
                    tasks.append(
                        asyncio.ensure_future(
                            self.refetch(phone, version, expect, t0, out)
                        )
                    )
                else:
                    out["skipped"] += 1

            return handle

        for phone in phones:
            phone.event = on_event(phone)
        staff = self.seed["staff"]
        cpu0, lcpu0, busy0 = self.cpu(), time.process_time(), core_busy()
        t0 = time.monotonic()
        async with self.http.post(
            self.url(self.ports[0], f"/m/{self.code}/steps/{step['id']}/{action}"),
            headers={
                "Cookie": staff["cookie"],
                "X-CSRFToken": staff["csrf"],
                "HX-Request": "true",
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        ) as response:
            await response.read()
            post_status = response.status
        post_s = time.monotonic() - t0
        deadline = t0 + wait
        while time.monotonic() < deadline and (
            len(out["done"]) + len(out["errors"]) < len(phones) or out["pending"]
        ):
            await asyncio.sleep(0.005)
        took = time.monotonic() - t0
        cpu = self.cpu() - cpu0
        lcpu = time.process_time() - lcpu0
        others = _others(busy0, cpu, took)
        for task in tasks:
            if not task.done():
                task.cancel()
        missing = len(phones) - len(out["done"])
        times = sorted(out["times"])
        refetches = len(out["wire"])
        for phone in phones:
            phone.event = None
        return {
            "kind": step["kind"],
            "action": action,
            "n": len(phones),
            "post_status": post_status,
            "post_ms": round(post_s * 1000, 1),
            "messages": out["messages"],
            "refetches": refetches,
            "skipped": out["skipped"],
            "shown": len(out["done"]),
            "errors": missing + (post_status != 200),
            "first_errors": out["errors"][:3],
            "p50_s": round(bl.pct(times, 0.5), 3) if times else None,
            "p95_s": round(bl.pct(times, 0.95), 3) if times else None,
            "max_s": round(times[-1], 3) if times else None,
            "cpu_ms_per_refetch": round(cpu * 1000 / max(1, refetches), 3),
            "wire_kb": round(sum(out["wire"]) / max(1, refetches) / 1024, 2),
            "body_kb": round(sum(out["body"]) / max(1, refetches) / 1024, 2),
            "last_message_s": round(out["last_message"] - t0, 3)
            if out["last_message"]
            else None,
            "seconds": round(took, 3),
            "server_cpu_util": round(cpu / took, 2) if took else None,
            "core0_others": others,
            "loadgen_cpu_util": round(lcpu / took, 2) if took else None,
        }

    # ------------------------------------------------------------ answers
    async def answer_round(self, phones: list[Phone], share=2 / 3, most=4) -> dict:
        """Some phones answer some measures of the open poll they show, as
        residents do between open and close; not measured."""
        rng = random.Random(18)
        semaphore = asyncio.Semaphore(50)
        out = {"phones": 0, "answers": 0, "stored": 0, "errors": []}

        async def one(phone):
            url = _ANSWER_URL.search(phone.shown)
            measures = sorted(set(_MEASURE.findall(phone.shown)))
            horizons = list(dict.fromkeys(_HORIZON.findall(phone.shown)))
            csrf = _CSRF.search(phone.shown)
            if not (url and measures and horizons and csrf):
                return
            out["phones"] += 1
            count = rng.randint(1, min(most, len(measures)))
            for measure in rng.sample(measures, count):
                data = {
                    "measure": measure,
                    "horizon": rng.choice(horizons),
                    "barrier": "",
                    "key": secrets.token_urlsafe(12),
                    "csrf_token": csrf.group(1),
                }
                async with semaphore:
                    out["answers"] += 1
                    try:
                        async with self.http.post(
                            self.url(phone, url.group(1)),
                            data=data,
                            headers={
                                "Cookie": phone.cookie(),
                                "Accept-Language": phone.language,
                                "HX-Request": "true",
                                "X-CSRFToken": csrf.group(1),
                                "Accept-Encoding": ACCEPT_ENCODING,
                            },
                        ) as response:
                            await response.read()
                            phone.keep_cookies(response)
                            if response.status == 200:
                                out["stored"] += 1
                            else:
                                out["errors"].append(f"status {response.status}")
                    except Exception as error:
                        out["errors"].append(type(error).__name__)

        await asyncio.gather(*(one(p) for p in phones if rng.random() < share))
        out["first_errors"] = out["errors"][:3]
        out["errors"] = len(out["errors"])
        return out

    # ------------------------------------------------------------ unchanged refresh
    async def resync(self, phone: Phone, how: str) -> tuple[int, int, int]:
        """What live.js does on return to the page or `online` (`how` is
        "visible": its socket stayed up; "offline": its socket is down) and
        after a reconnect ("reconnect": the socket is up again).

        Returns (requests, wire bytes, fragments refetched)."""
        requests = wire = refetched = 0
        hx = {
            "HX-Request": "true",
            "Accept": "*/*",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        if how == "reconnect":
            # htmx.trigger(body, 'live-connected'): every listener refetches; a
            # missed step change the server says on connect (auth carries v)
            for tag in _TAG.findall(phone.shown):
                if "live-connected" in (_attr(tag, "hx-trigger") or ""):
                    url = _attr(tag, "hx-get")
                    if url:
                        response, body = await self.get(phone, url, hx)
                        requests, wire = requests + 1, wire + wire_bytes(response, body)
                        refetched += 1
        elif how == "offline" and phone.version_url:
            # catchUp(): ask the version over HTTP, refetch the step only if it
            # moved (with the socket up it asks nothing: every message arrives)
            plain = {"Accept": "*/*", "Accept-Encoding": ACCEPT_ENCODING}
            response, body = await self.get(phone, phone.version_url, plain)
            requests, wire = requests + 1, wire + wire_bytes(response, body)
            if response.status != 200:
                raise RuntimeError(f"version {response.status}")
            text = decode(body, response.headers.get("Content-Encoding", ""))
            if int(json.loads(text)["v"]) > phone.version:
                response, body = await self.get(phone, phone.step_url, hx)
                requests, wire = requests + 1, wire + wire_bytes(response, body)
                refetched += 1
        return requests, wire, refetched

    async def refresh(self, phones: list[Phone], samples: int, how: str):
        """Unchanged refresh of `samples` phones, 10 at a time (see resync)."""
        chosen = phones[:samples]
        semaphore = asyncio.Semaphore(10)
        totals = {"requests": 0, "wire": 0, "refetched": 0}
        errors = []

        async def one(phone):
            async with semaphore:
                try:
                    if how == "reconnect":
                        self.closed += 1
                        phone.client.tr.close()
                        await self.connect(phone)
                    requests, wire, refetched = await self.resync(phone, how)
                    totals["requests"] += requests
                    totals["wire"] += wire
                    totals["refetched"] += refetched
                except Exception as error:
                    errors.append(repr(error)[:120])

        await asyncio.sleep(0.3)
        cpu0 = self.cpu()
        t0 = time.monotonic()
        await asyncio.gather(*(one(p) for p in chosen))
        took = time.monotonic() - t0
        cpu = self.cpu() - cpu0
        count = max(1, len(chosen))
        return {
            "samples": len(chosen),
            "errors": len(errors),
            "first_errors": errors[:3],
            "requests_per_phone": round(totals["requests"] / count, 2),
            "refetched_per_phone": round(totals["refetched"] / count, 2),
            "cpu_ms": round(cpu * 1000 / count, 3),
            "bytes": round(totals["wire"] / count),
            "seconds": round(took, 3),
        }


async def run(seed: dict, ports: list[int], pids: list[int], **options) -> dict:
    """One target on its own: see run_side_by_side."""
    return (await run_side_by_side([(seed, ports, pids)], **options))[0]


async def run_side_by_side(
    targets: list[tuple[dict, list[int], list[int]]],
    *,
    n: int,
    parts: set[str] = frozenset({"join", "fanout", "refresh"}),
    steps: list[str] | None = None,
    join_concurrency: int = 50,
    http_limit: int = 100,
    refresh_samples: int = 200,
    variety: bool = True,
    host: str = "127.0.0.1",
) -> list[dict]:
    """Join n phones to each target (seed, ports, pids), then fan out every
    action of every step (or of `steps` kinds) on each target in turn, the
    order alternating from one action to the next; the unchanged refresh runs
    right after the first step opened.

    Taking turns action by action (not one whole run after the other) puts
    the app and its bare reference in the same minutes of a machine that other
    work shares, so their ratio holds when the machine's speed does not."""
    lives = [Live(seed, p, pids, host, variety) for seed, p, pids in targets]
    results = [{"n": n, "fanout": []} for _ in targets]
    sessions = [
        aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=http_limit),
            timeout=aiohttp.ClientTimeout(total=60),
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
        )
        for _ in targets
    ]
    phones: list[list[Phone]] = []
    try:
        for live, result, http in zip(lives, results, sessions, strict=True):
            live.http = http
            joined, result["join"] = await live.join_wave(n, join_concurrency)
            phones.append(joined)
            await asyncio.sleep(0.5)
        kinds = [s["kind"] for s in targets[0][0]["steps"]]
        kinds = [k for k in kinds if steps is None or k in steps]
        if "fanout" not in parts:  # the refresh needs one step opened, no more
            kinds = kinds[:1] if "refresh" in parts else []
        wait = 10 + n * 0.04
        for i, (kind, action) in enumerate((k, a) for k in kinds for a in ACTIONS):
            order = list(range(len(targets)))
            if i % 2:
                order.reverse()
            for t in order:
                live, result, mine = lives[t], results[t], phones[t]
                step = next(s for s in live.seed["steps"] if s["kind"] == kind)
                result["fanout"].append(await live.action(mine, step, action, wait))
                await asyncio.sleep(0.3)
                if i == 0 and "refresh" in parts:
                    result["refresh"] = {
                        "shown": f"{kind} {STATES[action]}",
                        **{
                            how: await live.refresh(mine, refresh_samples, how)
                            for how in ("visible", "offline", "reconnect")
                        },
                    }
                if variety and kind == "poll" and action == "open":
                    result["answers"] = await live.answer_round(mine)
                    await asyncio.sleep(0.3)
            if "fanout" not in parts and "refresh" in results[0]:
                break
        for live, result, mine in zip(lives, results, phones, strict=True):
            result["lost_connections"] = live.lg.lost - live.closed
            # What each phone shows at the end: the last step's title and state.
            last = next(
                (s for s in live.seed["steps"] if kinds and s["kind"] == kinds[-1]),
                None,
            )
            result["final"] = {
                "step": last and last["title"],
                "states": dict(collections.Counter(p.state for p in mine)),
                "with_title": sum(
                    bool(last) and last["title"] in p.shown for p in mine
                ),
            }
    finally:
        for mine in phones:
            for phone in mine:
                if phone.client is not None:
                    phone.client.tr.close()
        for http in sessions:
            await http.close()
    return results
