"""The volunteer's part in a family's safety plan, on the match agreement."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, utcnow
from coordinator.extensions import Model

if TYPE_CHECKING:
    from coordinator.matches.models import Match


class SafetyPlanPart(Model):
    """What the matched volunteer does in the family's safety plan: what, whom to call, when.

    Only this part is stored here; the rest of the plan stays in the caseworker's own system.
    """

    __tablename__ = "safety_plan_parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        sa.ForeignKey("matches.id", ondelete="CASCADE"), unique=True
    )
    what_to_do: Mapped[str] = mapped_column(sa.Text)
    whom_to_call: Mapped[str] = mapped_column(sa.Text)
    when_to_act: Mapped[str] = mapped_column(sa.Text)
    # Set when a check-in found that the plan no longer holds; cleared when the part is updated.
    needs_review_since: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, onupdate=utcnow)

    match: Mapped["Match"] = relationship()
