"""Recording the volunteer's part in a safety plan, showing it to the matched volunteer only,
and the check-ins that ask whether the plan still holds."""

from datetime import date

from sqlalchemy import select

from coordinator.audit.services import record as audit_record
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.matches import signals as match_signals
from coordinator.matches.models import LIVE_STATUSES, Match
from coordinator.safety.models import SafetyPlanPart

SAFETY_PLAN_NEED = "safety_plan"


def part_of(match: Match) -> SafetyPlanPart | None:
    return db.session.scalar(select(SafetyPlanPart).where(SafetyPlanPart.match_id == match.id))


def may_record(user: User, match: Match) -> bool:
    """The caseworker of the match's referral records the part, while the match runs."""
    return (
        user.role == Role.CASEWORKER
        and match.referral is not None
        and match.referral.caseworker_id == user.id
        and match.status in LIVE_STATUSES
    )


def may_see(user: User, match: Match) -> bool:
    """Who may read the part: the referral's caseworker, coordinators, and the matched volunteer.

    The caller has already scoped the match to the user (`get_match_for`), so another volunteer
    never gets here; this is the second lock on the door.
    """
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return True
    if user.role == Role.CASEWORKER:
        return match.referral is not None and match.referral.caseworker_id == user.id
    if user.role == Role.VOLUNTEER:
        return match.volunteer is not None and match.volunteer.user_id == user.id
    return False


def family_has_safety_plan(match: Match) -> bool:
    """The referral names a safety plan among its needs, or a part is already recorded."""
    needs = match.referral.needs if match.referral is not None else []
    return SAFETY_PLAN_NEED in (needs or []) or part_of(match) is not None


def record_part(actor: User, match: Match, *, what_to_do: str, whom_to_call: str,
                when_to_act: str) -> SafetyPlanPart:
    """Record or change the volunteer's part; a change clears a "needs review" flag."""
    part = part_of(match)
    if part is None:
        part = SafetyPlanPart(match_id=match.id)
        db.session.add(part)
    part.what_to_do = what_to_do
    part.whom_to_call = whom_to_call
    part.when_to_act = when_to_act
    part.needs_review_since = None
    part.recorded_by_id = actor.id
    db.session.flush()
    audit_record(actor, "safety_plan.part_recorded", subject=match)
    return part


def part_for_viewer(user: User, match: Match) -> SafetyPlanPart | None:
    """The part if this user may see it (their reading it is logged by the match page)."""
    if not may_see(user, match):
        return None
    return part_of(match)


def record_plan_check(actor: User, match: Match, holds: bool | None, today: date) -> None:
    """A check-in's answer to "does the safety plan still hold?": No flags it for review."""
    if holds is None:
        return
    part = part_of(match)
    if part is None:
        return
    if not holds and part.needs_review_since is None:
        part.needs_review_since = today
    elif holds:
        part.needs_review_since = None
    db.session.flush()
    audit_record(actor, "safety_plan.checked", subject=match, detail={"holds": holds})


@match_signals.safety_plan_checked.connect
def _check_in_answered(match: Match, *, by: User, holds: bool, today: date) -> None:
    record_plan_check(by, match, holds, today)
