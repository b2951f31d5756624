"""The coordination unit's web application."""

import importlib
import importlib.util
import logging
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from coordinator import locking
from coordinator.config import DEPLOYMENTS, DEV_SECRET_KEY, Defaults, database_url_from_environment
from coordinator.extensions import csrf, db, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` limited to PostgreSQL's integer range, so a huge id is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


class ConfigurationError(RuntimeError):
    """The app was started with a configuration that is not safe to run."""


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the app: defaults, then FLASK_* environment, then `config`."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    # Every <int:id> in a URL is a database id: one beyond PostgreSQL's integer is simply not found.
    app.url_map.converters["int"] = DatabaseIdConverter
    app.config.from_object(Defaults)
    app.config.from_prefixed_env()
    if url := database_url_from_environment():
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    if config:
        app.config.update(config)
    _finish_configuration(app)
    # Info level, so development mail (no MAIL_SERVER: written to the log) is visible.
    app.logger.setLevel(logging.INFO)

    trust_proxy_headers(app)

    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    register_jobs()
    from coordinator import (
        ages,
        errors,
        form_pages,
        headers,
        i18n,
        navigation,
        request_log,
        throttle,
    )
    from coordinator.auth import access

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["age_on"] = ages.age_on
    # First, so every request has its id before any other hook can fail.
    request_log.register(app)
    errors.register(app)
    i18n.register(app)
    register_labels(app)
    form_pages.register(app)
    navigation.register(app)
    access.register(app)
    headers.register(app)
    throttle.register(app)
    from coordinator.auth import oidc

    oidc.register(app)
    return app


def _finish_configuration(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{os.path.join(app.instance_path, 'coordinator.db')}"
        )
    # The cookie of a remembered device lives as long as its server session may.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=app.config["REMEMBER_DEVICE_DAYS"])
    if app.config.get("DEPLOYMENT") not in DEPLOYMENTS:
        raise ConfigurationError(f"DEPLOYMENT must be one of {', '.join(DEPLOYMENTS)}.")
    if app.config.get("STAFF_TWO_FACTOR") is None:
        relaxed = app.testing or app.config["DEPLOYMENT"] == "development"
        app.config["STAFF_TWO_FACTOR"] = "optional" if relaxed else "required"
    if app.config["STAFF_TWO_FACTOR"] not in ("required", "optional"):
        raise ConfigurationError("STAFF_TWO_FACTOR must be 'required' or 'optional'.")
    if not app.config.get("SECRET_KEY"):
        if not (app.debug or app.testing):
            raise ConfigurationError(
                "SECRET_KEY is not set. Set FLASK_SECRET_KEY to a long random value."
            )
        app.config["SECRET_KEY"] = DEV_SECRET_KEY
    elif app.config["SECRET_KEY"] == DEV_SECRET_KEY and not (app.debug or app.testing):
        raise ConfigurationError("The development SECRET_KEY cannot be used in production.")


def trust_proxy_headers(app: Flask) -> None:
    """Believe the reverse proxy's X-Forwarded-* headers, as many hops as configured.

    Behind nginx the request seems to come from 127.0.0.1 over http: with PROXY_FIX_X_FOR=1 the
    audit log records the client's address, and with PROXY_FIX_X_PROTO/X_HOST=1 external links
    use the public scheme and host. Off by default: without a proxy anyone could forge them.
    """
    hops = {
        name: int(app.config.get(f"PROXY_FIX_X_{name.upper()}") or 0)
        for name in ("for", "proto", "host", "prefix")
    }
    if any(hops.values()):
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=hops["for"],
            x_proto=hops["proto"],
            x_host=hops["host"],
            x_prefix=hops["prefix"],
        )


def register_extensions(app: Flask) -> None:
    """Bind the shared extensions to this app."""
    from coordinator import models  # noqa: F401 - every model must be known to Alembic

    db.init_app(app)
    locking.register(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)


# The blueprints, one per actor or domain; each package's views.py defines `bp`.
BLUEPRINT_PACKAGES = (
    "main",
    "notifications",
    "auth",
    "volunteers",
    "referrals",
    "friendbank",
    "matches",
    "dashboard",
    "catalogue",
    "courses",
    "library",
    "safety",
    "workplaces",
    "organisations",
    "events",
    "mail",
    "audit",
    "privacy",
    "young",
)


def register_blueprints(app: Flask) -> None:
    """Attach one blueprint per actor or domain (packages without views yet are skipped)."""
    for package in BLUEPRINT_PACKAGES:
        if importlib.util.find_spec(f"coordinator.{package}.views") is None:
            continue
        views = importlib.import_module(f"coordinator.{package}.views")
        app.register_blueprint(views.bp)


# Each feature's labels of its own enums (`LABELS`), in this order: StrEnum members equal to the
# same string share one entry, and the last module's label wins.
LABEL_MODULES = (
    "coordinator.roles",
    "coordinator.volunteers.labels",
    "coordinator.referrals.labels",
    "coordinator.matches.labels",
    "coordinator.events.labels",
)


def register_labels(app: Flask) -> None:
    """Give the shared label helpers every feature's labels, and templates the helpers."""
    from coordinator import labels
    from coordinator.matches.labels import volunteer_match_label

    labels.register(app, *(importlib.import_module(name).LABELS for name in LABEL_MODULES))
    app.jinja_env.globals["volunteer_match_label"] = volunteer_match_label


# Modules that define background jobs (`@jobs.job`); importing them registers the jobs.
JOB_MODULES = (
    "coordinator.mail.delivery", "coordinator.matches.jobs", "coordinator.retention.jobs"
)


def register_jobs() -> None:
    """Make every background job known by name, to the web app and to the worker alike."""
    for module in JOB_MODULES:
        importlib.import_module(module)


def register_cli(app: Flask) -> None:
    """Attach the management commands (`flask --app coordinator ...`)."""
    from coordinator.cli import (
        create_user_command,
        deliver_mail_command,
        seed_demo_command,
        send_reminders_command,
        worker_command,
    )
    from coordinator.organisations.cli import remind_agreements_command
    from coordinator.retention.cli import retention_command

    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(send_reminders_command)
    app.cli.add_command(remind_agreements_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(deliver_mail_command)
    app.cli.add_command(retention_command)
