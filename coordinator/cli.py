"""Management commands: `flask --app coordinator create-user` and `seed-demo`."""

import click
from flask.cli import with_appcontext

from coordinator.auth.models import Role
from coordinator.auth.services import EmailTaken, create_user
from coordinator.extensions import db

STAFF_ROLE_NAMES = [Role.ADMIN.value, Role.COORDINATOR.value, Role.CASEWORKER.value]


@click.command("create-user")
@click.option("--email", required=True, help="The account's e-mail address (its login).")
@click.option("--name", required=True, help="The person's name as shown in the interface.")
@click.option("--role", type=click.Choice(STAFF_ROLE_NAMES), required=True)
@click.option("--locale", type=click.Choice(["da", "en"]), default="da", show_default=True)
@click.password_option(help="Prompted for when not given.")
@with_appcontext
def create_user_command(email: str, name: str, role: str, locale: str, password: str) -> None:
    """Create a staff account (admin, coordinator or caseworker)."""
    from coordinator.form_helpers import password_problem

    problem = password_problem(password, [email, name])
    if problem is not None:
        from flask import current_app
        from flask_babel import force_locale

        # The message is translatable; the operator's terminal gets it in English.
        with current_app.test_request_context(), force_locale("en"):
            raise click.BadParameter(str(problem), param_hint="password")
    try:
        user = create_user(
            email=email, name=name, role=Role(role), password=password, locale=locale
        )
    except EmailTaken:
        raise click.ClickException(f"An account with the e-mail {email} already exists.") from None
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}.")


@click.command("seed-demo")
@click.option("--demo", "demo_flag", is_flag=True,
              help="Allow it on a shared demo server (DEPLOYMENT=demo).")
@with_appcontext
def seed_demo_command(demo_flag: bool) -> None:
    """Load the demo data once (idempotent) and print the demo logins.

    The demo creates an administrator whose password is printed in the README, so it runs
    only in development and tests, on a demo server when asked with --demo, and never when the
    configuration says production.
    """
    from flask import current_app

    from coordinator import demo

    deployment = current_app.config["DEPLOYMENT"]
    if deployment == "production" and not current_app.testing:
        raise click.ClickException(
            "seed-demo never runs in production (DEPLOYMENT=production): it would create "
            "accounts whose password is public."
        )
    if deployment != "development" and not current_app.testing and not demo_flag:
        raise click.ClickException(
            f"seed-demo runs outside development only with --demo (DEPLOYMENT={deployment})."
        )

    created = demo.seed()
    db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")
    click.echo(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
    for role, email in demo.DEMO_ACCOUNTS.items():
        click.echo(f"  {role.value:<22} {email}")
    click.echo(f"  {'young_person':<22} {demo.DEMO_YOUNG_EMAIL}  (no password: ask for a link "
               "at /ung/log-ind; the e-mail with the link and code is written to the log)")


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """The daily jobs: mail the coordinators today's check-ins and the child certificates running
    out, refit the matcher for today, keep to the retention schedule, and send whatever mail is
    due (run it daily from cron)."""
    from datetime import date, timedelta

    from coordinator.auth.sessions import purge_expired
    from coordinator.db_types import utcnow
    from coordinator.mail.delivery import deliver_due
    from coordinator.matches.jobs import refresh_matching
    from coordinator.matches.reminders import send_daily_reminders
    from coordinator.retention.jobs import retention

    found = send_daily_reminders(date.today())
    # Session rows that can no longer sign anyone in are kept a week (for the account page's
    # history and any investigation), then deleted.
    purge_expired(utcnow() - timedelta(days=7))
    db.session.commit()  # the statuses, the audit entries and the outbox rows together
    # Before the refit, so volunteers removed today are not fitted again.
    removed = retention()
    refresh_matching()
    report = deliver_due()
    click.echo(
        f"{found['due']} check-ins due, {found['overdue']} overdue, "
        f"{found['expiring']} certificates running out, {found['statuses_refreshed']} volunteer "
        f"statuses brought up to date; {report.sent} e-mails sent, {report.retrying} to retry, "
        f"{report.failed} given up; {removed} records past their retention period."
    )


@click.command("deliver-mail")
@with_appcontext
def deliver_mail_command() -> None:
    """Send the outbox's due e-mails now (a safety net for cron when no worker runs)."""
    from coordinator.mail.delivery import deliver_due

    report = deliver_due()
    click.echo(f"{report.sent} sent, {report.retrying} to retry, {report.failed} given up.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs that are queued, then stop.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the background jobs from Redis (needs REDIS_URL): mail, refits, long runs."""
    from flask import current_app

    from coordinator.jobs import real_app, runners

    if runners.mode(current_app) != "rq":
        raise click.ClickException(
            "Set REDIS_URL (e.g. FLASK_REDIS_URL=redis://127.0.0.1:6379/0) to run a worker; "
            "without it, jobs run inside the web process."
        )
    runners.run_worker(real_app(), burst=burst)
