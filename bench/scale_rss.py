"""One export in a fresh process: its time and the memory it added at its peak.

A fresh process, so memory the export needs cannot come from what an earlier
request freed: the peak resident memory (VmHWM) minus the resident memory
just before the export is what the export itself held at once.

    python -m bench.scale_rss PATH COOKIE   # with the benchmark's DATABASE_URL
"""

import json
import sys
from pathlib import Path

from tests.support import servers


def measure(env: dict, path: str, cookie: str) -> dict:
    """Run one export of `path` in a new process; return its figures."""
    command = [sys.executable, "-m", "bench.scale_rss", path, cookie]
    output = servers.output(command, {**env, "SOCKETIO_ASYNC_MODE": "threading"})
    return json.loads(output.strip().splitlines()[-1])


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def main() -> None:
    path, cookie = sys.argv[1:3]
    from app import create_app
    from bench.scale import call, environ

    app = create_app()
    call(app, environ("/healthz", cookie))  # everything a request needs is loaded
    before = _status("VmRSS")
    ms, status, size = call(app, environ(path, cookie))
    peak = _status("VmHWM")
    print(
        json.dumps(
            {
                "status": status,
                "ms": round(ms),
                "kb": round(size / 1024),
                "peak_added_mb": round((peak - before) / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
