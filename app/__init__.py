"""Klimaattafel: live neighbourhood climate tables."""

import secrets
from pathlib import Path

from flask import Flask
from flask_login import AnonymousUserMixin
from sqlalchemy.orm import configure_mappers
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app import database, group_commit, icons, logs, security, uploads
from app.config import Config, database_url
from app.extensions import (
    babel,
    compress,
    csrf,
    db,
    htmx,
    limiter,
    login_manager,
    migrate,
    socketio,
)
from app.formfields import LARGEST_ID
from app.i18n import get_locale, language_choices, text_direction
from app.live import coalesce, managers
from app.mail import worker as mail_worker
from app.meetings import countdown, phone_budget, shared_renders
from app.sessions import KeptCookieSessionInterface


def create_app(config_class: type[Config] = Config) -> Flask:
    """Create and configure the application."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or _instance_secret(instance)
    app.session_interface = KeptCookieSessionInterface()
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI", database_url(app.config["DATABASE_URL"], instance)
    )
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS",
        database.engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
    )
    logs.init_logging()

    if app.config["PROXY_COUNT"]:
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    # Ids in addresses are database ids: a larger number is simply not found.
    app.url_map.converters["int"] = DatabaseIdConverter
    _init_extensions(app)
    _register_blueprints(app)
    # Set up the models' mappings now, not in the first phone's request.
    configure_mappers()
    security.init_app(app)
    coalesce.init_app(app)
    # our own pictograms, inlined: {{ icon(name, label) }}, {{ icon_words(...) }}
    app.jinja_env.globals.update(icon=icons.icon, icon_words=icons.icon_words)
    # a phone's own part in a render phones share (app/meetings/shared_renders.py)
    app.jinja_env.globals.update(part_slot=shared_renders.part_slot)

    @app.context_processor
    def inject_i18n() -> dict:
        locale = get_locale()
        return {
            "current_locale": locale,
            "text_dir": text_direction(locale),
            "languages": language_choices(),
            "staff_language_choices": language_choices(staff=True),
        }

    return app


class DatabaseIdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def _instance_secret(instance: Path) -> str:
    """Return a secret key kept in the instance folder, made on first start."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _init_extensions(app: Flask) -> None:
    # Handlers must be declared before the first init_app: Flask-SocketIO keeps
    # them for every later app only when no server existed at declaration time.
    from app.meetings import sockets  # noqa: F401

    db.init_app(app)
    database.init_app(app)
    group_commit.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    babel.init_app(app, locale_selector=get_locale)
    csrf.init_app(app)
    htmx.init_app(app)
    compress.init_app(app)
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        # a Redis that went away fails a count within seconds (app.throttle)
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", managers.redis_options())
    limiter.init_app(app)
    # The limiter's pass before every request looks for default and application
    # limits; there are none, and each limited view checks its own limit when
    # called. Without that pass a phone's answer skips a few dozen lookups.
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    phone_budget.init_app(app)
    countdown.init_app(app)
    mail_worker.init_app(app)
    uploads.init_app(app)  # first of all hooks: before the CSRF check reads a form
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.anonymous_user = AnonymousUserMixin
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        client_manager=managers.client_manager(app),
        # Same-origin only (None); frames larger than this are refused.
        cors_allowed_origins=None,
        max_http_buffer_size=16 * 1024,
        manage_session=False,
    )


def _register_blueprints(app: Flask) -> None:
    from app.accounts.routes import bp as accounts_bp
    from app.agendas.routes import bp as agendas_bp
    from app.bills.routes import bp as bills_bp
    from app.cli import bp as cli_bp
    from app.core.errors import init_app as init_errors
    from app.core.routes import bp as core_bp
    from app.exports.routes import bp as exports_bp
    from app.groups.dashboard import bp as municipality_bp
    from app.groups.group_page import bp as progress_bp
    from app.groups.own_offers import bp as own_offers_bp
    from app.groups.routes import bp as groups_bp
    from app.groups.street_routes import bp as street_list_bp
    from app.groups.unsubscribe import bp as unsubscribe_bp
    from app.ideas.routes import bp as ideas_bp
    from app.meetings.agenda import bp as agenda_bp
    from app.meetings.facilitator import bp as facilitator_bp
    from app.meetings.participant import bp as participant_bp
    from app.meetings.reports import bp as reports_bp
    from app.meetings.screen import bp as screen_bp
    from app.partners.audit import bp as partner_audit_bp
    from app.partners.routes import bp as partners_bp
    from app.personas.routes import bp as personas_bp
    from app.polls.ballots import bp as ballots_bp
    from app.polls.routes import bp as polls_bp
    from app.pwa.routes import bp as pwa_bp

    blueprints = (
        core_bp,
        accounts_bp,
        participant_bp,
        facilitator_bp,
        reports_bp,
        agenda_bp,
        agendas_bp,
        screen_bp,
        polls_bp,
        ballots_bp,
        bills_bp,
        personas_bp,
        ideas_bp,
        groups_bp,
        own_offers_bp,
        unsubscribe_bp,
        municipality_bp,
        progress_bp,
        street_list_bp,
        exports_bp,
        partners_bp,
        partner_audit_bp,
        pwa_bp,
        cli_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    init_errors(app)
