"""The shared locking helper: a shared module, and a kind answer when SQLite stays locked."""

import ast
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from coordinator import create_app
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.vocabulary import MatchType
from tests import factories
from tests.conftest import AuthActions, base_config
from tests.volunteers.helpers import SIGNUP, signup_data

LOCKING = Path(__file__).resolve().parent.parent / "coordinator" / "locking.py"
TRY_AGAIN = "En anden gemmer netop nu. Prøv venligst igen om et øjeblik."
AGREEMENT = {
    "start_date": date.today().isoformat(),
    "frequency": "Hver uge",
    "activities": "Fodbold",
    "duration": "Et år",
    "contact": "Enheden",
}


def test_the_locking_helper_imports_no_feature_package():
    tree = ast.parse(LOCKING.read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
         for alias in node.names}
    ours = {name for name in imported if name.split(".")[0] == "coordinator"}
    # The shared error page is not a feature package: it answers any other database error.
    assert ours <= {"coordinator.extensions", "coordinator.errors"}


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    return tmp_path / "locked.db"


@pytest.fixture
def impatient_app(sqlite_file: Path) -> Iterator[Flask]:
    """A SQLite app that gives up on another request's write lock almost at once."""
    app = create_app(base_config(f"sqlite:///{sqlite_file}", SQLITE_BUSY_TIMEOUT_MS=50))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@contextmanager
def someone_else_writing(sqlite_file: Path) -> Iterator[None]:
    """Another process holds the database's write lock until the block ends."""
    other = sqlite3.connect(sqlite_file, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_the_database_uses_wal_so_readers_never_wait_for_a_writer(impatient_app):
    with impatient_app.app_context():
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(db.text("PRAGMA busy_timeout")).scalar() == 50


def test_a_coordinator_who_cannot_get_the_lock_is_asked_to_try_again(impatient_app, sqlite_file):
    app = impatient_app
    with app.app_context():
        match = Match(
            match_type=MatchType.MENTOR,
            referral=factories.make_referral(),
            volunteer=factories.make_volunteer(),
            status=MatchStatus.ACCEPTED,
        )
        db.session.add(match)
        db.session.commit()
        match_id = match.id
    client = app.test_client()
    AuthActions(app, client).login_as(Role.COORDINATOR)
    with someone_else_writing(sqlite_file):
        response = client.post(f"/match/{match_id}/aktiver", data=AGREEMENT)
    assert response.status_code == 302
    assert TRY_AGAIN in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.ACCEPTED


def test_any_other_write_that_cannot_get_the_lock_is_asked_to_try_again(
    impatient_app, sqlite_file
):
    client = impatient_app.test_client()
    AuthActions(impatient_app, client).login_as(Role.COORDINATOR)
    with someone_else_writing(sqlite_file):
        # Signing out writes an audit row: no locking helper, just the busy timeout running out.
        response = client.post("/konto/log-ud", headers={"Referer": "http://localhost/hjem"})
    assert response.status_code == 303
    assert TRY_AGAIN in client.get("/hjem").get_data(as_text=True)


def test_a_sign_up_that_cannot_get_the_lock_keeps_what_was_typed(impatient_app, sqlite_file):
    with someone_else_writing(sqlite_file):
        response = impatient_app.test_client().post(SIGNUP, data=signup_data())
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert TRY_AGAIN in page
    # The last step is shown again, filled in (the earlier steps are kept on the server).
    assert 'value="mette@test.example.dk"' in page
