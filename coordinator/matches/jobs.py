"""Background jobs of matching: keep the fitted matcher and the supply gap fresh, and run
"match all waiting" with a progress bar.

A change to volunteers (profile, household, certificates), matches or referrals marks the
transaction; once it commits, `refresh_matching` refits in the background, so no web request
waits for a fit.
"""

import uuid
from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from coordinator import jobs
from coordinator.auth.models import User
from coordinator.extensions import db
from coordinator.jobs.models import JobRun, JobRunStatus
from coordinator.matches import proposals, services, supply_gap
from coordinator.matches.models import Match, MatchingWeights
from coordinator.referrals.models import Referral
from coordinator.volunteers.models import ChildCertificate, HouseholdMember, Volunteer

REFRESH_JOB = "refresh_matching"
ASSIGN_ALL_JOB = "assign_all_waiting"
ASSIGN_ALL_KIND = "assign_all_waiting"
# What the fitted matcher and the supply gap are computed from.
_WATCHED = (Volunteer, ChildCertificate, HouseholdMember, Match, Referral, MatchingWeights)


@jobs.job(REFRESH_JOB)
def refresh_matching() -> None:
    """Refit the matcher on today's volunteers and recompute the supply gap; store both."""
    today = date.today()
    proposals.store_fitted_profiles(today)
    supply_gap.store_supply_gap(today)
    db.session.commit()


def _touches_matching(session: Session) -> bool:
    return any(
        isinstance(instance, _WATCHED)
        for instance in (*session.new, *session.dirty, *session.deleted)
    )


@event.listens_for(Session, "before_flush")
def _mark_matching_changed(session: Session, _context, _instances) -> None:
    if not has_app_context() or not current_app.config.get("MATCHING_BACKGROUND_REFIT"):
        return
    if _touches_matching(session):
        jobs.after_commit(REFRESH_JOB)


def start_assign_all(*, by: User) -> JobRun:
    """Record a "match all waiting" run and start it once the caller commits."""
    run = JobRun(id=str(uuid.uuid4()), kind=ASSIGN_ALL_KIND, created_by_id=by.id)
    db.session.add(run)
    db.session.flush()
    jobs.after_commit(ASSIGN_ALL_JOB, run.id)
    return run


UNFINISHED = (JobRunStatus.QUEUED, JobRunStatus.RUNNING)


def run_for(run_id: str) -> JobRun | None:
    """A "match all waiting" run by its id, or None (any malformed id included)."""
    if not run_id or len(run_id) > 36:
        return None
    run = db.session.get(JobRun, run_id)
    return run if run is not None and run.kind == ASSIGN_ALL_KIND else None


def _set_progress(run_id: str, percent: int) -> None:
    # In its own short transaction, so the page polling it sees the bar move while the run's
    # own transaction is still open.
    with db.engine.begin() as connection:
        connection.execute(
            update(JobRun)
            .where(JobRun.id == run_id)
            .values(progress=percent, status=JobRunStatus.RUNNING)
        )


@jobs.job(ASSIGN_ALL_JOB)
def assign_all_waiting(run_id: str) -> None:
    """Run the optimal assignment over every waiting referral, reporting progress."""
    run = db.session.get(JobRun, run_id)
    if run is None or run.status not in (JobRunStatus.QUEUED, JobRunStatus.RUNNING):
        return
    user = db.session.get(User, run.created_by_id) if run.created_by_id else None
    db.session.commit()  # end the read before the progress updates write
    _set_progress(run_id, 5)
    try:
        made = services.suggest_for_all_waiting(
            by=user, today=date.today(), progress=lambda percent: _set_progress(run_id, percent)
        )
    except Exception:
        db.session.rollback()
        run = db.session.get_one(JobRun, run_id)
        run.status, run.finished_at = JobRunStatus.FAILED, jobs.now()
        db.session.commit()
        raise
    run = db.session.get_one(JobRun, run_id)
    run.status, run.progress, run.finished_at = JobRunStatus.DONE, 100, jobs.now()
    run.result = {"suggestions": made}
    db.session.commit()
