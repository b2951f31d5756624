"""Soft signals: the weights (one place), the result types and the reason codes.

The research behind the signals and weights is summarised in ``matching/README.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields

from .features import MAJORITY_LANGUAGES, distance_km, location_of
from .records import AVAILABILITY_SLOTS, Person

__all__ = ["REASON_CODES", "SCORE_RESOLUTION", "Pair", "Proposal", "Weights"]

#: Scores are rounded to this step; equal rounded scores are ties, broken by id.
SCORE_RESOLUTION = 1e-6
SCORE_SCALE = 1_000_000

#: Types of match where the person served is a parent, so ``parent_of_placed_child`` is the lived
#: experience that helps; for the others it is ``formerly_placed``.
PARENT_MATCH_TYPES = frozenset({"parent_to_parent", "practical_help", "family_to_family"})
#: Phases where a volunteer's own placement experience is a soft plus.
LIVED_EXPERIENCE_PHASES = frozenset({"during", "after"})

#: Every reason code with the format of its value (values are plain strings, lists are
#: ", "-joined in sorted order, numbers use "." as decimal separator).
REASON_CODES: dict[str, str] = {
    "helps_with": "the seeker's needs the volunteer helps with; comma-separated need tags, "
    "e.g. 'homework, loneliness'",
    "shared_interests": "interests both have; comma-separated interest tags, "
    "e.g. 'board_games, football'",
    "speaks": "shared home language(s) other than Danish; comma-separated ISO 639-1 codes, "
    "e.g. 'ar'",
    "lived_experience": "the volunteer's relevant lived experience; 'formerly_placed' or "
    "'parent_of_placed_child'",
    "distance_km": "distance between the two (location, else postcode centroid) in km with one "
    "decimal, e.g. '1.4'; left out when unknown",
    "availability": "shared time slots in the order weekday_day, weekday_evening, weekend; "
    "comma-separated, e.g. 'weekday_evening, weekend'",
    "similar_about": "the about-me texts are similar (char n-gram cosine >= 0.2); the cosine "
    "with two decimals, e.g. '0.34'",
    "writes_about": "interest or need tags both have where at least one of the two only "
    "wrote about it in the about-me text (or the caseworker's description); comma-separated "
    "tags, e.g. 'football, homework'",
    "match_type": "the match type the volunteer offers (always present for volunteer matches), "
    "e.g. 'mentor'",
    "age_gap": "pair_friends only, always present: absolute age difference in years, "
    "e.g. '1' or '0.5'",
}

SIMILAR_ABOUT_THRESHOLD = 0.2


@dataclass(frozen=True)
class Weights:
    """Weights of the soft signals, all in one place.

    Each signal is a number in [0, 1]; a side's view is the weighted mean of its signals, and the
    pair's score is the harmonic mean of the two views (reciprocity, see the README). A signal
    that does not apply to a pair (no home language besides Danish, no about text, phase
    ``before`` for lived experience) drops out of the mean instead of counting as zero; a signal
    whose data is missing (no location, no interests listed by the seeker, no availability)
    counts as :attr:`neutral`.

    Parameters
    ----------
    needs : float
        Seeker needs covered by the volunteer's ``helps_with``. Largest weight: the committee
        asks for a match "by needs, qualifications and resources", and meta-analyses of youth
        mentoring find larger effects when the mentor's background fits the programme's goals.
    interests : float
        Shared interests. Perceived similarity and shared activities predict closeness and
        longer matches; lack of connection is a main reason matches end early.
    distance : float
        Proximity, ``exp(-km / distance_scale_km)``. Practical obstacles (travel, time) are a
        common reason for early closure, and early closure can harm the young person.
    availability : float
        Overlap of time slots; a match that cannot meet regularly does not last.
    language : float
        A shared home language other than Danish, when the seeker has one (helps parents and
        newly arrived young people; the mentoring literature on cultural match is mixed, so
        the weight is modest).
    lived_experience : float
        A formerly placed volunteer (or a parent of a placed child for parent matches) for
        seekers in phase ``during`` / ``after``: peer credibility and hope.
    about_text : float
        Similarity of the free-text about-me (Danish char n-grams); weak, catches what tags miss.
    age_closeness : float
        ``pair_friends`` only: ``1 - gap / (max_age_gap + 1)``. Friendships form between peers.
    text_tags : float
        Weight of an interest or need tag found only in the about-me text (the Danish lexicon
        ``matching/data/lexicon_da.tsv``) relative to a ticked tag (1). Less than 1: ticking is
        deliberate, a word in a text may be said in passing. ``0`` ignores the texts' words.
    distance_scale_km : float
        Decay length of the proximity signal.
    interest_saturation : int
        Sharing this many interests (or helping with this many tags) counts as a full match.
    neutral : float
        Value of a signal whose data is missing.

    Examples
    --------
    >>> Weights().needs
    0.3
    >>> Weights(language=0.0).language
    0.0
    """

    needs: float = 0.30
    interests: float = 0.25
    distance: float = 0.15
    availability: float = 0.15
    language: float = 0.10
    lived_experience: float = 0.10
    about_text: float = 0.05
    age_closeness: float = 0.15
    text_tags: float = 0.5
    distance_scale_km: float = 5.0
    interest_saturation: int = 3
    neutral: float = 0.5

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"Weights: field {field.name!r} must be a number >= 0")
        if self.distance_scale_km <= 0 or self.interest_saturation < 1:
            raise ValueError("Weights: distance_scale_km must be > 0, interest_saturation >= 1")
        if self.text_tags > 1:
            raise ValueError("Weights: field 'text_tags' must be <= 1 (a ticked tag counts 1)")
        if self.neutral > 1:
            raise ValueError("Weights: field 'neutral' must be <= 1")


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed volunteer for a seeker.

    Attributes
    ----------
    seeker_id, volunteer_id : int or str
    score : float
        In [0, 1], rounded to :data:`SCORE_RESOLUTION`.
    rank : int
        1-based rank of the volunteer among the seeker's eligible volunteers.
    reasons : tuple of (str, str)
        Non-empty ``(code, value)`` pairs, codes from :data:`REASON_CODES`.
    """

    seeker_id: int | str
    volunteer_id: int | str
    score: float
    rank: int
    reasons: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Pair:
    """Two young people paired by :func:`matching.pair_friends` (``a_id`` sorts before ``b_id``).

    Attributes
    ----------
    a_id, b_id : int or str
    score : float
        In [0, 1], rounded to :data:`SCORE_RESOLUTION`.
    reasons : tuple of (str, str)
        Non-empty ``(code, value)`` pairs, codes from :data:`REASON_CODES`.
    crosses_adulthood : bool
        One of the two is under 18 and the other 18 or older: a minor paired with an adult,
        for the coordinator to look at before the pair is proposed.
    """

    a_id: int | str
    b_id: int | str
    score: float
    reasons: tuple[tuple[str, str], ...]
    crosses_adulthood: bool = False


def _join(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def _written_reason(
    pairs: list[tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]],
) -> list[tuple[str, str]]:
    """``writes_about``: tags both have, counting written ones, that are not ticked by both.

    Each entry of ``pairs`` is (ticked a, written a, ticked b, written b) for one tag family.
    """
    tags: set[str] = set()
    for ticked_a, written_a, ticked_b, written_b in pairs:
        if not (written_a or written_b):  # most people: nothing written that was not ticked
            continue
        tags |= ((ticked_a | written_a) & (ticked_b | written_b)) - (ticked_a & ticked_b)
    return [("writes_about", _join(tags))] if tags else []


def _common_reasons(a: Person, b: Person) -> list[tuple[str, str]]:
    out = []
    shared = a.interests & b.interests
    if shared:
        out.append(("shared_interests", _join(shared)))
    speaks = (a.languages & b.languages) - MAJORITY_LANGUAGES
    if speaks:
        out.append(("speaks", _join(speaks)))
    return out


def _tail_reasons(
    a: Person, b: Person, text_similarity: float | None, km: float | None = None
) -> list[tuple[str, str]]:
    """``km``: the distance if the caller has it already (``None``: computed here)."""
    out = []
    if km is None:
        loc_a, loc_b = location_of(a), location_of(b)
        if loc_a is not None and loc_b is not None:
            km = distance_km(loc_a, loc_b)
    if km is not None and not math.isnan(km):
        out.append(("distance_km", f"{km:.1f}"))
    both = a.availability & b.availability
    if both:
        out.append(("availability", ", ".join(s for s in AVAILABILITY_SLOTS if s in both)))
    if text_similarity is not None and text_similarity >= SIMILAR_ABOUT_THRESHOLD:
        out.append(("similar_about", f"{text_similarity:.2f}"))
    return out


_NO_WRITTEN: dict[str, frozenset[str]] = {"interests": frozenset(), "needs": frozenset()}


def volunteer_reasons(
    seeker: Person,
    volunteer: Person,
    text_similarity: float | None,
    seeker_written: dict[str, frozenset[str]] | None = None,
    volunteer_written: dict[str, frozenset[str]] | None = None,
    km: float | None = None,
) -> tuple[tuple[str, str], ...]:
    """Reasons for a seeker/volunteer proposal (see :data:`REASON_CODES`).

    ``*_written`` are the tags the about-me texts write about (``None``: not used); ``km``
    the distance when the caller has computed it (NaN: unknown).
    """
    out: list[tuple[str, str]] = []
    helps = seeker.needs & volunteer.helps_with
    if helps:
        out.append(("helps_with", _join(helps)))
    out.extend(_common_reasons(seeker, volunteer))
    if seeker_written is not None or volunteer_written is not None:
        sw = seeker_written or _NO_WRITTEN
        vw = volunteer_written or _NO_WRITTEN
        out.extend(
            _written_reason(
                [
                    (seeker.interests, sw["interests"], volunteer.interests, vw["interests"]),
                    (seeker.needs, sw["needs"], volunteer.helps_with, vw["needs"]),
                ]
            )
        )
    wanted = (
        "parent_of_placed_child" if seeker.match_type in PARENT_MATCH_TYPES else "formerly_placed"
    )
    relevant = seeker.phase in LIVED_EXPERIENCE_PHASES or seeker.match_type in (
        "young_to_young",
        "parent_to_parent",
    )
    if relevant and wanted in volunteer.lived_experience:
        out.append(("lived_experience", wanted))
    out.extend(_tail_reasons(seeker, volunteer, text_similarity, km))
    out.append(("match_type", str(seeker.match_type)))
    return tuple(out)


def friend_reasons(
    a: Person,
    b: Person,
    text_similarity: float | None,
    a_written: frozenset[str] | None = None,
    b_written: frozenset[str] | None = None,
) -> tuple[tuple[str, str], ...]:
    """Reasons for a friend-bank pair (see :data:`REASON_CODES`); ``*_written`` are the
    interest tags the about-me texts write about (``None``: not used)."""
    out = _common_reasons(a, b)
    if a_written is not None and b_written is not None:
        out.extend(_written_reason([(a.interests, a_written, b.interests, b_written)]))
    out.extend(_tail_reasons(a, b, text_similarity))
    out.append(("age_gap", f"{abs(a.age - b.age):g}"))
    return tuple(out)
