"""The suite's own isolation: what one test leaves behind, the next never sees."""

import threading

import pytest
import sqlalchemy as sa

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.matches import proposals, supply_gap
from tests import factories
from tests.conftest import NeedsRealCommits, clear_process_caches, reset_database, rolled_back


def _rows_per_table() -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


@pytest.mark.real_commits
def test_reset_empties_rows_committed_by_the_session_and_by_another_connection(app):
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER)
        factories.make_referral(caseworker)
        factories.make_volunteer()
        db.session.commit()
        user_id = caseworker.id
    # An audit row written on a connection of its own, as `record_view` does.
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(
            sa.insert(AuditEntry),
            {"action": "test.isolation", "actor_id": user_id, "detail": {}, "at": utcnow()},
        )
    with app.app_context():
        before = _rows_per_table()
        db.session.remove()
    assert before["users"] >= 1
    assert before["referrals"] == 1
    assert before["volunteers"] == 1
    assert before["audit_log"] >= 1

    reset_database(app)

    with app.app_context():
        assert set(_rows_per_table().values()) == {0}
        assert db.session.get(User, user_id) is None


@pytest.mark.real_commits
def test_reset_of_an_empty_database_changes_nothing(app):
    reset_database(app)
    with app.app_context():
        assert set(_rows_per_table().values()) == {0}


def test_clear_process_caches_forgets_the_fitted_matcher_and_the_supply_gap():
    proposals._cache["profiles"] = object()
    supply_gap._gap_cache["gap"] = ((), object())
    clear_process_caches()
    assert proposals._cache == {}
    assert supply_gap._gap_cache == {}


@pytest.mark.real_commits
def test_what_a_rolled_back_test_commits_is_gone_afterwards(app):
    with rolled_back(app):
        with app.app_context():
            factories.make_referral()
            db.session.commit()
        with app.app_context():
            assert _rows_per_table()["referrals"] == 1
    with app.app_context():
        assert set(_rows_per_table().values()) == {0}
        db.session.remove()


def _audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_short_transaction_of_its_own_outlives_the_requests_rollback(app):
    """What the app writes with `db.engine.begin()` is committed at once in real life, so a
    rollback of the request's session must not take it along (it is written again)."""
    with app.app_context():
        user = factories.make_user(Role.COORDINATOR)
        db.session.commit()
        user_id = user.id
        db.session.execute(sa.select(User)).all()  # the request's transaction is open
        with db.engine.begin() as connection:
            connection.execute(
                sa.insert(AuditEntry),
                {"action": "test.side", "actor_id": user_id, "detail": {}, "at": utcnow()},
            )
        assert _audit_actions() == ["test.side"]
        db.session.rollback()
        assert _audit_actions() == ["test.side"]
        with db.session.begin_nested():
            db.session.execute(sa.select(User)).all()
            with db.engine.begin() as connection:
                connection.execute(
                    sa.insert(AuditEntry),
                    {"action": "test.nested", "actor_id": user_id, "detail": {}, "at": utcnow()},
                )
            db.session.rollback()
        db.session.rollback()
        assert _audit_actions() == ["test.side", "test.nested"]


def test_a_rolled_back_test_refuses_a_second_connection(app):
    with (
        app.app_context(),
        pytest.raises(NeedsRealCommits, match="second connection"),
        db.engine.connect(),
    ):
        pass


def test_a_rolled_back_test_refuses_another_thread(app):
    errors: list[BaseException] = []

    def query() -> None:
        with app.app_context():
            try:
                db.session.execute(sa.select(User)).all()
            except NeedsRealCommits as error:
                errors.append(error)

    thread = threading.Thread(target=query)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert len(errors) == 1


def test_a_short_transaction_after_the_requests_write_is_refused_on_sqlite_only(app):
    """With real connections, SQLite's second connection would wait for the request's own
    write lock and fail; PostgreSQL lets it write another table."""
    with app.app_context():
        user = factories.make_user(Role.COORDINATOR)
        db.session.commit()
        factories.make_organisation()  # the request's own transaction writes
        side = {"action": "test.after_write", "actor_id": user.id, "detail": {}, "at": utcnow()}
        if db.session.connection().dialect.name == "sqlite":
            with (
                pytest.raises(NeedsRealCommits, match="write lock"),
                db.engine.begin() as connection,
            ):
                connection.execute(sa.insert(AuditEntry), side)
        else:
            with db.engine.begin() as connection:
                connection.execute(sa.insert(AuditEntry), side)
            assert _audit_actions() == ["test.after_write"]
            db.session.rollback()
            assert _audit_actions() == ["test.after_write"]
