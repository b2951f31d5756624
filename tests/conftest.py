"""Shared fixtures: the app on a migrated database, a client, logins by role, factories.

The suite runs on SQLite unless TEST_DATABASE_URL names another database (CI: PostgreSQL).
Tests that need PostgreSQL or a browser skip with a reason on a bare machine; in CI (CI=true)
such a skip is turned into a failure, so nothing is silently left out there.
"""

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
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


#: Fixtures whose tests reach the database from outside the test's own connection (a browser
#: through a served app, another app on the same database): such tests commit for real.
REAL_COMMIT_FIXTURES = frozenset({"live_server", "browser", "make_app"})


def needs_real_commits(request: pytest.FixtureRequest) -> bool:
    """Whether a test must commit for real (and be cleaned by `reset_database`) instead of
    running in a transaction that is rolled back: marked `real_commits`, or using a fixture that
    serves the app to another connection."""
    return request.node.get_closest_marker("real_commits") is not None or bool(
        REAL_COMMIT_FIXTURES.intersection(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _isolated_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Start each test without the process's data caches, and leave the test database as it was.

    By default the test runs inside one transaction on one connection that is rolled back at
    the end (see `rolled_back`): cheap, and no commit reaches the disk. A test marked
    `real_commits` (or using a live server or another app) commits for real and every table it
    wrote is emptied afterwards.
    """
    clear_process_caches()
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    if needs_real_commits(request):
        yield
        reset_database(app)
        return
    with rolled_back(app):
        yield


class NeedsRealCommits(AssertionError):
    """A test running in a rolled-back transaction reached the database in a way that only
    works with real commits. Mark it `@pytest.mark.real_commits`."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what}; this test needs real commits: mark it @pytest.mark.real_commits"
        )


class _JoinedSession(FlaskSession):
    """Flask-SQLAlchemy's session, but always on the test's connection (Flask-SQLAlchemy's own
    `get_bind` would pick the app's engine and ignore `bind`)."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


class _SideWrites:
    """The savepoints of a rolled-back test's connection, and what the app writes "in a short
    transaction of its own" (`db.engine.begin()`: audit rows of lists, session touches, job
    progress, used drafts) on it.

    Such a side write is made at once in a savepoint of the test's connection, so the request
    sees it as it would. On a real database it is committed at once and survives a rollback of
    the request's session; here the session's savepoint would take it along. So the statements
    of every side write made inside a session savepoint are kept, and sent again right after
    that savepoint is rolled back.

    What stands in for a BEGIN or COMMIT (the savepoints of a session's own transaction and of
    a side write) and the statements sent again are given to the driver directly, past
    SQLAlchemy's statement events, so tests that count a request's SQL statements count what a
    real database would be sent. Savepoints the app asks for (`begin_nested`) are counted.
    """

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.dbapi_connection = connection.connection.dbapi_connection
        self.dialect = connection.dialect
        self.sqlite = self.dialect.name == "sqlite"
        self.owner = threading.get_ident()
        # Open savepoints: name, len(log) when opened, whether it stands in for a BEGIN.
        self.savepoints: list[tuple[str, int, bool]] = []
        # The driver's statements of side writes made inside open savepoints.
        self.log: list[tuple[str, object, bool]] = []
        self.side_write: list[tuple[str, object, bool]] | None = None  # one being made
        self.session_wrote = False  # the open session savepoints hold a write (SQLite lock)
        self.dialect.do_savepoint = self._savepoint  # type: ignore[method-assign]
        self.dialect.do_release_savepoint = self._release  # type: ignore[method-assign]
        self.dialect.do_rollback_to_savepoint = self._rollback_to  # type: ignore[method-assign]
        event.listen(connection, "before_cursor_execute", self._before_cursor_execute)

    def close(self) -> None:
        event.remove(self.connection, "before_cursor_execute", self._before_cursor_execute)
        for method in ("do_savepoint", "do_release_savepoint", "do_rollback_to_savepoint"):
            delattr(self.dialect, method)

    def _send(self, connection, sql: str, counted: bool) -> None:
        if connection is not self.connection:
            raise NeedsRealCommits("a second connection to the test database was used")
        if counted:
            connection.exec_driver_sql(sql)
        else:
            self.dbapi_connection.execute(sql)

    def _savepoint(self, connection, name: str) -> None:
        stands_for_begin = not self.savepoints or self.side_write is not None
        self._send(connection, f"SAVEPOINT {name}", counted=not stands_for_begin)
        self.savepoints.append((name, len(self.log), stands_for_begin))

    def _pop_to(self, name: str) -> tuple[int, bool]:
        while self.savepoints:
            popped, start, stands_for_begin = self.savepoints.pop()
            if popped == name:
                return start, stands_for_begin
        raise AssertionError(f"savepoint {name} was never opened")

    def _closed(self) -> None:
        if not self.savepoints:
            self.log.clear()  # now part of the test's transaction: only its end undoes them
            self.session_wrote = False

    def _release(self, connection, name: str) -> None:
        _start, stands_for_begin = self._pop_to(name)
        self._send(connection, f"RELEASE SAVEPOINT {name}", counted=not stands_for_begin)
        self._closed()

    def _rollback_to(self, connection, name: str) -> None:
        start, stands_for_begin = self._pop_to(name)
        self._send(connection, f"ROLLBACK TO SAVEPOINT {name}", counted=not stands_for_begin)
        # Sent again, the side writes now belong to the enclosing savepoint (kept in the log).
        for statement, parameters, many in self.log[start:]:
            cursor = self.dbapi_connection.cursor()
            try:
                (cursor.executemany if many else cursor.execute)(statement, parameters)
            except Exception as error:
                raise NeedsRealCommits(
                    "a short transaction of its own could not be written again after the "
                    f"request's rollback ({error})"
                ) from error
            finally:
                cursor.close()
        self._closed()

    def _before_cursor_execute(
        self, _connection, _cursor, statement, parameters, _context, executemany
    ) -> None:
        if threading.get_ident() != self.owner:
            raise NeedsRealCommits("the database was used from another thread")
        if self.side_write is not None:
            self.side_write.append((statement, parameters, executemany))
        elif self.savepoints and statement.lstrip()[:6].upper() in {"INSERT", "UPDATE", "DELETE"}:
            self.session_wrote = True

    @contextlib.contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A side write: a savepoint of the test's connection, its statements remembered while
        inside one of the session's savepoints."""
        if self.sqlite and self.session_wrote:
            # On SQLite the request's own transaction holds the write lock: the app's second
            # connection would wait for it until the busy timeout and fail.
            raise NeedsRealCommits(
                "a short transaction of its own wrote while the request's transaction held "
                "SQLite's write lock (with real connections it would wait and fail)"
            )
        inside = bool(self.savepoints)
        self.side_write = []
        try:
            with self.connection.begin_nested():
                yield self.connection
            if inside:
                self.log.extend(self.side_write)
        finally:
            self.side_write = None


class _EngineInTest:
    """Stands in for the app's engine during a rolled-back test: `begin()` is a side write on
    the test's connection; anything else is the real engine's (a second connection from its
    pool is refused by `_refuse_other_connections`)."""

    def __init__(self, engine: sa.Engine, side_writes: _SideWrites) -> None:
        self._engine = engine
        self._side_writes = side_writes

    def begin(self):
        return self._side_writes.write()

    def __getattr__(self, name: str):
        return getattr(self._engine, name)


#: The test database and the one connection a rolled-back test may use, while one runs.
_rolled_back_test: dict[str, object] = {}


def _database_of(dbapi_connection) -> str:
    """Which database a DBAPI connection is on: the SQLite file or the PostgreSQL name."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
        return os.path.realpath(next(row[2] for row in rows if row[1] == "main"))
    info = dbapi_connection.info
    return f"{info.host}:{info.port}/{info.dbname}"


@event.listens_for(sa.pool.Pool, "checkout")
def _refuse_other_connections(dbapi_connection, _record, _proxy) -> None:
    """During a rolled-back test, no other connection may reach the test database: it could
    not see the test's rows, and what it committed would outlive the test."""
    if not _rolled_back_test or dbapi_connection is _rolled_back_test["dbapi_connection"]:
        return
    if _database_of(dbapi_connection) == _rolled_back_test["database"]:
        raise NeedsRealCommits("a second connection to the test database was opened")


@contextlib.contextmanager
def rolled_back(app: Flask) -> Iterator[None]:
    """Run the app on one connection inside one transaction, rolled back at the end.

    SQLAlchemy's recipe "joining a Session into an external transaction": `db.session` becomes
    a session on that connection with `join_transaction_mode="create_savepoint"`, so the app's
    commits and rollbacks are RELEASE and ROLLBACK TO of savepoints. pysqlite does not begin a
    transaction before a SAVEPOINT (a rolled-back test would keep released rows), so on SQLite
    the connection is put in autocommit mode and BEGIN is sent by hand, as SQLAlchemy's SQLite
    notes advise.
    """
    with app.app_context():
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        dbapi_connection = connection.connection.dbapi_connection
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            saved_level = dbapi_connection.isolation_level
            dbapi_connection.isolation_level = None
        outer = connection.begin()
        if sqlite:
            connection.exec_driver_sql("BEGIN")
        side_writes = _SideWrites(connection)
        saved_session = db.session
        db.session = db._make_scoped_session(
            {"class_": _JoinedSession, "bind": connection,
             "join_transaction_mode": "create_savepoint"}
        )
        engines[None] = _EngineInTest(engine, side_writes)  # type: ignore[index]
        _rolled_back_test.update(
            dbapi_connection=dbapi_connection, database=_database_of(dbapi_connection)
        )
    try:
        yield
    finally:
        _rolled_back_test.clear()
        with app.app_context():
            db.session.remove()
            db.engines[None] = engine  # type: ignore[index]
        db.session = saved_session
        side_writes.close()
        outer.rollback()
        if sqlite:
            dbapi_connection.isolation_level = saved_level
        connection.close()


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
def demo_app(demo_database: DemoDatabase) -> Iterator[Flask]:
    """The app on the demo data, for a test that also writes (signs in, posts): it runs in a
    transaction rolled back at the end, so the next test finds the demo data as seeded."""
    with rolled_back(demo_database.app):
        yield demo_database.app


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
