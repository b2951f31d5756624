"""What each role's home page shows: the few things that need them today."""

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Select, bindparam, func, select

from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.mail import services as mail_services
from coordinator.mail.models import OutboxMessage
from coordinator.matches import follow_up
from coordinator.matches.models import FollowUp, FollowUpTrack, Match, MatchStatus
from coordinator.pagination import Page
from coordinator.referrals.models import Referral, ReferralStatus
from coordinator.volunteers import services as volunteer_services
from coordinator.volunteers.models import Volunteer, VolunteerStatus

OPEN_REFERRAL_STATUSES = (
    ReferralStatus.WAITING,
    ReferralStatus.IN_PROGRESS,
    ReferralStatus.MATCHED,
)


HOME_OVERDUE_SHOWN = 10


@dataclass(frozen=True)
class OverdueCheckIn:
    """One line of the home page's overdue list: plain values, no ORM object graph."""

    match_id: int
    due_on: date
    track: FollowUpTrack
    volunteer_name: str | None


def home_overview(user: User, today: date | None = None) -> dict[str, Any]:
    """Return what a role's home page opens with."""
    today = today or date.today()
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return coordinator_overview(user, today)
    if user.role == Role.CASEWORKER:
        return {
            "open_referrals": _count(
                Referral,
                Referral.caseworker_id == user.id,
                Referral.status.in_(OPEN_REFERRAL_STATUSES),
            ),
        }
    if user.role == Role.VOLUNTEER:
        volunteer = user.volunteer
        if volunteer is None:
            return {"volunteer": None}
        return {
            "volunteer": volunteer,
            "situation": volunteer_services.situation(volunteer),
            "waiting": volunteer_services.waiting_for(volunteer, today),
        }
    return {}


def coordinator_overview(user: User, today: date) -> dict[str, Any]:
    """The coordination unit's overview in three statements whatever the size of the data.

    The home page is the most visited page, so it reads only the columns it shows: every figure
    in one statement of scalar subqueries, the first overdue check-ins as plain rows, and the
    open concerns (`open_concerns_for`).
    """
    figures_statement, overdue_statement = _coordinator_statements()
    row = db.session.execute(figures_statement, {"today": today}).one()._mapping
    overdue = [
        OverdueCheckIn(
            match_id=r.match_id,
            due_on=r.due_on,
            track=r.track,
            volunteer_name=f"{r.first_name} {r.last_name}" if r.first_name else None,
        )
        for r in db.session.execute(overdue_statement, {"today": today})
    ]
    return {
        "volunteers_by_status": {status: row[status.value] for status in VolunteerStatus},
        "referrals_waiting": row["referrals_waiting"],
        "ready_to_start": row["ready_to_start"],
        "mail_not_arrived": row["mail_not_arrived"],
        "overdue": Page(
            items=overdue, total=row["overdue_total"], number=1, per_page=HOME_OVERDUE_SHOWN
        ),
    }


@functools.cache
def _coordinator_statements() -> tuple[Select, Select]:
    """The home page's two statements, built once per process (the date is a parameter)."""
    today = bindparam("today", type_=Date)
    figures = {
        "referrals_waiting": _count_of(Referral, Referral.status == ReferralStatus.WAITING),
        "ready_to_start": _count_of(Match, Match.status == MatchStatus.ACCEPTED),
        "mail_not_arrived": _count_of(OutboxMessage, mail_services.not_arrived()),
        "overdue_total": select(func.count())
        .select_from(follow_up.overdue_query(today).subquery())
        .scalar_subquery(),
        **{
            status.value: _count_of(Volunteer, Volunteer.status == status)
            for status in VolunteerStatus
        },
    }
    figures_statement = select(*(value.label(key) for key, value in figures.items()))
    overdue_statement = (
        follow_up.overdue_query(today)
        .with_only_columns(
            FollowUp.match_id,
            FollowUp.due_on,
            FollowUp.track,
            Volunteer.first_name,
            Volunteer.last_name,
            maintain_column_froms=True,
        )
        .outerjoin(Volunteer, Volunteer.id == Match.volunteer_id)
        .order_by(FollowUp.due_on, FollowUp.id)
        .limit(HOME_OVERDUE_SHOWN)  # a preview: the page shows the total and links to all
    )
    return figures_statement, overdue_statement


def _count_of(model, *where):
    return select(func.count()).select_from(model).where(*where).scalar_subquery()


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0
