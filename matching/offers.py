"""Recommending the municipality's offers (tilbud) for a caseworker's free-text need."""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .danish import (
    CONCEPTS,
    DANISH_STOP_WORDS,
    GENERIC_NEED_WORDS,
    PARENT_WORDS,
    addresses_parents,
    concept_words,
    concepts,
    stem,
    tokens,
)
from .records import id_sort_key, is_real

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

#: Share of the score from concept overlap.
CONCEPT_SHARE = 0.55
#: Share of the score from the need's informative words found in the offer.
WORD_SHARE = 0.3
#: Without a known concept in the need: share of the char n-gram text part (the rest: words).
TEXT_SHARE_WITHOUT_CONCEPTS = 0.3
#: Factor on the score of a need without any known concept (words and text only).
WORDS_ONLY_SCALE = 0.7
#: A TF-IDF cosine at or above this counts as a full text match.
TEXT_COSINE_FULL = 0.3
#: Default relevance floor of :class:`OfferRecommender`.
MIN_SCORE = 0.3
#: Factor on offers not for parents when the need is about a parent.
PARENT_MISMATCH = 0.6
#: Scores are rounded to this step.
SCORE_RESOLUTION = 1e-6
#: A need's word found only inside an offer's compound ("psykolog" in "psykologhjælp") counts
#: this much; only for words of at least ``MIN_COMPOUND_WORD`` letters (stems), so that short
#: stems such as "fuld" never reach into "fuldstændig".
COMPOUND_EVIDENCE = 0.5
MIN_COMPOUND_WORD = 5
MIN_COMPOUND_REST = 3
#: Shortest word that counts as evidence on its own.
MIN_WORD_LENGTH = 3


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
    # A range open at one end keeps the whole group open at that end.
    low = None if None in mins else min(m for m in mins if m is not None)
    high = None if None in maxs else max(m for m in maxs if m is not None)
    return TargetGroup(low, high, for_parents, for_prof)


class OfferRecommender:
    """Rank offers by fit to a free-text need (Danish), and say nothing when nothing fits.

    Three kinds of evidence, each in [0, 1]:

    * **concepts** (share ``CONCEPT_SHARE``): IDF-weighted cosine between the need's and the
      offer's concept sets (:data:`matching.danish.CONCEPTS`), so an offer *about* loneliness
      beats one that mentions community in passing;
    * **words** (share ``WORD_SHARE``): the IDF-weighted share of the need's informative words
      (stop words and :data:`~matching.danish.GENERIC_NEED_WORDS` such as "brug", "hjælp"
      removed) whose Snowball stem is a word of the offer;
    * **text** (the rest): ``min(1, cosine / TEXT_COSINE_FULL)`` of char 3-5-gram TF-IDF, a
      tie-breaker for spelling variants.

    An offer needs concept or word evidence at all, and a score of at least ``min_score``
    (the relevance floor), so a need the catalogue does not cover returns nothing instead of
    five unrelated offers. A need *about a parent* ("mor", "far", "forældrene") keeps offers
    for parents (target group ``Forældre`` / "... og deres familier", or a text about parents
    or relatives) and scales the others by ``PARENT_MISMATCH``. Near-duplicate rows (the same
    name up to punctuation and a description that repeats the other's) are shown once: the
    best-scoring one, ties by id.

    Parameters
    ----------
    min_score : float, default MIN_SCORE
        Relevance floor; ``0`` returns every offer with any evidence.

    Attributes
    ----------
    offer_ids_ : list
    target_groups_ : list of TargetGroup
    concepts_ : list of frozenset
    duplicate_group_ : numpy.ndarray
        Per offer, the position of the first offer of its near-duplicate group.

    Examples
    --------
    >>> offers = [{"id": 1, "name": "Ventilen", "description": "Mødested for unge ramt af ensomhed",
    ...            "target_group": "15 - 25 år"},
    ...           {"id": 2, "name": "Lektiecafe", "description": "Hjælp til lektier",
    ...            "target_group": "10-17 år"}]
    >>> recommender = OfferRecommender().fit(offers)
    >>> [i for i, _ in recommender.recommend("hun er alene", k=1)]
    [1]
    >>> recommender.recommend("mor har brug for praktisk hjælp")
    []
    >>> recommender.explain("hun er ensom", 1)
    ('ensomhed', 'mødested')
    """

    def __init__(self, min_score: float = MIN_SCORE) -> None:
        self.min_score = min_score

    def fit(self, offers: Iterable[Mapping[str, Any]]) -> OfferRecommender:
        """Validate and index the offers (``id`` and ``name`` required)."""
        if not is_real(self.min_score):
            raise ValueError(f"min_score must be a number, got {self.min_score!r}")
        ids: list[int | str] = []
        docs: list[str] = []
        groups: list[TargetGroup] = []
        names: list[str] = []
        descriptions: list[str] = []
        seen: set[tuple[int, int | str]] = set()
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
            names.append(parts[0])
            descriptions.append(parts[1])
            docs.append(" ".join(parts))
        n = len(docs)
        self.offer_ids_ = ids
        self.target_groups_ = groups
        self._docs = docs
        found = [concept_words(d) for d in docs]
        self.concepts_ = [frozenset(f) for f in found]
        self._concept_words = found
        keys = sorted(CONCEPTS)
        self.concept_keys_ = keys
        doc_concepts = np.array([[k in c for k in keys] for c in self.concepts_], dtype=float)
        df = doc_concepts.sum(axis=0) if n else np.zeros(len(keys))
        self.concept_idf_ = np.log((1 + n) / (1 + df)) + 1
        weighted = doc_concepts.reshape(n, len(keys)) * self.concept_idf_
        norms = np.linalg.norm(weighted, axis=1, keepdims=True)
        self.concept_matrix_ = np.divide(
            weighted, norms, out=np.zeros_like(weighted), where=norms > 0
        )
        # Informative words: stem -> IDF over the offers; an offer's stems as a set.
        self._stems = [frozenset(_informative_stems(d)) for d in docs]
        stem_df: dict[str, int] = {}
        for stems in self._stems:
            for st in stems:
                stem_df[st] = stem_df.get(st, 0) + 1
        self._stem_idf = {st: math.log((1 + n) / (1 + c)) + 1 for st, c in stem_df.items()}
        self._unknown_idf = math.log(1 + n) + 1
        self.for_parents_ = np.array(
            [g.for_parents or addresses_parents(d) for g, d in zip(groups, docs, strict=True)],
            dtype=bool,
        )
        cleaned = [_clean(d) for d in docs]
        self.vectorizer_ = None
        if any(cleaned):
            self.vectorizer_ = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
            )
            self.matrix_ = self.vectorizer_.fit_transform(cleaned)
        self.duplicate_group_ = _duplicate_groups(ids, names, descriptions)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "offer_ids_"):
            raise ValueError("OfferRecommender: call fit(offers) first")

    def scores(self, text: str) -> np.ndarray:
        """Relevance of every fitted offer to ``text`` in [0, 1] (0 = no evidence), unfiltered.

        Examples
        --------
        >>> r = OfferRecommender().fit([{"id": 1, "name": "Ventilen", "description": "ensomhed"}])
        >>> r.scores("ensom").round(2).tolist(), r.scores("praktisk hjælp").tolist()
        ([1.0], [0.0])
        """
        self._check_fitted()
        if not isinstance(text, str):
            raise ValueError(f"text must be a str, got {type(text).__name__}")
        n = len(self.offer_ids_)
        about_parent, wanted = _topics(text)
        cover = np.zeros(n)
        if wanted:
            query_vec = np.array([k in wanted for k in self.concept_keys_]) * self.concept_idf_
            query_vec /= np.linalg.norm(query_vec)
            cover = self.concept_matrix_ @ query_vec
        query_stems = [st for st in dict.fromkeys(_informative_stems(text))]
        words = np.zeros(n)
        if query_stems:
            weight = {st: self._stem_idf.get(st, self._unknown_idf) for st in query_stems}
            total = sum(weight.values())
            for i, stems in enumerate(self._stems):
                words[i] = sum(w * _stem_evidence(st, stems) for st, w in weight.items()) / total
        cos = np.zeros(n)
        query = _clean(text)
        if self.vectorizer_ is not None and query:
            cos = (self.matrix_ @ self.vectorizer_.transform([query]).T).toarray().ravel()
        text_part = np.minimum(1.0, cos / TEXT_COSINE_FULL)
        if wanted:
            score = CONCEPT_SHARE * cover + WORD_SHARE * words
            score += (1 - CONCEPT_SHARE - WORD_SHARE) * text_part
        else:
            # Words alone are weaker evidence than a concept: one shared word must not pass.
            score = (1 - TEXT_SHARE_WITHOUT_CONCEPTS) * words
            score += TEXT_SHARE_WITHOUT_CONCEPTS * text_part
            score *= WORDS_ONLY_SCALE
        score = np.where((cover > 0) | (words > 0), score, 0.0)
        if about_parent:
            score = np.where(self.for_parents_, score, score * PARENT_MISMATCH)
        return np.round(np.clip(score, 0, 1), 6)

    def recommend(
        self, text: str, *, age: float | None = None, k: int = 5
    ) -> list[tuple[int | str, float]]:
        """Best ``k`` offers for ``text`` as ``(offer id, score)``, best first, scores in (0, 1].

        Offers for professionals are never returned; with ``age``, offers whose target group
        excludes that age are left out. Offers below ``min_score`` are left out (so the list
        may be empty); of near-duplicate rows only the best is kept; ties go by id.
        """
        if age is not None and not is_real(age):
            raise ValueError(f"age must be a number, got {age!r}")
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be an int >= 1, got {k!r}")
        score = self.scores(text)
        floor = max(float(self.min_score), SCORE_RESOLUTION)
        ranked = []
        for i in range(len(self.offer_ids_)):
            group = self.target_groups_[i]
            if group.for_professionals or score[i] < floor:
                continue
            if age is not None and not group.admits(age):
                continue
            ranked.append((-score[i], id_sort_key(self.offer_ids_[i]), i))
        ranked.sort()
        out, shown = [], set()
        for s, _, i in ranked:
            if self.duplicate_group_[i] in shown:
                continue
            shown.add(self.duplicate_group_[i])
            out.append((self.offer_ids_[i], float(-s)))
            if len(out) == k:
                break
        return out

    def explain(self, text: str, offer_id: int | str, *, limit: int = 5) -> tuple[str, ...]:
        """The offer's own words that made it fit ``text``, most direct first.

        First the offer's words with the same stem as an informative word of the need, then
        the offer's words behind the concepts both share. Stop words and generic words ("brug",
        "hjælp") are never given, and every word is a whole word of the offer.
        """
        self._check_fitted()
        try:
            i = [id_sort_key(x) for x in self.offer_ids_].index(id_sort_key(offer_id))
        except ValueError:
            raise ValueError(f"offer {offer_id!r} is not fitted") from None
        query_stems = set(_informative_stems(text))
        terms = [
            w
            for w in tokens(self._docs[i])
            if _informative(w) and _stem_evidence(stem(w), query_stems, reverse=True)
        ]
        shared = _topics(text)[1] & self.concepts_[i]
        for key in sorted(shared):
            terms.extend(w for w in self._concept_words[i][key] if _informative_phrase(w))
        unique: list[str] = []
        for term in terms:  # "samvær" adds nothing after "socialt samvær"
            if not any(term in kept.split() or term == kept for kept in unique):
                unique = [kept for kept in unique if kept not in term.split()]
                unique.append(term)
        return tuple(unique[:limit])


def _in_compound(part: str, word: str) -> bool:
    return (
        len(part) >= MIN_COMPOUND_WORD
        and len(word) - len(part) >= MIN_COMPOUND_REST
        and (word.startswith(part) or word.endswith(part))
    )


def _stem_evidence(
    query_stem: str, offer_stems: Collection[str], *, reverse: bool = False
) -> float:
    """1 if the offer has the word, ``COMPOUND_EVIDENCE`` if it has it inside a compound.

    With ``reverse``, ``query_stem`` is an offer's word and ``offer_stems`` the need's stems.
    """
    if query_stem in offer_stems:
        return 1.0
    for st in offer_stems:
        inside = _in_compound(st, query_stem) if reverse else _in_compound(query_stem, st)
        if inside:
            return COMPOUND_EVIDENCE
    return 0.0


def _topics(text: str) -> tuple[bool, set[str]]:
    """Whether the need is about a parent, and the concepts it is about."""
    wanted = set(concepts(text))
    # Parents who divorce is the child's need as much as theirs.
    about_parent = "family_break" not in wanted and any(w in PARENT_WORDS for w in tokens(text))
    if about_parent and wanted - {"parents"}:
        # "mor", "forældrene" say who needs help, not what about: the audience, not a topic.
        wanted.discard("parents")
    return about_parent, wanted


def _informative(word: str) -> bool:
    return (
        len(word) >= MIN_WORD_LENGTH
        and not word.isdigit()
        and word not in DANISH_STOP_WORDS
        and word not in GENERIC_NEED_WORDS
        and word not in PARENT_WORDS
    )


def _informative_phrase(phrase: str) -> bool:
    return any(_informative(w) for w in phrase.split())


def _informative_stems(text: str) -> list[str]:
    return [stem(w) for w in tokens(text) if _informative(w)]


def _clean(text: str) -> str:
    return " ".join(w for w in tokens(text) if _informative(w))


def _name_key(name: str) -> str:
    return "".join(tokens(name))


def _covered(part: set[str], whole: set[str]) -> bool:
    """Every stem of ``part`` is in ``whole``, or inside one of its compounds."""
    return all(
        st in whole or any(w.endswith(st) or w.startswith(st) for w in whole) for st in part
    )


def _duplicate_groups(ids: list[Any], names: list[str], descriptions: list[str]) -> np.ndarray:
    """Per offer, the position of the first offer (by id) that it nearly duplicates.

    Near duplicates: the same name up to case, spaces and punctuation ("Gratis psykologhjælp *"
    and "Gratis psykologhjælp*"), and one description's informative stems contained in the
    other's, up to compounds ("uddannelser" in "ungdomsuddannelser"), or both empty.
    """
    order = sorted(range(len(ids)), key=lambda i: id_sort_key(ids[i]))
    group = np.arange(len(ids))
    firsts: dict[str, list[int]] = {}
    for i in order:
        key = _name_key(names[i])
        mine = set(_informative_stems(descriptions[i]))
        for j in firsts.get(key, []):
            theirs = set(_informative_stems(descriptions[j]))
            if _covered(mine, theirs) or _covered(theirs, mine):
                group[i] = group[j]
                break
        else:
            firsts.setdefault(key, []).append(i)
    return group


def recommend_offers(
    offers: Iterable[Mapping[str, Any]],
    text: str,
    *,
    age: float | None = None,
    k: int = 5,
    min_score: float = MIN_SCORE,
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
    min_score : float, default MIN_SCORE
        Relevance floor: offers below it are left out, so the list may be empty.

    Returns
    -------
    list of (offer id, score)
        Best first; score in (0, 1]; at most ``k``; empty when nothing fits.

    Examples
    --------
    >>> offers = [{"id": "a", "name": "Sparringsteamet",
    ...            "description": "elever med bekymrende skolefravær", "target_group": ""},
    ...           {"id": "b", "name": "Misbrugsbehandling", "description": "alkohol",
    ...            "target_group": "18 år+"}]
    >>> [i for i, _ in recommend_offers(offers, "han pjækker og har meget fravær", age=14)]
    ['a']
    >>> recommend_offers(offers, "hun mangler en cykel")
    []
    """
    return OfferRecommender(min_score=min_score).fit(offers).recommend(text, age=age, k=k)


def bundled_catalogue() -> list[dict[str, Any]]:
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
