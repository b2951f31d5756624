"""The audit log: who did or saw what, and when."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.db_types import AwareDateTime, Tags, utcnow
from coordinator.extensions import Model


class AuditEntry(Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Kept as text too, so the entry still says who after an account is removed.
    actor_label: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    action: Mapped[str] = mapped_column(sa.String(80), index=True)
    subject_type: Mapped[str | None] = mapped_column(sa.String(60))
    subject_id: Mapped[int | None]
    detail: Mapped[dict] = mapped_column(Tags, default=dict)
    ip_address: Mapped[str | None] = mapped_column(sa.String(45))

    __table_args__ = (sa.Index("ix_audit_log_subject", "subject_type", "subject_id"),)
