"""The outbox: every e-mail is a row written in the transaction of the decision it reports."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.db_types import AwareDateTime, enum_type, utcnow
from coordinator.extensions import Model


class MailStatus(StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt
    SENDING = "sending"  # claimed by a worker; back to pending if the worker dies
    SENT = "sent"
    FAILED = "failed"  # gave up; listed for staff, who can send it again


class OutboxMessage(Model):
    """One e-mail, rendered when the decision was made, delivered by a worker with retries."""

    __tablename__ = "outbox_messages"
    __table_args__ = (sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(320))
    template: Mapped[str] = mapped_column(sa.String(80))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text: Mapped[str] = mapped_column(sa.Text)
    html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[MailStatus] = mapped_column(enum_type(MailStatus), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    give_up_at: Mapped[datetime] = mapped_column(AwareDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(AwareDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    # A concern's e-mail is the one whose failure staff must act on at once.
    concern_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("concerns.id", ondelete="SET NULL"), index=True
    )
