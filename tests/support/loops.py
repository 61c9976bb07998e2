"""Run a coroutine to its end in a thread of its own.

The browser tests' Playwright (its sync API) keeps an event loop running in the
main thread for the whole session, so a later test's asyncio.run() there fails.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_apart(coroutine):
    """Return the coroutine's result, run on a new event loop in another thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
