"""One Alembic history builds the schema on empty SQLite and PostgreSQL and matches the models."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from coordinator import create_app
from coordinator.extensions import db
from tests.conftest import base_config

EXPECTED_TABLES = {
    "users", "volunteers", "household_members", "screening_steps", "child_certificates",
    "partner_organisations", "partnership_agreements", "young_people", "families",
    "family_children", "referrals", "consents", "matches", "match_status_changes",
    "follow_ups", "meeting_logs", "concerns", "offers", "events", "event_signups", "audit_log",
    "matching_weights", "outbox_messages", "stored_results", "job_runs", "user_sessions",
    "recovery_codes", "notifications", "form_drafts", "young_sign_in_tokens", "club_activities",
    "young_check_ins", "young_signals", "friend_contact_exchanges",
    "courses", "course_signups", "guides", "guide_versions", "guide_acknowledgements",
    "safety_plan_parts", "workplaces", "job_milestone_entries",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("scratch_postgres")


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _differences(app) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_builds_the_whole_schema(empty_database):
    app = create_app(base_config(empty_database))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    assert _tables(empty_database) == EXPECTED_TABLES


def test_downgrade_to_base_and_upgrade_again(empty_database):
    app = create_app(base_config(empty_database))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        db.engine.dispose()
        assert _tables(empty_database) == set()
        upgrade()
        db.engine.dispose()
    assert _tables(empty_database) == EXPECTED_TABLES


def test_models_and_migrations_agree(empty_database):
    app = create_app(base_config(empty_database))
    with app.app_context():
        upgrade()
        differences = _differences(app)
        db.engine.dispose()
    assert differences == []
