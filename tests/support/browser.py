"""Chromium as the browser tests drive it: Debian's, headless, at phone size,
watched for CSP violations and checked with axe-core."""

import os

#: Debian's Chromium, never a downloaded browser, and how it is started headless
CHROMIUM = os.getenv("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def watch_csp(context, violations: list[str]) -> None:
    """Collect what Chromium reports as Content-Security-Policy violations."""

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(
                f"{message.page.url if message.page else ''}: {message.text}"
            )

    context.on("console", on_console)


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe-core violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{page.url}: {bad}"
