"""The daily reminders: check-ins due, and child certificates running out."""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from coordinator import mail
from coordinator.extensions import db
from coordinator.matches import adapter, follow_up
from coordinator.matches.services import coordinators
from coordinator.volunteers.models import Volunteer, VolunteerStatus
from coordinator.volunteers.services import refresh_all_statuses


def expiring_certificates(today: date) -> list[tuple[Volunteer, date]]:
    """Approved volunteers whose certificate cover ends within the warning period."""
    horizon = today + timedelta(days=current_app.config["CERTIFICATE_EXPIRY_WARNING_DAYS"])
    volunteers = db.session.scalars(
        select(Volunteer)
        .options(selectinload(Volunteer.household), selectinload(Volunteer.certificates))
        .where(Volunteer.status == VolunteerStatus.APPROVED)
        .order_by(Volunteer.id)
    )
    found = []
    for volunteer in volunteers:
        until = adapter.certificate_until(volunteer, today)
        if until is not None and today <= until <= horizon:
            found.append((volunteer, until))
    return found


def send_daily_reminders(today: date) -> dict[str, int]:
    """Bring volunteers' statuses up to date, then queue today's reminders to the coordinators;
    return what was found."""
    refreshed = refresh_all_statuses(today)
    due = len(follow_up.due_today(today))
    overdue = db.session.scalar(
        select(func.count()).select_from(follow_up.overdue_query(today).subquery())
    ) or 0
    expiring = expiring_certificates(today)
    recipients = coordinators()
    for user in recipients:
        if due or overdue:
            mail.queue(
                user.email,
                "check_in_due",
                locale=user.locale,
                recipient=user,
                due=due,
                overdue=overdue,
            )
        if expiring:
            mail.queue(
                user.email,
                "certificate_expiring",
                locale=user.locale,
                recipient=user,
                expiring=expiring,
            )
    return {
        "due": due,
        "overdue": overdue,
        "expiring": len(expiring),
        "recipients": len(recipients),
        "statuses_refreshed": refreshed,
    }
