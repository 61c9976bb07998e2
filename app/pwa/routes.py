"""Serve the web app manifest, the service worker (from the root, for its scope)
and the page shown when a page was never loaded before and the network is gone."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Blueprint, current_app, render_template, url_for
from flask_babel import gettext as _

bp = Blueprint("pwa", __name__)
SHELL = [
    "css/app.css",
    "vendor/htmx.min.js",
    "vendor/socket.io.min.js",
    "js/live.js",
    "js/offline.js",
    "icons/icon-192.png",
    "icons/icon-512.png",
]


@cache
def shell_version(static_folder: str) -> str:
    """Return a short hash of the app shell, so a new release refreshes caches."""
    digest = hashlib.sha256()
    for name in SHELL:
        digest.update((Path(static_folder) / name).read_bytes())
    return digest.hexdigest()[:12]


@bp.get("/manifest.webmanifest")
def manifest():
    """Describe the app for installing it on a phone's home screen."""
    data = {
        "name": "Klimaattafel",
        "short_name": "Klimaattafel",
        "description": _("Join a climate table"),
        "start_url": url_for("core.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f2f6f3",
        "theme_color": "#155d34",
        "icons": [
            {
                "src": url_for("static", filename=f"icons/icon-{n}.png"),
                "sizes": f"{n}x{n}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for n in (192, 512)
        ],
    }
    response = current_app.json.response(data)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/sw.js")
def service_worker():
    """Serve the service worker from the root so it controls every page."""
    body = render_template(
        "pwa/sw.js",
        version=shell_version(current_app.static_folder),
        shell=[url_for("static", filename=name) for name in SHELL],
        offline_url=url_for("pwa.offline"),
    )
    response = current_app.response_class(body, mimetype="text/javascript")
    response.cache_control.no_cache = True
    return response


@bp.get("/offline")
def offline():
    """Say the network is gone; answers given on a page that was open are kept."""
    return render_template("pwa/offline.html")
