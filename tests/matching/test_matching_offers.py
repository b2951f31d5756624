"""recommend_offers and parse_target_group on the real Gentofte catalogue."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from matching import TargetGroup, parse_target_group, recommend_offers
from matching.danish import concepts
from matching.offers import OfferRecommender, bundled_catalogue

DATA = Path(__file__).parent / "data" / "gentofte_youth_offers.tsv"


@pytest.fixture(scope="module")
def offers():
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [{"id": i, **row} for i, row in enumerate(rows, start=1)]


@pytest.fixture(scope="module")
def by_id(offers):
    return {o["id"]: o for o in offers}


def names(result, by_id):
    return [by_id[i]["name"] for i, _ in result]


def test_bundled_copy_equals_test_copy(offers):
    assert bundled_catalogue() == offers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13-17 år", TargetGroup(13, 17)),
        ("15 - 25 år", TargetGroup(15, 25)),
        ("18 -30 år", TargetGroup(18, 30)),
        ("18 år+", TargetGroup(18, None)),
        ("13 år +", TargetGroup(13, None)),
        ("13-18+", TargetGroup(13, None)),
        ("0-18 år", TargetGroup(0, 18)),
        ("7.-9. klasse", TargetGroup(13, 16)),
        ("7. - 10. klasse", TargetGroup(13, 17)),
        ("0.-9.klasse", TargetGroup(6, 16)),
        ("10. klasse", TargetGroup(16, 17)),
        ("5. og 8. klasse", TargetGroup(11, 15)),
        ("Udskoling", TargetGroup(13, 16)),
        ("Mellemtrin og udskoling", TargetGroup(10, 16)),
        ("Ungdomsuddannelser", TargetGroup(15, 25)),
        ("Forældre", TargetGroup(None, None, for_parents=True)),
        ("Fagpersoner", TargetGroup(None, None, for_professionals=True)),
        ("Under 18 år og deres familier.", TargetGroup(0, 17, for_parents=True)),
        ("", TargetGroup(None, None)),
        (None, TargetGroup(None, None)),
    ],
)
def test_parse_target_group(text, expected):
    assert parse_target_group(text) == expected


def test_every_catalogue_target_group_parses(offers):
    for offer in offers:
        group = parse_target_group(offer["target_group"])
        if group.min_age is not None and group.max_age is not None:
            assert 0 <= group.min_age <= group.max_age <= 40
        text = offer["target_group"].strip()
        if text and text not in {"Forældre", "Fagpersoner"}:
            assert group.min_age is not None, text


def test_loneliness_in_everyday_words(offers, by_id):
    for text in ("ensom og har ingen venner", "hun er meget alene", "han har ingen venner"):
        result = recommend_offers(offers, text, k=5)
        assert result
        assert any("loneliness" in concepts(o["name"] + " " + o["description"])
                   for o in (by_id[i] for i, _ in result))  # fmt: skip
    assert "Ventilen" in names(recommend_offers(offers, "ensom og har ingen venner"), by_id)


def test_school_absence_compound_and_everyday_words(offers, by_id):
    for text in ("skolefravær", "hun kommer ikke i skole", "meget fravær"):
        top = recommend_offers(offers, text, k=5)
        descriptions = " ".join(by_id[i]["description"].lower() for i, _ in top)
        assert "fravær" in descriptions or "skolevægring" in descriptions, text
    assert "Sparringsteamet" in names(recommend_offers(offers, "skolefravær", k=3), by_id)


def test_other_needs(offers, by_id):
    assert "Boligsocial indsats Lektiecafe" in names(
        recommend_offers(offers, "brug for lektiehjælp", age=12, k=3), by_id
    )
    top = names(recommend_offers(offers, "angst og depression", age=20, k=3), by_id)
    assert top[0].startswith("Angst- og depressionsgruppe")
    substance = names(recommend_offers(offers, "han ryger hash", age=16, k=5), by_id)
    assert any("Rusmiddel" in n or "snus" in n or "Misbrug" in n for n in substance)


def test_age_filter(offers, by_id):
    for age in (14, 10, 16):
        for offer_id, _ in recommend_offers(offers, "ensom misbrug angst fravær", age=age, k=50):
            assert parse_target_group(by_id[offer_id]["target_group"]).admits(age)
    ids = [i for i, _ in recommend_offers(offers, "misbrug alkohol", age=14, k=50)]
    assert all(by_id[i]["target_group"] != "18 år+" for i in ids)
    adult = [i for i, _ in recommend_offers(offers, "misbrug alkohol", age=25, k=50)]
    assert any(by_id[i]["target_group"] == "18 år+" for i in adult)


def test_professional_offers_are_never_recommended(offers, by_id):
    text = "søvn personale trivsel fagpersoner medarbejdere kompetenceudvikling"
    for offer_id, _ in recommend_offers(offers, text, k=130):
        assert by_id[offer_id]["target_group"] != "Fagpersoner"


def test_scores_sorted_in_range_and_deterministic(offers):
    result = recommend_offers(offers, "ensom", k=10)
    scores = [s for _, s in result]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
    assert result == recommend_offers(list(reversed(offers)), "ensom", k=10)
    assert len(recommend_offers(offers, "ensom", k=3)) == 3
    assert recommend_offers(offers, "", k=3) == []
    recommender = OfferRecommender()
    assert recommender.fit(offers) is recommender
    assert recommender.recommend("ensom", k=10) == result


# --- relevance floor, parents, reasons, near duplicates (issue 17) ---------------------------

from matching.danish import DANISH_STOP_WORDS, GENERIC_NEED_WORDS, tokens  # noqa: E402
from tests.matching.offer_needs import COVERED, UNCOVERED  # noqa: E402


@pytest.fixture(scope="module")
def recommender(offers):
    return OfferRecommender().fit(offers)


def _first_right_rank(result, by_id, good):
    for rank, (offer_id, _) in enumerate(result, start=1):
        if by_id[offer_id]["name"].startswith(good):
            return rank
    return None


def test_own_needs_hit_at_5_and_mrr(recommender, by_id):
    ranks = [
        _first_right_rank(recommender.recommend(text, age=age, k=5), by_id, good)
        for text, age, good in COVERED
    ]
    hit_at_5 = sum(r is not None for r in ranks) / len(ranks)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    assert hit_at_5 >= 0.95, list(zip(COVERED, ranks, strict=True))
    assert mrr >= 0.85, list(zip(COVERED, ranks, strict=True))


@pytest.mark.parametrize(("text", "age"), UNCOVERED)
def test_needs_the_catalogue_does_not_cover_return_almost_nothing(recommender, text, age):
    assert len(recommender.recommend(text, age=age, k=5)) <= 1


def test_practical_help_for_a_mother_returns_nothing(recommender):
    assert recommender.recommend("mor har brug for praktisk hjælp", k=10) == []


def test_relevance_floor_can_be_lowered_and_is_validated(offers):
    text = "hun vil gerne lære at spille skak"
    assert recommend_offers(offers, text) == []
    assert len(recommend_offers(offers, text, min_score=0)) >= 1
    with pytest.raises(ValueError, match="min_score"):
        OfferRecommender(min_score="høj").fit(offers)


def test_a_need_about_a_parent_goes_to_offers_for_parents(recommender, by_id):
    for text in (
        "forældrene har svært ved at sætte grænser for deres teenager",
        "mor har brug for et netværk af andre forældre",
        "far vil gerne vide mere om søvn",
    ):
        top = recommender.recommend(text, k=3)
        assert top, text
        assert recommender.for_parents_[
            recommender.offer_ids_.index(top[0][0])
        ], (text, by_id[top[0][0]]["name"])


def test_a_lonely_14_year_old_is_not_sent_to_drug_counselling(recommender, by_id):
    result = recommender.recommend("Ensomhed – brug for nogen at være sammen med", age=14, k=5)
    assert result
    for offer_id, _ in result:
        assert "Rusmiddel" not in by_id[offer_id]["name"]
        offer = by_id[offer_id]
        assert "loneliness" in concepts(offer["name"] + " " + offer["description"])


def test_angst_ranks_offers_that_say_angst_first(recommender, by_id):
    result = recommender.recommend("angst", age=14, k=5)
    saying = [
        "angst" in (by_id[i]["name"] + " " + by_id[i]["description"]).lower() for i, _ in result
    ]
    assert saying[0]
    assert "Tilpasset skema" not in [by_id[i]["name"] for i, _ in result[:2]]


@pytest.mark.parametrize(("text", "age"), [(t, a) for t, a, _ in COVERED] + UNCOVERED)
def test_reasons_are_whole_informative_words_of_the_offer(recommender, by_id, text, age):
    for offer_id, _ in recommender.recommend(text, age=age, k=5):
        why = recommender.explain(text, offer_id)
        offer_words = set(tokens(by_id[offer_id]["name"] + " " + by_id[offer_id]["description"]))
        for term in why:
            words = term.split()
            assert all(w in offer_words for w in words), (text, term)
            assert any(w not in DANISH_STOP_WORDS and w not in GENERIC_NEED_WORDS for w in words)
        assert not {"brug", "hjælp", "praktiserende"} & set(why)


def test_near_duplicate_rows_are_shown_once(recommender, by_id):
    for text in ("psykolog", "skolefravær", "skilsmisse", "rusmidler rådgivning"):
        names = [by_id[i]["name"] for i, _ in recommender.recommend(text, k=10)]
        keys = ["".join(tokens(n)) for n in names]
        assert len(keys) == len(set(keys)), names
    psych = [by_id[i]["name"] for i, _ in recommender.recommend("gratis psykologhjælp", k=10)]
    assert sum(n.startswith("Gratis psykologhjælp") for n in psych) == 1


def test_same_description_under_other_names_is_not_a_duplicate():
    offers = [
        {"id": 1, "name": "Åben klub", "description": "Mod ensomhed"},
        {"id": 2, "name": "Ny klub", "description": "Mod ensomhed"},
        {"id": 3, "name": "Ny klub *", "description": "Mod ensomhed for unge"},
    ]
    assert [i for i, _ in recommend_offers(offers, "ensom")] == [1, 2]
