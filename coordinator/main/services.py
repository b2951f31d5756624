"""What each role's home page shows."""

from typing import Any

from sqlalchemy import func, select

from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.referrals.models import Referral, ReferralStatus
from coordinator.volunteers.models import Volunteer, VolunteerStatus


def home_overview(user: User) -> dict[str, Any]:
    """Return the few figures a role's home page opens with."""
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        rows = db.session.execute(
            select(Volunteer.status, func.count()).group_by(Volunteer.status)
        )
        by_status = {status: count for status, count in rows}
        waiting = db.session.scalar(
            select(func.count()).select_from(Referral).where(
                Referral.status == ReferralStatus.WAITING
            )
        )
        return {
            "volunteers_by_status": {
                status: by_status.get(status, 0) for status in VolunteerStatus
            },
            "referrals_waiting": waiting or 0,
        }
    if user.role == Role.CASEWORKER:
        open_referrals = db.session.scalar(
            select(func.count()).select_from(Referral).where(
                Referral.caseworker_id == user.id,
                Referral.status.in_(
                    [ReferralStatus.WAITING, ReferralStatus.IN_PROGRESS, ReferralStatus.MATCHED]
                ),
            )
        )
        return {"open_referrals": open_referrals or 0}
    if user.role == Role.VOLUNTEER:
        return {"volunteer": user.volunteer}
    return {}
