"""A clock the test moves by hand, for code that takes its clock (and its
sleep) as an argument: what happens after a wait is asked for, not waited for."""

import threading


class ManualClock:
    """Reads `now`; `sleep` returns once the test has moved the clock far enough."""

    def __init__(self, now: float = 1000.0):
        self.now = now
        self._moved = threading.Condition()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._moved:
            until = self.now + seconds
            if not self._moved.wait_for(lambda: self.now >= until, timeout=10):
                raise TimeoutError(f"the test never moved the clock to {until}")

    def advance(self, seconds: float) -> None:
        with self._moved:
            self.now += seconds
            self._moved.notify_all()
