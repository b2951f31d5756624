"""Turning validated people into numpy/scipy arrays (internal).

Nothing here builds an N x M matrix; the matcher multiplies these per block of seekers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, wraps
from importlib import resources
from typing import Any, ParamSpec, TypeVar

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

from .danish import strip_stop_words, text_tags
from .records import AVAILABILITY_SLOTS, Person

EARTH_RADIUS_KM = 6371.0088
#: Languages that do not count as a shared *home* language (everyone served speaks Danish).
MAJORITY_LANGUAGES = frozenset({"da"})


@cache
def _blas_controller() -> ThreadpoolController:
    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with BLAS on one thread.

    The matrices here are small and memory-bound; on a shared machine (or a web server with
    several worker threads) a multi-threaded BLAS spends its time waiting for cores: the LSA fit
    of 10,000 texts took 1.8-3.3 s with the default threads under load and 0.5-0.6 s on one.
    The controller is built once (building one per call costs about 8 ms).
    """
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


_P = ParamSpec("_P")
_R = TypeVar("_R")


def on_one_blas_thread(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorator: run ``fn`` inside :func:`one_blas_thread`."""

    @wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with one_blas_thread():
            return fn(*args, **kwargs)

    return wrapper


@cache
def postcode_centroids() -> dict[str, tuple[float, float]]:
    """Postcode -> (lat, lon) centroid, from the bundled ``data/postcodes_gentofte_area.tsv``.

    Examples
    --------
    >>> postcode_centroids()["2820"]
    (55.751, 12.548)
    """
    text = (
        resources.files("matching")
        .joinpath("data/postcodes_gentofte_area.tsv")
        .read_text(encoding="utf-8")
    )
    out = {}
    for line in text.splitlines()[1:]:
        if line.strip():
            postcode, _town, lat, lon = line.split("\t")[:4]
            out[postcode.strip()] = (float(lat), float(lon))
    return out


def location_of(person: Person) -> tuple[float, float] | None:
    """Explicit ``location`` if given, else the postcode centroid, else ``None``."""
    if person.location is not None:
        return person.location
    if person.postcode is not None:
        return postcode_centroids().get(person.postcode)
    return None


def unit_vectors(lat_deg: np.ndarray, lon_deg: np.ndarray) -> np.ndarray:
    """(n, 3) points on a sphere of radius :data:`EARTH_RADIUS_KM` (NaN stays NaN)."""
    lat = np.radians(lat_deg)
    lon = np.radians(lon_deg)
    return EARTH_RADIUS_KM * np.stack(
        [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1
    )


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (the same formula the vectorised code uses).

    Examples
    --------
    >>> round(distance_km((55.751, 12.548), (55.733, 12.572)), 2)
    2.5
    """
    points = []
    for lat_deg, lon_deg in (a, b):
        lat, lon = math.radians(lat_deg), math.radians(lon_deg)
        points.append((math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)))
    chord = math.dist(*points)  # on the unit sphere
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, chord / 2))


def pairwise_distance_km(pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
    """Great-circle distances between (b, 3) and (m, 3) points -> (b, m) float32, NaN unknown."""
    pa = pa.astype(np.float32)
    pb = pb.astype(np.float32)
    sq = np.zeros((pa.shape[0], pb.shape[0]), dtype=np.float32)
    for axis in range(3):
        diff = pa[:, axis, None] - pb[None, :, axis]
        sq += diff * diff
    chord = np.sqrt(sq, out=sq)
    chord *= np.float32(1 / (2 * EARTH_RADIUS_KM))
    np.minimum(chord, 1, out=chord)
    np.arcsin(chord, out=chord)
    chord *= np.float32(2 * EARTH_RADIUS_KM)
    return chord


def locations(people: Sequence[Person]) -> np.ndarray:
    """(n, 3) sphere points of each person's location; rows of NaN where unknown."""
    lat = np.full(len(people), np.nan)
    lon = np.full(len(people), np.nan)
    for i, person in enumerate(people):
        loc = location_of(person)
        if loc is not None:
            lat[i], lon[i] = loc
    return unit_vectors(lat, lon)


def vocabulary(tag_sets: Iterable[frozenset[str]]) -> dict[str, int]:
    """Sorted tag -> column index."""
    tags: set[str] = set()
    for tag_set in tag_sets:
        tags.update(tag_set)
    return {tag: i for i, tag in enumerate(sorted(tags))}


def tag_matrix(
    tag_sets: Sequence[frozenset[str]], vocab: dict[str, int]
) -> tuple[sparse.csr_array, np.ndarray]:
    """Binary (n, len(vocab)) CSR matrix and the full tag count per row (unknown tags counted)."""
    indptr = [0]
    indices: list[int] = []
    counts = np.zeros(len(tag_sets), dtype=np.float32)
    for i, tag_set in enumerate(tag_sets):
        cols = sorted(vocab[t] for t in tag_set if t in vocab)
        indices.extend(cols)
        indptr.append(len(indices))
        counts[i] = len(tag_set)
    data = np.ones(len(indices), dtype=np.float32)
    matrix = sparse.csr_array(
        (data, np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
        shape=(len(tag_sets), max(len(vocab), 1)),
    )
    return matrix, counts


def weighted_tag_matrix(
    ticked: Sequence[frozenset[str]],
    written: Sequence[frozenset[str]],
    vocab: dict[str, int],
    written_weight: float,
) -> tuple[sparse.csr_array, np.ndarray]:
    """Like :func:`tag_matrix`, with tags found only in the free text at ``written_weight``.

    A ticked tag is 1; a tag the person only wrote about is ``written_weight`` (ticking is
    deliberate, a word in a text may be said in passing). Counts are weighted the same way.
    """
    if written_weight <= 0:
        return tag_matrix(ticked, vocab)
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    counts = np.zeros(len(ticked), dtype=np.float32)
    for i, (tags, text) in enumerate(zip(ticked, written, strict=True)):
        extra = text - tags
        cols = {vocab[t]: 1.0 for t in tags if t in vocab}
        cols.update({vocab[t]: written_weight for t in extra if t in vocab})
        for col in sorted(cols):
            indices.append(col)
            data.append(cols[col])
        indptr.append(len(indices))
        counts[i] = len(tags) + written_weight * len(extra)
    matrix = sparse.csr_array(
        (
            np.array(data, dtype=np.float32),
            np.array(indices, dtype=np.int64),
            np.array(indptr, dtype=np.int64),
        ),
        shape=(len(ticked), max(len(vocab), 1)),
    )
    return matrix, counts


def written_tags(people: Sequence[Person]) -> list[dict[str, frozenset[str]]]:
    """Per person, the vocabulary tags their about-me text writes about (interests, needs).

    Each distinct text is read once (people copy a standard sentence; many write nothing).
    """
    seen: dict[str, dict[str, frozenset[str]]] = {}
    out = []
    for person in people:
        tags = seen.get(person.about)
        if tags is None:
            tags = seen[person.about] = text_tags(person.about)
        out.append(tags)
    return out


def dense_side(matrix: sparse.csr_array) -> np.ndarray | sparse.csc_array:
    """The transposed "other side" tag matrix: dense (T, m) when small enough, else sparse."""
    n, t = matrix.shape
    if n * t <= 40_000_000:
        return np.ascontiguousarray(matrix.toarray().T)
    return sparse.csc_array(matrix.T)


def product(rows: sparse.csr_array, other_t: np.ndarray | sparse.csc_array) -> np.ndarray:
    """``rows @ other_t`` as a dense float32 array."""
    out = rows @ other_t
    if sparse.issparse(out):
        out = out.toarray()
    return np.asarray(out, dtype=np.float32)


def availability_matrix(people: Sequence[Person]) -> np.ndarray:
    """(n, 3) float32 indicator of :data:`~matching.records.AVAILABILITY_SLOTS`."""
    out = np.zeros((len(people), len(AVAILABILITY_SLOTS)), dtype=np.float32)
    for i, person in enumerate(people):
        for j, slot in enumerate(AVAILABILITY_SLOTS):
            if slot in person.availability:
                out[i, j] = 1
    return out


def availability_codes(avail: np.ndarray) -> np.ndarray:
    """(n,) int code of each row of an :func:`availability_matrix` (bit j = slot j)."""
    weights = (1 << np.arange(avail.shape[1])).astype(np.int64)
    return (avail.astype(np.int64) @ weights).astype(np.intp)


@cache
def availability_tables(neutral: float) -> tuple[np.ndarray, np.ndarray]:
    """(mine, theirs) lookup tables ``[my code, their code] -> signal`` for availability.

    ``mine`` is shared slots / my slots, ``theirs`` shared slots / their slots, both
    :attr:`Weights.neutral` when either side gave none. One gather per pair replaces a small
    matrix product and half a dozen passes over the block.
    """
    n = 1 << len(AVAILABILITY_SLOTS)
    mine = np.zeros((n, n), dtype=np.float32)
    theirs = np.zeros((n, n), dtype=np.float32)
    for a in range(n):
        for b in range(n):
            na, nb, shared = a.bit_count(), b.bit_count(), (a & b).bit_count()
            if na == 0 or nb == 0:
                mine[a, b] = theirs[a, b] = neutral
            else:
                mine[a, b] = shared / na
                theirs[a, b] = shared / nb
    return mine, theirs


def _distinct_cleaned(texts: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The distinct non-empty texts after stop-word removal, and for each input text its
    position among them (-1: nothing left) and whether it has text.

    Each distinct text is cleaned and analysed once: people copy a standard sentence, many
    write nothing, and the char n-gram analysis is the slow part of the fit.
    """
    index: dict[str, int] = {}
    cleaned_of: dict[str, int] = {}
    distinct: list[str] = []
    position = np.empty(len(texts), dtype=np.intp)
    for i, text in enumerate(texts):
        j = cleaned_of.get(text)
        if j is None:
            cleaned = strip_stop_words(text)
            if cleaned:
                j = index.get(cleaned)
                if j is None:
                    j = index[cleaned] = len(distinct)
                    distinct.append(cleaned)
            else:
                j = -1
            cleaned_of[text] = j
        position[i] = j
    return distinct, position, position >= 0


class TextModel:
    """Char n-gram TF-IDF of the about-me texts, reduced by LSA on large populations.

    Parameters
    ----------
    n_components : int
        LSA dimensions used when the fitted corpus has more than ``lsa_min_docs`` texts; below
        that the exact sparse TF-IDF cosine is used.
    lsa_min_docs : int
        Corpus size from which LSA is used.

    Examples
    --------
    >>> model = TextModel().fit(["Jeg elsker fodbold", "Jeg spiller skak", ""])
    >>> vectors, has_text = model.transform(["fodboldspiller", ""])
    >>> has_text.tolist()
    [True, False]
    >>> float(model.similarity(vectors, model.transform(["Jeg elsker fodbold"])[0])[0, 0]) > 0
    True
    """

    def __init__(
        self, n_components: int = 96, lsa_min_docs: int = 400, lsa_fit_docs: int = 3000
    ) -> None:
        self.n_components = n_components
        self.lsa_min_docs = lsa_min_docs
        self.lsa_fit_docs = lsa_fit_docs

    def fit(self, texts: Sequence[str]) -> TextModel:
        """Learn the n-gram vocabulary, its IDF and (on large corpora) the LSA basis."""
        self.fit_transform(texts)
        return self

    @on_one_blas_thread
    def fit_transform(self, texts: Sequence[str]) -> tuple[object, np.ndarray]:
        """`fit(texts)` then `transform(texts)`, analysing each distinct text once."""
        cleaned, position, has_text = _distinct_cleaned(texts)
        self.counter_: CountVectorizer | None = None
        self.tfidf_: TfidfTransformer | None = None
        self.svd_: TruncatedSVD | None = None
        if not cleaned:
            return None, has_text
        self.counter_ = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), dtype=np.float32)
        counts = self.counter_.fit_transform(cleaned)
        # The IDF counts every text, duplicates too (as fitting on the full corpus would).
        corpus_rows = position[has_text]
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts[corpus_rows])
        matrix = self.tfidf_.transform(counts)
        n_features = matrix.shape[1]
        if len(corpus_rows) >= self.lsa_min_docs and n_features > 2 * self.n_components:
            # The basis of a few thousand texts spans the same topics as that of all of them;
            # fitting on an even sample keeps the fit's cost flat as the pool grows.
            step = max(1, -(-len(corpus_rows) // self.lsa_fit_docs))
            self.svd_ = TruncatedSVD(
                n_components=self.n_components, algorithm="randomized", n_iter=4, random_state=0
            ).fit(matrix[corpus_rows[::step]])
        return self._expand(self._vectors(matrix), position), has_text

    @on_one_blas_thread
    def transform(self, texts: Sequence[str]) -> tuple[object, np.ndarray]:
        """Return (vectors, has_text); vectors are L2-normalised rows (zero for no text)."""
        cleaned, position, has_text = _distinct_cleaned(texts)
        if self.counter_ is None or self.tfidf_ is None or not texts:
            return None, np.zeros(len(texts), dtype=bool)
        matrix = self.tfidf_.transform(self.counter_.transform(cleaned or [""]))
        return self._expand(self._vectors(matrix), position), has_text

    @staticmethod
    def _expand(vectors: object, position: np.ndarray) -> object:
        """One row per text from the rows of the distinct texts (-1: no text, a zero row)."""
        if sparse.issparse(vectors):
            n, f = vectors.shape  # type: ignore[attr-defined]
            padded = sparse.vstack([vectors, sparse.csr_array((1, f), dtype=np.float32)])
            return sparse.csr_array(padded.tocsr()[np.where(position < 0, n, position)])
        dense = np.asarray(vectors)
        padded_dense = np.vstack([dense, np.zeros((1, dense.shape[1]), dtype=dense.dtype)])
        return padded_dense[np.where(position < 0, len(dense), position)]

    def _vectors(self, matrix: Any) -> Any:
        if self.svd_ is None:
            return sparse.csr_array(matrix, dtype=np.float32)
        dense = np.asarray(self.svd_.transform(matrix), dtype=np.float32)
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        np.divide(dense, norms, out=dense, where=norms > 0)
        return dense

    def similarity(self, a: Any, b: Any) -> np.ndarray:
        """Cosine similarities between two transformed sets, clipped to [0, 1], float32."""
        if a is None or b is None:
            return np.zeros((0, 0), dtype=np.float32)
        out = (a @ b.T).toarray() if sparse.issparse(a) else a @ b.T
        out = np.asarray(out, dtype=np.float32)
        np.clip(out, 0, 1, out=out)
        return out
