"""The audit log is append-only on PostgreSQL: a trigger refuses UPDATE and DELETE.

Revision ID: a6d1c0e2f4b7
Revises: 5e56fe89fb3c
Create Date: 2026-11-25 23:00:00

Two exceptions, both narrow: removing an account sets `actor_id` to NULL (the foreign key's
ON DELETE SET NULL; the row keeps `actor_label`), and the retention job deletes rows past their
period after `SET LOCAL koordinering.audit_retention = 'on'` in its own transaction.
SQLite has no such trigger: it is the embedded trial database, not where real data lives.
"""

from alembic import op

revision = "a6d1c0e2f4b7"
down_revision = "5e56fe89fb3c"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('koordinering.audit_retention', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only: rows are deleted only by retention';
    END IF;
    IF OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_label = OLD.actor_label
       AND NEW.action = OLD.action
       AND NEW.subject_type IS NOT DISTINCT FROM OLD.subject_type
       AND NEW.subject_id IS NOT DISTINCT FROM OLD.subject_id
       AND NEW.detail::text = OLD.detail::text
       AND NEW.ip_address IS NOT DISTINCT FROM OLD.ip_address THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: rows cannot be changed';
END;
$$ LANGUAGE plpgsql
"""


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
