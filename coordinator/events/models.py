"""Events against loneliness, arranged by coordinators and volunteers."""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, enum_type, utcnow
from coordinator.extensions import Model

if TYPE_CHECKING:
    from coordinator.referrals.models import YoungPerson
    from coordinator.volunteers.models import Volunteer


class SignupStatus(StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class EventKind(StrEnum):
    """Events against loneliness, and information meetings at placement sites (leisure jobs)."""

    GENERAL = "general"
    INFO_MEETING = "info_meeting"


class Event(Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(
        enum_type(EventKind), default=EventKind.GENERAL, server_default=EventKind.GENERAL.value
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    starts_at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    location: Mapped[str] = mapped_column(sa.String(300))
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    places: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    cancelled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    signups: Mapped[list["EventSignup"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventSignup.id"
    )

    __table_args__ = (sa.CheckConstraint("places >= 1", name="places_positive"),)


class EventSignup(Model):
    __tablename__ = "event_signups"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    young_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    volunteer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[SignupStatus] = mapped_column(enum_type(SignupStatus))
    attended: Mapped[bool | None]
    signed_up_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="signups")
    young_person: Mapped["YoungPerson | None"] = relationship()
    volunteer: Mapped["Volunteer | None"] = relationship()
