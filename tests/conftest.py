"""Shared fixtures: the app on a migrated database, a client, logins by role, factories.

The suite runs on SQLite unless TEST_DATABASE_URL names another database (CI: PostgreSQL).
Tests that need PostgreSQL or a browser skip with a reason on a bare machine; in CI (CI=true)
such a skip is turned into a failure, so nothing is silently left out there.
"""

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.serving import make_server

from coordinator import create_app
from coordinator.audit.services import allow_deleting_audit_rows
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.matches import proposals, supply_gap
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


@contextlib.contextmanager
def _own_postgres_database(url: str, name: str) -> Iterator[str]:
    """A new, empty database `name` on the server of `url`, dropped afterwards; yields its URL."""

    base = sa.engine.make_url(url)
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


def _worker_suffix(request: pytest.FixtureRequest) -> str:
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    return "" if worker is None else f"_{worker}"


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
    suffix = _worker_suffix(request)
    if not suffix:
        yield url
        return

    with _own_postgres_database(url, f"{sa.engine.make_url(url).database}{suffix}") as own:
        yield own


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


def reset_database(app: Flask) -> None:
    """Empty every table of the app's database that has rows, children before parents.

    One query finds the tables with rows, so a test that wrote two tables pays for two DELETEs
    (on PostgreSQL sent as one statement), not for one on every table. It asks the database,
    not an event listener, so rows written by a subprocess or another connection are found too.
    """
    with app.app_context():
        db.session.rollback()
        tables = list(reversed(db.metadata.sorted_tables))
        has_rows = db.session.execute(
            sa.select(*(sa.exists().select_from(table) for table in tables))
        ).one()
        written = [table for table, rows in zip(tables, has_rows, strict=True) if rows]
        if written:
            connection = db.session.connection()
            if connection.dialect.name == "postgresql":
                allow_deleting_audit_rows()  # the audit log is append-only on PostgreSQL
                quote = connection.dialect.identifier_preparer.format_table
                # Names from our own metadata, quoted by the dialect.
                deletes = " ".join(f"DELETE FROM {quote(table)};" for table in written)  # noqa: S608
                connection.exec_driver_sql(f"DO $$ BEGIN {deletes} END $$")
            else:
                for table in written:
                    db.session.execute(table.delete())
            db.session.commit()
        db.session.remove()


def clear_process_caches() -> None:
    """Forget what this process keeps between requests that depends on the database's rows.

    The matcher fitted on the volunteers and the supply gap are kept per process under a
    fingerprint of counts and times; after another test's rows were deleted, a new test's rows
    can give the same fingerprint (SQLite reuses ids), so each test starts without them. Caches
    of pure functions (built statements, Danish word stems, reference files) are kept: they
    cannot differ between tests.
    """
    proposals._cache.clear()
    supply_gap._gap_cache.clear()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Start each test without the process's data caches, and empty every table written by a
    test that used the app, so tests never see each other."""
    clear_process_caches()
    yield
    if "app" not in request.fixturenames:
        return
    reset_database(request.getfixturevalue("app"))


@dataclass
class DemoDatabase:
    """An app on a database seeded once with the demo data by `flask seed-demo`, and what that
    first run printed. Tests only read it: nothing cleans it between tests."""

    app: Flask
    first_output: str


@pytest.fixture(scope="session")
def demo_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoDatabase]:
    """The demo data, seeded once per test process (it takes seconds) into a database of its
    own, beside the test database that is emptied after each test."""
    with contextlib.ExitStack() as stack:
        url = os.environ.get("TEST_DATABASE_URL")
        if url:
            name = f"{sa.engine.make_url(url).database}_demo{_worker_suffix(request)}"
            url = stack.enter_context(_own_postgres_database(url, name))
        else:
            url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
        demo_app = create_app(base_config(url))
        with demo_app.app_context():
            upgrade()
        first = demo_app.test_cli_runner().invoke(args=["seed-demo"])
        assert first.exit_code == 0, first.output
        yield DemoDatabase(demo_app, first.output)
        _dispose(demo_app)


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
