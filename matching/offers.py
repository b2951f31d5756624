"""Recommending the municipality's offers (tilbud) for a caseworker's free-text need."""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .danish import CONCEPTS, concepts, strip_stop_words
from .records import id_sort_key

__all__ = ["OfferRecommender", "TargetGroup", "parse_target_group", "recommend_offers"]

#: Grade ``g`` (klasse) is taken as ages ``g + 6`` to ``g + 7``.
GRADE_AGE_OFFSET = 6
#: Named school stages and other words -> inclusive age ranges (``None`` = open).
NAMED_RANGES: dict[str, tuple[int | None, int | None]] = {
    "indskoling": (6, 10),  # 0.-3. klasse
    "mellemtrin": (10, 13),  # 4.-6. klasse
    "udskoling": (13, 16),  # 7.-9. klasse
    "ungdomsuddannelse": (15, 25),
    "voksne": (18, None),
}
#: Share of the score from concept overlap (the rest is char n-gram TF-IDF cosine).
CONCEPT_SHARE = 0.6
#: A TF-IDF cosine at or above this counts as a full text match.
TEXT_COSINE_FULL = 0.3


@dataclass(frozen=True, slots=True)
class TargetGroup:
    """Parsed ``target_group`` of an offer; ages are inclusive, ``None`` means open.

    Attributes
    ----------
    min_age, max_age : int or None
    for_parents : bool
        The offer addresses parents (``"Forældre"``, ``"... og deres familier"``).
    for_professionals : bool
        The offer addresses professionals (``"Fagpersoner"``); never recommended.
    """

    min_age: int | None
    max_age: int | None
    for_parents: bool = False
    for_professionals: bool = False

    def admits(self, age: float) -> bool:
        """Whether a young person of ``age`` is inside the range."""
        if self.min_age is not None and age < self.min_age:
            return False
        return not (self.max_age is not None and age > self.max_age)


_GRADE_RANGE = re.compile(r"(\d+)\.\s*-\s*(\d+)\.\s*(?:klasse|årgang)")
_GRADE_AND = re.compile(r"(\d+)\.\s*og\s*(\d+)\.\s*(?:klasse|årgang)")
_GRADE_ONE = re.compile(r"(\d+)\.\s*(?:klasse|årgang)")
_AGE_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)\s*(år)?\s*(\+)?")
_AGE_PLUS = re.compile(r"(\d+)\s*(?:år)?\s*\+")
_UNDER = re.compile(r"under\s*(\d+)\s*år")


def parse_target_group(text: str | None) -> TargetGroup:
    """Parse the catalogue's Danish ``target_group`` text.

    Understood forms: ``"13-17 år"``, ``"15 - 25 år"``, ``"18 år+"``, ``"13 år +"``,
    ``"13-18+"``, ``"Under 18 år og deres familier."``, grades ``"7.-9. klasse"``,
    ``"5. og 8. klasse"``, ``"10. klasse"`` (grade g = ages g+6 to g+7), school stages
    ``"Indskoling"`` (6-10), ``"Mellemtrin"`` (10-13), ``"Udskoling"`` (13-16, combinations take
    the union), ``"Ungdomsuddannelser"`` (15-25), ``"Forældre"`` (for parents, no age range),
    ``"Fagpersoner"`` (for professionals). Anything else (or empty) gives an open range.

    Examples
    --------
    >>> parse_target_group("13-17 år")
    TargetGroup(min_age=13, max_age=17, for_parents=False, for_professionals=False)
    >>> parse_target_group("18 år+").min_age, parse_target_group("18 år+").max_age
    (18, None)
    >>> tg = parse_target_group("7.-9. klasse")
    >>> tg.min_age, tg.max_age
    (13, 16)
    >>> parse_target_group("Fagpersoner").for_professionals
    True
    """
    if text is None:
        return TargetGroup(None, None)
    if not isinstance(text, str):
        raise ValueError(f"target_group must be a str, got {type(text).__name__}")
    t = text.strip().lower()
    for_prof = "fagperson" in t
    for_parents = "forældre" in t or "familie" in t
    ranges: list[tuple[int | None, int | None]] = []
    if "klasse" in t or "årgang" in t:
        found = False
        for a, b in _GRADE_RANGE.findall(t):
            ranges.append((int(a) + GRADE_AGE_OFFSET, int(b) + GRADE_AGE_OFFSET + 1))
            found = True
        if not found:
            for a, b in _GRADE_AND.findall(t):
                lo, hi = sorted((int(a), int(b)))
                ranges.append((lo + GRADE_AGE_OFFSET, hi + GRADE_AGE_OFFSET + 1))
                found = True
        if not found:
            for g in _GRADE_ONE.findall(t):
                ranges.append((int(g) + GRADE_AGE_OFFSET, int(g) + GRADE_AGE_OFFSET + 1))
    elif match := _UNDER.search(t):
        ranges.append((0, int(match.group(1)) - 1))
    elif match := _AGE_RANGE.search(t):
        lo, hi = int(match.group(1)), int(match.group(2))
        ranges.append((lo, None if match.group(4) else hi))
    elif match := _AGE_PLUS.search(t):
        ranges.append((int(match.group(1)), None))
    if not ranges:
        for word, rng in NAMED_RANGES.items():
            if word in t:
                ranges.append(rng)
    if not ranges:
        return TargetGroup(None, None, for_parents, for_prof)
    mins = [r[0] for r in ranges]
    maxs = [r[1] for r in ranges]
    lo = None if any(m is None for m in mins) else min(mins)
    hi = None if any(m is None for m in maxs) else max(maxs)
    return TargetGroup(lo, hi, for_parents, for_prof)


class OfferRecommender:
    """Rank offers by fit to a free-text need (Danish).

    Score = ``CONCEPT_SHARE`` x (IDF-weighted cosine between the query's and the offer's concept
    sets, see :data:`matching.danish.CONCEPTS`; an offer focused on the asked-for concept scores
    higher than one that mentions many) + the rest x ``min(1, cosine / TEXT_COSINE_FULL)`` of char
    3-5-gram TF-IDF (stop words removed) between the query and the offer's name + description.
    A query without any known concept is scored on the text alone.

    Attributes
    ----------
    offer_ids_ : list
    target_groups_ : list of TargetGroup
    concepts_ : list of frozenset

    Examples
    --------
    >>> offers = [{"id": 1, "name": "Ventilen", "description": "Mødested for unge ramt af ensomhed",
    ...            "target_group": "15 - 25 år"},
    ...           {"id": 2, "name": "Lektiecafe", "description": "Hjælp til lektier",
    ...            "target_group": "10-17 år"}]
    >>> [i for i, _ in OfferRecommender().fit(offers).recommend("hun er alene", k=1)]
    [1]
    """

    def fit(self, offers: Iterable[Mapping]) -> OfferRecommender:
        """Validate and index the offers (``id`` and ``name`` required)."""
        ids, docs, groups = [], [], []
        seen = set()
        for position, offer in enumerate(offers):
            if not isinstance(offer, Mapping):
                raise ValueError(f"offer at position {position}: record must be a mapping")
            ident = offer.get("id")
            if (
                ident is None
                or isinstance(ident, bool)
                or not isinstance(ident, numbers.Integral | str)
            ):
                raise ValueError(f"offer at position {position}: field 'id' must be an int or str")
            ident = ident if isinstance(ident, str) else int(ident)
            if id_sort_key(ident) in seen:
                raise ValueError(f"offer {ident!r}: field 'id' is duplicated")
            seen.add(id_sort_key(ident))
            parts = []
            for field in ("name", "description"):
                value = offer.get(field)
                if value is None and field == "name":
                    raise ValueError(f"offer {ident!r}: field 'name' is required")
                if value is not None and not isinstance(value, str):
                    raise ValueError(f"offer {ident!r}: field {field!r} must be a str")
                parts.append(value or "")
            try:
                groups.append(parse_target_group(offer.get("target_group")))
            except ValueError:
                raise ValueError(f"offer {ident!r}: field 'target_group' must be a str") from None
            ids.append(ident)
            docs.append(" ".join(parts))
        self.offer_ids_ = ids
        self.target_groups_ = groups
        self.concepts_ = [concepts(d) for d in docs]
        keys = sorted(CONCEPTS)
        self.concept_keys_ = keys
        doc_concepts = np.array([[k in c for k in keys] for c in self.concepts_], dtype=float)
        df = doc_concepts.sum(axis=0) if len(docs) else np.zeros(len(keys))
        self.concept_idf_ = np.log((1 + len(docs)) / (1 + df)) + 1
        weighted = doc_concepts.reshape(len(docs), len(keys)) * self.concept_idf_
        norms = np.linalg.norm(weighted, axis=1, keepdims=True)
        self.concept_matrix_ = np.divide(
            weighted, norms, out=np.zeros_like(weighted), where=norms > 0
        )
        cleaned = [strip_stop_words(d) for d in docs]
        self.vectorizer_ = None
        if any(cleaned):
            self.vectorizer_ = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
            )
            self.matrix_ = self.vectorizer_.fit_transform(cleaned)
        return self

    def recommend(
        self, text: str, *, age: float | None = None, k: int = 5
    ) -> list[tuple[int | str, float]]:
        """Best ``k`` offers for ``text`` as ``(offer id, score)``, best first, scores in (0, 1].

        Offers for professionals are never returned; with ``age``, offers whose target group
        excludes that age are left out. Offers with score 0 are left out; ties go by id.
        """
        if not isinstance(text, str):
            raise ValueError(f"text must be a str, got {type(text).__name__}")
        if age is not None and (isinstance(age, bool) or not isinstance(age, numbers.Real)):
            raise ValueError(f"age must be a number, got {age!r}")
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be an int >= 1, got {k!r}")
        n = len(self.offer_ids_)
        cos = np.zeros(n)
        query = strip_stop_words(text)
        if self.vectorizer_ is not None and query:
            q = self.vectorizer_.transform([query])
            cos = (self.matrix_ @ q.T).toarray().ravel()
        text_part = np.minimum(1.0, cos / TEXT_COSINE_FULL)
        wanted = concepts(text)
        if wanted:
            query_vec = np.array([k in wanted for k in self.concept_keys_]) * self.concept_idf_
            query_vec /= np.linalg.norm(query_vec)
            cover = self.concept_matrix_ @ query_vec
            score = CONCEPT_SHARE * cover + (1 - CONCEPT_SHARE) * text_part
        else:
            score = text_part
        score = np.round(score, 6)
        ranked = []
        for i in range(n):
            group = self.target_groups_[i]
            if group.for_professionals or score[i] <= 0:
                continue
            if age is not None and not group.admits(age):
                continue
            ranked.append((-score[i], id_sort_key(self.offer_ids_[i]), i))
        ranked.sort()
        return [(self.offer_ids_[i], float(-s)) for s, _, i in ranked[:k]]


def recommend_offers(
    offers: Iterable[Mapping], text: str, *, age: float | None = None, k: int = 5
) -> list[tuple[int | str, float]]:
    """Rank offers by fit to a caseworker's free-text need (see :class:`OfferRecommender`).

    Parameters
    ----------
    offers : iterable of Mapping
        ``id``, ``name``, optional ``description`` and ``target_group`` (catalogue text).
    text : str
        The need in Danish, e.g. ``"ensom og har ingen venner"``.
    age : float, optional
        The young person's age; offers whose target group excludes it are left out.
    k : int, default 5

    Returns
    -------
    list of (offer id, score)
        Best first; score in (0, 1].

    Examples
    --------
    >>> offers = [{"id": "a", "name": "Sparringsteamet",
    ...            "description": "elever med bekymrende skolefravær", "target_group": ""},
    ...           {"id": "b", "name": "Misbrugsbehandling", "description": "alkohol",
    ...            "target_group": "18 år+"}]
    >>> [i for i, _ in recommend_offers(offers, "han pjækker og har meget fravær", age=14)]
    ['a']
    """
    return OfferRecommender().fit(offers).recommend(text, age=age, k=k)


def bundled_catalogue() -> list[dict]:
    """Gentofte's youth-offer catalogue shipped in ``matching/data`` (for tests and the benchmark).

    Each record has ``id`` (1-based row number), ``committee``, ``segment``, ``main_effort``,
    ``name``, ``description`` and ``target_group``.

    Examples
    --------
    >>> offers = bundled_catalogue()
    >>> len(offers), offers[0]["target_group"]
    (130, '0-18 år')
    """
    import csv
    import io
    from importlib import resources

    text = (
        resources.files("matching")
        .joinpath("data/gentofte_youth_offers.tsv")
        .read_text(encoding="utf-8")
    )
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    return [{"id": i, **row} for i, row in enumerate(reader, start=1)]
