"""How gunicorn serves the app: one gevent worker with websockets.

`make run`, the benchmark, the tests and scale-out all serve with
`--config gunicorn.conf.py`; options on the command line (`--bind`) add to these.
"""

import logging

from geventwebsocket.gunicorn.workers import GeventWebSocketWorker
from geventwebsocket.handler import WebSocketHandler

ACCESS = logging.getLogger("klimaattafel.access")


class Handler(WebSocketHandler):
    """gevent-websocket's request handler, logging only the requests that failed.

    Its own access line starts with the caller's IP address, which our logs never
    hold; and a line for each of a thousand phones' answers would bury the
    warnings a facilitator's operator needs to see.
    """

    def log_request(self):
        if self.code is not None and self.code >= 400:
            ACCESS.info(
                '"%s" %s %s %.3f',
                self.requestline,
                self.code,
                self.response_length,
                self.time_finish - self.time_start,
            )


class Worker(GeventWebSocketWorker):
    wsgi_handler = Handler


worker_class = Worker
workers = 1
worker_connections = 10000
control_socket_disable = True
