"""Phones on a bad network, run inside its namespace (see test_lossy_network).

Each phone joins through the QR link, connects its socket, answers measures and
then follows the meeting until its step is the revealed one. It prints one JSON
line once every phone's answers are acknowledged, and one with every phone's
record once all show the revealed step (or the time is up).

python -m tests.support.lossy_phones URL QR_TOKEN CODE STEP MEASURE,... PHONES SECONDS
"""

import asyncio
import json
import sys
import time

import aiohttp

from tests.support.phones import Phone

#: on a slow network a resident whose tap shows nothing yet taps again: the
#: same form, the same key, while the first is still on its way
TAPS_AGAIN_AFTER = 1.5


async def _phone(number: int, url: str, qr: str, code: str, step: int, measures):
    http = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
    phone = Phone(http, url, code, f"phone-{number:03d}")
    await phone.join(qr)
    await phone.listen()
    for n, measure in enumerate(measures):
        key = f"{phone.name}-answer-{n}"
        tap = asyncio.create_task(phone.answer(step, measure, "1y", key))
        done, _ = await asyncio.wait({tap}, timeout=TAPS_AGAIN_AFTER)
        if not done:
            await phone.answer(step, measure, "1y", key)
            await tap
    return phone


async def main(url, qr, code, step, measures, phones, seconds) -> None:
    started = time.monotonic()
    crowd = await asyncio.gather(
        *(_phone(n, url, qr, code, step, measures) for n in range(phones))
    )
    print(json.dumps({"answered": time.monotonic() - started}), flush=True)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not all(p.state == "revealed" for p in crowd):
        await asyncio.sleep(0.2)
    records = [
        {
            "name": p.name,
            "state": p.state,
            "version": p.version,
            "reached": {str(v): at for v, at in p.reached.items()},
            "answers": [
                {
                    "key": a.stored_key,
                    "statuses": a.statuses,
                    "acked": a.acknowledged_at,
                }
                for a in p.answers
            ],
            "reconnects": sum(1 for _at, name, _d in p.heard if name == "connect"),
        }
        for p in crowd
    ]
    print(json.dumps({"phones": records}), flush=True)
    for phone in crowd:
        await phone.close()
        await phone.http.close()


if __name__ == "__main__":
    url, qr, code, step, measures, phones, seconds = sys.argv[1:8]
    asyncio.run(
        main(
            url,
            qr,
            code,
            int(step),
            [int(m) for m in measures.split(",")],
            int(phones),
            float(seconds),
        )
    )
