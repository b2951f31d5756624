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
