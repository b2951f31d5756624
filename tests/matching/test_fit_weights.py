"""fit_weights recovers known weights from synthetic histories, stays near the prior on little
data, treats running matches as censored, and its weights assign better than wrong defaults."""

from __future__ import annotations

import numpy as np
import pytest

from matching import Weights, assign, fit_weights, weight_evidence
from matching.bench import TODAY, Population
from matching.learning import LASTING_MONTHS, SIGNALS, pair_signals

TRUE = Weights(
    needs=0.10, interests=0.10, distance=0.40, availability=0.30, language=0.05,
    lived_experience=0.05, about_text=0.0,
)  # fmt: skip


def _vector(w: Weights) -> np.ndarray:
    v = np.array([getattr(w, s) for s in SIGNALS])
    return v / v.sum()


def _hazard(pairs) -> np.ndarray:
    x = pair_signals(pairs, TRUE).astype(float)
    return np.exp(-0.5 - 4.0 * (x @ _vector(TRUE)))


def synthetic_history(n: int, seed: int) -> list[dict]:
    """Matches made at random; how long each lasted follows the true weights; each was last
    seen 0-24 months after it started (so many are still running: censored)."""
    pop = Population(n, n, seed=seed)
    rng = np.random.default_rng(seed)
    pairs = [(pop.seekers[i], pop.volunteers[int(rng.integers(n))]) for i in range(n)]
    ends = rng.exponential(1 / _hazard(pairs))
    seen = rng.uniform(0, 24, n)
    out = []
    for (seeker, volunteer), end, last in zip(pairs, ends, seen, strict=True):
        early = bool(end < LASTING_MONTHS and end <= last)
        out.append({"seeker": seeker, "volunteer": volunteer,
                    "months": float(end if early else last), "ended_early": early})  # fmt: skip
    return out


@pytest.fixture(scope="module")
def big_history():
    return synthetic_history(3000, seed=5)


def test_weights_are_recovered_from_a_large_history(big_history):
    fitted = fit_weights(big_history)
    error = np.abs(_vector(fitted) - _vector(TRUE)).sum()
    prior_error = np.abs(_vector(Weights()) - _vector(TRUE)).sum()
    assert error < 0.35 * prior_error, (error, prior_error, fitted)
    assert fitted.distance > fitted.needs
    assert fitted.availability > fitted.interests


def test_a_few_hundred_matches_cannot_swing_the_weights():
    small = fit_weights(synthetic_history(200, seed=11))
    moved = np.abs(_vector(small) - _vector(Weights())).sum()
    assert moved < 0.3
    for name in SIGNALS:
        assert getattr(small, name) <= 2.5 * getattr(Weights(), name) + 0.01


def test_other_fields_and_the_total_are_kept(big_history):
    prior = Weights(distance_scale_km=3.0, text_tags=0.3)
    fitted = fit_weights(big_history[:300], prior)
    assert fitted.distance_scale_km == 3.0
    assert fitted.text_tags == 0.3
    assert sum(getattr(fitted, s) for s in SIGNALS) == pytest.approx(
        sum(getattr(prior, s) for s in SIGNALS), abs=1e-3
    )


def test_running_matches_are_censored_not_failures(big_history):
    """Cutting every match's observation short (as if the data were pulled earlier) keeps
    the direction of the fit: censored time is not read as failure."""
    early_cut = []
    for entry in big_history:
        months = min(entry["months"], 3.0)
        ended = entry["ended_early"] and entry["months"] <= 3.0
        early_cut.append({**entry, "months": months, "ended_early": ended})
    fitted = fit_weights(early_cut)
    assert fitted.distance > Weights().distance
    assert fitted.availability > Weights().availability


def test_learned_weights_assign_better_than_wrong_defaults(big_history):
    learned = fit_weights(big_history)
    fresh = Population(400, 400, seed=99)
    by_seeker = {r["id"]: r for r in fresh.seekers}
    by_volunteer = {r["id"]: r for r in fresh.volunteers}

    def expected_lasting(weights):
        chosen = assign(fresh.seekers, fresh.volunteers, today=TODAY, weights=weights)
        pairs = [(by_seeker[p.seeker_id], by_volunteer[p.volunteer_id]) for p in chosen]
        return float(np.exp(-LASTING_MONTHS * _hazard(pairs)).sum())

    assert expected_lasting(learned) > expected_lasting(Weights())


def test_empty_history_gives_the_prior():
    prior = Weights(needs=0.4)
    assert fit_weights([], prior) is prior


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"volunteer": {}, "months": 1}, "field 'seeker'"),
        ({"seeker": {}, "volunteer": {}, "months": -1}, "field 'months'"),
        ({"seeker": {}, "volunteer": {}, "months": "3"}, "field 'months'"),
        ({"seeker": {}, "volunteer": {}, "months": 2, "ended_early": "yes"}, "ended_early"),
        ({"seeker": {}, "volunteer": {}, "months": 8, "ended_early": True}, "ended_early"),
    ],
)
def test_bad_history_is_refused_naming_the_entry_and_field(entry, message):
    with pytest.raises(ValueError, match=message):
        fit_weights([entry])
    with pytest.raises(ValueError, match="strength"):
        fit_weights([], strength=-1)


def test_pair_signals_are_in_range_and_mean_what_they_say():
    seeker = {"id": 1, "age": 12, "match_type": "mentor", "interests": ["chess"],
              "location": (55.75, 12.55), "availability": ["weekend"]}  # fmt: skip
    near = {"id": 2, "age": 40, "offers": ["mentor"], "capacity": 1, "screened": True,
            "interests": ["chess"], "location": (55.75, 12.55),
            "availability": ["weekend"]}  # fmt: skip
    x = dict(zip(SIGNALS, pair_signals([(seeker, near)])[0].tolist(), strict=True))
    assert x["interests"] == pytest.approx(1)
    assert x["distance"] == pytest.approx(1)
    assert x["availability"] == pytest.approx(1)
    assert x["language"] == pytest.approx(0.5)
    values = pair_signals([(seeker, near), (seeker, {**near, "id": 3, "interests": ["dance"]})])
    assert ((values >= 0) & (values <= 1)).all()
    assert values[1, SIGNALS.index("interests")] == 0


def test_evidence_intervals_narrow_with_more_matches_and_show_what_mattered(big_history):
    """The bootstrap intervals: a large history pins distance and availability above their
    defaults (the truth puts most weight there), and not needs (the truth puts less)."""
    large = weight_evidence(big_history, n_boot=30)
    assert large.n_matches == 3000
    assert large.n_ended_early == sum(e["ended_early"] for e in big_history)
    assert large.weights == fit_weights(big_history)
    for name in SIGNALS:
        assert large.low[name] <= getattr(large.weights, name) + 1e-3
        assert getattr(large.weights, name) <= large.high[name] + 1e-3
    assert {"distance", "availability"} <= set(large.predicted())
    assert "needs" not in large.predicted()
    assert large.high["needs"] < Weights().needs
    assert "needs" in large.overrated()
    assert large.undecided() == []  # every signal varies in the synthetic population


def test_evidence_without_history_is_the_prior_and_refuses_bad_settings():
    evidence = weight_evidence([])
    assert evidence.weights == Weights()
    assert evidence.low == evidence.high == {n: getattr(Weights(), n) for n in SIGNALS}
    assert evidence.predicted() == []
    assert evidence.undecided() == list(SIGNALS)
    with pytest.raises(ValueError, match="n_boot"):
        weight_evidence([], n_boot=0)
