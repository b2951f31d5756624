"""Ask the matcher: who fits a referral, suggestions for all waiting referrals.

Friend-bank pairs ask it in coordinator.friendbank.pairs.

"Who fits this young person?" must be interactive, so the matcher fitted on every approved
volunteer's profile is kept per process and refitted only when a volunteer changes. The
background job `refresh_matching` (coordinator.matches.jobs) fits it after each change and
stores it in the database, so a web process (also one just restarted) loads it instead of
fitting. Free places
change far more often (every match started or closed), so they are not baked in: volunteers with
no free place are passed as `blocked` at question time. Batch work that must respect capacities
exactly (the optimal assignment, the supply gap) fits a matcher on the free places there and then.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, func, select

import matching
from coordinator.extensions import db
from coordinator.jobs import results
from coordinator.library import services as library
from coordinator.matches import adapter, learned_weights
from coordinator.matches.models import (
    LIVE_STATUSES,
    OPEN_STATUSES,
    Match,
    MatchingWeights,
    MatchStatus,
)
from coordinator.referrals.models import Referral, ReferralStatus
from coordinator.vocabulary import MatchType
from coordinator.volunteers.models import (
    ChildCertificate,
    HouseholdMember,
    Volunteer,
    VolunteerStatus,
)

_cache_lock = threading.Lock()
_cache: dict[str, "_Profiles"] = {}


@dataclass(frozen=True)
class Candidate:
    """A volunteer the matcher proposes for a referral, with its score and reasons."""

    volunteer: Volunteer
    score: float
    rank: int
    reasons: tuple[tuple[str, str], ...]


def pool_fingerprint(today: date) -> tuple:
    """Changes whenever a volunteer's profile, status, household or certificate record changes
    (one query of aggregates)."""
    aggregates: list[ColumnElement[Any]] = [
        func.count(Volunteer.id),
        func.max(Volunteer.updated_at),
        func.count(ChildCertificate.id),
        func.count(ChildCertificate.received_on),
        func.max(ChildCertificate.valid_until),
        func.max(ChildCertificate.id),
        func.count(HouseholdMember.id),
        func.max(HouseholdMember.id),
        func.max(MatchingWeights.id),  # the weights version in force
    ]
    state = db.session.execute(
        select(*(select(aggregate).scalar_subquery() for aggregate in aggregates))
    ).one()
    learned_weights.remember_version(state[-1] or 0)
    return (today, *state, current_app.config["CERTIFICATE_FOR_ALL_AGES"], matching.FIT_FORMAT)


def _new_matcher(records: list[dict]) -> matching.Matcher:
    return matching.Matcher(
        learned_weights.current_weights(),
        certificate_for_all_ages=current_app.config["CERTIFICATE_FOR_ALL_AGES"],
    ).fit(records)


@dataclass
class _Profiles:
    """The approved volunteers' records behind the cached matcher, kept between fits (empty
    when the fit was loaded from the database)."""

    fingerprint: tuple
    records: dict[int, dict]
    matcher: matching.Matcher


def _one_place_each(records) -> dict[int, dict]:
    return {record["id"]: record | {"capacity": max(record["capacity"], 1)} for record in records}


def _changed_volunteers_only(old: tuple, new: tuple) -> bool:
    """Only volunteer rows changed (none removed): households, certificates, the day and the
    certificate setting are as they were, so reloading the changed rows is enough."""
    same_elsewhere = old[0] == new[0] and old[3:] == new[3:]
    return same_elsewhere and new[1] >= old[1] and old[2] is not None


MATCHER_RESULT_KEY = "matcher.profiles"


def fitted_matcher(today: date) -> matching.Matcher:
    """The matcher fitted on every approved volunteer, busy or not (one place each), cached:
    in this process, else as stored by the background job, else fitted here and now."""
    return fitted_profiles(today).matcher


def fitted_profiles(today: date, *, use_stored: bool = True) -> _Profiles:
    """The approved volunteers' records and the matcher fitted on them, for today's data.

    When only some volunteers' rows changed since the last fit, only those are read again
    (reading 4,500 volunteers' tags costs more than the fit itself).
    """
    fingerprint = pool_fingerprint(today)
    with _cache_lock:
        cached = _cache.get("profiles")
    if cached is not None and cached.fingerprint == fingerprint:
        return cached
    if use_stored:
        stored = results.load(MATCHER_RESULT_KEY, fingerprint)
        if isinstance(stored, _Profiles):
            with _cache_lock:
                _cache["profiles"] = stored
            return stored
    if (
        cached is not None
        and cached.records
        and _changed_volunteers_only(cached.fingerprint, fingerprint)
    ):
        records = dict(cached.records)
        changed_ids = db.session.scalars(
            select(Volunteer.id).where(Volunteer.updated_at >= cached.fingerprint[2])
        ).all()
        for volunteer_id, record in adapter.volunteer_records(changed_ids, today).items():
            if record["screened"]:
                records.update(_one_place_each([record]))
            else:
                records.pop(volunteer_id, None)
    else:
        records = _one_place_each(adapter.matchable_volunteers(today, include_full=True))
    matcher = _new_matcher([records[volunteer_id] for volunteer_id in sorted(records)])
    profiles = _Profiles(fingerprint, records, matcher)
    with _cache_lock:
        _cache["profiles"] = profiles
    return profiles


def load_stored_profiles(today: date) -> bool:
    """Take the matcher the background job stored for today's data into this process, without
    fitting; return whether there was one."""
    fingerprint = pool_fingerprint(today)
    stored = results.load(MATCHER_RESULT_KEY, fingerprint)
    if not isinstance(stored, _Profiles):
        return False
    with _cache_lock:
        _cache["profiles"] = stored
    return True


def store_fitted_profiles(today: date) -> _Profiles:
    """Fit (or take this process's fit) and store it for every process (the caller commits)."""
    profiles = fitted_profiles(today, use_stored=False)
    if not results.is_stored(MATCHER_RESULT_KEY, profiles.fingerprint):
        # Without the records: only the worker refits incrementally, and leaving them out halves
        # what a web process unpickles.
        results.store(MATCHER_RESULT_KEY, profiles.fingerprint,
                      _Profiles(profiles.fingerprint, {}, profiles.matcher))
    return profiles


def matcher_on_free_places(today: date) -> matching.Matcher:
    """A matcher fitted now on the volunteers with a free place, with their true capacities."""
    return _new_matcher(adapter.matchable_volunteers(today))


def full_volunteer_ids() -> set[int]:
    """Approved volunteers whose places are all taken (one query)."""
    live = (
        select(Match.volunteer_id, func.count().label("live"))
        .where(Match.status.in_(LIVE_STATUSES), Match.volunteer_id.is_not(None))
        .group_by(Match.volunteer_id)
        .subquery()
    )
    return set(
        db.session.scalars(
            select(Volunteer.id)
            .join(live, live.c.volunteer_id == Volunteer.id)
            .where(Volunteer.status == VolunteerStatus.APPROVED, live.c.live >= Volunteer.capacity)
        )
    )


def _candidates(proposals: list[matching.Proposal]) -> list[Candidate]:
    ids = [p.volunteer_id for p in proposals]
    rows = db.session.scalars(select(Volunteer).where(Volunteer.id.in_(ids)))
    volunteers = {volunteer.id: volunteer for volunteer in rows}
    return [
        Candidate(volunteers[p.volunteer_id], p.score, p.rank, p.reasons)
        for p in proposals
        if p.volunteer_id in volunteers
    ]


NOT_AGAIN = (OPEN_STATUSES - {MatchStatus.PROPOSED}) | {MatchStatus.DECLINED}


def blocked_for(
    referral: Referral, referral_matches: list[Match] | None = None
) -> set[tuple[int, int]]:
    """Pairs not to propose: declined before, already on the open shortlist, no free place, or
    a required guide not yet acknowledged.

    `referral_matches` are the referral's matches when the caller has them loaded already.
    """
    if referral_matches is None:
        rows = db.session.execute(
            select(Match.volunteer_id).where(
                Match.referral_id == referral.id, Match.status.in_(NOT_AGAIN)
            )
        )
        taken = {volunteer_id for (volunteer_id,) in rows if volunteer_id is not None}
    else:
        taken = {
            m.volunteer_id
            for m in referral_matches
            if m.status in NOT_AGAIN and m.volunteer_id is not None
        }
    unready = library.approved_volunteers_missing_acknowledgement()
    return {(referral.id, volunteer_id) for volunteer_id in taken | full_volunteer_ids() | unready}


def candidates_for(
    referral: Referral,
    today: date,
    *,
    k: int | None = None,
    match_type: MatchType | None = None,
    max_km: float | None = None,
    language: str | None = None,
) -> list[Candidate]:
    """The best volunteers for a referral, optionally filtered by type, distance and language."""
    k = k or current_app.config["PROPOSALS_SHOWN"]
    seeker = adapter.seeker_record(referral, today)
    if match_type is not None:
        seeker["match_type"] = match_type.value
    filtering = max_km is not None or language
    proposals = fitted_matcher(today).propose(
        [seeker],
        k=k * 5 if filtering else k,
        today=today,
        blocked=blocked_for(referral),
        min_score=current_app.config["PROPOSAL_MIN_SCORE"],
    )
    candidates = _candidates(proposals)
    if max_km is not None:
        candidates = [c for c in candidates if _within(c, max_km)]
    if language:
        candidates = [c for c in candidates if language in (c.volunteer.languages or [])]
    return candidates[:k]


def has_weak_fits(
    referral: Referral, today: date, *, match_type: MatchType | None = None
) -> bool:
    """Whether some volunteer meets the rules for the referral but scores below the relevance
    floor (so "nobody fits well" can be told apart from "nobody meets the rules")."""
    seeker = adapter.seeker_record(referral, today)
    if match_type is not None:
        seeker["match_type"] = match_type.value
    found = fitted_matcher(today).propose(
        [seeker], k=1, today=today, blocked=blocked_for(referral)
    )
    return bool(found)


def ranked_volunteer_ids(
    referral: Referral, today: date, referral_matches: list[Match] | None = None
) -> set[int]:
    """The volunteers the matcher would propose for a referral (no volunteer rows loaded)."""
    proposals = fitted_matcher(today).propose(
        [adapter.seeker_record(referral, today)],
        k=current_app.config["PROPOSALS_SHOWN"],
        today=today,
        blocked=blocked_for(referral, referral_matches),
        min_score=current_app.config["PROPOSAL_MIN_SCORE"],
    )
    return {int(proposal.volunteer_id) for proposal in proposals}  # volunteers have int ids


def _within(candidate: Candidate, max_km: float) -> bool:
    distance = dict(candidate.reasons).get("distance_km")
    # Unknown distance is not proof of being far away; keep the candidate.
    return distance is None or float(distance) <= max_km


def score_pair(referral: Referral, volunteer: Volunteer, today: date):
    """Score one chosen volunteer against a referral; return (proposal or None, broken rules).

    The volunteer's row is read again, so a decision checks what the database says now.
    """
    records = adapter.volunteer_records([volunteer.id], today)
    return score_pairs(referral, [volunteer], today, records=records)[volunteer.id]


def score_pairs(
    referral: Referral,
    volunteers: list[Volunteer],
    today: date,
    *,
    declined: set[tuple[int, int]] | None = None,
    records: dict[int, dict] | None = None,
) -> dict[int, tuple]:
    """Score chosen volunteers against a referral in a fixed number of queries.

    Returns {volunteer id: (proposal or None, broken rules)}. `declined` (the referral's declined
    pairs) and `records` (the volunteers' matcher records) are used when the caller has them.
    """
    seeker = adapter.seeker_record(referral, today)
    if records is None:
        records = adapter.records_of(volunteers, today)
    certificate_rule = current_app.config["CERTIFICATE_FOR_ALL_AGES"]
    weights = learned_weights.current_weights()
    if declined is None:
        declined = adapter.declined_pairs([referral.id])
    scored = {}
    for volunteer in volunteers:
        record = records[volunteer.id]
        broken = matching.eligibility(
            seeker,
            record,
            today=today,
            certificate_for_all_ages=certificate_rule,
            blocked=(referral.id, volunteer.id) in declined,
        )
        proposal = None
        if not broken:
            found = matching.propose(
                [seeker],
                [record],
                k=1,
                today=today,
                certificate_for_all_ages=certificate_rule,
                weights=weights,
            )
            proposal = found[0] if found else None
        scored[volunteer.id] = (proposal, broken)
    return scored


def waiting_referrals() -> list[Referral]:
    """Every referral still waiting for a volunteer, oldest first."""
    return list(
        db.session.scalars(
            adapter.referral_query()
            .where(
                Referral.status == ReferralStatus.WAITING,
                Referral.match_type != MatchType.FRIEND_BANK,
            )
            .order_by(Referral.created_at, Referral.id)
        )
    )


def assignment_for_waiting(
    today: date, progress: Callable[[int], None] | None = None
) -> list[tuple[Referral, matching.Proposal]]:
    """The best overall volunteer for each waiting referral, capacities respected (assign).

    `progress` is told the percentage done after each step (for a progress bar).
    """
    report = progress or (lambda percent: None)
    referrals = waiting_referrals()
    if not referrals:
        return []
    seekers = [adapter.seeker_record(referral, today) for referral in referrals]
    by_id = {referral.id: referral for referral in referrals}
    blocked = adapter.declined_pairs(by_id)
    report(20)
    matcher = matcher_on_free_places(today)
    report(50)
    proposals = matcher.assign(seekers, today=today, blocked=blocked)
    report(80)
    return [(by_id[int(p.seeker_id)], p) for p in proposals]  # referrals have int ids
