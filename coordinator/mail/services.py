"""What staff see of the outbox: mail that did not arrive, and sending it again."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Select, func, select

from coordinator import jobs
from coordinator.audit import services as audit
from coordinator.extensions import db
from coordinator.mail import DELIVERY_JOB
from coordinator.mail.models import MailStatus, OutboxMessage

# Still being tried after a failed attempt, or given up: both are mail that has not arrived.
NOT_ARRIVED = (MailStatus.FAILED, MailStatus.PENDING, MailStatus.SENDING)


def not_arrived() -> ColumnElement[bool]:
    """A message given up, or one that failed at least once and is still being retried."""
    return OutboxMessage.status.in_(NOT_ARRIVED) & (
        (OutboxMessage.status == MailStatus.FAILED) | OutboxMessage.last_error.is_not(None)
    )


def undelivered_query() -> Select:
    """Mail that has not arrived: given up first, then newest first."""
    return (
        select(OutboxMessage)
        .where(not_arrived())
        .order_by((OutboxMessage.status == MailStatus.FAILED).desc(),
                  OutboxMessage.created_at.desc())
    )


def failed_count() -> int:
    """How many messages were given up (shown on the coordinator's home)."""
    return db.session.scalar(
        select(func.count()).where(OutboxMessage.status == MailStatus.FAILED)
    ) or 0


def concern_mail_not_arrived(concern_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether an e-mail about this concern has not arrived (for a flag in a list of concerns)."""
    return (
        select(OutboxMessage.id)
        .where(OutboxMessage.concern_id == concern_id, not_arrived())
        .exists()
    )


def get_undelivered(message_id: int) -> OutboxMessage | None:
    """A message that can be sent again (given up, or waiting for a retry), else None.

    One a worker is sending right now is left to it, so sending again never sends it twice.
    """
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status not in (MailStatus.FAILED, MailStatus.PENDING):
        return None
    return message


def send_again(message: OutboxMessage, *, by) -> OutboxMessage:
    """Put a message back in the queue now, with a fresh day of retries."""
    now = jobs.now()
    message.status = MailStatus.PENDING
    message.next_attempt_at = now
    message.claimed_until = None
    message.give_up_at = now + timedelta(seconds=current_app.config["MAIL_GIVE_UP_SECONDS"])
    audit.record(by, "mail.resent", subject=message, detail={"to": message.recipient})
    jobs.after_commit(DELIVERY_JOB)
    db.session.flush()
    return message
