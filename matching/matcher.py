"""Ranking volunteers for seekers (:class:`Matcher`, :func:`propose`) and the optimal
one-to-many assignment (:func:`assign`).

How it scales: volunteers are encoded once into numpy arrays and sparse tag matrices. Seekers are
grouped by match type (rule 3 and the static parts of rules 1 and 4 select the volunteer columns
for the type once) and scored in blocks of ``block_size`` rows with vectorised numpy; only each
row's top ``k`` survive a block, so memory stays at O(block_size x volunteers).
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from . import features as F
from .records import MATCH_TYPES, Person, id_sort_key, validate_seekers, validate_volunteers
from .rules import (
    ADULT_AGE,
    CERTIFICATE_AGE_LIMIT,
    PEER_MENTOR_AGE,
    resolve_certificate_setting,
)
from .scoring import (
    LIVED_EXPERIENCE_PHASES,
    PARENT_MATCH_TYPES,
    SCORE_SCALE,
    Proposal,
    Weights,
    volunteer_reasons,
)

__all__ = ["Matcher", "assign", "propose"]

_NO_WRITTEN: dict[str, frozenset[str]] = {"interests": frozenset(), "needs": frozenset()}


def top_keys(key: np.ndarray, k: int) -> list[np.ndarray]:
    """Per row, the column positions of the ``k`` largest non-negative keys, best first."""
    b, m = key.shape
    if m > k:
        part = np.argpartition(-key, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(m), (b, m))
    chosen = np.take_along_axis(key, part, axis=1)
    order = np.argsort(-chosen, axis=1, kind="stable")
    part = np.take_along_axis(part, order, axis=1)
    chosen = np.take_along_axis(chosen, order, axis=1)
    return [part[i][chosen[i] >= 0] for i in range(b)]


def make_keys(score: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Integer keys: rounded score, ties broken by column (lower column = lower id = first)."""
    m = score.shape[1]
    q = np.rint(score.astype(np.float64) * SCORE_SCALE).astype(np.int64)
    key = q * (m + 1) + (m - np.arange(m, dtype=np.int64))[None, :]
    key[~eligible] = -1
    return np.asarray(key)


@cache
def _negative_ramp(m: int) -> np.ndarray:
    return (-1 - np.arange(m) / max(m, 1)).astype(np.float32)[None, :]


def top_k_exact(
    score: np.ndarray, eligible: np.ndarray, k: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per row, the ``k`` best eligible columns and their score quanta ``round(score * 1e6)``.

    Exactly the result of :func:`make_keys` + :func:`top_keys` (best first; equal quanta by
    lower column), without building int64 keys for the whole block: a float32 partition finds
    each row's ``k``-th largest score ``t``; only columns whose score could round to the quantum
    of ``t`` or above (``score >= (round(t * 1e6) - 0.5) / 1e6``, taken a hair lower in float32)
    are candidates, and exact keys are built for those alone.

    Why nothing is lost: rounding is monotone, so the ``k`` columns scoring ``>= t`` all have
    quantum ``>= q = round(t * 1e6)``; a column with a smaller quantum has ``k`` columns with a
    strictly larger key and cannot be in the top ``k``. Every column with quantum ``>= q`` passes
    the filter. Ties only make the candidate set larger, never wrong (a test compares the two on
    random blocks full of ties).
    """
    b, m = score.shape
    # Ineligible columns get distinct values in [-2, -1): numpy's introselect is ten times
    # slower on a row that is mostly one repeated value.
    masked = np.where(eligible, score, _negative_ramp(m))
    if m > k:
        kth = np.partition(masked, m - k, axis=1)[:, m - k].astype(np.float64)
    else:
        kth = masked.min(axis=1).astype(np.float64) if m else np.zeros(b)
    q = np.rint(kth * SCORE_SCALE)
    bound = (q - 0.5) / SCORE_SCALE - 1e-9
    thr = bound.astype(np.float32)
    high = thr.astype(np.float64) > bound
    thr[high] = np.nextafter(thr[high], np.float32(-np.inf))
    np.maximum(thr, np.float32(-0.5), out=thr)  # never an ineligible column (-1)
    rr, cc = np.nonzero(masked >= thr[:, None])
    quanta = np.rint(score[rr, cc].astype(np.float64) * SCORE_SCALE).astype(np.int64)
    key = quanta * (m + 1) + (m - cc)
    order = np.lexsort((-key, rr))
    rr, cc, quanta = rr[order], cc[order], quanta[order]
    starts = np.searchsorted(rr, np.arange(b + 1))
    out = []
    for r in range(b):
        lo = starts[r]
        hi = min(starts[r + 1], lo + k)
        out.append((cc[lo:hi], quanta[lo:hi]))
    return out


def blocked_map(blocked: Iterable[Any]) -> dict[tuple[Any, ...], set[tuple[Any, ...]]]:
    """``(seeker_id, volunteer_id)`` pairs -> {seeker key: {volunteer keys}}."""
    out: dict[tuple[Any, ...], set[tuple[Any, ...]]] = defaultdict(set)
    for pair in blocked:
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise ValueError(f"blocked: each entry must be an (id, id) pair: {pair!r}") from None
        out[id_sort_key(a)].add(id_sort_key(b))
    return out


class _Side:
    """Arrays of one population, columns in id order (internal)."""

    def __init__(
        self,
        people: Sequence[Person],
        text_model: F.TextModel | None,
        text: tuple[Any, np.ndarray] | None = None,
    ) -> None:
        self.people = list(people)
        self.ids = [p.id for p in people]
        self.age = np.array([p.age for p in people], dtype=np.float32)
        self.points = F.locations(people)
        self.avail = F.availability_matrix(people)
        self.n_avail = self.avail.sum(axis=1)
        self.avail_code = F.availability_codes(self.avail)
        if text is not None:  # already transformed (fit_transform)
            self.text, self.has_text = text
        elif text_model is not None:
            self.text, self.has_text = text_model.transform([p.about for p in people])
        else:
            self.text, self.has_text = None, np.zeros(len(people), dtype=bool)


def _rows(matrix: Any, index: Any) -> Any:
    """Rows of a dense or sparse matrix, or None for no matrix."""
    return None if matrix is None else matrix[index]


class _VolunteerArrays:
    """The volunteer-side arrays a block needs, restricted to some columns (internal)."""

    def __init__(self, side: _Side, cols: np.ndarray, matcher: Matcher) -> None:
        self.cols = cols
        self.m = len(cols)
        self.points = side.points[cols]
        self.avail_code = side.avail_code[cols]
        self.text = _rows(side.text, cols)
        self.has_text = side.has_text[cols]
        self.int_t = matcher.int_t_[:, cols]
        self.n_int = matcher.n_int_[cols]
        self.help_t = matcher.help_t_[:, cols]
        self.n_help = matcher.n_help_[cols]
        self.lang_t = matcher.lang_t_[:, cols]
        self.formerly = matcher.formerly_[cols].astype(np.float32)
        self.parent = matcher.parent_placed_[cols].astype(np.float32)
        self.cert = matcher.certificate_[cols]
        self.gender = matcher.gender_code_[cols]


class _Seekers:
    """Seeker arrays encoded against a fitted matcher's vocabularies (internal)."""

    def __init__(self, people: list[Person], matcher: Matcher) -> None:
        self.people = people
        side = _Side(people, matcher.text_model_)
        self.side = side
        tw = matcher.weights_.text_tags
        self.written = F.written_tags(people) if tw > 0 else [_NO_WRITTEN] * len(people)
        self.int, self.n_int = F.weighted_tag_matrix(
            [p.interests for p in people],
            [w["interests"] for w in self.written],
            matcher.interest_vocab_,
            tw,
        )
        self.needs, self.n_needs = F.weighted_tag_matrix(
            [p.needs for p in people], [w["needs"] for w in self.written], matcher.help_vocab_, tw
        )
        home = [p.languages - F.MAJORITY_LANGUAGES for p in people]
        self.home, self.n_home = F.tag_matrix(home, matcher.language_vocab_)
        genders = matcher.gender_vocab_
        self.pref = np.ones((len(people), len(genders) + 1), dtype=bool)
        for i, p in enumerate(people):
            if p.volunteer_gender:
                self.pref[i] = False
                for g in p.volunteer_gender:
                    if g in genders:
                        self.pref[i, genders[g]] = True
        self.pref[:, -1] = [not p.volunteer_gender for p in people]
        self.lived_applies = np.array(
            [p.phase in LIVED_EXPERIENCE_PHASES for p in people], dtype=bool
        )
        self.parent_type = np.array(
            [p.match_type in PARENT_MATCH_TYPES for p in people], dtype=bool
        )


def _inverse_saturated(counts: np.ndarray, saturation: float) -> np.ndarray:
    """1 / min(count, saturation), 0 where count is 0."""
    out = np.zeros_like(counts, dtype=np.float32)
    nz = counts > 0
    out[nz] = 1.0 / np.minimum(counts[nz], saturation)
    return out


@F.on_one_blas_thread
def seeker_volunteer_scores(
    sk: _Seekers, rows: np.ndarray, va: _VolunteerArrays, w: Weights, text_model: F.TextModel
) -> tuple[np.ndarray, np.ndarray | None]:
    """Reciprocal scores (b, m) in [0, 1] for seeker rows against volunteer columns, and the
    about-text similarities (NaN where not both wrote a text; ``None`` when unused).

    Written with in-place float32 operations: each (b, m) temporary costs a pass over memory
    and a fresh allocation, and this is the hot loop of :meth:`Matcher.propose`.
    """
    f32 = np.float32  # python floats times bool arrays would make float64 blocks
    neutral = f32(w.neutral)
    sat = float(w.interest_saturation)
    side = sk.side
    # interests: view = min(shared / min(count, saturation), 1); neutral when I list none
    inter = F.product(sk.int[rows], va.int_t)
    ns = sk.n_int[rows]
    int_s = np.multiply(inter, _inverse_saturated(ns, sat)[:, None])
    np.minimum(int_s, 1, out=int_s)
    if (ns == 0).any():
        int_s += (neutral * (ns == 0))[:, None]
    int_v = np.multiply(inter, _inverse_saturated(va.n_int, sat)[None, :], out=inter)
    np.minimum(int_v, 1, out=int_v)
    if (va.n_int == 0).any():
        int_v += (neutral * (va.n_int == 0))[None, :]
    # needs vs helps_with
    cov = F.product(sk.needs[rows], va.help_t)
    nn = sk.n_needs[rows]
    inv_nn = np.where(nn > 0, 1 / np.maximum(nn, 1), 0).astype(np.float32)
    need_s = np.multiply(cov, inv_nn[:, None])
    if (nn == 0).any():
        need_s += (neutral * (nn == 0))[:, None]
    need_v = np.multiply(cov, _inverse_saturated(va.n_help, sat)[None, :], out=cov)
    np.minimum(need_v, 1, out=need_v)
    if (va.n_help == 0).any():
        need_v += (neutral * (va.n_help == 0))[None, :]
    # availability: one gather per view from an 8 x 8 table (see F.availability_tables)
    mine, theirs = F.availability_tables(float(w.neutral))
    pair_code = (side.avail_code[rows] * mine.shape[1])[:, None] + va.avail_code[None, :]
    # num_s = w_int*int_s + w_need*need_s + w_av*av_s + w_dist*prox (same for the other view)
    num_s = int_s
    num_s *= f32(w.interests)
    need_s *= f32(w.needs)
    num_s += need_s
    num_v = int_v
    num_v *= f32(w.interests)
    need_v *= f32(w.needs)
    num_v += need_v
    av = np.take(mine.ravel() * f32(w.availability), pair_code, out=need_s)
    num_s += av
    av = np.take(theirs.ravel() * f32(w.availability), pair_code, out=need_s)
    num_v += av
    # distance: exp(-km / scale); unknown location on either side = neutral
    prox = F.pairwise_distance_km(side.points[rows], va.points)
    prox *= f32(-1 / w.distance_scale_km)
    np.exp(prox, out=prox)
    unknown_s = np.isnan(side.points[rows, 0])
    unknown_v = np.isnan(va.points[:, 0])
    if unknown_s.any():
        prox[unknown_s] = neutral
    if unknown_v.any():
        prox[:, unknown_v] = neutral
    prox *= f32(w.distance)
    num_s += prox
    num_v += prox
    base = w.interests + w.needs + w.availability + w.distance
    den = np.full((len(rows), 1), base, dtype=np.float32)
    # about text (applies when both wrote one)
    if w.about_text > 0 and sk.side.text is not None and va.text is not None:
        applies = sk.side.has_text[rows][:, None] & va.has_text[None, :]
        text = text_model.similarity(_rows(side.text, rows), va.text)
        text_out = np.where(applies, text, np.float32(np.nan))
        text *= applies
        text *= f32(w.about_text)
        num_s += text
        num_v += text
        den_pair = den + f32(w.about_text) * applies
    else:
        den_pair = den
        text_out = None
    # language and lived experience (seeker's view only, apply per seeker row)
    den_s = den_pair
    lang_rows = sk.n_home[rows] > 0
    if w.language > 0 and lang_rows.any():
        shared = F.product(sk.home[rows], va.lang_t) > 0
        num_s += f32(w.language) * (shared & lang_rows[:, None])
        den_s = den_s + (f32(w.language) * lang_rows)[:, None]
    lived_rows = sk.lived_applies[rows]
    if w.lived_experience > 0 and lived_rows.any():
        parent_rows = sk.parent_type[rows][:, None]
        lived = np.where(parent_rows, va.parent[None, :], va.formerly[None, :])
        num_s += f32(w.lived_experience) * (lived * lived_rows[:, None])
        den_s = den_s + (f32(w.lived_experience) * lived_rows)[:, None]
    # harmonic mean of the two views: 2 vs vv / (vs + vv)
    view_s = np.divide(num_s, den_s, out=num_s)
    view_v = np.divide(num_v, den_pair, out=num_v)
    total = view_s + view_v
    view_s *= view_v
    view_s *= f32(2)
    score = np.divide(view_s, total, out=view_v, where=total > 0)
    score[total <= 0] = 0
    return np.clip(score, 0, 1, out=score), text_out


class Matcher:
    """Rank volunteers for seekers, with the volunteer side prepared once.

    Parameters
    ----------
    weights : Weights, optional
        Soft-signal weights (default ``Weights()``).
    candidate_k : int, default 30
        Candidates per seeker that :meth:`assign` optimises over (the optimum is exact over this
        candidate graph; use a ``candidate_k`` >= the number of volunteers for the full graph).
    certificate_for_all_ages : bool, optional
        Rule 2 setting; ``None`` uses :data:`matching.rules.CERTIFICATE_FOR_ALL_AGES`.
    block_size : int, default 512
        Seekers scored together (memory is about ``block_size x n_volunteers x 40`` bytes).
    text_components : int, default 96
        LSA dimensions for the about-text similarity on large populations.

    Attributes
    ----------
    volunteer_ids_ : list
        Fitted volunteer ids in id order.
    n_volunteers_ : int
    text_model_ : matching.features.TextModel

    Examples
    --------
    >>> import datetime
    >>> volunteers = [
    ...     {"id": 1, "age": 35, "offers": ["mentor"], "capacity": 1, "screened": True,
    ...      "interests": ["football"], "child_certificate_until": datetime.date(2030, 1, 1)},
    ...     {"id": 2, "age": 50, "offers": ["mentor"], "capacity": 1, "screened": True,
    ...      "interests": ["chess"], "child_certificate_until": datetime.date(2030, 1, 1)},
    ... ]
    >>> matcher = Matcher().fit(volunteers)
    >>> seeker = {"id": 10, "age": 13, "match_type": "mentor", "interests": ["chess"]}
    >>> [p.volunteer_id for p in matcher.propose([seeker], k=2, today=datetime.date(2025, 1, 1))]
    [2, 1]
    """

    def __init__(
        self,
        weights: Weights | None = None,
        *,
        candidate_k: int = 30,
        certificate_for_all_ages: bool | None = None,
        block_size: int = 512,
        text_components: int = 96,
    ) -> None:
        self.weights = weights
        self.candidate_k = candidate_k
        self.certificate_for_all_ages = certificate_for_all_ages
        self.block_size = block_size
        self.text_components = text_components

    # -- fitting ---------------------------------------------------------------------------
    def fit(self, volunteers: Iterable[Mapping[str, Any]]) -> Matcher:
        """Validate and encode the volunteers.

        Parameters
        ----------
        volunteers : iterable of Mapping
            Volunteer records (see ``matching/README.md``).

        Returns
        -------
        self
        """
        if not isinstance(self.candidate_k, int) or self.candidate_k < 1:
            raise ValueError("Matcher: candidate_k must be an int >= 1")
        if not isinstance(self.block_size, int) or self.block_size < 1:
            raise ValueError("Matcher: block_size must be an int >= 1")
        self.weights_ = self.weights if self.weights is not None else Weights()
        people = sorted(validate_volunteers(volunteers), key=lambda p: id_sort_key(p.id))
        self.volunteers_ = people
        self.volunteer_ids_ = [p.id for p in people]
        self.n_volunteers_ = len(people)
        self.column_of_ = {id_sort_key(p.id): i for i, p in enumerate(people)}
        self.text_model_ = F.TextModel(n_components=self.text_components)
        text = self.text_model_.fit_transform([p.about for p in people])
        self.side_ = _Side(people, self.text_model_, text)
        tw = self.weights_.text_tags
        self.written_ = F.written_tags(people) if tw > 0 else [_NO_WRITTEN] * len(people)
        written_int = [w["interests"] for w in self.written_]
        written_help = [w["needs"] for w in self.written_]
        ticked_int = [p.interests for p in people]
        ticked_help = [p.helps_with for p in people]
        self.interest_vocab_ = F.vocabulary(ticked_int + written_int)
        self.help_vocab_ = F.vocabulary(ticked_help + written_help)
        self.language_vocab_ = F.vocabulary(p.languages for p in people)
        int_m, self.n_int_ = F.weighted_tag_matrix(
            ticked_int, written_int, self.interest_vocab_, tw
        )
        help_m, self.n_help_ = F.weighted_tag_matrix(
            ticked_help, written_help, self.help_vocab_, tw
        )
        lang_m, _ = F.tag_matrix([p.languages for p in people], self.language_vocab_)
        self.int_t_ = F.dense_side(int_m)
        self.help_t_ = F.dense_side(help_m)
        self.lang_t_ = F.dense_side(lang_m)
        self.formerly_ = np.array(
            [("formerly_placed" in p.lived_experience) for p in people], dtype=bool
        )
        self.parent_placed_ = np.array(
            [("parent_of_placed_child" in p.lived_experience) for p in people], dtype=bool
        )
        self.certificate_ = np.array(
            [
                p.child_certificate_until.toordinal() if p.child_certificate_until else -1
                for p in people
            ],
            dtype=np.int64,
        )
        self.gender_vocab_ = F.vocabulary(frozenset([p.gender]) for p in people if p.gender)
        self.gender_code_ = np.array(
            [self.gender_vocab_[p.gender] if p.gender else -1 for p in people], dtype=np.int64
        )
        age = self.side_.age
        base = (
            np.array([p.screened for p in people], dtype=bool)
            & np.array([p.capacity >= 1 for p in people], dtype=bool)
            & (age >= ADULT_AGE)
        )
        self.type_columns_ = {}
        for match_type in MATCH_TYPES:
            ok = base & np.array([match_type in p.offers for p in people], dtype=bool)
            if match_type == "young_to_young":
                ok &= self.formerly_ & (age <= PEER_MENTOR_AGE[1])
            elif match_type == "parent_to_parent":
                ok &= self.parent_placed_
            elif match_type == "friend_bank":
                ok &= False
            self.type_columns_[match_type] = np.flatnonzero(ok)
        self._arrays: dict[str, _VolunteerArrays] = {}
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "volunteers_"):
            raise ValueError("Matcher: call fit(volunteers) first")

    def _type_arrays(self, match_type: str) -> _VolunteerArrays:
        if match_type not in self._arrays:
            self._arrays[match_type] = _VolunteerArrays(
                self.side_, self.type_columns_[match_type], self
            )
        return self._arrays[match_type]

    # -- ranking ---------------------------------------------------------------------------
    def _rank(
        self,
        seekers: Iterable[Mapping[str, Any]],
        k: int,
        today: _dt.date | None,
        blocked: Iterable[Any],
        certificate_for_all_ages: bool | None,
        min_score: float = 0.0,
    ) -> tuple[_Seekers, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
        """Encode seekers; per seeker row (volunteer columns, scores, text similarities)."""
        self._check_fitted()
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be an int >= 1, got {k!r}")
        if (
            isinstance(min_score, bool)
            or not isinstance(min_score, int | float)
            or not 0 <= min_score <= 1
        ):
            raise ValueError(f"min_score must be a number in [0, 1], got {min_score!r}")
        floor_quantum = round(min_score * SCORE_SCALE)
        people = sorted(validate_seekers(seekers), key=lambda p: id_sort_key(p.id))
        sk = _Seekers(people, self)
        today = today or _dt.date.today()
        if not isinstance(today, _dt.date):
            raise ValueError(f"today must be a datetime.date, got {today!r}")
        setting = certificate_for_all_ages
        if setting is None:
            setting = self.certificate_for_all_ages
        for_all = resolve_certificate_setting(setting)
        need_cert = np.array([for_all or p.age < CERTIFICATE_AGE_LIMIT for p in people], bool)
        block = blocked_map(blocked)
        today_ord = today.toordinal()
        empty = (np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
        results: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = [empty for _ in people]
        by_type: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(people):
            assert p.match_type is not None  # validate_seekers requires it
            by_type[p.match_type].append(i)
        w = self.weights_
        for match_type, row_list in by_type.items():
            va = self._type_arrays(match_type)
            if va.m == 0:
                continue
            cert_ok = va.cert >= today_ord
            all_rows = np.array(row_list, dtype=np.int64)
            for start in range(0, len(all_rows), self.block_size):
                rows = all_rows[start : start + self.block_size]
                score, text = seeker_volunteer_scores(sk, rows, va, w, self.text_model_)
                eligible = ~need_cert[rows][:, None] | cert_ok[None, :]
                eligible &= sk.pref[rows][:, va.gender]
                for r, row in enumerate(rows if block else ()):
                    banned = block.get(id_sort_key(people[row].id))
                    if banned:
                        cols = [self.column_of_[b] for b in banned if b in self.column_of_]
                        pos = np.searchsorted(va.cols, cols)
                        pos = pos[(pos < va.m)]
                        pos = pos[np.isin(va.cols[pos], cols)]
                        eligible[r, pos] = False
                if floor_quantum > 0:  # the same rounding as the returned scores
                    eligible &= np.rint(score.astype(np.float64) * SCORE_SCALE) >= floor_quantum
                for r, (positions, q) in enumerate(top_k_exact(score, eligible, k)):
                    sims = np.full(len(positions), np.nan) if text is None else text[r, positions]
                    results[rows[r]] = (va.cols[positions], q / SCORE_SCALE, sims)
        return sk, results

    def _proposal(
        self,
        sk: _Seekers,
        row: int,
        col: int,
        score: float,
        rank: int,
        text_similarity: float,
        km: float | None = None,
    ) -> Proposal:
        seeker = sk.people[row]
        volunteer = self.volunteers_[col]
        similarity = None if np.isnan(text_similarity) else float(text_similarity)
        written = self.weights_.text_tags > 0
        reasons = volunteer_reasons(
            seeker,
            volunteer,
            similarity,
            sk.written[row] if written else None,
            self.written_[col] if written else None,
            km,
        )
        return Proposal(seeker.id, volunteer.id, float(score), int(rank), reasons)

    def propose(
        self,
        seekers: Iterable[Mapping[str, Any]],
        *,
        k: int = 5,
        today: _dt.date | None = None,
        blocked: Iterable[Any] = (),
        certificate_for_all_ages: bool | None = None,
        min_score: float = 0.0,
    ) -> list[Proposal]:
        """The ``k`` best eligible volunteers for each seeker.

        Parameters
        ----------
        seekers : iterable of Mapping
            Seeker records.
        k : int, default 5
            Proposals per seeker (fewer when fewer volunteers are eligible).
        today : datetime.date, optional
            Day of certificate validity (default: today).
        blocked : iterable of (seeker_id, volunteer_id)
            Pairs never to propose.
        certificate_for_all_ages : bool, optional
            Overrides the matcher's and the module's rule-2 setting for this call.
        min_score : float, default 0
            Relevance floor: no proposal scoring below it (a seeker with no good fit gets
            fewer proposals, or none, instead of weak ones).

        Returns
        -------
        list of Proposal
            Ordered by seeker id, then rank. Ties in score are broken by volunteer id.

        Examples
        --------
        >>> m = Matcher().fit([{"id": "v1", "age": 30, "offers": ["leisure_job"],
        ...                     "capacity": 2, "screened": True, "helps_with": ["cv"]}])
        >>> p, = m.propose([{"id": "s1", "age": 16, "match_type": "leisure_job",
        ...                  "needs": ["cv"]}])
        >>> p.volunteer_id, p.rank, p.reasons[0]
        ('v1', 1, ('helps_with', 'cv'))
        """
        sk, results = self._rank(
            seekers, k, today, blocked, certificate_for_all_ages, min_score
        )
        km = self._distances(sk, results)
        out = []
        for row, (cols, scores, sims) in enumerate(results):
            for rank, (col, score, sim, d) in enumerate(
                zip(cols.tolist(), scores.tolist(), sims.tolist(), km[row], strict=True),
                start=1,
            ):
                out.append(self._proposal(sk, row, col, score, rank, sim, d))
        return out

    def _distances(
        self, sk: _Seekers, results: Sequence[tuple[np.ndarray, ...]]
    ) -> list[list[float]]:
        """Great-circle km of every returned pair in one vectorised step (NaN = unknown)."""
        rows = np.repeat(np.arange(len(results)), [len(r[0]) for r in results])
        cols = np.concatenate([r[0] for r in results]) if results else np.zeros(0, np.int64)
        chord = np.linalg.norm(sk.side.points[rows] - self.side_.points[cols], axis=1)
        km = 2 * F.EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / (2 * F.EARTH_RADIUS_KM), 1))
        out, start = [], 0
        flat = km.tolist()
        for r in results:
            out.append(flat[start : start + len(r[0])])
            start += len(r[0])
        return out

    def assign(
        self,
        seekers: Iterable[Mapping[str, Any]],
        *,
        today: _dt.date | None = None,
        blocked: Iterable[Any] = (),
        certificate_for_all_ages: bool | None = None,
    ) -> list[Proposal]:
        """Assign each seeker at most one volunteer, maximising the total score.

        Each volunteer is used at most ``capacity`` times. The optimum is exact over the
        candidate graph of each seeker's ``candidate_k`` best eligible volunteers (reduced to a
        min-cost full bipartite matching with one "unassigned" column per seeker, so a seeker is
        left out rather than forced onto a poor match).

        Returns
        -------
        list of Proposal
            One per assigned seeker, ordered by seeker id; ``rank`` is the volunteer's rank in
            that seeker's own ranking.

        Examples
        --------
        >>> vols = [{"id": 1, "age": 40, "offers": ["mentor"], "capacity": 1, "screened": True,
        ...          "child_certificate_until": "2099-01-01"}]
        >>> seekers = [{"id": 5, "age": 16, "match_type": "mentor"},
        ...            {"id": 6, "age": 16, "match_type": "mentor"}]
        >>> len(Matcher().fit(vols).assign(seekers))  # capacity 1: one seeker waits
        1
        """
        sk, results = self._rank(
            seekers, self.candidate_k, today, blocked, certificate_for_all_ages
        )
        chosen = solve_assignment(results, [p.capacity for p in self.volunteers_])
        out = []
        for row, (col, rank) in sorted(chosen.items()):
            score, sim = results[row][1][rank - 1], results[row][2][rank - 1]
            out.append(self._proposal(sk, row, col, score, rank, sim))
        return out


def solve_assignment(
    results: Sequence[tuple[np.ndarray, ...]], capacity: Sequence[int]
) -> dict[int, tuple[int, int]]:
    """Max-weight b-matching over candidate lists: row -> (column, 1-based rank)."""
    rows, cols, scores = [], [], []
    for row, (c, s, *_) in enumerate(results):
        rows.append(np.full(len(c), row, dtype=np.int64))
        cols.append(np.asarray(c, dtype=np.int64))
        scores.append(np.asarray(s, dtype=np.float64))
    if not rows or sum(len(r) for r in rows) == 0:
        return {}
    e_row = np.concatenate(rows)
    e_col = np.concatenate(cols)
    e_score = np.concatenate(scores)
    n = len(results)
    used, inverse = np.unique(e_col, return_inverse=True)
    degree = np.bincount(inverse, minlength=len(used))
    cap = np.asarray(capacity, dtype=np.int64)[used]
    slots = np.minimum(cap, degree)
    slot_base = np.concatenate([[0], np.cumsum(slots)[:-1]])
    n_slots = int(slots.sum())
    g_rows, g_cols, g_cost = [], [], []
    for level in range(int(slots.max())):
        sel = slots[inverse] > level
        g_rows.append(e_row[sel])
        g_cols.append(slot_base[inverse[sel]] + level)
        g_cost.append(2.0 - e_score[sel])
    # one private "unassigned" column per row, cost 2 (= score 0)
    g_rows.append(np.arange(n))
    g_cols.append(n_slots + np.arange(n))
    g_cost.append(np.full(n, 2.0))
    graph = sparse.csr_array(
        (np.concatenate(g_cost), (np.concatenate(g_rows), np.concatenate(g_cols))),
        shape=(n, n_slots + n),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    owner = np.repeat(used, slots)  # slot column -> volunteer column
    out = {}
    for row, col in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
        if col < n_slots:
            volunteer = int(owner[col])
            candidates = results[row][0]
            rank = int(np.flatnonzero(candidates == volunteer)[0]) + 1
            out[row] = (volunteer, rank)
    return out


def propose(
    seekers: Iterable[Mapping[str, Any]],
    volunteers: Iterable[Mapping[str, Any]],
    *,
    k: int = 5,
    today: _dt.date | None = None,
    blocked: Iterable[Any] = (),
    certificate_for_all_ages: bool | None = None,
    weights: Weights | None = None,
    min_score: float = 0.0,
) -> list[Proposal]:
    """The ``k`` best eligible volunteers for each seeker (see :meth:`Matcher.propose`).

    Examples
    --------
    >>> vols = [{"id": 1, "age": 40, "offers": ["mentor"], "capacity": 1, "screened": True,
    ...          "interests": ["chess"], "child_certificate_until": "2099-01-01"}]
    >>> p, = propose([{"id": 9, "age": 12, "match_type": "mentor", "interests": ["chess"]}], vols)
    >>> p.reasons[0]
    ('shared_interests', 'chess')
    """
    matcher = Matcher(weights, certificate_for_all_ages=certificate_for_all_ages)
    return matcher.fit(volunteers).propose(
        seekers, k=k, today=today, blocked=blocked, min_score=min_score
    )


def assign(
    seekers: Iterable[Mapping[str, Any]],
    volunteers: Iterable[Mapping[str, Any]],
    *,
    today: _dt.date | None = None,
    blocked: Iterable[Any] = (),
    certificate_for_all_ages: bool | None = None,
    weights: Weights | None = None,
    candidate_k: int = 30,
) -> list[Proposal]:
    """Optimal assignment of seekers to volunteers (see :meth:`Matcher.assign`).

    Examples
    --------
    >>> vols = [{"id": 1, "age": 40, "offers": ["mentor"], "capacity": 2, "screened": True}]
    >>> seekers = [{"id": 5, "age": 16, "match_type": "mentor"},
    ...            {"id": 6, "age": 17, "match_type": "mentor"}]
    >>> [(p.seeker_id, p.volunteer_id) for p in assign(seekers, vols)]
    [(5, 1), (6, 1)]
    """
    matcher = Matcher(
        weights, candidate_k=candidate_k, certificate_for_all_ages=certificate_for_all_ages
    )
    return matcher.fit(volunteers).assign(seekers, today=today, blocked=blocked)
