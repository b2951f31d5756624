"""`assign` and `pair_friends` reach the brute-force optimum on small instances."""

from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matching_testkit import FAST, TODAY, friend_population, population

from matching import FriendPairer, Matcher, assign, pair_friends


def brute_force_assignment(edges, capacity, seekers):
    """Best total over all ways to give each seeker one volunteer or none."""
    best = 0.0

    def search(i, used, total):
        nonlocal best
        if i == len(seekers):
            best = max(best, total)
            return
        search(i + 1, used, total)
        for volunteer, score in edges.get(seekers[i], ()):
            if used.get(volunteer, 0) < capacity[volunteer]:
                used[volunteer] = used.get(volunteer, 0) + 1
                search(i + 1, used, total + score)
                used[volunteer] -= 1

    search(0, {}, 0.0)
    return best


@FAST
@given(population(max_seekers=6, max_volunteers=5))
def test_assign_matches_brute_force(pop):
    seekers, volunteers, blocked = pop
    matcher = Matcher(candidate_k=50).fit(volunteers)
    edges = {}
    for p in matcher.propose(seekers, k=50, today=TODAY, blocked=blocked):
        edges.setdefault(p.seeker_id, []).append((p.volunteer_id, p.score))
    capacity = {v["id"]: v["capacity"] for v in volunteers}
    expected = brute_force_assignment(edges, capacity, [s["id"] for s in seekers])
    result = matcher.assign(seekers, today=TODAY, blocked=blocked)
    assert sum(p.score for p in result) == pytest.approx(expected, abs=1e-9)
    scores = {(s, v): sc for s, lst in edges.items() for v, sc in lst}
    for p in result:
        assert scores[(p.seeker_id, p.volunteer_id)] == p.score


def test_assign_is_not_greedy():
    """Greedy gives A to seeker 1 (its best) and leaves seeker 2, who accepts only A, out."""
    volunteers = [
        {"id": "A", "age": 40, "gender": "female", "offers": ["mentor"], "capacity": 1,
         "screened": True, "interests": ["chess"]},
        {"id": "B", "age": 40, "gender": "male", "offers": ["mentor"], "capacity": 1,
         "screened": True, "interests": ["dance"]},
    ]  # fmt: skip
    seekers = [
        {"id": 1, "age": 16, "match_type": "mentor", "interests": ["chess"]},
        {"id": 2, "age": 16, "match_type": "mentor", "preferences": {"volunteer_gender": "female"}},
    ]
    ranked = Matcher().fit(volunteers).propose(seekers, today=TODAY)
    assert [(p.seeker_id, p.volunteer_id) for p in ranked] == [(1, "A"), (1, "B"), (2, "A")]
    result = assign(seekers, volunteers, today=TODAY)
    assert [(p.seeker_id, p.volunteer_id, p.rank) for p in result] == [(1, "B", 2), (2, "A", 1)]


def test_assign_seeded_random_larger_instances():
    rng = random.Random(7)
    for _ in range(15):
        volunteers = [
            {"id": v, "age": 40, "offers": ["mentor"], "capacity": rng.randint(0, 3),
             "screened": True, "interests": rng.sample(["a", "b", "c", "d", "e"], 2),
             "postcode": rng.choice(["2820", "2900", "2800"])}
            for v in range(5)
        ]  # fmt: skip
        seekers = [
            {"id": 100 + s, "age": 16, "match_type": "mentor",
             "interests": rng.sample(["a", "b", "c", "d", "e"], rng.randint(1, 3)),
             "postcode": rng.choice(["2820", "2900", "2800"])}
            for s in range(7)
        ]  # fmt: skip
        matcher = Matcher(candidate_k=10).fit(volunteers)
        edges = {}
        for p in matcher.propose(seekers, k=10, today=TODAY):
            edges.setdefault(p.seeker_id, []).append((p.volunteer_id, p.score))
        capacity = {v["id"]: v["capacity"] for v in volunteers}
        expected = brute_force_assignment(edges, capacity, [s["id"] for s in seekers])
        got = sum(p.score for p in matcher.assign(seekers, today=TODAY))
        assert got == pytest.approx(expected, abs=1e-9)


def brute_force_matching(n, weights):
    """Max total weight of a matching on nodes 0..n-1 (weights: {(i, j): w}, i < j)."""

    @cache
    def best(mask):
        free = [i for i in range(n) if not mask >> i & 1]
        if not free:
            return 0
        i = free[0]
        rest = mask | 1 << i
        value = best(rest)
        for j in free[1:]:
            w = weights.get((i, j))
            if w is not None:
                value = max(value, w + best(rest | 1 << j))
        return value

    return best(0)


@FAST
@given(friend_population(max_people=9))
def test_pair_friends_matches_brute_force(pop):
    people, blocked = pop
    pairer = FriendPairer(candidate_k=20).fit(people, blocked=blocked)
    expected = brute_force_matching(len(people), pairer.edges_)
    pairs = pairer.pairs()
    index = {p.id: i for i, p in enumerate(pairer.people_)}
    got = sum(pairer.edges_[(index[p.a_id], index[p.b_id])] for p in pairs)
    assert got == expected
    assert pairs == pair_friends(people, blocked=blocked, candidate_k=20)


def test_pair_friends_is_not_greedy():
    """A path a-b-c-d where the heaviest edge is the middle one: the optimum takes both ends."""
    people = [
        {"id": 1, "age": 15, "interests": ["x"]},
        {"id": 2, "age": 15, "interests": ["x", "y"]},
        {"id": 3, "age": 15, "interests": ["y", "x"]},
        {"id": 4, "age": 15, "interests": ["y"]},
    ]
    pairer = FriendPairer(candidate_k=5).fit(people)
    expected = brute_force_matching(4, pairer.edges_)
    index = {p.id: i for i, p in enumerate(pairer.people_)}
    pairs = pairer.pairs()
    assert sum(pairer.edges_[(index[p.a_id], index[p.b_id])] for p in pairs) == expected
    assert len(pairs) == 2


# --- friend bank quality floor and pairs across 18 (issue 17) --------------------------------


@FAST
@given(friend_population(max_people=9), st.sampled_from([0.0, 0.3, 0.45, 0.6]))
def test_pair_friends_quality_floor_is_kept_and_optimal_above_it(pop, floor):
    people, blocked = pop
    pairer = FriendPairer(candidate_k=20, min_score=floor).fit(people, blocked=blocked)
    pairs = pairer.pairs()
    assert all(p.score >= floor for p in pairs)
    # exact over the edges at or above the floor: the full pairer's edges, filtered
    full = FriendPairer(candidate_k=20).fit(people, blocked=blocked).edges_
    kept = {e: w for e, w in full.items() if w >= round(floor * 1_000_000)}
    index = {p.id: i for i, p in enumerate(pairer.people_)}
    got = sum(pairer.edges_[(index[p.a_id], index[p.b_id])] for p in pairs)
    assert got == brute_force_matching(len(people), kept)


@FAST
@given(friend_population(max_people=9))
def test_pairs_across_18_are_marked(pop):
    people, blocked = pop
    ages = {p["id"]: p["age"] for p in people}
    for pair in pair_friends(people, blocked=blocked, max_age_gap=4):
        low, high = sorted((ages[pair.a_id], ages[pair.b_id]))
        assert pair.crosses_adulthood == (low < 18 <= high)


def test_a_17_and_an_18_year_old_are_flagged():
    (pair,) = pair_friends([{"id": 1, "age": 17}, {"id": 2, "age": 18}])
    assert pair.crosses_adulthood
    (pair,) = pair_friends([{"id": 1, "age": 16}, {"id": 2, "age": 17}])
    assert not pair.crosses_adulthood


def test_a_poor_pair_is_not_made_under_a_floor():
    people = [
        {"id": 1, "age": 15, "interests": ["chess"], "availability": ["weekend"]},
        {"id": 2, "age": 17, "interests": ["football"], "availability": ["weekday_day"]},
    ]
    assert pair_friends(people)
    assert pair_friends(people, min_score=0.6) == []
