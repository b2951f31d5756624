"""The daily reminders: check-ins due, and child certificates running out."""

from datetime import date

from sqlalchemy import func, select

from coordinator import mail
from coordinator.extensions import db
from coordinator.matches import follow_up
from coordinator.matches.services import coordinators
from coordinator.volunteers import certificates
from coordinator.volunteers.services import refresh_all_statuses


def expiring_certificates(today: date) -> list[certificates.Attention]:
    """Watched volunteers whose certificate cover runs out within the warning period or has
    run out (the one rule in `volunteers.certificates`)."""
    return certificates.needing_renewal(today)


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
