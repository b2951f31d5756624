"""Learning the soft-signal weights from the unit's own history (:func:`fit_weights`).

Which signals keep a match going is an empirical question; the defaults in
:class:`~matching.Weights` come from the mentoring literature (see the README). A unit that
records how its matches went can ask its own data, carefully: a few hundred matches are noisy,
so the fit is pulled toward the defaults and only moves them as far as the evidence carries.

The model
---------
A match is *lasting* when it ran ``LASTING_MONTHS`` (6) months; it *ended early* when it closed
before that for reasons in the relationship (``ended_early=True``). Everything else is
*censored* at the time it was last seen: a running match of 2 months has not failed, and a match
that closed after 3 months because the family moved away says nothing about the fit. A
constant-hazard (exponential) model on the first six months uses all of them correctly:

    hazard_i = exp(b0 - c * s_i),   s_i = sum_j w_j x_ij / sum_j w_j,

with ``x_ij`` the pair's signal values in [0, 1] as the matcher computes them (both views
averaged; a signal that does not apply counts as neutral) and ``s_i`` the weighted mean the
matcher's score is built from. The log-likelihood ``sum_i d_i log h_i - h_i T_i`` (``d_i`` =
ended early, ``T_i`` = months observed, at most six) is maximised over ``b0``, ``c > 0`` and
``w >= 0`` with a Gaussian penalty ``strength * sum_j (w_j - prior_j)^2 / prior_scale^2`` that
keeps the weights near the prior unless the data disagree. The weights are then rescaled to the
prior's total, so only their balance is learned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from scipy.optimize import minimize

from . import features as F
from .matcher import Matcher, _inverse_saturated, _rows, _Seekers, _VolunteerArrays
from .records import id_sort_key, is_real, validate_seekers
from .scoring import Weights

__all__ = [
    "LASTING_MONTHS",
    "SIGNALS",
    "WeightEvidence",
    "fit_weights",
    "pair_signals",
    "weight_evidence",
]

#: A match that ran this long counts as lasting (Grossman & Rhodes, 2002, found benefits grew
#: with duration and early endings did harm).
LASTING_MONTHS = 6.0
#: The soft signals whose weights are learned (``age_closeness`` is the friend bank's).
SIGNALS = (
    "needs",
    "interests",
    "distance",
    "availability",
    "language",
    "lived_experience",
    "about_text",
)


def pair_signals(
    pairs: list[tuple[Mapping[str, Any], Mapping[str, Any]]], weights: Weights | None = None
) -> np.ndarray:
    """(n, len(SIGNALS)) signal values in [0, 1] of (seeker, volunteer) record pairs.

    The same signals as the matcher's score (mirrors ``seeker_volunteer_scores``; a test checks
    that the weighted means agree): two-sided signals average the seeker's and the volunteer's
    view; a signal that does not apply (no home language besides Danish, no about text on one
    side, phase ``before``) is neutral. Hard rules are not checked: history is what happened.

    Examples
    --------
    >>> s = {"id": 1, "age": 12, "match_type": "mentor", "interests": ["chess"]}
    >>> v = {"id": 2, "age": 40, "offers": ["mentor"], "capacity": 1, "screened": True,
    ...      "interests": ["chess"]}
    >>> dict(zip(SIGNALS, pair_signals([(s, v)])[0].round(2).tolist()))["interests"]
    1.0
    """
    w = weights or Weights()
    if not pairs:
        return np.zeros((0, len(SIGNALS)), dtype=np.float32)
    volunteers: dict[tuple[int, int | str], Mapping[str, Any]] = {}
    for _, v in pairs:
        volunteers.setdefault(id_sort_key(v["id"]), v)
    matcher = Matcher(w).fit(list(volunteers.values()))
    seekers: dict[tuple[int, int | str], Mapping[str, Any]] = {}
    for s, _ in pairs:
        seekers.setdefault(id_sort_key(s["id"]), s)
    sk_records = list(seekers.values())
    people = sorted(validate_seekers(sk_records), key=lambda p: id_sort_key(p.id))
    sk = _Seekers(people, matcher)
    row_of = {id_sort_key(p.id): i for i, p in enumerate(people)}
    va = _VolunteerArrays(matcher.side_, np.arange(matcher.n_volunteers_), matcher)
    out = np.zeros((len(pairs), len(SIGNALS)), dtype=np.float32)
    by_row: dict[int, list[tuple[int, int]]] = {}
    for i, (s, v) in enumerate(pairs):
        row = row_of[id_sort_key(s["id"])]
        by_row.setdefault(row, []).append((i, matcher.column_of_[id_sort_key(v["id"])]))
    rows_all = np.array(sorted(by_row), dtype=np.int64)
    for start in range(0, len(rows_all), 256):
        rows = rows_all[start : start + 256]
        parts = _parts(sk, rows, va, w, matcher.text_model_)
        for r, row in enumerate(rows.tolist()):
            for i, col in by_row[row]:
                out[i] = [parts[name][r, col] for name in SIGNALS]
    return out


def _parts(
    sk: _Seekers, rows: np.ndarray, va: _VolunteerArrays, w: Weights, text_model: F.TextModel
) -> dict[str, np.ndarray]:
    """Per-signal values for a block (both views averaged; not applicable = neutral)."""
    neutral = np.float32(w.neutral)
    sat = float(w.interest_saturation)
    side = sk.side
    inter = F.product(sk.int[rows], va.int_t)
    ns = sk.n_int[rows]
    int_s = np.minimum(inter * _inverse_saturated(ns, sat)[:, None], 1)
    int_s += (neutral * (ns == 0))[:, None]
    int_v = np.minimum(inter * _inverse_saturated(va.n_int, sat)[None, :], 1)
    int_v += (neutral * (va.n_int == 0))[None, :]
    cov = F.product(sk.needs[rows], va.help_t)
    nn = sk.n_needs[rows]
    inv_nn = np.where(nn > 0, 1 / np.maximum(nn, 1), 0).astype(np.float32)
    need_s = cov * inv_nn[:, None] + (neutral * (nn == 0))[:, None]
    need_v = np.minimum(cov * _inverse_saturated(va.n_help, sat)[None, :], 1)
    need_v += (neutral * (va.n_help == 0))[None, :]
    mine, theirs = F.availability_tables(float(w.neutral))
    code = (side.avail_code[rows] * mine.shape[1])[:, None] + va.avail_code[None, :]
    dist = F.pairwise_distance_km(side.points[rows], va.points)
    prox = np.exp(dist * np.float32(-1 / w.distance_scale_km))
    prox[np.isnan(prox)] = neutral
    shape = (len(rows), va.m)
    text = np.full(shape, neutral, dtype=np.float32)
    if sk.side.text is not None and va.text is not None:
        applies = sk.side.has_text[rows][:, None] & va.has_text[None, :]
        sim = text_model.similarity(_rows(side.text, rows), va.text)
        text = np.where(applies, sim, neutral)
    language = np.full(shape, neutral, dtype=np.float32)
    lang_rows = sk.n_home[rows] > 0
    if lang_rows.any():
        shared = (F.product(sk.home[rows], va.lang_t) > 0).astype(np.float32)
        language = np.where(lang_rows[:, None], shared, neutral)
    lived_rows = sk.lived_applies[rows][:, None]
    parent_rows = sk.parent_type[rows][:, None]
    lived = np.where(parent_rows, va.parent[None, :], va.formerly[None, :])
    return {
        "needs": (need_s + need_v) / 2,
        "interests": (int_s + int_v) / 2,
        "distance": prox,
        "availability": (mine.ravel()[code] + theirs.ravel()[code]) / 2,
        "language": language,
        "lived_experience": np.where(lived_rows, lived, neutral),
        "about_text": text,
    }


def _read_history(
    history: Iterable[Mapping[str, Any]],
) -> tuple[list[tuple[Mapping[str, Any], Mapping[str, Any]]], np.ndarray, np.ndarray]:
    pairs: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
    months: list[float] = []
    ended: list[bool] = []
    for position, entry in enumerate(history):
        label = f"history entry at position {position}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{label}: must be a mapping")
        for field in ("seeker", "volunteer"):
            if not isinstance(entry.get(field), Mapping):
                raise ValueError(f"{label}: field {field!r} must be a record (mapping)")
        value = entry.get("months")
        if not is_real(value) or not value >= 0:
            raise ValueError(f"{label}: field 'months' must be a number >= 0, got {value!r}")
        early = entry.get("ended_early", False)
        if not isinstance(early, bool):
            raise ValueError(f"{label}: field 'ended_early' must be a bool, got {early!r}")
        if early and value >= LASTING_MONTHS:
            raise ValueError(
                f"{label}: field 'ended_early' is true but 'months' is {value} "
                f"(>= {LASTING_MONTHS:g})"
            )
        pairs.append((entry["seeker"], entry["volunteer"]))
        months.append(float(value))
        ended.append(early)
    return pairs, np.array(months), np.array(ended, dtype=float)


def fit_weights(
    history: Iterable[Mapping[str, Any]],
    prior: Weights | None = None,
    *,
    strength: float = 20.0,
) -> Weights:
    """Fit the soft-signal weights to the unit's past matches, regularised toward ``prior``.

    Parameters
    ----------
    history : iterable of Mapping
        One entry per past match: ``seeker`` and ``volunteer`` (the records as they were when
        the match was made), ``months`` (how long it ran, or has run so far) and ``ended_early``
        (``True`` when it closed before six months for reasons in the relationship: no
        connection, unmet expectations, a volunteer who stopped coming). A running match, or
        one closed for outside reasons (moving away, the young person's placement changed), is
        ``ended_early=False`` with the months seen so far: it is censored, not counted as a
        failure or as a success.
    prior : Weights, optional
        Where the fit starts and is pulled back to (default ``Weights()``). Fields other than
        :data:`SIGNALS` are kept as they are.
    strength : float, default 20
        Penalty on squared deviations from the prior, relative to the prior's size. With a few
        hundred matches the weights move little; with thousands the data decide.

    Returns
    -------
    Weights
        ``prior`` with the :data:`SIGNALS` weights replaced by the fitted ones, rescaled to the
        prior's total. Only the *balance* between signals is learned (the overall strength
        ``c`` is a free parameter), so a history where a single signal varies says little.

    Examples
    --------
    >>> import random
    >>> rng = random.Random(0)
    >>> def pair(i):  # only shared interests decide here; distance varies but does not
    ...     s = {"id": i, "age": 12, "match_type": "mentor", "interests": ["chess"],
    ...          "postcode": "2820"}
    ...     v = {"id": i, "age": 40, "offers": ["mentor"], "capacity": 1, "screened": True,
    ...          "interests": [rng.choice(["chess", "dance"])],
    ...          "postcode": rng.choice(["2820", "2000"])}
    ...     early = v["interests"] != ["chess"] and rng.random() < 0.8
    ...     return {"seeker": s, "volunteer": v, "months": 2 if early else 7,
    ...             "ended_early": early}
    >>> w = fit_weights([pair(i) for i in range(300)])
    >>> w.interests > Weights().interests, w.distance < Weights().distance
    (True, True)
    """
    prior = prior or Weights()
    _check_strength(strength)
    pairs, months, ended = _read_history(history)
    if not pairs:
        return prior
    x = pair_signals(pairs, prior).astype(np.float64)
    return _as_weights(prior, _fit(x, months, ended, prior, strength))


def _check_strength(strength: float) -> None:
    if not is_real(strength) or strength < 0:
        raise ValueError(f"strength must be a number >= 0, got {strength!r}")


def _as_weights(prior: Weights, w: np.ndarray) -> Weights:
    fitted: dict[str, Any] = {name: round(float(v), 4) for name, v in zip(SIGNALS, w, strict=True)}
    return dataclasses.replace(prior, **fitted)


def _fit(
    x: np.ndarray, months: np.ndarray, ended: np.ndarray, prior: Weights, strength: float
) -> np.ndarray:
    """The penalised maximum-likelihood weights (rescaled to the prior's total)."""
    exposure = np.minimum(months, LASTING_MONTHS)
    w0 = np.array([getattr(prior, name) for name in SIGNALS], dtype=float)
    total = w0.sum()
    scale = max(w0.max(), 1e-9)
    n = len(x)

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        b0, log_c, w = theta[0], theta[1], theta[2:]
        c = np.exp(log_c)
        wsum = w.sum()
        s = x @ w / wsum
        # A line search may try wild steps; clipping keeps exp() finite (h stays in
        # [2e-9, 5e8] per month, far outside any rate the data could fit).
        eta = np.clip(b0 - c * s, -20.0, 20.0)
        h = np.exp(eta)
        # negative log-likelihood of the exponential model, per match
        nll = -(ended * eta - h * exposure).sum() / n
        g_eta = -(ended - h * exposure) / n  # d nll / d eta
        dev = (w - w0) / scale
        penalty = strength * (dev @ dev) / n
        grad_b0 = g_eta.sum()
        grad_logc = (g_eta * (-c * s)).sum()
        ds_dw = (x - s[:, None]) / wsum  # d s_i / d w_j
        grad_w = (g_eta * -c) @ ds_dw + 2 * strength * dev / scale / n
        return float(nll + penalty), np.concatenate([[grad_b0, grad_logc], grad_w])

    rate = max(ended.sum(), 0.5) / max(exposure.sum(), 1e-9)
    theta0 = np.concatenate([[np.log(rate) + 1.0, 0.0], w0])
    bounds = [(-20.0, 20.0), (-5.0, 5.0)] + [(1e-6, None)] * len(w0)
    result = minimize(objective, theta0, jac=True, method="L-BFGS-B", bounds=bounds)
    w = np.maximum(result.x[2:], 0)
    out: np.ndarray = w * (total / w.sum()) if w.sum() > 0 else w0
    return out


@dataclasses.dataclass(frozen=True)
class WeightEvidence:
    """What the unit's own matches say about the soft-signal weights (:func:`weight_evidence`).

    Attributes
    ----------
    weights : Weights
        :func:`fit_weights` on every match.
    low, high : dict of str -> float
        Per signal in :data:`SIGNALS`, the 5th and 95th percentile of the fitted weight over
        bootstrap resamples of the matches: a 90 % interval of how far the data pin it down.
    prior : Weights
        What the fit was pulled toward (the defaults unless given).
    n_matches, n_ended_early : int
        Matches used, and how many of them ended early for reasons in the relationship.
    spread : dict of str -> float
        Standard deviation of each signal's value over the matches. A signal that hardly
        varies (every match had the same needs covered, nobody gave a home language) cannot
        show whether it matters: its weight only moves with the others' (they are rescaled
        to the same total), so it is never called more or less important.
    """

    weights: Weights
    low: dict[str, float]
    high: dict[str, float]
    prior: Weights
    n_matches: int
    n_ended_early: int
    spread: dict[str, float] = dataclasses.field(default_factory=dict)

    #: Least spread of a signal over the matches for a verdict on it.
    MIN_SPREAD = 0.05

    def _varies(self, name: str) -> bool:
        return self.spread.get(name, 0.0) >= self.MIN_SPREAD

    def predicted(self) -> list[str]:
        """Signals that varied and whose whole interval lies above their prior weight: the
        data say they mattered more than assumed."""
        return [
            name
            for name in SIGNALS
            if self._varies(name) and self.low[name] > getattr(self.prior, name)
        ]

    def overrated(self) -> list[str]:
        """Signals that varied and whose whole interval lies below their prior weight."""
        return [
            name
            for name in SIGNALS
            if self._varies(name) and self.high[name] < getattr(self.prior, name)
        ]

    def undecided(self) -> list[str]:
        """Signals that hardly varied over the matches (no verdict possible)."""
        return [name for name in SIGNALS if not self._varies(name)]


def weight_evidence(
    history: Iterable[Mapping[str, Any]],
    prior: Weights | None = None,
    *,
    strength: float = 20.0,
    n_boot: int = 50,
    seed: int = 0,
) -> WeightEvidence:
    """:func:`fit_weights` with the uncertainty of each weight (bootstrap over the matches).

    The signals of each match are computed once; each of ``n_boot`` resamples (matches drawn
    with replacement) is refitted, and the 5th and 95th percentiles of each weight are the
    interval. With no history the weights are the prior and the intervals are the prior.

    Examples
    --------
    >>> e = weight_evidence([])
    >>> e.n_matches, e.weights == Weights(), e.low["needs"] == Weights().needs
    (0, True, True)
    """
    prior = prior or Weights()
    _check_strength(strength)
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 1:
        raise ValueError(f"n_boot must be an int >= 1, got {n_boot!r}")
    pairs, months, ended = _read_history(history)
    w0 = {name: float(getattr(prior, name)) for name in SIGNALS}
    if not pairs:
        return WeightEvidence(prior, dict(w0), dict(w0), prior, 0, 0)
    x = pair_signals(pairs, prior).astype(np.float64)
    fitted = _fit(x, months, ended, prior, strength)
    rng = np.random.default_rng(seed)
    boot = np.empty((n_boot, len(SIGNALS)))
    for b in range(n_boot):
        pick = rng.integers(0, len(x), len(x))
        boot[b] = _fit(x[pick], months[pick], ended[pick], prior, strength)
    low, high = np.percentile(boot, [5, 95], axis=0)
    return WeightEvidence(
        weights=_as_weights(prior, fitted),
        low={name: round(float(v), 4) for name, v in zip(SIGNALS, low, strict=True)},
        high={name: round(float(v), 4) for name, v in zip(SIGNALS, high, strict=True)},
        prior=prior,
        n_matches=len(pairs),
        n_ended_early=int(ended.sum()),
        spread={name: round(float(v), 4) for name, v in zip(SIGNALS, x.std(axis=0), strict=True)},
    )
