"""The suite's own isolation: what one test leaves behind, the next never sees."""

import sqlalchemy as sa

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.matches import proposals, supply_gap
from tests import factories
from tests.conftest import clear_process_caches, reset_database


def _rows_per_table() -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


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
