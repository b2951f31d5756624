"""Learning the matcher's weights from the unit's own matches, and adopting them.

`evidence` asks `matching.weight_evidence` which soft signals predicted matches that lasted,
from the unit's started matches (the knowledge bank shows it, with uncertainty). A coordinator
can adopt the learned weights; every adoption, and every return to the defaults, is a new
`MatchingWeights` row (who, when, the weights), audited. The matcher uses the newest row: its
id is part of the pool fingerprint, so the cached and stored fits are refitted with it.
"""

import dataclasses
import threading
from datetime import date
from typing import Any

from flask import g
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

import matching
from coordinator.audit import services as audit
from coordinator.extensions import db
from coordinator.matches import adapter
from coordinator.matches.models import Match, MatchingWeights, MatchStatus, WeightsSource
from coordinator.referrals.models import Family, Referral
from coordinator.vocabulary import ClosureReason, MatchType

# A closure for one of these reasons, before six months, is a match that did not hold
# (Spencer, 2007: no connection, unmet expectations, a volunteer who stopped coming). Any other
# closure (moving away, the family's situation, aging out, a safety decision) says nothing
# about the fit: the match is censored at the time it ran.
RELATIONSHIP_REASONS = frozenset(
    {
        ClosureReason.RELATIONSHIP_NOT_WORKING,
        ClosureReason.YOUNG_PERSON_LOST_INTEREST,
        ClosureReason.VOLUNTEER_TIME,
    }
)
DAYS_PER_MONTH = 30.44
BOOTSTRAP_RESAMPLES = 20


class NothingToLearn(Exception):
    """No started match to learn from."""


def history(today: date) -> list[dict]:
    """The unit's started volunteer matches as `matching.fit_weights` history entries.

    The records are the referral's and the volunteer's as they are now (their profiles at the
    time of the match are not kept); anonymised matches are left out.
    """
    matches = db.session.scalars(
        select(Match)
        .where(
            Match.start_date.is_not(None),
            Match.volunteer_id.is_not(None),
            Match.referral_id.is_not(None),
            Match.match_type != MatchType.FRIEND_BANK,
            Match.status.in_([MatchStatus.ACTIVE, MatchStatus.PAUSED, MatchStatus.CLOSED]),
            Match.anonymised_at.is_(None),
        )
        .options(
            selectinload(Match.referral).options(
                selectinload(Referral.young_person),
                selectinload(Referral.family).selectinload(Family.children),
            )
        )
        .order_by(Match.id)
    ).all()
    volunteers = adapter.volunteer_records(
        {m.volunteer_id for m in matches if m.volunteer_id is not None}, today
    )
    out = []
    for match in matches:
        start, volunteer_id = match.start_date, match.volunteer_id
        if start is None or volunteer_id is None:  # excluded by the query
            continue
        if match.referral is None or match.referral.anonymised_at is not None:
            continue
        end = match.end_date if match.status == MatchStatus.CLOSED and match.end_date else today
        months = max((end - start).days, 0) / DAYS_PER_MONTH
        early = (
            match.status == MatchStatus.CLOSED
            and match.closure_reason in RELATIONSHIP_REASONS
            and months < matching.learning.LASTING_MONTHS
        )
        seeker = adapter.seeker_record(match.referral, today) | {
            "match_type": match.match_type.value
        }
        found = volunteers.get(volunteer_id)
        if found is None:
            continue
        volunteer = found | {"capacity": 1, "screened": True}
        out.append({"seeker": seeker, "volunteer": volunteer, "months": months,
                    "ended_early": early})  # fmt: skip
    return out


_evidence_lock = threading.Lock()
_evidence_cache: dict[str, tuple[tuple, matching.WeightEvidence]] = {}


def _matches_fingerprint(today: date) -> tuple:
    state = db.session.execute(select(func.count(Match.id), func.max(Match.updated_at))).one()
    return (today, *state)


def evidence(today: date) -> matching.WeightEvidence:
    """What the unit's matches say about each weight (fitted, with 90 % intervals).

    Kept per process until a match changes (the bootstrap refits the model 20 times).
    """
    fingerprint = _matches_fingerprint(today)
    with _evidence_lock:
        cached = _evidence_cache.get("evidence")
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    found = matching.weight_evidence(history(today), n_boot=BOOTSTRAP_RESAMPLES)
    with _evidence_lock:
        _evidence_cache["evidence"] = (fingerprint, found)
    return found


def current() -> MatchingWeights | None:
    """The weights version in force (the newest), or None: the library's defaults."""
    return db.session.scalars(
        select(MatchingWeights).order_by(MatchingWeights.id.desc()).limit(1)
    ).first()


def weights_of(version: MatchingWeights | None) -> matching.Weights:
    """The `matching.Weights` of a version (the defaults for None or a return to them)."""
    if version is None or version.source == WeightsSource.DEFAULTS:
        return matching.Weights()
    known: dict[str, Any] = {name: float(value) for name, value in version.weights.items()
                             if name in matching.learning.SIGNALS}  # fmt: skip
    return dataclasses.replace(matching.Weights(), **known)


_VERSION_KEY = "matching_weights_version"
_weights_lock = threading.Lock()
_weights_by_version: dict[int, matching.Weights] = {}


def remember_version(version_id: int) -> None:
    """Note the version in force for the rest of this request (the matcher's fingerprint query
    reads it anyway, so asking again would cost a statement)."""
    setattr(g, _VERSION_KEY, version_id)


def current_version_id() -> int:
    """Id of the version in force (0: none, the defaults), read once per request."""
    if hasattr(g, _VERSION_KEY):
        return int(getattr(g, _VERSION_KEY))
    version_id = db.session.scalar(select(func.max(MatchingWeights.id))) or 0
    remember_version(version_id)
    return version_id


def weights_for(version_id: int) -> matching.Weights:
    """The weights of a version, kept per process (versions are never changed)."""
    if not version_id:
        return matching.Weights()
    with _weights_lock:
        known = _weights_by_version.get(version_id)
    if known is None:
        known = weights_of(db.session.get(MatchingWeights, version_id))
        with _weights_lock:
            _weights_by_version[version_id] = known
    return known


def current_weights() -> matching.Weights:
    """The weights the matcher uses now."""
    return weights_for(current_version_id())


def _signal_weights(weights: matching.Weights) -> dict[str, float]:
    return {name: float(getattr(weights, name)) for name in matching.learning.SIGNALS}


def adopt_learned(*, by, today: date) -> MatchingWeights:
    """Fit the weights on the unit's matches now and put them in force (the caller commits)."""
    found = evidence(today)
    if found.n_matches == 0:
        raise NothingToLearn
    version = MatchingWeights(
        source=WeightsSource.LEARNED,
        weights=_signal_weights(found.weights),
        matches_used=found.n_matches,
        adopted_by_id=by.id,
    )
    db.session.add(version)
    db.session.flush()
    remember_version(version.id)
    audit.record(
        by,
        "matching.weights_adopted",
        subject=version,
        detail={"weights": version.weights, "matches_used": found.n_matches},
    )
    return version


def restore_defaults(*, by) -> MatchingWeights:
    """Put the library's default weights back in force (a new version; the caller commits)."""
    version = MatchingWeights(
        source=WeightsSource.DEFAULTS,
        weights=_signal_weights(matching.Weights()),
        matches_used=0,
        adopted_by_id=by.id,
    )
    db.session.add(version)
    db.session.flush()
    remember_version(version.id)
    audit.record(by, "matching.weights_restored", subject=version,
                 detail={"weights": version.weights})  # fmt: skip
    return version


def versions(limit: int = 10) -> list[MatchingWeights]:
    """The latest versions, newest first (for the knowledge bank)."""
    return list(
        db.session.scalars(
            select(MatchingWeights)
            .options(selectinload(MatchingWeights.adopted_by))
            .order_by(MatchingWeights.id.desc())
            .limit(limit)
        )
    )
