"""Hard rules: random populations never break one (one test per rule)."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matching_testkit import FAST, TODAY, friend_population, population

import matching
from matching import assign, eligibility, pair_friends, propose
from matching import rules as matching_rules


def by_id(records):
    return {r["id"]: r for r in records}


def all_results(seekers, volunteers, blocked, **kwargs):
    """Proposals (k large) and the assignment for one population."""
    proposals = propose(seekers, volunteers, k=50, today=TODAY, blocked=blocked, **kwargs)
    assigned = assign(seekers, volunteers, today=TODAY, blocked=blocked, candidate_k=50, **kwargs)
    return proposals + assigned


@FAST
@given(population())
def test_rule1_only_screened_volunteers_with_a_free_place(pop):
    seekers, volunteers, blocked = pop
    vols = by_id(volunteers)
    for p in all_results(seekers, volunteers, blocked):
        assert vols[p.volunteer_id]["screened"] is True
        assert vols[p.volunteer_id]["capacity"] >= 1


@FAST
@given(population())
def test_rule2_certificate_valid_today_for_under_15(pop):
    seekers, volunteers, blocked = pop
    vols, seeks = by_id(volunteers), by_id(seekers)
    for p in all_results(seekers, volunteers, blocked):
        if seeks[p.seeker_id]["age"] < 15:
            until = vols[p.volunteer_id]["child_certificate_until"]
            assert until is not None
            assert until >= TODAY


@FAST
@given(population())
def test_rule2_certificate_for_all_ages_keyword(pop):
    seekers, volunteers, blocked = pop
    vols = by_id(volunteers)
    for p in all_results(seekers, volunteers, blocked, certificate_for_all_ages=True):
        until = vols[p.volunteer_id]["child_certificate_until"]
        assert until is not None
        assert until >= TODAY


def test_rule2_module_default_is_used_and_keyword_overrides(monkeypatch):
    seeker = {"id": 1, "age": 17, "match_type": "mentor"}
    volunteer = {"id": 2, "age": 30, "offers": ["mentor"], "capacity": 1, "screened": True}
    assert len(propose([seeker], [volunteer], today=TODAY)) == 1
    monkeypatch.setattr(matching_rules, "CERTIFICATE_FOR_ALL_AGES", True)
    assert propose([seeker], [volunteer], today=TODAY) == []
    assert eligibility(seeker, volunteer, today=TODAY) == ("certificate_missing",)
    assert len(propose([seeker], [volunteer], today=TODAY, certificate_for_all_ages=False)) == 1
    matcher = matching.Matcher(certificate_for_all_ages=False).fit([volunteer])
    assert len(matcher.propose([seeker], today=TODAY)) == 1
    assert matcher.propose([seeker], today=TODAY, certificate_for_all_ages=True) == []


def test_rule2_certificate_expiry_depends_on_today():
    seeker = {"id": 1, "age": 10, "match_type": "mentor"}
    volunteer = {
        "id": 2,
        "age": 30,
        "offers": ["mentor"],
        "capacity": 1,
        "screened": True,
        "child_certificate_until": datetime.date(2025, 6, 1),
    }
    assert len(propose([seeker], [volunteer], today=datetime.date(2025, 6, 1))) == 1
    assert propose([seeker], [volunteer], today=datetime.date(2025, 6, 2)) == []
    assert eligibility(seeker, volunteer, today=datetime.date(2025, 6, 2)) == (
        "certificate_expired",
    )


@FAST
@given(population())
def test_rule3_match_type_is_offered(pop):
    seekers, volunteers, blocked = pop
    vols, seeks = by_id(volunteers), by_id(seekers)
    for p in all_results(seekers, volunteers, blocked):
        assert seeks[p.seeker_id]["match_type"] in vols[p.volunteer_id]["offers"]


@FAST
@given(population())
def test_rule4_lived_experience_and_adult(pop):
    seekers, volunteers, blocked = pop
    vols, seeks = by_id(volunteers), by_id(seekers)
    for p in all_results(seekers, volunteers, blocked):
        v, match_type = vols[p.volunteer_id], seeks[p.seeker_id]["match_type"]
        assert v["age"] >= 18
        if match_type == "young_to_young":
            assert "formerly_placed" in v["lived_experience"]
            assert 18 <= v["age"] <= 30
        if match_type == "parent_to_parent":
            assert "parent_of_placed_child" in v["lived_experience"]


@FAST
@given(population())
def test_rule5_gender_preference_respected(pop):
    seekers, volunteers, blocked = pop
    vols, seeks = by_id(volunteers), by_id(seekers)
    for p in all_results(seekers, volunteers, blocked):
        wanted = seeks[p.seeker_id]["preferences"].get("volunteer_gender")
        if wanted:
            assert vols[p.volunteer_id]["gender"] == wanted


@FAST
@given(population())
def test_rule5_blocked_pairs_never_appear(pop):
    seekers, volunteers, blocked = pop
    banned = set(blocked)
    for p in all_results(seekers, volunteers, blocked):
        assert (p.seeker_id, p.volunteer_id) not in banned


@FAST
@given(population(max_seekers=10, max_volunteers=6))
def test_rule6_assign_each_seeker_once_volunteer_within_capacity(pop):
    seekers, volunteers, blocked = pop
    result = assign(seekers, volunteers, today=TODAY, blocked=blocked)
    seeker_counts = Counter(p.seeker_id for p in result)
    assert all(c == 1 for c in seeker_counts.values())
    capacity = {v["id"]: v["capacity"] for v in volunteers}
    for volunteer_id, used in Counter(p.volunteer_id for p in result).items():
        assert used <= capacity[volunteer_id]


@FAST
@given(population(id_kind="str"))
def test_proposed_set_equals_the_eligible_set(pop):
    """The vectorised rules and `eligibility` agree exactly (with k >= volunteers)."""
    seekers, volunteers, blocked = pop
    proposals = propose(seekers, volunteers, k=50, today=TODAY, blocked=blocked)
    got = {(p.seeker_id, p.volunteer_id) for p in proposals}
    banned = set(blocked)
    expected = {
        (s["id"], v["id"])
        for s in seekers
        for v in volunteers
        if not eligibility(s, v, today=TODAY) and (s["id"], v["id"]) not in banned
    }
    assert got == expected


@FAST
@given(friend_population(), st.integers(0, 3))
def test_rule7_pair_friends(pop, max_gap):
    people, blocked = pop
    persons = by_id(people)
    pairs = pair_friends(people, blocked=blocked, max_age_gap=max_gap)
    seen = Counter()
    banned = {frozenset(b) for b in blocked}
    for pair in pairs:
        a, b = persons[pair.a_id], persons[pair.b_id]
        assert pair.a_id != pair.b_id
        seen[pair.a_id] += 1
        seen[pair.b_id] += 1
        assert abs(a["age"] - b["age"]) <= max_gap
        assert frozenset((pair.a_id, pair.b_id)) not in banned
        for x, y in ((a, b), (b, a)):
            wanted = x["preferences"].get("friend_gender")
            if wanted:
                assert y["gender"] == wanted
    assert all(c == 1 for c in seen.values())


def test_rule7_never_a_person_with_themselves():
    assert pair_friends([{"id": 1, "age": 15}]) == []


def test_friend_bank_seekers_get_no_volunteer():
    seeker = {"id": 1, "age": 16, "match_type": "friend_bank"}
    volunteer = {"id": 2, "age": 30, "offers": ["friend_bank"], "capacity": 1, "screened": True}
    assert propose([seeker], [volunteer], today=TODAY) == []
    assert "friend_bank_not_volunteer_match" in eligibility(seeker, volunteer, today=TODAY)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"screened": False}, "not_screened"),
        ({"capacity": 0}, "no_capacity"),
        ({"child_certificate_until": None}, "certificate_missing"),
        ({"offers": ["leisure_job"]}, "match_type_not_offered"),
        ({"age": 17}, "not_adult"),
        ({"gender": "male"}, "gender_preference"),
    ],
)
def test_eligibility_codes(change, code):
    seeker = {
        "id": 1,
        "age": 12,
        "match_type": "mentor",
        "preferences": {"volunteer_gender": "female"},
    }
    volunteer = {
        "id": 2,
        "age": 30,
        "gender": "female",
        "offers": ["mentor"],
        "capacity": 1,
        "screened": True,
        "child_certificate_until": datetime.date(2030, 1, 1),
    }
    assert eligibility(seeker, volunteer, today=TODAY) == ()
    assert eligibility(seeker, {**volunteer, **change}, today=TODAY) == (code,)
    assert code in matching.ELIGIBILITY_CODES
    assert eligibility(seeker, volunteer, today=TODAY, blocked=True) == ("blocked",)


def test_eligibility_lived_experience_codes():
    base = {"id": 2, "age": 35, "capacity": 1, "screened": True}
    y2y = {"id": 1, "age": 17, "match_type": "young_to_young"}
    p2p = {"id": 3, "age": 40, "match_type": "parent_to_parent"}
    assert eligibility(y2y, {**base, "offers": ["young_to_young"]}) == (
        "lived_experience_missing",
        "peer_age_out_of_range",
    )
    peer = {
        **base,
        "age": 25,
        "offers": ["young_to_young"],
        "lived_experience": ["formerly_placed"],
    }
    assert eligibility(y2y, peer) == ()
    assert eligibility(p2p, {**base, "offers": ["parent_to_parent"]}) == (
        "lived_experience_missing",
    )
