"""Local workplaces that take young people, and the job-search milestones of a leisure-job match."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, Tags, enum_type, utcnow
from coordinator.extensions import Model


class WorkplaceStatus(StrEnum):
    """A volunteer's proposal waits for a coordinator; only approved workplaces are suggested."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class MilestoneStep(StrEnum):
    """The steps of a job search, in the order they usually happen."""

    WHERE_TO_WORK = "where_to_work"
    CV_WRITTEN = "cv_written"
    APPLICATION_SENT = "application_sent"
    INTERVIEW_PREPARED = "interview_prepared"
    INTERVIEW_EVALUATED = "interview_evaluated"
    JOB_STARTED = "job_started"


class Workplace(Model):
    __tablename__ = "workplaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    sector: Mapped[str] = mapped_column(sa.String(120))
    postcode: Mapped[str] = mapped_column(sa.String(4))
    # leisure_job, internship, trial_work (matching.WORKPLACE_OFFERS)
    offers: Mapped[list[str]] = mapped_column(Tags, default=list)
    # Interest tags the work fits (the vocabulary's interests), for ranking suggestions.
    interests: Mapped[list[str]] = mapped_column(Tags, default=list)
    min_age: Mapped[int | None]
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # The contact person is personal data: removed by the retention job when not confirmed for
    # RETENTION_WORKPLACE_CONTACT_DAYS (the workplace itself stays).
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(30))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_confirmed_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    status: Mapped[WorkplaceStatus] = mapped_column(
        enum_type(WorkplaceStatus), default=WorkplaceStatus.PROPOSED, index=True
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    __table_args__ = (
        sa.CheckConstraint("min_age IS NULL OR min_age BETWEEN 10 AND 30", name="min_age_range"),
    )


class MilestoneEntry(Model):
    """One tick (or untick) of a milestone: the history of a job search, never edited."""

    __tablename__ = "job_milestone_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[MilestoneStep] = mapped_column(enum_type(MilestoneStep))
    # The day it happened; None records that the tick was taken back.
    done_on: Mapped[date | None]
    workplace_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workplaces.id", ondelete="SET NULL")
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    workplace: Mapped[Workplace | None] = relationship()
