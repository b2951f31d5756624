"""The top-k candidate stage (float32 partition, exact keys on the few candidates) returns
exactly what exhaustive integer keys over the whole block return."""

from __future__ import annotations

import numpy as np
import pytest

from matching.matcher import make_keys, top_k_exact, top_keys


def exhaustive(score, eligible, k):
    key = make_keys(score, eligible)
    m = score.shape[1]
    return [(p, key[r, p] // (m + 1)) for r, p in enumerate(top_keys(key, k))]


@pytest.mark.parametrize("seed", range(40))
def test_candidate_stage_equals_exhaustive_keys_on_random_blocks_with_ties(seed):
    rng = np.random.default_rng(seed)
    b, m = int(rng.integers(1, 30)), int(rng.integers(1, 60))
    k = int(rng.integers(1, 12))
    kind = seed % 4
    if kind == 0:  # continuous
        score = rng.random((b, m), dtype=np.float32)
    elif kind == 1:  # few distinct values: ties everywhere
        score = rng.choice(np.float32([0, 0.25, 0.5, 0.5, 0.75, 1]), size=(b, m))
    elif kind == 2:  # values a rounding step apart, and half-steps (rounding boundaries)
        base = rng.integers(400_000, 400_010, size=(b, m)) / 1e6
        score = (base + rng.choice([0, 0.5e-6, 0.49e-6, 0.51e-6], size=(b, m))).astype(np.float32)
    else:  # all equal
        score = np.full((b, m), np.float32(0.5))
    eligible = rng.random((b, m)) < rng.choice([1.0, 0.7, 0.2, 0.0])
    got = top_k_exact(score.astype(np.float32), eligible, k)
    want = exhaustive(score.astype(np.float32), eligible, k)
    assert len(got) == len(want)
    for (gp, gq), (wp, wq) in zip(got, want, strict=True):
        assert gp.tolist() == wp.tolist()
        assert gq.tolist() == wq.tolist()


def _all_columns_edges(pairer) -> dict[tuple[int, int], int]:
    """The friend bank's candidate edges scored exhaustively: every row against every column,
    in id order, no age window."""
    from matching.scoring import SCORE_SCALE

    n = len(pairer.people_)
    edges: dict[tuple[int, int], int] = {}
    rows = np.arange(n)
    score, eligible = pairer.scores(rows)
    if pairer.min_score > 0:
        eligible &= np.rint(score.astype(np.float64) * SCORE_SCALE) >= round(
            pairer.min_score * SCORE_SCALE
        )
    for i, (positions, q) in enumerate(top_k_exact(score, eligible, pairer.candidate_k)):
        for j, weight in zip(positions.tolist(), q.tolist(), strict=True):
            edge = (i, j) if i < j else (j, i)
            edges[edge] = max(weight, edges.get(edge, -1))
    return edges


@pytest.mark.parametrize("seed", range(8))
def test_friend_bank_age_window_drops_no_candidate_edge(seed):
    """Scoring each block only against people within the age gap gives exactly the edges of
    scoring everybody (blocks small, ages at and around the window's edges, ties)."""
    from matching.bench import Population
    from matching.friends import FriendPairer

    rng = np.random.default_rng(seed)
    people = [dict(r, match_type="friend_bank") for r in Population(90, 0, seed=seed).seekers]
    for person in people:  # ages on whole and half years: many exactly max_age_gap apart
        person["age"] = float(rng.choice(np.arange(10, 20, 0.5)))
    blocked = [(people[i]["id"], people[i + 1]["id"]) for i in range(0, 20, 2)]
    pairer = FriendPairer(
        candidate_k=int(rng.integers(1, 8)),
        block_size=int(rng.integers(3, 40)),
        max_age_gap=float(rng.choice([1, 1.5, 2])),
        min_score=float(rng.choice([0.0, 0.3])),
    ).fit(people, blocked=blocked)
    assert pairer.edges_ == _all_columns_edges(pairer)
