"""The supply gap: waiting referrals no approved volunteer can serve, and why.

It lives beside the matcher it is computed with, so the background refit (`jobs.py`) can store
it without importing the knowledge bank, which shows it (the dashboard sits above matching).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from coordinator import reference_data
from coordinator.extensions import db
from coordinator.jobs import results
from coordinator.matches import adapter, proposals
from coordinator.matches.models import Match
from coordinator.referrals.models import Referral, ReferralStatus


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
