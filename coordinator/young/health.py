"""Match health: the running matches at risk of an early ending, and why.

Early endings harm most (BBBS; Rhodes; Spencer), and the young person's own view of the
relationship predicts whether it lasts. A match is at risk when no meeting has been logged for
AT_RISK_NO_MEETING_DAYS, when the young person's check-in answers fall, when the young person
asked to stop, or when a follow-up is overdue. One function, so the coordinator's page, the task
inbox and the knowledge bank agree.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import func, select, update

from coordinator.audit import services as audit
from coordinator.auth.models import User
from coordinator.extensions import db
from coordinator.matches.follow_up import overdue_query
from coordinator.matches.models import LIVE_STATUSES, FollowUp, Match, MatchStatus, MeetingLog
from coordinator.referrals.models import Family, Referral, YoungPerson
from coordinator.vocabulary import MatchType
from coordinator.young.models import SignalKind, YoungCheckIn, YoungSignal


class RiskReason(StrEnum):
    NO_RECENT_MEETING = "no_recent_meeting"
    FALLING_CHECK_INS = "falling_check_ins"
    ASKED_TO_STOP = "asked_to_stop"
    OVERDUE_FOLLOW_UP = "overdue_follow_up"


# A latest check-in at or below this mean (1 sad .. 3 happy) counts as falling on its own.
LOW_SCORE = 1.5


@dataclass
class AtRisk:
    """One running match at risk, with every reason that applies."""

    match_id: int
    match_type: MatchType
    seeker_name: str
    start_date: date | None
    reasons: list[RiskReason] = field(default_factory=list)


def _seeker_names(matches: list[Match]) -> dict[int, str]:
    names: dict[int, str] = {}
    referral_ids = [m.referral_id for m in matches if m.referral_id is not None]
    if referral_ids:
        rows = db.session.execute(
            select(Referral.id, YoungPerson.first_name, Family.display_name)
            .outerjoin(YoungPerson, Referral.young_person_id == YoungPerson.id)
            .outerjoin(Family, Referral.family_id == Family.id)
            .where(Referral.id.in_(referral_ids))
        ).all()
        by_referral = {rid: (first or family or "") for rid, first, family in rows}
        for m in matches:
            if m.referral_id is not None:
                names[m.id] = by_referral.get(m.referral_id, "")
    friend_ids = {pid for m in matches for pid in (m.friend_a_id, m.friend_b_id) if pid}
    if friend_ids:
        first = dict(db.session.execute(
            select(YoungPerson.id, YoungPerson.first_name).where(YoungPerson.id.in_(friend_ids))
        ).all())
        for m in matches:
            if m.friend_a_id is not None and m.friend_b_id is not None:
                names[m.id] = f"{first.get(m.friend_a_id, '')} & {first.get(m.friend_b_id, '')}"
    return names


def _falling(scores: list[float]) -> bool:
    """Newest first: the latest answer is low, or lower than the one before."""
    if not scores:
        return False
    if scores[0] <= LOW_SCORE:
        return True
    return len(scores) >= 2 and scores[0] < scores[1]


def at_risk_matches(today: date) -> list[AtRisk]:
    """Running matches at risk on `today`, most reasons first, then oldest match first."""
    matches = list(db.session.scalars(
        select(Match).where(Match.status.in_(LIVE_STATUSES)).order_by(Match.id)
    ))
    if not matches:
        return []
    ids = [m.id for m in matches]
    reasons: dict[int, list[RiskReason]] = defaultdict(list)

    days = int(current_app.config["AT_RISK_NO_MEETING_DAYS"])
    cutoff = today - timedelta(days=days)
    last_met = dict(db.session.execute(
        select(MeetingLog.match_id, func.max(MeetingLog.met_on))
        .where(MeetingLog.match_id.in_(ids))
        .group_by(MeetingLog.match_id)
    ).all())
    for m in matches:
        # Friend-bank pairs log no meetings (there is no volunteer to log them); a paused
        # match is paused on purpose.
        if m.volunteer_id is None or m.status != MatchStatus.ACTIVE:
            continue
        started = m.start_date or m.created_at.date()
        if started > cutoff:
            continue
        met = last_met.get(m.id)
        if met is None or met < cutoff:
            reasons[m.id].append(RiskReason.NO_RECENT_MEETING)

    scores: dict[int, list[float]] = defaultdict(list)
    for match_id, how, together in db.session.execute(
        select(YoungCheckIn.match_id, YoungCheckIn.how_was_it, YoungCheckIn.together_well)
        .where(YoungCheckIn.match_id.in_(ids))
        .order_by(YoungCheckIn.match_id, YoungCheckIn.created_at.desc(), YoungCheckIn.id.desc())
    ):
        scores[match_id].append((how + together) / 2)
    for match_id, found in scores.items():
        if _falling(found):
            reasons[match_id].append(RiskReason.FALLING_CHECK_INS)

    for (match_id,) in db.session.execute(
        select(YoungSignal.match_id).distinct().where(
            YoungSignal.match_id.in_(ids),
            YoungSignal.kind == SignalKind.WANTS_TO_STOP,
            YoungSignal.handled_at.is_(None),
        )
    ):
        reasons[match_id].append(RiskReason.ASKED_TO_STOP)

    overdue = overdue_query(today).with_only_columns(FollowUp.match_id).distinct()
    for (match_id,) in db.session.execute(overdue.where(FollowUp.match_id.in_(ids))):
        reasons[match_id].append(RiskReason.OVERDUE_FOLLOW_UP)

    risky = [m for m in matches if reasons.get(m.id)]
    names = _seeker_names(risky)
    found_at_risk = [
        AtRisk(match_id=m.id, match_type=m.match_type, seeker_name=names.get(m.id, ""),
               start_date=m.start_date, reasons=sorted(reasons[m.id], key=list(RiskReason).index))
        for m in risky
    ]
    found_at_risk.sort(key=lambda r: (-len(r.reasons), r.start_date or today, r.match_id))
    return found_at_risk


def ratings_by_month(today: date | None = None, months: int = 12) -> list[tuple[str, int, float]]:
    """How young people rate their matches over time: (YYYY-MM, answers, mean 1..3).

    One grouped query, so the knowledge bank costs the same at any size.
    """
    today = today or date.today()
    since = datetime.combine(today - timedelta(days=31 * months), time(0), tzinfo=UTC)
    if db.session.get_bind().dialect.name == "sqlite":
        month = func.strftime("%Y-%m", YoungCheckIn.created_at)
    else:
        month = func.to_char(func.timezone("UTC", YoungCheckIn.created_at), "YYYY-MM")
    rows = db.session.execute(
        select(month, func.count(YoungCheckIn.id),
               func.avg((YoungCheckIn.how_was_it + YoungCheckIn.together_well) / 2.0))
        .where(YoungCheckIn.created_at >= since)
        .group_by(month)
        .order_by(month)
    ).all()
    return [(str(key), int(count), round(float(mean), 2)) for key, count, mean in rows]


def review_at_risk(user: User, today: date) -> list[AtRisk]:
    """The matches at risk today for the unit's page, logged as read by `user`; their first
    at-risk day is recorded too (`record_risk_flags`)."""
    found = at_risk_matches(today)
    # The audit entry first: it is written in a short transaction of its own, which must not
    # wait for this request's write lock on SQLite.
    audit.record_list(user, "matches.at_risk_viewed", [r.match_id for r in found])
    record_risk_flags(today, found)
    return found


def record_risk_flags(today: date, found: list[AtRisk] | None = None) -> int:
    """Note `today` as the first at-risk day of every match at risk now that has none yet
    (`found`, when the caller has computed it already); return how many were newly flagged.
    Called by the daily job and the at-risk page, so a flag is recorded at the latest the day
    after the warning could first be seen."""
    if found is None:
        found = at_risk_matches(today)
    ids = [risk.match_id for risk in found]
    if not ids:
        return 0
    result = db.session.execute(
        update(Match).where(Match.id.in_(ids), Match.first_at_risk_on.is_(None))
        .values(first_at_risk_on=today)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]  # a DML result is a CursorResult


@dataclass
class EarlyWarning:
    """Of the matches that ended early for reasons in the relationship since flags have been
    recorded: how many, how many had been flagged at risk before they ended, and the median
    number of days between the first flag and the end."""

    since: date | None
    ended_early: int
    flagged_before: int
    median_days_before: int | None

    @property
    def share(self) -> float | None:
        return self.flagged_before / self.ended_early if self.ended_early else None


def early_warning(lasting_days: int = 183) -> EarlyWarning:
    """Did the at-risk warning come before the early endings? Two queries at any size.

    An early ending is a closure for a relationship reason (as the matcher learns from) before
    `lasting_days` (six months). Only endings from the first recorded flag on are counted:
    before that nothing was recorded, and counting them would understate the warning.
    """
    from coordinator.matches.learned_weights import RELATIONSHIP_REASONS

    since = db.session.scalar(select(func.min(Match.first_at_risk_on)))
    if since is None:
        return EarlyWarning(None, 0, 0, None)
    rows = db.session.execute(
        select(Match.start_date, Match.end_date, Match.first_at_risk_on).where(
            Match.status == MatchStatus.CLOSED,
            Match.closure_reason.in_(list(RELATIONSHIP_REASONS)),
            Match.start_date.is_not(None),
            Match.end_date >= since,
        )
    ).all()
    # The query keeps only closed matches with both dates (end_date >= since is never NULL).
    early = [(end, flagged) for start, end, flagged in rows
             if start is not None and end is not None and (end - start).days < lasting_days]
    before = sorted((end - flagged).days for end, flagged in early
                    if flagged is not None and flagged <= end)
    median = None
    if before:
        middle = len(before) // 2
        median = (before[middle] if len(before) % 2
                  else round((before[middle - 1] + before[middle]) / 2))
    return EarlyWarning(since, len(early), len(before), median)
