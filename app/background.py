"""A process's background loops: each does its work every few seconds in an
app context, from the first request the process serves; a pass that fails
(the database away) is said once in the log, and tried again next time."""

import logging
import threading
from collections.abc import Callable

from flask import Flask

from app.extensions import socketio


class ProcessLoop:
    """One loop per process: `work` every `period()` seconds while `wanted()`."""

    def __init__(
        self,
        app: Flask,
        work: Callable[[], object],
        *,
        period: Callable[[], float],
        wanted: Callable[[], bool],
        log: logging.Logger,
        failing: str,
        recovered: str,
    ):
        self._app = app
        self._work = work
        self._period = period
        self._wanted = wanted
        self._log = log
        #: what the log says when a pass first fails (with the error's kind),
        #: and when one succeeds again
        self._failing_words, self._recovered_words = failing, recovered
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._task = None
        self.running = False
        self._failing = False

    def ensure_running(self) -> None:
        """Start the loop unless it runs already or is not wanted here."""
        if self.running or not self._wanted():
            return
        with self._lock:
            if self.running:
                return
            self.running = True
        self._stopping.clear()
        self._task = socketio.start_background_task(self._loop)

    def stop(self) -> None:
        """End the loop after its current pass (a test's app goes away)."""
        self._stopping.set()
        if self.running and self._task is not None:
            self._task.join()

    def start_with_first_request(self) -> None:
        """Start the loop with the first request this process serves."""

        @self._app.before_request
        def _start_loop() -> None:
            if not self.running:
                self.ensure_running()

    def _loop(self) -> None:
        try:
            while not self._stopping.is_set():
                self._pass()
                socketio.sleep(self._period())
        finally:
            self.running = False

    def _pass(self) -> None:
        try:
            with self._app.app_context():
                self._work()
        except Exception as error:  # the database away: look again later
            if not self._failing:
                self._log.warning(self._failing_words, type(error).__name__)
            self._failing = True
            return
        if self._failing:
            self._log.info(self._recovered_words)
        self._failing = False
