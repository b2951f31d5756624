"""Delivering the outbox over SMTP: claimed one message at a time, retried with backoff.

A message is claimed by a conditional UPDATE and committed before it is sent, and marked sent
in its own commit right after, so a worker killed mid-batch re-sends at most the one message it
was sending (after its claim runs out), and two workers never send the same message.
"""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import overload

from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from coordinator import jobs
from coordinator.extensions import db
from coordinator.mail import DELIVERY_JOB
from coordinator.mail.models import MailStatus, OutboxMessage

log = logging.getLogger(__name__)
RETRY_KEY = "mail-retry"


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    next_attempt_at: datetime | None = None
    errors: list[str] = field(default_factory=list)


@overload
def _aware(moment: datetime) -> datetime: ...
@overload
def _aware(moment: None) -> None: ...
def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive values; they are stored in UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _due(now: datetime):
    return or_(
        and_(OutboxMessage.status == MailStatus.PENDING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == MailStatus.SENDING, OutboxMessage.claimed_until < now),
    )


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1 minute, doubling."""
    first = current_app.config["MAIL_RETRY_FIRST_SECONDS"]
    return timedelta(seconds=first * 2 ** max(attempts - 1, 0))


def _claim(message_id: int, now: datetime) -> bool:
    claim = timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _due(now))
        .values(
            status=MailStatus.SENDING,
            claimed_until=now + claim,
            attempts=OutboxMessage.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    claimed: int = result.rowcount  # type: ignore[attr-defined]  # a DML result is a CursorResult
    db.session.commit()
    return claimed == 1


class _Smtp:
    """One SMTP connection for a batch, opened when first needed and reopened after an error."""

    def __init__(self) -> None:
        self._connection: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        config = current_app.config
        if self._connection is None:
            connection = smtplib.SMTP(
                config["MAIL_SERVER"],
                int(config["MAIL_PORT"]),
                timeout=config["MAIL_SMTP_TIMEOUT"],
            )
            try:
                if config.get("MAIL_USE_TLS"):
                    connection.starttls()
                if config.get("MAIL_USERNAME"):
                    connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            except (OSError, smtplib.SMTPException):
                connection.close()
                raise
            self._connection = connection
        try:
            self._connection.send_message(message)
        except (OSError, smtplib.SMTPException):
            self.close()
            raise

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.quit()
            except (OSError, smtplib.SMTPException):
                self._connection.close()
            self._connection = None


def _email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = f"<outbox-{message.id}-{message.created_at:%Y%m%d%H%M%S}@koordinering>"
    email.set_content(message.text)
    email.add_alternative(message.html, subtype="html")
    return email


def _record_failure(message: OutboxMessage, error: Exception, now: datetime) -> MailStatus:
    next_attempt = now + retry_delay(message.attempts)
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    message.claimed_until = None
    if next_attempt > _aware(message.give_up_at):
        message.status = MailStatus.FAILED
    else:
        message.status = MailStatus.PENDING
        message.next_attempt_at = next_attempt
    return message.status


def deliver_due(now: datetime | None = None) -> DeliveryReport:
    """Send every message that is due now; each success or failure is committed at once."""
    now = now or jobs.now()
    report = DeliveryReport()
    batch = current_app.config["MAIL_BATCH_SIZE"]
    smtp = _Smtp()
    seen: set[int] = set()
    try:
        while True:
            ids = [
                message_id
                for message_id in db.session.scalars(
                    select(OutboxMessage.id)
                    .where(_due(now))
                    .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                    .limit(batch)
                )
                if message_id not in seen
            ]
            db.session.commit()  # end the read, so the claims below are short transactions
            if not ids:
                break
            for message_id in ids:
                seen.add(message_id)
                if not _claim(message_id, now):
                    continue  # another worker has it
                message = db.session.get(OutboxMessage, message_id)
                if message is not None:
                    _send_one(message, smtp, now, report)
    finally:
        smtp.close()
    report.next_attempt_at = next_work_at()
    db.session.commit()
    return report


def _send_one(message: OutboxMessage, smtp: _Smtp, now: datetime, report: DeliveryReport) -> None:
    try:
        if current_app.config.get("MAIL_SERVER"):
            smtp.send(_email(message))
        else:
            log.info("E-mail to %s: %s\n%s", message.recipient, message.subject, message.text)
    except (OSError, smtplib.SMTPException) as error:
        status = _record_failure(message, error, now)
        report.errors.append(message.last_error or "")
        if status == MailStatus.FAILED:
            report.failed += 1
            log.error("Gave up e-mail %s to %s: %s", message.id, message.recipient, error)
        else:
            report.retrying += 1
            log.warning("E-mail %s to %s will be retried: %s", message.id, message.recipient,
                        error)
    else:
        message.status = MailStatus.SENT
        message.sent_at = jobs.now()
        message.claimed_until = None
        message.last_error = None
        report.sent += 1
    db.session.commit()


def next_work_at() -> datetime | None:
    """When the outbox next has something to do: a retry falling due, or a claim running out."""
    pending = db.session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.status == MailStatus.PENDING
        )
    )
    claimed = db.session.scalar(
        select(func.min(OutboxMessage.claimed_until)).where(
            OutboxMessage.status == MailStatus.SENDING
        )
    )
    moments: list[datetime] = [
        _aware(moment) for moment in (pending, claimed) if moment is not None
    ]
    return min(moments) if moments else None


@jobs.job(DELIVERY_JOB)
def deliver_mail() -> DeliveryReport:
    """The background job: send what is due, then come back when the next retry is due."""
    report = deliver_due()
    if report.next_attempt_at is not None:
        # A claim that runs out is one second past its time before it counts as due.
        at = max(report.next_attempt_at, jobs.now()) + timedelta(seconds=1)
        jobs.schedule(at, DELIVERY_JOB, key=RETRY_KEY)
    return report
