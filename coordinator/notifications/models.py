"""An in-app notification: one line to one user, with a link to what it is about."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, utcnow
from coordinator.extensions import Model

if TYPE_CHECKING:
    from coordinator.auth.models import User


class Notification(Model):
    """Written with the e-mail of the same event; read_at is set when the user opens it."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(80))  # the e-mail template's name
    title: Mapped[str] = mapped_column(sa.String(300))  # in the user's language when written
    url: Mapped[str] = mapped_column(sa.String(500))  # a path inside the app
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    user: Mapped["User"] = relationship()

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} user={self.user_id}>"
