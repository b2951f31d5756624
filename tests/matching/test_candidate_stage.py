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
