"""TextModel.fit_transform analyses each text once and agrees with fit().transform()."""

import random

import numpy as np
import pytest
from scipy import sparse

from matching.features import TextModel

WORDS = [
    "jeg", "elsker", "fodbold", "skak", "musik", "madlavning",
    "natur", "lektier", "familie", "børn", "unge", "svømning",
]


def _texts(n: int) -> list[str]:
    rng = random.Random(n)
    return ["" if i % 7 == 0 else " ".join(rng.sample(WORDS, 5)) for i in range(n)]


@pytest.mark.parametrize("n", [12, 600])  # exact sparse TF-IDF, and LSA from 400 texts
def test_fit_transform_matches_fit_then_transform(n):
    texts = _texts(n)
    vectors, has_text = TextModel().fit_transform(texts)
    expected, expected_has_text = TextModel().fit(texts).transform(texts)
    assert has_text.tolist() == expected_has_text.tolist()
    np.testing.assert_allclose(_dense(vectors), _dense(expected), atol=1e-5)


def _dense(matrix):
    return matrix.toarray() if sparse.issparse(matrix) else matrix


def test_fit_transform_of_no_text_gives_no_vectors():
    vectors, has_text = TextModel().fit_transform(["", ""])
    assert vectors is None
    assert has_text.tolist() == [False, False]
