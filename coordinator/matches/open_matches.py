"""Setting aside the open proposals of someone who leaves the process.

Kept apart from `matches.services` (which needs the matcher) so that the referral and volunteer
services can use it without an import cycle.
"""

from sqlalchemy import ColumnElement, select

from coordinator.auth.models import User
from coordinator.extensions import db
from coordinator.matches.models import OPEN_STATUSES, Match, MatchStatus


def discard_open_matches(which: ColumnElement[bool], *, by: User | None, reason: str) -> int:
    """Discard every open proposal among the matches `which` selects; return how many.

    Used when a referral is withdrawn (`Match.referral_id == id`) or a volunteer leaves
    (`Match.volunteer_id == id`); running matches are left for a coordinator to close.
    """
    matches = db.session.scalars(select(Match).where(which, Match.status.in_(OPEN_STATUSES)))
    count = 0
    for match in matches:
        match.transition(MatchStatus.DISCARDED, by=by, reason=reason)
        count += 1
    db.session.flush()
    return count
