"""Suggesting local workplaces to a young person looking for a leisure job or an internship.

Pure Python like the rest of the library: plain mappings in, ranked suggestions out. A workplace
is suggested when it offers what the young person looks for and takes people of their age; it is
ranked by shared interests (each one counts) and then by distance (nearer first).

Examples
--------
>>> young = {"age": 15, "postcode": "2820", "interests": ["cooking", "animals"],
...          "looking_for": ["leisure_job"]}
>>> places = [
...     {"id": 1, "offers": ["leisure_job"], "min_age": 13, "postcode": "2900",
...      "interests": ["cooking"]},
...     {"id": 2, "offers": ["internship"], "min_age": 15, "postcode": "2820",
...      "interests": ["cooking"]},
...     {"id": 3, "offers": ["leisure_job"], "min_age": 16, "postcode": "2820",
...      "interests": ["animals"]},
... ]
>>> [(s.workplace_id, s.shared_interests) for s in rank_workplaces(young, places)]
[(1, ('cooking',))]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .features import distance_km, postcode_centroids

#: What a workplace can offer a young person.
WORKPLACE_OFFERS = ("leisure_job", "internship", "trial_work")

#: One shared interest outweighs this many kilometres of extra distance.
KM_PER_INTEREST = 5.0


@dataclass(frozen=True)
class WorkplaceSuggestion:
    """A suggested workplace: its id, rank (1 = best), score, and why."""

    workplace_id: int
    rank: int
    score: float
    shared_interests: tuple[str, ...]
    distance_km: float | None


def _tags(value: Iterable[str] | None) -> frozenset[str]:
    return frozenset(tag for tag in (value or ()) if tag)


def _distance(a: str | None, b: str | None) -> float | None:
    centroids = postcode_centroids()
    if a not in centroids or b not in centroids:
        return None
    return round(distance_km(centroids[a], centroids[b]), 1)


def rank_workplaces(
    young_person: Mapping[str, Any],
    workplaces: Sequence[Mapping[str, Any]],
    *,
    k: int | None = None,
    max_km: float | None = None,
) -> list[WorkplaceSuggestion]:
    """Rank workplaces for a young person by shared interests, then distance.

    Parameters
    ----------
    young_person : Mapping
        ``age`` (int, required), ``postcode``, ``interests`` and ``looking_for`` (offer kinds
        from :data:`WORKPLACE_OFFERS`; empty or missing means any).
    workplaces : sequence of Mapping
        ``id`` (int, required), ``offers`` (kinds), ``min_age`` (int or None), ``postcode``,
        ``interests`` (the interest tags the work fits).
    k : int, optional
        Return at most this many.
    max_km : float, optional
        Leave out workplaces farther away than this (unknown distances are kept).

    Returns
    -------
    list of WorkplaceSuggestion
        Best first; ties broken by distance, then id, so the order is stable.

    Raises
    ------
    ValueError
        If the young person has no whole-number age, or a workplace no whole-number id.
    """
    age = young_person.get("age")
    if not isinstance(age, int) or isinstance(age, bool):
        raise ValueError("young_person: 'age' must be a whole number")
    wanted = _tags(young_person.get("looking_for")) or frozenset(WORKPLACE_OFFERS)
    interests = _tags(young_person.get("interests"))
    home = young_person.get("postcode")
    scored: list[tuple[float, float, int, tuple[str, ...], float | None]] = []
    for place in workplaces:
        place_id = place.get("id")
        if not isinstance(place_id, int) or isinstance(place_id, bool):
            raise ValueError(f"workplace {place_id!r}: 'id' must be a whole number")
        if not wanted & _tags(place.get("offers")):
            continue
        min_age = place.get("min_age")
        if min_age is not None and age < min_age:
            continue
        km = _distance(home, place.get("postcode"))
        if max_km is not None and km is not None and km > max_km:
            continue
        shared = tuple(sorted(interests & _tags(place.get("interests"))))
        score = len(shared) * KM_PER_INTEREST - (km if km is not None else KM_PER_INTEREST)
        scored.append((-score, km if km is not None else float("inf"), place_id, shared, km))
    scored.sort()
    if k is not None:
        scored = scored[:k]
    return [
        WorkplaceSuggestion(place_id, rank, round(-negative, 2), shared, km)
        for rank, (negative, _km, place_id, shared, km) in enumerate(scored, start=1)
    ]
