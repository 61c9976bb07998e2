"""Participant page weight and time-to-ready, app versus the bare page, same run.

    .venv/bin/python -m bench.page_weight [--runs 5]

Headless Debian Chromium at phone size, cold cache, service worker off,
"Fast 3G" (562.5 ms RTT, 1.44 Mbit/s down) and 4x CPU slowdown, as the bare
baseline's page_weight.js does. "Ready" is the moment the page's Socket.IO
connection is up and its answer buttons work (window.__ready on both pages).
Prints medians; budget: <= 60 KB, <= 6 requests, ready <= 3 s and <= 1.3x bare.
"""

import argparse
import statistics

from playwright.sync_api import sync_playwright

from bench.bare import start_bare
from tests.support import servers
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PHONE

FAST_3G = {
    "latency": 562.5,
    "downloadThroughput": 1.6e6 * 0.9 / 8,
    "uploadThroughput": 750e3 * 0.9 / 8,
}


def measure(browser, url: str, prepare=None) -> dict:
    context = browser.new_context(locale="nl-BE", service_workers="block", **PHONE)
    page = context.new_page()
    if prepare:
        prepare(page)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, **FAST_3G})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    requests: dict[str, dict] = {}
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: requests.setdefault(
            e["requestId"], {"url": e["request"]["url"], "bytes": 0}
        ),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: requests.get(e["requestId"], {}).update(bytes=e["encodedDataLength"]),
    )
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_function(
        "() => window.__ready !== undefined", timeout=120_000, polling=50
    )
    ready = page.evaluate("() => window.__ready")
    page.wait_for_timeout(300)
    http = [r for r in requests.values() if not r["url"].startswith("ws")]
    context.close()
    return {
        "requests": len(http),
        "kb": sum(r["bytes"] for r in http) / 1024,
        "ready_ms": ready,
        "urls": [r["url"].split("/", 3)[-1] for r in http],
    }


def median_of(runs: list[dict]) -> dict:
    return {
        "requests": statistics.median(r["requests"] for r in runs),
        "kb": statistics.median(r["kb"] for r in runs),
        "ready_ms": statistics.median(r["ready_ms"] for r in runs),
        "urls": runs[0]["urls"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = servers.workdir()
    env = servers.app_env(work)
    servers.flask(env, "db", "upgrade")
    seeded = servers.seed(env)
    app, app_url = servers.start_app(work, env, core=0)
    bare, bare_url = start_bare(work, core=0)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
            )

            def join(page):
                page.goto(f"{app_url}/j/{seeded['qr_token']}")
                page.locator(
                    "main form:not(.languages) button[type=submit]"
                ).first.click()
                page.wait_for_url(f"**/m/{seeded['code']}")

            ours = median_of(
                [
                    measure(browser, f"{app_url}/m/{seeded['code']}", join)
                    for _ in range(args.runs)
                ]
            )
            base = median_of(
                [measure(browser, f"{bare_url}/join?ws=1") for _ in range(args.runs)]
            )
            browser.close()
    finally:
        app.stop()
        bare.stop()
    print(f"participant page, median of {args.runs}, Fast 3G + 4x CPU, cold cache")
    print(f"{'':14}{'app':>10}{'bare':>10}{'app/bare':>10}  budget")
    rows = [
        ("KB (gzipped)", "kb", ".1f", "<= 60"),
        ("requests", "requests", ".0f", "<= 6"),
        ("ready ms", "ready_ms", ".0f", "<= 3000 and <= 1.3x bare"),
    ]
    for label, key, fmt, budget in rows:
        a, b = ours[key], base[key]
        print(f"{label:14}{a:>10{fmt}}{b:>10{fmt}}{a / b:>10.2f}  {budget}")
    print("app requests:", ", ".join(ours["urls"]))


if __name__ == "__main__":
    main()
