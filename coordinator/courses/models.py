"""Courses (introduction and themes) and group supervision sessions, with their sign-ups."""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, enum_type, utcnow
from coordinator.extensions import Model

if TYPE_CHECKING:
    from coordinator.volunteers.models import Volunteer


class CourseKind(StrEnum):
    """What a session is: the introductory course marks the screening step "training" done."""

    INTRODUCTION = "introduction"
    THEME = "theme"
    SUPERVISION = "supervision"


class CourseTheme(StrEnum):
    """The themes the committee names: confidentiality, ethics, the law, a concern."""

    CONFIDENTIALITY = "confidentiality"
    ETHICS = "ethics"
    LAW = "law"
    CONCERN = "concern"


class CourseSignupStatus(StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Course(Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CourseKind] = mapped_column(enum_type(CourseKind), index=True)
    theme: Mapped[CourseTheme | None] = mapped_column(enum_type(CourseTheme))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    starts_at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
    # Hours on a volunteer's record come from here: a session of 2.5 hours counts 150 minutes.
    duration_minutes: Mapped[int]
    location: Mapped[str] = mapped_column(sa.String(300))
    places: Mapped[int]
    cancelled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    attendance_recorded_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    signups: Mapped[list["CourseSignup"]] = relationship(
        back_populates="course", cascade="all, delete-orphan", order_by="CourseSignup.id"
    )

    __table_args__ = (
        sa.CheckConstraint("places >= 1", name="places_positive"),
        sa.CheckConstraint("duration_minutes >= 1", name="duration_positive"),
    )


class CourseSignup(Model):
    __tablename__ = "course_signups"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    volunteer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[CourseSignupStatus] = mapped_column(enum_type(CourseSignupStatus))
    attended: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    course: Mapped[Course] = relationship(back_populates="signups")
    volunteer: Mapped["Volunteer"] = relationship()
