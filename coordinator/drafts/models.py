"""A form's typed values kept between requests."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.db_types import AwareDateTime, utcnow
from coordinator.extensions import Model


class FormDraft(Model):
    """Typed form values, found by a random token that only the browser's session holds.

    Only the SHA-256 of the token is stored. Passwords and CSRF tokens are never kept. A row
    older than RETENTION_FORM_DRAFT_DAYS is no longer used, and the retention job deletes it.
    """

    __tablename__ = "form_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # "volunteer_signup" (the steps of the sign-up) or "resubmit" (a form to send again).
    purpose: Mapped[str] = mapped_column(sa.String(40))
    # Whose form it was (a resubmission is only shown to the same account); None when anonymous.
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # The page the form was sent to, to show it again there.
    path: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    # The form's fields as lists of strings (a MultiDict), without secrets.
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # For the sign-up: how many steps have been completed and checked.
    steps_done: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<FormDraft {self.id} {self.purpose}>"
