"""Friend bank: pairing young people with each other (:func:`pair_friends`)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import rustworkx as rx

from . import features as F
from .matcher import _inverse_saturated, _rows, _Side, top_k_exact
from .records import id_sort_key, validate_young_people
from .rules import crosses_adulthood
from .scoring import SCORE_SCALE, Pair, Weights, friend_reasons

__all__ = ["FriendPairer", "pair_friends"]


class FriendPairer:
    """Score and pair friend-bank young people (maximum-weight matching on a general graph).

    Parameters
    ----------
    weights : Weights, optional
        Soft-signal weights (``needs``/``lived_experience`` are not used here; ``age_closeness``
        is).
    max_age_gap : float, default 2
        Largest allowed age difference in years (a hard rule).
    candidate_k : int, default 10
        Each young person's best eligible peers kept as candidate edges; the matching is
        exact over the union of these edges (use ``candidate_k >= n`` for the full graph).
    block_size : int, default 512
    min_score : float, default 0
        Quality floor: a pair scoring below it is never made (the young person waits for a
        better fit instead of getting a poor one).

    Attributes
    ----------
    people_ : list of Person
        Validated young people in id order.
    edges_ : dict of (int, int) -> int
        Candidate edges (row i < row j) with integer weights ``round(score * 1e6)``.

    Examples
    --------
    >>> people = [{"id": 1, "age": 14, "interests": ["chess"]},
    ...           {"id": 2, "age": 15, "interests": ["chess"]},
    ...           {"id": 3, "age": 14, "interests": ["dance"]}]
    >>> [(p.a_id, p.b_id) for p in FriendPairer().fit(people).pairs()]
    [(1, 2)]
    """

    def __init__(
        self,
        weights: Weights | None = None,
        *,
        max_age_gap: float = 2,
        candidate_k: int = 10,
        block_size: int = 512,
        min_score: float = 0.0,
    ) -> None:
        self.weights = weights
        self.max_age_gap = max_age_gap
        self.candidate_k = candidate_k
        self.block_size = block_size
        self.min_score = min_score

    def fit(
        self, young_people: Iterable[Mapping[str, Any]], *, blocked: Iterable[Any] = ()
    ) -> FriendPairer:
        """Validate, encode and build the candidate graph.

        Parameters
        ----------
        young_people : iterable of Mapping
        blocked : iterable of (id, id)
            Unordered pairs never to pair.

        Returns
        -------
        self
        """
        gap = self.max_age_gap
        if isinstance(gap, bool) or not isinstance(gap, int | float) or gap < 0:
            raise ValueError(f"max_age_gap must be a number >= 0, got {gap!r}")
        if not isinstance(self.candidate_k, int) or self.candidate_k < 1:
            raise ValueError("candidate_k must be an int >= 1")
        floor = self.min_score
        if isinstance(floor, bool) or not isinstance(floor, int | float) or not 0 <= floor <= 1:
            raise ValueError(f"min_score must be a number in [0, 1], got {floor!r}")
        self.weights_ = self.weights if self.weights is not None else Weights()
        people = sorted(validate_young_people(young_people), key=lambda p: id_sort_key(p.id))
        self.people_ = people
        index = {id_sort_key(p.id): i for i, p in enumerate(people)}
        self.banned_: dict[int, set[int]] = {}
        for pair in blocked:
            try:
                a, b = pair
            except (TypeError, ValueError):
                raise ValueError(f"blocked: entries must be (id, id) pairs: {pair!r}") from None
            ia, ib = index.get(id_sort_key(a)), index.get(id_sort_key(b))
            if ia is not None and ib is not None:
                self.banned_.setdefault(ia, set()).add(ib)
                self.banned_.setdefault(ib, set()).add(ia)
        self.text_model_ = F.TextModel()
        # fit_transform analyses each text once (fit, then transform, would do it twice)
        self._text = self.text_model_.fit_transform([p.about for p in people])
        self._encode()
        self.edges_ = self._candidate_edges()
        return self

    def _encode(self) -> None:
        people = self.people_
        self.side_ = _Side(people, self.text_model_, self._text)
        tw = self.weights_.text_tags
        self.written_ = (
            [w["interests"] for w in F.written_tags(people)]
            if tw > 0
            else [frozenset()] * len(people)
        )
        ticked = [p.interests for p in people]
        vocab = F.vocabulary(ticked + self.written_)
        int_m, self.n_int_ = F.weighted_tag_matrix(ticked, self.written_, vocab, tw)
        self.int_ = int_m
        self.int_t_ = F.dense_side(int_m)
        home = [p.languages - F.MAJORITY_LANGUAGES for p in people]
        lang_vocab = F.vocabulary(home)
        home_m, self.n_home_ = F.tag_matrix(home, lang_vocab)
        self.home_ = home_m
        self.home_t_ = F.dense_side(home_m)
        genders = F.vocabulary(frozenset([p.gender]) for p in people if p.gender)
        self.gender_ = np.array(
            [genders[p.gender] if p.gender else -1 for p in people], dtype=np.int64
        )
        # pref_[i, g]: person i accepts gender code g; last column = unknown gender
        self.pref_ = np.ones((len(people), len(genders) + 1), dtype=bool)
        for i, p in enumerate(people):
            if p.friend_gender:
                self.pref_[i] = False
                for g in p.friend_gender:
                    if g in genders:
                        self.pref_[i, genders[g]] = True

    @F.on_one_blas_thread
    def scores(
        self, rows: np.ndarray, cols: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(score, eligible) for ``rows`` against ``cols`` (default: everybody), each
        (len(rows), len(cols)); ``cols`` ascending."""
        w = self.weights_
        side = self.side_
        if cols is None:
            cols = np.arange(len(self.people_))
        f32 = np.float32  # python floats times bool arrays would make float64 blocks
        neutral = f32(w.neutral)
        sat = float(w.interest_saturation)
        int_t = self.int_t_[:, cols]
        n_int_c = self.n_int_[cols]
        inter = F.product(self.int_[rows], int_t)
        na = self.n_int_[rows]
        int_a = np.minimum(inter * _inverse_saturated(na, sat)[:, None], 1)
        int_a += (neutral * (na == 0))[:, None]
        int_b = np.minimum(inter * _inverse_saturated(n_int_c, sat)[None, :], 1)
        int_b += (neutral * (n_int_c == 0))[None, :]
        mine, theirs = F.availability_tables(float(w.neutral))
        codes_c = side.avail_code[cols]
        pair_code = (side.avail_code[rows] * mine.shape[1])[:, None] + codes_c[None, :]
        av_a = mine.ravel()[pair_code]
        av_b = theirs.ravel()[pair_code]
        dist = F.pairwise_distance_km(side.points[rows], side.points[cols])
        prox = np.exp(dist * f32(-1 / w.distance_scale_km))
        prox[np.isnan(prox)] = neutral
        age = side.age
        gap = np.abs(age[rows][:, None] - age[cols][None, :])
        closeness = 1 - gap / f32(self.max_age_gap + 1)
        common = f32(w.distance) * prox + f32(w.age_closeness) * closeness
        base = w.interests + w.availability + w.distance + w.age_closeness
        num_a = f32(w.interests) * int_a + f32(w.availability) * av_a + common
        num_b = f32(w.interests) * int_b + f32(w.availability) * av_b + common
        den = np.full((len(rows), 1), base, dtype=np.float32)
        if w.about_text > 0 and side.text is not None:
            applies = side.has_text[rows][:, None] & side.has_text[cols][None, :]
            text = self.text_model_.similarity(_rows(side.text, rows), _rows(side.text, cols))
            text = np.round(text, 4) * applies
            num_a = num_a + f32(w.about_text) * text
            num_b = num_b + f32(w.about_text) * text
            den = den + f32(w.about_text) * applies
        den_a: np.ndarray = den
        den_b: np.ndarray = den
        if w.language > 0:
            shared = F.product(self.home_[rows], self.home_t_[:, cols]) > 0
            la = (self.n_home_[rows] > 0)[:, None]
            lb = (self.n_home_[cols] > 0)[None, :]
            num_a = num_a + f32(w.language) * (shared & la)
            num_b = num_b + f32(w.language) * (shared & lb)
            den_a = den_a + f32(w.language) * la
            den_b = den_b + f32(w.language) * lb
        view_a = num_a / den_a
        view_b = num_b / den_b
        total = view_a + view_b
        view_a *= view_b
        view_a *= f32(2)
        score = np.divide(view_a, total, out=np.zeros_like(view_a), where=total > 0)
        score = np.clip(score, 0, 1, out=score)
        eligible = gap <= self.max_age_gap
        position = np.full(len(self.people_), -1, dtype=np.int64)
        position[cols] = np.arange(len(cols))
        own = position[rows]
        eligible[np.flatnonzero(own >= 0), own[own >= 0]] = False  # never oneself
        eligible &= self.pref_[rows][:, self.gender_[cols]]  # row accepts column's gender
        eligible &= self.pref_[cols][:, self.gender_[rows]].T  # column accepts row's gender
        for r, row in enumerate(rows):
            banned = self.banned_.get(int(row))
            if banned:
                at = position[sorted(banned)]
                eligible[r, at[at >= 0]] = False
        return score, eligible

    def _candidate_edges(self) -> dict[tuple[int, int], int]:
        """Each person's best ``candidate_k`` eligible peers, scored block by block.

        Rows are taken in age order, and a block is scored only against the people within
        ``max_age_gap`` of its ages (a hair wider for float rounding): everybody else is
        ineligible by the age rule, so this drops no candidate, and it scores about a third
        of the columns when ages span 8-22.
        """
        n = len(self.people_)
        edges: dict[tuple[int, int], int] = {}
        age = self.side_.age
        by_age = np.argsort(age, kind="stable")
        margin = self.max_age_gap + 1e-3
        for start in range(0, n, self.block_size):
            rows = np.sort(by_age[start : start + self.block_size])
            lo, hi = age[rows].min() - margin, age[rows].max() + margin
            cols = np.flatnonzero((age >= lo) & (age <= hi))
            score, eligible = self.scores(rows, cols)
            if self.min_score > 0:
                quantised = np.rint(score.astype(np.float64) * SCORE_SCALE)
                eligible &= quantised >= round(self.min_score * SCORE_SCALE)
            for r, (positions, q) in enumerate(top_k_exact(score, eligible, self.candidate_k)):
                i = int(rows[r])
                for j, weight in zip(cols[positions].tolist(), q.tolist(), strict=True):
                    edge = (i, j) if i < j else (j, i)
                    if weight > edges.get(edge, -1):
                        edges[edge] = weight
        return edges

    def pairs(self) -> list[Pair]:
        """Maximum-weight matching over the candidate edges, as :class:`Pair` objects.

        Returns
        -------
        list of Pair
            Ordered by ``a_id``; ``a_id`` sorts before ``b_id``.
        """
        graph = rx.PyGraph()
        graph.add_nodes_from(range(len(self.people_)))
        graph.add_edges_from([(i, j, w) for (i, j), w in sorted(self.edges_.items())])
        matching = rx.max_weight_matching(graph, max_cardinality=False, weight_fn=int)
        out = []
        for u, v in sorted(tuple(sorted(e)) for e in matching):
            a, b = self.people_[u], self.people_[v]
            weight = self.edges_[(u, v)]
            crosses = crosses_adulthood(a.age, b.age)
            out.append(Pair(a.id, b.id, weight / SCORE_SCALE, self._reasons(u, v), crosses))
        return out

    def _reasons(self, u: int, v: int) -> tuple[tuple[str, str], ...]:
        side = self.side_
        similarity = None
        if side.has_text[u] and side.has_text[v]:
            a, b = _rows(side.text, [u]), _rows(side.text, [v])
            similarity = float(self.text_model_.similarity(a, b)[0, 0])
        written = self.weights_.text_tags > 0
        return friend_reasons(
            self.people_[u],
            self.people_[v],
            similarity,
            self.written_[u] if written else None,
            self.written_[v] if written else None,
        )


def pair_friends(
    young_people: Iterable[Mapping[str, Any]],
    *,
    today: _dt.date | None = None,
    blocked: Iterable[Any] = (),
    max_age_gap: float = 2,
    weights: Weights | None = None,
    candidate_k: int = 10,
    min_score: float = 0.0,
) -> list[Pair]:
    """Pair friend-bank young people so that the total score is maximal.

    Hard rules: each young person is in at most one pair, never with themselves; the age gap is
    at most ``max_age_gap``; a ``preferences.friend_gender`` is respected both ways; ``blocked``
    pairs (unordered) never appear.

    Parameters
    ----------
    young_people : iterable of Mapping
        Records with at least ``id`` and ``age``.
    today : datetime.date, optional
        Accepted for symmetry with :func:`propose`; no rule here depends on the date.
    blocked : iterable of (id, id)
    max_age_gap : float, default 2
    weights : Weights, optional
    candidate_k : int, default 10
        Best peers per person kept as candidate edges (see :class:`FriendPairer`).
    min_score : float, default 0
        Quality floor: no pair scoring below it (those young people stay unpaired).

    Returns
    -------
    list of Pair
        ``crosses_adulthood`` marks a pair of a minor and an adult (ages on each side of 18),
        for the app to flag.

    Examples
    --------
    >>> people = [{"id": "a", "age": 15, "interests": ["music"], "postcode": "2820"},
    ...           {"id": "b", "age": 16, "interests": ["music"], "postcode": "2900"}]
    >>> p, = pair_friends(people)
    >>> p.a_id, p.b_id, p.reasons[0]
    ('a', 'b', ('shared_interests', 'music'))
    """
    if today is not None and not isinstance(today, _dt.date):
        raise ValueError(f"today must be a datetime.date, got {today!r}")
    pairer = FriendPairer(
        weights, max_age_gap=max_age_gap, candidate_k=candidate_k, min_score=min_score
    )
    return pairer.fit(young_people, blocked=blocked).pairs()
