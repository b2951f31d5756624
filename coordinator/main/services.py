"""What each role's home page shows: the few things that need them today."""

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from coordinator.auth.models import Role, User
from coordinator.dashboard.services import volunteers_by_status
from coordinator.extensions import db
from coordinator.matches import follow_up
from coordinator.matches import services as match_services
from coordinator.matches.models import Match, MatchStatus
from coordinator.pagination import paginate
from coordinator.referrals.models import Referral, ReferralStatus

OPEN_REFERRAL_STATUSES = (
    ReferralStatus.WAITING,
    ReferralStatus.IN_PROGRESS,
    ReferralStatus.MATCHED,
)


def home_overview(user: User, today: date | None = None) -> dict[str, Any]:
    """Return what a role's home page opens with."""
    today = today or date.today()
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return {
            "volunteers_by_status": volunteers_by_status(),
            "referrals_waiting": _count(Referral, Referral.status == ReferralStatus.WAITING),
            "overdue": paginate(follow_up.overdue(today), number=1, per_page=10),
            "open_concerns": match_services.open_concerns_for(user),
            "ready_to_start": _count(Match, Match.status == MatchStatus.ACCEPTED),
        }
    if user.role == Role.CASEWORKER:
        return {
            "open_concerns": match_services.open_concerns_for(user),
            "open_referrals": _count(
                Referral,
                Referral.caseworker_id == user.id,
                Referral.status.in_(OPEN_REFERRAL_STATUSES),
            ),
            "shortlists_ready": db.session.scalars(
                select(Referral)
                .options(selectinload(Referral.young_person), selectinload(Referral.family))
                .where(
                    Referral.caseworker_id == user.id,
                    Referral.id.in_(
                        select(Match.referral_id).where(Match.status == MatchStatus.SHORTLISTED)
                    ),
                )
                .order_by(Referral.id)
            ).all(),
        }
    if user.role == Role.VOLUNTEER:
        volunteer = user.volunteer
        offered = []
        if volunteer is not None:
            offered = db.session.scalars(
                select(Match).where(
                    Match.volunteer_id == volunteer.id, Match.status == MatchStatus.OFFERED
                )
            ).all()
        return {"volunteer": volunteer, "offered": offered}
    return {}


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0
