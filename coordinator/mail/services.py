"""What staff see of the outbox: mail that did not arrive, and sending it again."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import Select, func, select

from coordinator import jobs
from coordinator.audit import services as audit
from coordinator.extensions import db
from coordinator.mail import DELIVERY_JOB
from coordinator.mail.models import MailStatus, OutboxMessage

# Still being tried after a failed attempt, or given up: both are mail that has not arrived.
NOT_ARRIVED = (MailStatus.FAILED, MailStatus.PENDING, MailStatus.SENDING)


class NotFound(LookupError):
    """No undelivered message with that id."""


def undelivered_query() -> Select:
    """Messages that failed, or failed at least once and are still being retried, newest first."""
    return (
        select(OutboxMessage)
        .where(
            OutboxMessage.status.in_(NOT_ARRIVED),
            (OutboxMessage.status == MailStatus.FAILED) | (OutboxMessage.last_error.is_not(None)),
        )
        .order_by(OutboxMessage.status == MailStatus.FAILED, OutboxMessage.created_at.desc())
    )


def failed_count() -> int:
    """How many messages were given up (shown on the coordinator's home)."""
    return db.session.scalar(
        select(func.count()).where(OutboxMessage.status == MailStatus.FAILED)
    ) or 0


def concerns_with_failed_mail() -> set[int]:
    """Concerns whose e-mail has not arrived (given up or still failing)."""
    return set(
        db.session.scalars(
            select(OutboxMessage.concern_id).where(
                OutboxMessage.concern_id.is_not(None),
                OutboxMessage.status.in_(NOT_ARRIVED),
                (OutboxMessage.status == MailStatus.FAILED)
                | (OutboxMessage.last_error.is_not(None)),
            )
        )
    )


def get_undelivered(message_id: int) -> OutboxMessage:
    """A message that has not arrived, or NotFound."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status == MailStatus.SENT:
        raise NotFound(message_id)
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
