"""The helpers that start served processes read no settings themselves: a
benchmark sets the environment first and the app reads it on import."""

import subprocess
import sys

from tests.support.servers import ROOT


def test_serving_helpers_import_no_part_of_the_app():
    probe = (
        "import sys, tests.support.servers, bench.bare; "
        "print(sorted(m for m in sys.modules if m == 'app' or m.startswith('app.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"
