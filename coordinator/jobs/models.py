"""What background jobs leave behind: computed results, and the progress of long runs."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.db_types import AwareDateTime, enum_type, utcnow
from coordinator.extensions import Model


class StoredResult(Model):
    """A result worth keeping between processes (the fitted matcher, the supply gap), valid
    while the data it was computed from has the same fingerprint."""

    __tablename__ = "stored_results"

    key: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[bytes] = mapped_column(sa.LargeBinary)
    computed_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)


class JobRunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobRun(Model):
    """A long job a user started and watches (a progress bar), with its result."""

    __tablename__ = "job_runs"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    status: Mapped[JobRunStatus] = mapped_column(
        enum_type(JobRunStatus), default=JobRunStatus.QUEUED
    )
    progress: Mapped[int] = mapped_column(default=0)  # percent
    result: Mapped[dict | None] = mapped_column(sa.JSON)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
