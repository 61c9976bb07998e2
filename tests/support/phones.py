"""Simulated phones and screens that behave as the page's live.js and offline.js.

A phone holds its session cookie and CSRF token (from tests.support.seed, or by joining
through the QR link), answers over HTTP with a key, and keeps an answer the
server did not store: after a lost connection it sends it again at the next
occasion (a second later, or at once when its socket connects again), after a
429 or 5xx once Retry-After has passed, always with the same key. Its socket
follows the meeting: a step-changed with a newer version, or a reconnect that
finds a newer version, makes it refetch its step. A screen records what it
hears, with the time.
"""

import asyncio
import contextlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import aiohttp
import socketio

VERSION = re.compile(r'id="meeting-step"[^>]*?data-version="(\d+)"', re.S)
STATE = re.compile(r'class="step-title"[^>]*data-state="(\w+)"')
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')
#: what a phone waits before sending again when it heard nothing (no Retry-After)
RESEND_SECONDS = 1.0
#: htmx waits as long as the network takes; a simulated phone gives up on one
#: try after this and sends again (the server stores a key once)
REQUEST_SECONDS = 20.0


@dataclass
class Answer:
    key: str
    measure: int
    horizon: str
    statuses: list = field(default_factory=list)
    acknowledged_at: float | None = None
    sent_at: float | None = None  # when the try that was stored started

    @property
    def stored_key(self) -> str:
        return f"{self.key}:{self.horizon}:"


class Phone:
    def __init__(
        self,
        http: aiohttp.ClientSession,
        url: str,
        code: str,
        name: str,
        request_seconds: float = REQUEST_SECONDS,
    ):
        self.http = http
        self.request_seconds = request_seconds
        self.url = url
        self.code = code
        self.name = name
        self.cookie = ""
        self.csrf = ""
        self.version = 0
        self.heard_version = 0  # the newest version a message said
        self.state = ""
        self.answers: list[Answer] = []
        self.heard: list[tuple[float, str, dict]] = []
        self.reached: dict[int, float] = {}  # version -> when the phone showed it
        self.socket: socketio.AsyncClient | None = None
        self._occasion = asyncio.Event()
        self._connected_before = False
        self._refetching = False
        self._reconnecting: asyncio.Task | None = None

    @classmethod
    def seeded(cls, http, url, code, name, state: dict) -> "Phone":
        phone = cls(http, url, code, name)
        phone.cookie, phone.csrf = state["cookie"], state["csrf"]
        return phone

    def _headers(self, htmx: bool = True) -> dict:
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.csrf}
        if htmx:
            headers["HX-Request"] = "true"
        return headers

    async def _request(self, method: str, path: str, **kwargs):
        """Return (status, headers, text); status None when the network failed."""
        try:
            async with self.http.request(
                method,
                self.url + path,
                timeout=aiohttp.ClientTimeout(total=self.request_seconds),
                allow_redirects=False,
                **kwargs,
            ) as response:
                return response.status, response.headers, await response.text()
        except (aiohttp.ClientError, TimeoutError, OSError):
            return None, {}, ""

    def _take_cookie(self, headers) -> None:
        for header in headers.getall("Set-Cookie", []):
            jar = SimpleCookie(header)
            for name, morsel in jar.items():
                self.cookie = f"{name}={morsel.value}"

    async def join(self, qr_token: str) -> None:
        """Join through the QR link as a browser does, trying until it works."""
        while True:
            status, headers, text = await self._request("GET", f"/j/{qr_token}")
            if status == 200 and (token := CSRF.search(text)):
                self._take_cookie(headers)
                status, headers, _ = await self._request(
                    "POST",
                    f"/j/{qr_token}",
                    data={"csrf_token": token.group(1)},
                    headers={"Cookie": self.cookie},
                )
                if status == 302:
                    self._take_cookie(headers)
                    break
            await asyncio.sleep(RESEND_SECONDS)
        while True:  # the follow page: its CSRF token and its step
            status, _, text = await self._request(
                "GET", f"/m/{self.code}", headers={"Cookie": self.cookie}
            )
            if status == 200 and (token := CSRF.search(text)):
                self.csrf = token.group(1)
                self._show(text)
                return
            await asyncio.sleep(RESEND_SECONDS)

    def _show(self, html: str) -> None:
        version, state = VERSION.search(html), STATE.search(html)
        if version:
            self.version = int(version.group(1))
            self.reached.setdefault(self.version, time.monotonic())
        self.state = state.group(1) if state else ""

    async def refetch_step(self) -> None:
        """Refetch the step until it comes (a refetch that fails waits for more)."""
        if self._refetching:  # live.js fetches again once this one is in
            return
        self._refetching = True
        try:
            while True:
                status, _, text = await self._request(
                    "GET", f"/m/{self.code}/step", headers=self._headers()
                )
                if status == 200:
                    self._show(text)
                    if self.heard_version <= self.version:
                        return
                    continue
                await asyncio.sleep(RESEND_SECONDS)
        finally:
            self._refetching = False

    async def _catch_up(self) -> None:
        """Ask the version, as live.js does on reconnect; refetch if newer."""
        status, _, text = await self._request(
            "GET", f"/m/{self.code}/step/version", headers=self._headers(False)
        )
        if status == 200 and json.loads(text)["v"] > self.version:
            await self.refetch_step()

    async def listen(self) -> None:
        """Connect the phone's socket; it follows the meeting from then on."""
        self.socket = self._new_socket()
        await self._connect()

    def _new_socket(self) -> socketio.AsyncClient:
        client = socketio.AsyncClient(
            reconnection=True, reconnection_delay=0.5, reconnection_delay_max=3
        )

        @client.on("*")
        async def any_event(name, data=None):
            self.heard.append((time.monotonic(), name, data or {}))
            if name == "step-changed" and data:
                self.heard_version = max(self.heard_version, data.get("v", 0))
            if name == "step-changed" and data and data.get("v", 0) > self.version:
                await self.refetch_step()

        @client.on("connect")
        async def connected():
            if self._connected_before:  # may have missed messages while away
                self._occasion.set()
                await self._catch_up()
            self._connected_before = True

        @client.on("disconnect")
        async def disconnected(reason=None):
            # The page's socket.io-client reconnects when the server closes the
            # transport; python-socketio's client does not, so do it here.
            if reason == client.reason.SERVER_DISCONNECT:
                self._reconnecting = asyncio.create_task(self._connect_again())

        return client

    async def _connect(self) -> None:
        await self.socket.connect(
            self.url,
            headers={"Cookie": self.cookie},
            transports=["websocket"],
            retry=True,
            wait_timeout=REQUEST_SECONDS,
        )

    async def _connect_again(self) -> None:
        await asyncio.sleep(RESEND_SECONDS)
        self.socket = self._new_socket()  # python-socketio's own one stays stale
        with contextlib.suppress(socketio.exceptions.ConnectionError):
            await self._connect()

    async def answer(self, step_id: int, measure: int, horizon: str, key: str):
        """Send an answer and keep it until the server stored or refused it."""
        answer = Answer(key, measure, horizon)
        self.answers.append(answer)
        path = f"/m/{self.code}/polls/{step_id}/answer"
        form = {"measure": str(measure), "horizon": horizon, "key": key}
        while True:
            started = time.monotonic()
            status, headers, _ = await self._request(
                "POST", path, data=form, headers=self._headers()
            )
            answer.statuses.append(status)
            if status is not None and status < 300:
                answer.acknowledged_at = time.monotonic()
                answer.sent_at = started
                return answer
            if status in (409, 422):  # refused for good: it left the phone
                return answer
            wait = RESEND_SECONDS
            if status is not None:  # 429 or 5xx: the server said when
                wait = min(max(int(headers.get("Retry-After") or 5), 1), 300)
            await self._wait(wait)

    async def _wait(self, seconds: float) -> None:
        self._occasion.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._occasion.wait(), seconds)

    async def close(self) -> None:
        if self._reconnecting is not None:
            self._reconnecting.cancel()
        if self.socket is not None:
            await self.socket.disconnect()


class Screen:
    """The projector (or facilitator) screen's socket: what it heard, and when."""

    def __init__(self, url: str, code: str, cookie: str):
        self.url, self.code, self.cookie = url, code, cookie
        self.heard: list[tuple[float, str, dict]] = []
        self.client = socketio.AsyncClient(
            reconnection=True, reconnection_delay=0.5, reconnection_delay_max=3
        )

        @self.client.on("*")
        async def any_event(name, data=None):
            self.heard.append((time.monotonic(), name, data or {}))

    async def listen(self) -> None:
        await self.client.connect(
            self.url,
            headers={"Cookie": self.cookie},
            auth={"meeting": self.code},
            transports=["websocket"],
            wait_timeout=10,
        )

    def heard_since(self, moment: float, name: str) -> list[dict]:
        return [
            data for at, heard, data in self.heard if at >= moment and heard == name
        ]

    async def close(self) -> None:
        await self.client.disconnect()


async def staff_post(http, url: str, path: str, state: dict, attempts: int = 30):
    """Post a facilitator's action (open, close, reveal); try until it is done."""
    headers = {"Cookie": state["cookie"], "X-CSRFToken": state["csrf"]}
    for _ in range(attempts):
        try:
            async with http.post(
                url + path,
                headers=headers,
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=REQUEST_SECONDS),
            ) as response:
                if response.status in (200, 302, 303):
                    return response.status
        except (aiohttp.ClientError, TimeoutError, OSError):
            pass
        await asyncio.sleep(RESEND_SECONDS)
    raise AssertionError(f"{path} never went through")


def figures(name: str, **values) -> None:
    """Print a fault's figures for the note (shown with pytest -s)."""
    print(f"\nFIGURES {name}: {json.dumps(values)}", file=sys.stderr)
