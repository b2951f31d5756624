"""Workplace suggestions for the leisure-job track: offers, age, interests, distance."""

import pytest

from matching import rank_workplaces

YOUNG = {"age": 15, "postcode": "2820", "interests": ["cooking", "animals", "football"],
         "looking_for": ["leisure_job", "internship"]}


def place(id_, **fields):
    return {"id": id_, "offers": fields.pop("offers", ["leisure_job"]),
            "min_age": fields.pop("min_age", 13), "postcode": fields.pop("postcode", "2820"),
            "interests": fields.pop("interests", []), **fields}


def test_more_shared_interests_rank_first_then_the_nearer():
    ranked = rank_workplaces(YOUNG, [
        place(1, interests=["cooking"], postcode="2900"),
        place(2, interests=["cooking", "animals"], postcode="2900"),
        place(3, interests=["cooking"], postcode="2820"),
    ])
    assert [s.workplace_id for s in ranked] == [2, 3, 1]
    assert ranked[0].shared_interests == ("animals", "cooking")
    assert ranked[1].distance_km == 0.0
    assert [s.rank for s in ranked] == [1, 2, 3]


def test_too_young_or_the_wrong_kind_of_offer_is_left_out():
    ranked = rank_workplaces(YOUNG, [
        place(1, min_age=16),
        place(2, offers=["trial_work"]),
        place(3, offers=["internship"], min_age=15),
    ])
    assert [s.workplace_id for s in ranked] == [3]


def test_nothing_looked_for_means_every_kind_and_k_and_max_km_cut():
    young = dict(YOUNG, looking_for=[])
    places = [place(1, offers=["trial_work"]), place(2, postcode="2730"), place(3)]
    assert {s.workplace_id for s in rank_workplaces(young, places)} == {1, 2, 3}
    assert len(rank_workplaces(young, places, k=1)) == 1
    assert 2 not in {s.workplace_id for s in rank_workplaces(young, places, max_km=3)}


def test_an_unknown_postcode_is_kept_but_ranked_after_a_known_one():
    ranked = rank_workplaces(YOUNG, [place(1, postcode="9999"), place(2, postcode="2820")])
    assert [s.workplace_id for s in ranked] == [2, 1]
    assert ranked[1].distance_km is None


@pytest.mark.parametrize("bad", [{"age": "15"}, {"age": None}, {}])
def test_a_young_person_without_a_whole_number_age_is_refused(bad):
    with pytest.raises(ValueError, match="age"):
        rank_workplaces(bad, [place(1)])
