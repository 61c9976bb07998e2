"""Serve a whole page or just its fragment, depending on who asks."""

from flask import Response, make_response, render_template
from htmx_flask import request


def page_or_fragment(page: str, fragment: str, **context) -> Response:
    """Render the fragment for an htmx request and the full page otherwise."""
    template = fragment if request.htmx else page
    response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response


def fragment(template: str, status: int = 200, **context) -> Response:
    """Render a fragment that is only ever fetched by htmx; never cached."""
    return no_store_fragment(
        make_response(render_template(template, **context), status)
    )


def no_store_fragment(response: Response) -> Response:
    """Mark a response as a fragment for htmx that no cache may keep."""
    response.vary.add("HX-Request")
    response.cache_control.no_store = True
    return response
