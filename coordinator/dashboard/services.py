"""The knowledge bank (vidensbank): the figures the coordination unit steers by.

Each figure is one query (or a fixed few) whatever the number of rows, and a plain function that
returns plain values, so it can be tested against fixtures and exported as CSV.
Match length is the headline: research finds matches lasting a year or more do the most good and
early endings can harm, so the share of matches reaching 3, 6 and 12 months comes first, estimated
with Kaplan–Meier so running matches count for as long as they have lasted (censored).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import median

from sqlalchemy import func, select

from coordinator import reference_data
from coordinator.extensions import db
from coordinator.jobs import results
from coordinator.matches import adapter, proposals
from coordinator.matches.follow_up import overdue_query
from coordinator.matches.models import LIVE_STATUSES, Match, MatchStatus
from coordinator.referrals.models import Referral, ReferralStatus
from coordinator.volunteers import certificates
from coordinator.volunteers.certificates import CertificateState
from coordinator.volunteers.models import Volunteer, VolunteerStatus

MILESTONE_DAYS = {3: 91, 6: 183, 12: 365}


def volunteers_by_status() -> dict[VolunteerStatus, int]:
    """How many volunteers are in each screening status."""
    rows = db.session.execute(select(Volunteer.status, func.count()).group_by(Volunteer.status))
    counts = dict(rows.all())
    return {status: counts.get(status, 0) for status in VolunteerStatus}


@dataclass(frozen=True)
class Waiting:
    count: int
    median_days: float | None
    longest_days: int | None
    median_days_to_match: float | None


def waiting(today: date) -> Waiting:
    """Referrals waiting now, how long they have waited, and the median days to a match."""
    created = db.session.scalars(
        select(Referral.created_at).where(Referral.status == ReferralStatus.WAITING)
    ).all()
    days = [(today - stamp.date()).days for stamp in created]
    to_match = [
        (start - created_at.date()).days
        for created_at, start in db.session.execute(
            select(Referral.created_at, Match.start_date)
            .join(Match, Match.referral_id == Referral.id)
            .where(Match.start_date.is_not(None))
        )
        if start is not None  # the where clause says so; this tells the type checker
    ]
    return Waiting(
        count=len(days),
        median_days=median(days) if days else None,
        longest_days=max(days) if days else None,
        median_days_to_match=median(to_match) if to_match else None,
    )


def active_by_phase_and_type() -> dict[tuple[str, str], int]:
    """Running matches by (phase, match type); friend-bank pairs have no phase ("")."""
    rows = db.session.execute(
        select(Referral.phase, Match.match_type, func.count())
        .select_from(Match)
        .outerjoin(Referral, Match.referral_id == Referral.id)
        .where(Match.status.in_(LIVE_STATUSES))
        .group_by(Referral.phase, Match.match_type)
    )
    return {(phase.value if phase else "", kind.value): count for phase, kind, count in rows}


@dataclass(frozen=True)
class Survival:
    """Kaplan–Meier estimate of how long matches last."""

    curve: list[tuple[int, float]]  # (day, share still running), starting at (0, 1.0)
    milestones: dict[int, float | None]  # months -> share reaching it (None: too early to say)
    started: int
    closed: int


def durations(today: date) -> list[tuple[int, bool]]:
    """(days lasted, ended?) for every match that has started."""
    rows = db.session.execute(
        select(Match.start_date, Match.end_date, Match.status).where(Match.start_date.is_not(None))
    )
    return [
        (max(((end or today) - start).days, 0), status == MatchStatus.CLOSED and end is not None)
        for start, end, status in rows
        if start is not None  # the where clause says so; this tells the type checker
    ]


def kaplan_meier(observations: list[tuple[int, bool]]) -> list[tuple[int, float]]:
    """The survival curve from (duration, event) pairs; censored observations carry no event."""
    curve = [(0, 1.0)]
    at_risk = len(observations)
    survival = 1.0
    by_day: Counter[int] = Counter()
    leaving: Counter[int] = Counter()
    for days, ended in observations:
        leaving[days] += 1
        if ended:
            by_day[days] += 1
    for day in sorted(leaving):
        if by_day[day] and at_risk:
            survival *= 1 - by_day[day] / at_risk
            curve.append((day, survival))
        at_risk -= leaving[day]
    return curve


def survival(today: date) -> Survival:
    """How long matches last: the curve and the share that reach 3, 6 and 12 months."""
    observations = durations(today)
    curve = kaplan_meier(observations)
    longest = max((days for days, _ in observations), default=0)
    milestones: dict[int, float | None] = {}
    for months, day in MILESTONE_DAYS.items():
        if longest < day:
            milestones[months] = None  # no match has been followed that long yet
            continue
        milestones[months] = next((share for d, share in reversed(curve) if d <= day), 1.0)
    return Survival(
        curve=curve,
        milestones=milestones,
        started=len(observations),
        closed=sum(1 for _, ended in observations if ended),
    )


def override_count() -> int:
    """Shortlist entries where the coordinator chose someone the matcher did not rank."""
    return db.session.scalar(
        select(func.count()).select_from(Match).where(Match.is_override)
    ) or 0


def closure_reasons() -> dict[str, int]:
    """Closed matches by the reason given."""
    rows = db.session.execute(
        select(Match.closure_reason, func.count())
        .where(Match.status == MatchStatus.CLOSED, Match.closure_reason.is_not(None))
        .group_by(Match.closure_reason)
    )
    return {reason.value: count for reason, count in rows if reason is not None}


def overdue_check_ins(today: date) -> int:
    """How many check-ins are overdue."""
    return db.session.scalar(
        select(func.count()).select_from(overdue_query(today).subquery())
    ) or 0


def certificates_expiring(today: date) -> dict[str, int]:
    """Watched volunteers whose child-certificate cover is running out, and whose has expired
    (the one rule in `volunteers.certificates`)."""
    found = certificates.needing_renewal(today)
    return {
        state.value: sum(1 for a in found if a.state == state)
        for state in (CertificateState.RUNNING_OUT, CertificateState.EXPIRED)
    }


@dataclass(frozen=True)
class Gap:
    """Waiting referrals no approved volunteer can serve, grouped by why."""

    total: int
    by_reason: dict[tuple[str, str], int]  # (reason code, detail) -> count
    by_district: dict[str, int]
    by_language: dict[str, int]


def _without(seeker: dict, reason: str) -> dict:
    relaxed = dict(seeker)
    if reason == "gender":
        relaxed["preferences"] = {}
    elif reason == "certificate":
        relaxed["age"] = max(relaxed["age"], 15)
    return relaxed


_gap_cache: dict[str, tuple[tuple, Gap]] = {}


def _matches_fingerprint() -> tuple:
    return tuple(db.session.execute(select(func.count(Match.id), func.max(Match.updated_at))).one())


def _referrals_fingerprint() -> tuple:
    return tuple(
        db.session.execute(
            select(func.count(Referral.id), func.max(Referral.updated_at)).where(
                Referral.status == ReferralStatus.WAITING
            )
        ).one()
    )


SUPPLY_GAP_RESULT_KEY = "dashboard.supply_gap"


def supply_gap_fingerprint(today: date) -> tuple:
    """Changes whenever volunteers, matches or waiting referrals change (aggregate queries)."""
    return (proposals.pool_fingerprint(today), _matches_fingerprint(), _referrals_fingerprint())


def supply_gap(today: date) -> Gap:
    """The supply gap, recomputed only when volunteers, matches or waiting referrals change.

    Scoring every waiting referral against every volunteer is the dashboard's one heavy step
    (about a third of a second at 900 × 5,000), so its result is kept while nothing it depends
    on has changed: in this process, or as stored by the background job `refresh_supply_gap`.
    """
    key = supply_gap_fingerprint(today)
    cached = _gap_cache.get("gap")
    if cached is not None and cached[0] == key:
        return cached[1]
    gap = results.load(SUPPLY_GAP_RESULT_KEY, key)
    if not isinstance(gap, Gap):
        gap = compute_supply_gap(today)
    _gap_cache["gap"] = (key, gap)
    return gap


def load_stored_supply_gap(today: date) -> bool:
    """Take the supply gap the background job stored for today's data into this process,
    without computing it; return whether there was one."""
    key = supply_gap_fingerprint(today)
    gap = results.load(SUPPLY_GAP_RESULT_KEY, key)
    if not isinstance(gap, Gap):
        return False
    _gap_cache["gap"] = (key, gap)
    return True


def store_supply_gap(today: date) -> Gap:
    """Compute the supply gap and store it for every process (the caller commits)."""
    key = supply_gap_fingerprint(today)
    cached = _gap_cache.get("gap")
    if cached is not None and cached[0] == key and results.is_stored(SUPPLY_GAP_RESULT_KEY, key):
        return cached[1]
    gap = compute_supply_gap(today)
    results.store(SUPPLY_GAP_RESULT_KEY, key, gap)
    _gap_cache["gap"] = (key, gap)
    return gap


def compute_supply_gap(today: date) -> Gap:
    """Waiting referrals that no approved volunteer with a free place can serve, and why.

    Each gap is explained by the first rule whose relaxation would make a volunteer eligible:
    every fitting volunteer is busy; a gender wish; the child-certificate rule; otherwise no
    volunteer offers that kind of match (with the lived experience it needs).
    """
    referrals = proposals.waiting_referrals()
    if not referrals:
        return Gap(0, {}, {}, {})
    seekers = {r.id: adapter.seeker_record(r, today) for r in referrals}
    matcher = proposals.matcher_on_free_places(today)
    served = {p.seeker_id for p in matcher.propose(list(seekers.values()), k=1, today=today)}
    gaps = [r for r in referrals if r.id not in served]
    if not gaps:
        return Gap(0, {}, {}, {})
    busy_matcher = proposals.fitted_matcher(today)
    remaining = {r.id: seekers[r.id] for r in gaps}
    reasons: dict[int, tuple[str, str]] = {}
    steps = [
        ("all_busy", busy_matcher, lambda s: s),
        ("gender", matcher, lambda s: _without(s, "gender")),
        ("certificate", matcher, lambda s: _without(s, "certificate")),
    ]
    for code, step_matcher, relax in steps:
        if not remaining:
            break
        found = {
            int(p.seeker_id)  # the seekers are referrals, keyed by their int id
            for p in step_matcher.propose([relax(s) for s in remaining.values()], k=1, today=today)
        }
        for seeker_id in found:
            seeker = remaining.pop(seeker_id)
            detail = (
                seeker.get("preferences", {}).get("volunteer_gender", "")
                if code == "gender"
                else ""
            )
            reasons[seeker_id] = (code, detail)
    for seeker_id, seeker in remaining.items():
        reasons[seeker_id] = ("none_offer", seeker["match_type"])
    towns = reference_data.postcodes()
    by_district = Counter(
        towns[s["postcode"]].town if s["postcode"] in towns else s["postcode"]
        for s in (seekers[r.id] for r in gaps)
    )
    by_language = Counter(
        language for r in gaps for language in seekers[r.id]["languages"] if language != "da"
    )
    return Gap(
        total=len(gaps),
        by_reason=dict(Counter(reasons.values())),
        by_district=dict(by_district),
        by_language=dict(by_language),
    )
