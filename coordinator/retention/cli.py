"""`flask --app coordinator retention [--dry-run]`."""

import click
from flask import current_app
from flask.cli import with_appcontext

from coordinator import jobs
from coordinator.extensions import db
from coordinator.retention import services


def describe(action: services.Action) -> str:
    """One line of the report: what happens to which record, and why."""
    subject = (f"{action.subject_type} {action.subject_id}" if action.subject_id is not None
               else f"{action.count} {action.subject_type} rows")
    return f"{action.kind:<15} {subject:<28} {action.category}: {action.why}"


@click.command("retention")
@click.option(
    "--dry-run", is_flag=True, help="Print what would be removed, and why; change nothing."
)
@with_appcontext
def retention_command(dry_run: bool) -> None:
    """Anonymise or delete personal data whose retention period has run out."""
    actions = services.run(jobs.now(), current_app.config, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for action in actions:
        click.echo(describe(action))
    verb = "would be changed" if dry_run else "changed"
    click.echo(f"{sum(a.count for a in actions)} records {verb}.")
