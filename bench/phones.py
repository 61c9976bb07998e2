"""Simulated phones for the app, measured as bench_load.py measures the bare server.

Each phone holds its own session cookie and CSRF token (made by tests.support.seed),
listens over a raw Socket.IO websocket, and answers the poll with an htmx-style HTTP
POST, just as the real page does. A screen client (the presenter) listens for
'poll-results', whose running answer count gives answer -> screen latency.
Protocol framing and the observers come from ../shared/perf/bench_load.py.
"""

import argparse
import asyncio
import json
import random
import sys
import time

import aiohttp

from bench.bare import SHARED_PERF

sys.path.insert(0, str(SHARED_PERF))
import bench_load as bl


class PhoneClient(bl.RawClient):
    """A raw Socket.IO client that sends its own cookie in the handshake."""

    def __init__(self, lg, host, port, headers, observer=None):
        super().__init__(lg, host, port, observer)
        self.headers = headers

    def connection_made(self, transport):
        a = self.lg.a
        saved = a.header, a.observer_header
        a.header = a.observer_header = self.headers
        try:
            super().connection_made(transport)
        finally:
            a.header, a.observer_header = saved


async def connect(lg, host, port, headers, observer=None):
    loop = asyncio.get_running_loop()
    t0 = time.monotonic()
    _transport, client = await loop.create_connection(
        lambda: PhoneClient(lg, host, port, headers, observer), host, port
    )
    client.t0 = t0
    latency = await asyncio.wait_for(client.ready, lg.a.conn_timeout)
    return client, latency


def options(code: str) -> argparse.Namespace:
    return argparse.Namespace(
        sio_path="/socket.io/",
        namespace="/",
        header=[],
        observer_header=[],
        auth="",
        observer_auth=json.dumps({"meeting": code}),
        join_event="",
        join_data="",
        observer_join_event="",
        observer_join_data="",
        vote_event="vote",
        vote_data="",
        results_event="poll-results",
        latency="count",
        probe_key="p",
        count_key="n",
        count_regex="",
        deflate=False,
        conn_timeout=30,
    )


def _cpu(pids: list[int]) -> float:
    """CPU seconds of every app process serving the phones, together."""
    return sum(bl.proc_cpu(pid) for pid in pids)


def _rss_kb(pids: list[int]) -> int:
    return sum(bl.proc_rss_kb(pid) for pid in pids)


async def run(
    seed: dict,
    ports: list[int],
    pids: list[int],
    *,
    n: int,
    rate: float,
    duration: float,
    burst_window: float = 2.0,
    host: str = "127.0.0.1",
) -> dict:
    lg = bl.LoadGen(options(seed["code"]))
    phones = seed["phones"][:n]
    result = {"n": len(phones), "rate": rate, "duration": duration}
    screen_headers = [f"Cookie: {seed['screen']['cookie']}"]
    observer, _ = await connect(lg, host, ports[-1], screen_headers, observer=lg.first)
    await asyncio.sleep(0.5)

    rss0 = _rss_kb(pids)
    semaphore = asyncio.Semaphore(50)
    latencies, errors = [], []

    async def join(i):
        async with semaphore:
            try:
                client, lat = await connect(
                    lg, host, ports[i % len(ports)], [f"Cookie: {phones[i]['cookie']}"]
                )
                latencies.append(lat)
                return client
            except Exception as error:
                errors.append(repr(error)[:100])
                return None

    cpu0 = _cpu(pids)
    t0 = time.monotonic()
    clients = await asyncio.gather(*(join(i) for i in range(len(phones))))
    took = time.monotonic() - t0
    await asyncio.sleep(1.0)
    rss1 = _rss_kb(pids)
    latencies.sort()
    result["connect"] = {
        "ok": sum(c is not None for c in clients),
        "errors": len(errors),
        "first_errors": errors[:3],
        "total_s": round(took, 2),
        "p50_ms": round(bl.pct(latencies, 0.5) * 1000, 1) if latencies else None,
        "p95_ms": round(bl.pct(latencies, 0.95) * 1000, 1) if latencies else None,
        "server_cpu_s": round(_cpu(pids) - cpu0, 2),
        "rss_after_mb": round(rss1 / 1024, 1),
        "kb_per_client": round((rss1 - rss0) / max(1, len(phones)), 1),
    }

    url = f"http://{host}:%d/m/{seed['code']}/polls/{seed['step_id']}/answer"
    connector = aiohttp.TCPConnector(limit=64)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=30)
    ) as http:

        async def answer(i, measure, horizon, scheduled, lats, errs, acks):
            phone = phones[i]
            data = {
                "measure": str(measure),
                "horizon": horizon,
                "barrier": "",
                "key": f"bench{i:05d}m{measure}{random.getrandbits(32):08x}",
                "csrf_token": phone["csrf"],
            }
            headers = {
                "Cookie": phone["cookie"],
                "HX-Request": "true",
                "X-CSRFToken": phone["csrf"],
            }
            try:
                async with http.post(
                    url % ports[i % len(ports)], data=data, headers=headers
                ) as response:
                    await response.read()
                    if response.status == 200:
                        acks.append(1)
                    else:
                        errs.append(response.status)
            except Exception as error:
                errs.append(type(error).__name__)
            lats.append(time.monotonic() - scheduled)

        horizons = ["done", "1y", "5y", "not_now", "not_possible"]
        measures = seed["measures"]

        # Poll round: every phone answers the first measure once within the window.
        base = lg.first.max_n
        lg.first.target_n, lg.first.target_t = base + len(phones), None
        lats, errs, acks, tasks = [], [], [], []
        schedule = sorted(
            (random.random() * burst_window, i) for i in range(len(phones))
        )
        cpu0 = _cpu(pids)
        tb = time.monotonic()
        for offset, i in schedule:
            wait = offset - (time.monotonic() - tb)
            if wait > 0:
                await asyncio.sleep(wait)
            tasks.append(
                asyncio.ensure_future(
                    answer(
                        i,
                        measures[0],
                        random.choice(horizons),
                        tb + offset,
                        lats,
                        errs,
                        acks,
                    )
                )
            )
        sent = time.monotonic() - tb
        await asyncio.wait(tasks, timeout=30)
        last_ack = time.monotonic() - tb
        deadline = time.monotonic() + 10
        while lg.first.target_t is None and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        seen = (lg.first.target_t - tb) if lg.first.target_t else None
        lats.sort()
        result["burst"] = {
            "answers": len(phones),
            "acknowledged": len(acks),
            "errors": len(errs),
            "sent_s": round(sent, 2),
            "last_ack_s": round(last_ack, 3),
            "all_seen_s": round(seen, 3) if seen else None,
            "after_last_send_ms": round((seen - sent) * 1000, 1) if seen else None,
            "max_n_seen": lg.first.max_n,
            "server_cpu_s": round(_cpu(pids) - cpu0, 2),
            "http": {
                "p50_ms": round(bl.pct(lats, 0.5) * 1000, 1),
                "p95_ms": round(bl.pct(lats, 0.95) * 1000, 1),
            },
        }
        lg.first.target_n = None
        await asyncio.sleep(1.0)

        # Sustained: open-loop answers at `rate`, each a household's first answer
        # to another measure, so the screen's count rises with every one.
        pairs = [(i, m) for m in measures[1:] for i in range(len(phones))]
        random.shuffle(pairs)
        base = lg.first.max_n
        obs0 = lg.first.msgs
        ids, lats, errs, acks, tasks = [], [], [], [], []
        sent = 0
        cpu0 = _cpu(pids)
        ts = time.monotonic()
        while time.monotonic() - ts < duration and sent < len(pairs):
            due = min(int(rate * (time.monotonic() - ts)), len(pairs)) - sent
            for _ in range(due):
                i, measure = pairs[sent]
                sent += 1
                lg.probe_sent[sent] = time.monotonic()
                lg.count_probes.append((base + sent, sent))
                ids.append(sent)
                tasks.append(
                    asyncio.ensure_future(
                        answer(
                            i,
                            measure,
                            random.choice(horizons),
                            ts + sent / rate,
                            lats,
                            errs,
                            acks,
                        )
                    )
                )
            await asyncio.sleep(0.005)
        seconds = time.monotonic() - ts
        cpu = _cpu(pids) - cpu0
        if tasks:
            await asyncio.wait(tasks, timeout=30)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(
            i not in lg.first.probe_lat for i in ids
        ):
            await asyncio.sleep(0.02)
        lats.sort()
        result["sustained"] = {
            "offered": sent,
            "acknowledged": len(acks),
            "errors": len(errs),
            "seconds": round(seconds, 2),
            "processed_per_s": round(len(acks) / seconds, 1),
            "server_cpu_util": round(cpu / seconds, 2),
            "server_cpu_ms_per_vote": round(cpu * 1000 / max(1, len(acks)), 3),
            "broadcasts": lg.first.msgs - obs0,
            "latency": bl.lat_summary(lg.first, ids),
            "http": {
                "p50_ms": round(bl.pct(lats, 0.5) * 1000, 1) if lats else None,
                "p95_ms": round(bl.pct(lats, 0.95) * 1000, 1) if lats else None,
            },
        }
    result["lost_connections"] = lg.lost
    result["acknowledged_total"] = (
        result["burst"]["acknowledged"] + result["sustained"]["acknowledged"]
    )
    for client in [c for c in clients if c is not None] + [observer]:
        client.tr.close()
    return result
