"""How gunicorn serves the app: one gevent worker with websockets.

`make run`, the benchmark, the tests and scale-out all serve with
`--config gunicorn.conf.py`; options on the command line (`--bind`) add to these.
"""

import logging

from geventwebsocket.gunicorn.workers import GeventWebSocketWorker
from geventwebsocket.handler import WebSocketHandler

ACCESS = logging.getLogger("klimaattafel.access")
SERVER = logging.getLogger("klimaattafel.server")


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

    def log_error(self, msg, *args):
        """Say that a request could not be read; gevent's own line names the
        caller's address and repeats what was sent."""
        SERVER.warning("Refused a request that could not be read")

    def handle_error(self, t, v, tb):
        """Log an error that escaped the app through logging (see app.logs);
        gevent prints it with the request's environ, the caller's address and
        port included."""
        SERVER.error("Request failed", exc_info=(t, v, tb))
        self._send_error_response_if_possible(500)


class Worker(GeventWebSocketWorker):
    wsgi_handler = Handler


worker_class = Worker
workers = 1
worker_connections = 10000
control_socket_disable = True
