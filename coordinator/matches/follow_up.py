"""Check-ins after a match starts, following youth-mentoring practice standards.

MENTOR's Elements of Effective Practice and Big Brothers Big Sisters' casework standards: contact
within the first two weeks, twice in the first month, monthly for the first year, then quarterly.
Each side has its own track: the volunteer, the young person or family, and the caregiver.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import selectinload

from coordinator.ages import age_on
from coordinator.audit import services as audit
from coordinator.auth.models import User
from coordinator.extensions import db
from coordinator.matches.models import FollowUp, FollowUpTrack, Match, MatchStatus
from coordinator.referrals.models import Referral
from coordinator.vocabulary import MatchType

DEFAULT_SCHEDULE = {
    "first_days": (14, 28),  # within 14 days of the start, and twice in the first month
    "monthly_until_month": 12,
    "quarterly_until_month": 24,
}


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def schedule(start: date, config: dict | None = None) -> list[date]:
    """Due dates of the check-ins for a match starting on `start`."""
    config = {**DEFAULT_SCHEDULE, **(config or {})}
    dates = [start + timedelta(days=days) for days in config["first_days"]]
    dates += [add_months(start, month) for month in range(2, config["monthly_until_month"] + 1)]
    dates += [
        add_months(start, month)
        for month in range(
            config["monthly_until_month"] + 3, config["quarterly_until_month"] + 1, 3
        )
    ]
    return sorted(set(dates))


def tracks_for(match: Match, today: date) -> list[FollowUpTrack]:
    """Who the unit checks in with: the volunteer, the young person or family, the caregiver."""
    if match.match_type == MatchType.FRIEND_BANK:
        return [FollowUpTrack.YOUNG_PERSON]
    tracks = [FollowUpTrack.VOLUNTEER, FollowUpTrack.YOUNG_PERSON]
    referral = match.referral
    if referral is not None and (
        referral.family is not None
        or (referral.young_person and age_on(referral.young_person.birth_year, today) < 18)
    ):
        tracks.append(FollowUpTrack.CAREGIVER)
    return tracks


def plan_check_ins(match: Match, start: date) -> list[FollowUp]:
    """Create the check-ins of every track for a match that starts on `start`."""
    config = current_app.config.get("FOLLOW_UP_SCHEDULE") or {}
    created = [
        FollowUp(track=track, due_on=due)
        for track in tracks_for(match, start)
        for due in schedule(start, config)
    ]
    match.follow_ups.extend(created)
    return created


def record_check_in(
    follow_up: FollowUp,
    *,
    by: User,
    done_on: date,
    with_whom: str,
    rating: int | None,
    notes: str,
) -> FollowUp:
    """Record that a check-in happened, how it is going (1–5) and the staff-only notes."""
    follow_up.done_on = done_on
    follow_up.with_whom = with_whom
    follow_up.rating = rating
    follow_up.notes = notes
    follow_up.recorded_by_id = by.id
    audit.record(by, "follow_up.recorded", subject=follow_up.match, detail={"id": follow_up.id})
    db.session.flush()
    return follow_up


def overdue_query(today: date | ColumnElement[date]):
    """Check-ins past due and not done, for matches still running."""
    return (
        select(FollowUp)
        .join(Match, FollowUp.match_id == Match.id)
        .where(
            FollowUp.done_on.is_(None),
            FollowUp.due_on < today,
            Match.status == MatchStatus.ACTIVE,
        )
    )


def overdue(today: date):
    """Overdue check-ins, oldest first, with what the list shows loaded up front."""
    return (
        overdue_query(today)
        .options(
            selectinload(FollowUp.match).selectinload(Match.volunteer),
            selectinload(FollowUp.match)
            .selectinload(Match.referral)
            .selectinload(Referral.young_person),
            selectinload(FollowUp.match).selectinload(Match.referral).selectinload(Referral.family),
        )
        .order_by(FollowUp.due_on, FollowUp.id)
    )


def due_today(today: date) -> list[FollowUp]:
    """Check-ins that fall due today (for the daily reminder)."""
    return list(
        db.session.scalars(
            select(FollowUp)
            .join(Match, FollowUp.match_id == Match.id)
            .where(
                FollowUp.done_on.is_(None),
                FollowUp.due_on == today,
                Match.status == MatchStatus.ACTIVE,
            )
        )
    )


@dataclass(frozen=True)
class CheckInView:
    """What the match page shows of the check-ins: the ones to act on, and the rest folded."""

    upcoming: list[FollowUp]  # overdue ones and the next one per track (or all, when asked)
    done: list[FollowUp]  # recorded check-ins, newest first, for the folded history
    hidden: int  # planned check-ins not shown until the reader asks for all


def check_ins_to_show(match: Match, today: date, *, show_all: bool = False) -> CheckInView:
    """Split a match's check-ins for its page: a running match shows every overdue check-in
    and the next one per track; a match that is not running (closed, not yet started) shows no
    future check-ins at all, since none will happen."""
    done = sorted((f for f in match.follow_ups if f.done_on), key=lambda f: f.done_on or today,
                  reverse=True)
    if match.status not in (MatchStatus.ACTIVE, MatchStatus.PAUSED):
        return CheckInView(upcoming=[], done=done, hidden=0)
    planned = [f for f in match.follow_ups if not f.done_on]  # ordered by due date
    if show_all:
        return CheckInView(upcoming=planned, done=done, hidden=0)
    seen_tracks: set[FollowUpTrack] = set()
    upcoming: list[FollowUp] = []
    for item in planned:
        if item.due_on < today or item.track not in seen_tracks:
            upcoming.append(item)
            seen_tracks.add(item.track)
    return CheckInView(upcoming=upcoming, done=done, hidden=len(planned) - len(upcoming))
