"""WSGI entry point: gunicorn serves `wsgi:app`."""

import gc

from app import create_app

app = create_app()
# Everything built at start (modules, models, templates, translations) lives as
# long as the process: keep it out of the garbage collector's full passes, which
# otherwise walk it again and again while a thousand phones connect and answer.
gc.freeze()
