"""The knowledge bank (vidensbank): the figures the coordination unit steers by.

Each figure is one query (or a fixed few) whatever the number of rows, and a plain function that
returns plain values, so it can be tested against fixtures. Each table of the page is built by a
function of its own (`TABLES`), so a CSV export builds only the table asked for.
Match length is the headline: research finds matches lasting a year or more do the most good and
early endings can harm, so the share of matches reaching 3, 6 and 12 months comes first, estimated
with Kaplan–Meier so running matches count for as long as they have lasted (censored).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import func, select

from coordinator import vocabulary
from coordinator.extensions import db
from coordinator.i18n import decimal, percent
from coordinator.labels import enum_label
from coordinator.matches.follow_up import overdue_query
from coordinator.matches.models import LIVE_STATUSES, Match, MatchStatus
from coordinator.matches.supply_gap import Gap, supply_gap
from coordinator.referrals.models import Referral, ReferralStatus
from coordinator.volunteers import certificates
from coordinator.volunteers.certificates import CertificateState
from coordinator.volunteers.models import Gender, Volunteer, VolunteerStatus

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


Table = tuple[list[str], list[list]]
"""A knowledge-bank table: its header and its rows, for the page and the CSV export alike."""


def volunteers_table(_today: date) -> Table:
    """Volunteers by screening status."""
    return (
        [_("Status"), _("Volunteers")],
        [[enum_label(status), count] for status, count in volunteers_by_status().items()],
    )


def waiting_table(today: date) -> Table:
    """Referrals waiting, how long, and the median days to a match."""
    figures = waiting(today)
    return (
        [_("Figure"), _("Value")],
        [
            [_("Referrals waiting"), figures.count],
            [
                _("Median days waiting"),
                decimal(figures.median_days) if figures.median_days is not None else "–",
            ],
            [
                _("Longest wait (days)"),
                figures.longest_days if figures.longest_days is not None else "–",
            ],
            [
                _("Median days to a match"),
                decimal(figures.median_days_to_match)
                if figures.median_days_to_match is not None
                else "–",
            ],
        ],
    )


def active_table(_today: date) -> Table:
    """Running matches by phase and match type."""
    return (
        [_("Phase"), _("Match type"), _("Running matches")],
        [
            [
                vocabulary.label("phases", phase) if phase else "–",
                vocabulary.label("match_types", kind),
                count,
            ]
            for (phase, kind), count in sorted(active_by_phase_and_type().items())
        ],
    )


def match_length_rows(estimate: Survival) -> Table:
    """The share of matches reaching 3, 6 and 12 months, from a survival estimate."""
    return (
        [_("Months"), _("Share of matches reaching it")],
        [
            [months, percent(share) if share is not None else _("too early to say")]
            for months, share in estimate.milestones.items()
        ],
    )


def match_length_table(today: date) -> Table:
    """The share of matches reaching 3, 6 and 12 months."""
    return match_length_rows(survival(today))


def closures_table(_today: date) -> Table:
    """Closed matches by reason, the most common first."""
    return (
        [_("Reason"), _("Closed matches")],
        [
            [vocabulary.label("closure_reasons", reason), count]
            for reason, count in sorted(closure_reasons().items(), key=lambda item: -item[1])
        ],
    )


def _gap_label(code: str, detail: str) -> str:
    if code == "all_busy":
        return _("Every volunteer who fits is busy")
    if code == "gender":
        gender = enum_label(Gender(detail)) if detail in Gender._value2member_map_ else detail
        return _("Waiting for a volunteer of the wished gender (%(gender)s)", gender=gender.lower())
    if code == "certificate":
        return _("Under 15: no volunteer with a valid child certificate fits")
    return _("No volunteer offers: %(type)s", type=vocabulary.label("match_types", detail))


def supply_gap_rows(gap: Gap) -> Table:
    """Waiting referrals no volunteer can serve: by why, by district and by home language."""
    return (
        [_("Why no volunteer fits"), _("Referrals")],
        [
            [_gap_label(code, detail), count]
            for (code, detail), count in sorted(gap.by_reason.items(), key=lambda item: -item[1])
        ]
        + [
            [_("District: %(town)s", town=town), count]
            for town, count in sorted(gap.by_district.items(), key=lambda item: -item[1])
        ]
        + [
            [_("Speaks: %(language)s", language=vocabulary.label("languages", code)), count]
            for code, count in sorted(gap.by_language.items(), key=lambda item: -item[1])
        ],
    )


def supply_gap_table(today: date) -> Table:
    """Waiting referrals no volunteer can serve, grouped by why."""
    return supply_gap_rows(supply_gap(today))


TABLES: dict[str, Callable[[date], Table]] = {
    "volunteers": volunteers_table,
    "waiting": waiting_table,
    "active": active_table,
    "match_length": match_length_table,
    "closures": closures_table,
    "supply_gap": supply_gap_table,
}
"""Every table of the knowledge bank by the name its CSV export is downloaded under."""


@dataclass(frozen=True)
class KnowledgeBank:
    """What the knowledge-bank page shows: every table, and the estimates its charts draw."""

    tables: dict[str, Table]
    survival: Survival
    gap: Gap


def knowledge_bank(today: date) -> KnowledgeBank:
    """Every table of the page, with the survival estimate and the supply gap computed once
    for both their table and their chart."""
    tables = {
        "volunteers": volunteers_table(today),
        "waiting": waiting_table(today),
        "active": active_table(today),
    }
    estimate = survival(today)
    tables["match_length"] = match_length_rows(estimate)
    tables["closures"] = closures_table(today)
    gap = supply_gap(today)
    tables["supply_gap"] = supply_gap_rows(gap)
    return KnowledgeBank(tables=tables, survival=estimate, gap=gap)
