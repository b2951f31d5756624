"""Shared fixtures: the app on a migrated database, a client, logins by role, factories.

The suite runs on SQLite unless TEST_DATABASE_URL names another database (CI: PostgreSQL).
Tests that need PostgreSQL or a browser skip with a reason on a bare machine; in CI (CI=true)
such a skip is turned into a failure, so nothing is silently left out there.
"""

import contextlib
import os
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.serving import make_server

from coordinator import create_app
from coordinator.audit.services import allow_deleting_audit_rows
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from tests import factories

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip where a service is missing, except in CI, where it must be there."""
    if IN_CI:
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


def base_config(database_url: str, **overrides) -> dict:
    """The configuration every test app starts from."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
        # Background jobs run right after the commit, so a test sees their effect at once.
        "JOB_RUNNER": "inline",
        # Refitting after every change would slow every test; the tests of the refit turn it on.
        "MATCHING_BACKGROUND_REFIT": False,
        # One app serves every test from 127.0.0.1; the throttling tests build their own.
        "RATELIMIT_ENABLED": False,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The test database: TEST_DATABASE_URL, or a temporary SQLite file. Under pytest-xdist each
    worker gets a database of its own on the same PostgreSQL server, dropped afterwards."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if worker is None:
        yield url
        return
    import sqlalchemy as sa

    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    """One app for the session, its database built by the real migrations."""
    app = create_app(base_config(database_url))
    with app.app_context():
        upgrade()
    yield app
    _dispose(app)


def _dispose(app: Flask) -> None:
    """Close an app's pooled connections (psycopg warns about any left open at collection)."""
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def make_app(app: Flask, database_url: str):
    """Build another app on the test database with different settings (CSRF on, a mail server,
    an extra route); its connections are closed afterwards."""
    made: list[Flask] = []

    def build(**overrides) -> Flask:
        made.append(create_app(base_config(database_url, **overrides)))
        return made[-1]

    yield build
    for other in made:
        _dispose(other)


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty every table after each test that used the app, so tests never see each other."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.rollback()
        allow_deleting_audit_rows()  # the audit log is append-only on PostgreSQL
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()


@pytest.fixture
def app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


class AuthActions:
    """Sign in as a fresh user of a role through the real login form."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self._app = app
        self._client = client

    def login_as(self, role: Role, **user_fields) -> User:
        with self._app.app_context():
            user = factories.make_user(role=role, **user_fields)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
        self.login(user.email, factories.PASSWORD)
        return user

    def login(self, email: str, password: str):
        self._client.post("/konto/log-ud")  # a signed-in user is sent home by the login page
        return self._client.post("/konto/log-ind", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/konto/log-ud")


@pytest.fixture
def auth(app: Flask, client: FlaskClient) -> AuthActions:
    return AuthActions(app, client)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """A URL to a PostgreSQL server where tests may create and drop their own databases."""
    url = os.environ.get(
        "TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as error:
        skip_or_fail(f"PostgreSQL is not reachable at {url}: {error.orig}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def scratch_postgres(postgres_admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    import uuid

    import sqlalchemy as sa

    name = f"koord_scratch_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(postgres_admin_url).set(database=name).render_as_string(
            hide_password=False
        )
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_app(scratch_postgres: str) -> Iterator[Flask]:
    """An app on its own fresh, migrated PostgreSQL database: for tests of row locks and races.

    It runs in every CI pass (also the SQLite one), since it does not depend on TEST_DATABASE_URL.
    """
    app = create_app(base_config(scratch_postgres, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 10}))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def race_app(request: pytest.FixtureRequest, tmp_path) -> Iterator[Flask]:
    """An app on its own migrated database, for racing threads: a SQLite file (what `make run`
    uses), then PostgreSQL. Rules such as a volunteer's capacity must hold on both."""
    if request.param == "postgresql":
        yield request.getfixturevalue("postgres_app")
        return
    app = create_app(base_config(f"sqlite:///{tmp_path / 'race.db'}"))
    with app.app_context():
        upgrade()
    yield app
    _dispose(app)


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """Serve the test app on a free local port in a thread, for browser tests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; never a downloaded browser."""
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def sign_in_page(page, live_server: str, email: str, password: str = factories.PASSWORD) -> None:
    """Sign in through the real login form in a browser page and wait for the home page."""
    page.goto(f"{live_server}/konto/log-ind")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/hjem")


@pytest.fixture
def artifacts_dir() -> str:
    """Where browser tests save screenshots (ignored by git)."""
    path = os.path.join(os.path.dirname(__file__), "artifacts")
    os.makedirs(path, exist_ok=True)
    return path


class CollectingHandler:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def serve_smtp(app: Flask, handler) -> Iterator[int]:
    """Run a real SMTP server with `handler` on a free local port, and point the app's mail at
    it for the duration; yields the port."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield port
    finally:
        app.config.update(saved)
        controller.stop()


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[CollectingHandler]:
    """A real SMTP server on a free local port; the app sends its mail there during the test."""
    handler = CollectingHandler()
    with serve_smtp(app, handler):
        yield handler


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI every test must run: a skipped test fails the run."""
    if IN_CI and _skipped and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nCI: {len(_skipped)} test(s) skipped, which CI does not allow: {_skipped[:5]}")
