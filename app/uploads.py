"""Requests that may carry a file larger than any form (MAX_CONTENT_LENGTH).

A view marked `accepts_upload(limit)` reads a body up to `limit` bytes; every
other request keeps the app's limit. The limit is raised before any other
hook reads the body (the CSRF check reads the form).
"""

from flask import Flask, current_app, request


def accepts_upload(limit: int):
    """Let a view's requests carry a body of up to `limit` bytes."""

    def decorator(view):
        view.upload_limit = limit
        return view

    return decorator


def _raise_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "upload_limit", None)
    if limit:
        request.max_content_length = limit


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _raise_limit)
