"""`flask --app coordinator remind-agreements`: mail the coordinators about agreements ending."""

from datetime import date

import click
from flask.cli import with_appcontext

from coordinator.extensions import db
from coordinator.organisations.services import REMINDER_DAYS, send_agreement_reminders


@click.command("remind-agreements")
@click.option(
    "--days",
    type=click.IntRange(1, 365),
    default=REMINDER_DAYS,
    show_default=True,
    help="Remind about agreements ending within this many days.",
)
@with_appcontext
def remind_agreements_command(days: int) -> None:
    """Mail every coordinator the partnership agreements that run out soon (run it weekly)."""
    queued = send_agreement_reminders(date.today(), days)
    db.session.commit()  # the outbox rows; the delivery job follows the commit
    click.echo(f"Reminders queued: {queued}.")
