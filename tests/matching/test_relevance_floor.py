"""propose's relevance floor: weak proposals are left out, nothing else changes."""

import pytest

from matching import propose
from matching.bench import TODAY, Population


@pytest.mark.parametrize("floor", [0.3, 0.45, 0.6])
def test_the_floor_keeps_exactly_the_proposals_at_or_above_it(floor):
    pop = Population(120, 150, seed=4)
    everything = propose(pop.seekers, pop.volunteers, k=8, today=TODAY)
    kept = propose(pop.seekers, pop.volunteers, k=8, today=TODAY, min_score=floor)
    assert kept == [p for p in everything if p.score >= floor]
    assert all(p.score >= floor for p in kept)
    assert len(kept) < len(everything)  # the floor bites on this population


def test_a_seeker_with_no_good_fit_gets_nothing():
    volunteer = {"id": 1, "age": 40, "offers": ["mentor"], "capacity": 1, "screened": True,
                 "interests": ["chess"], "helps_with": ["cv"], "location": (55.0, 8.0),
                 "availability": ["weekday_day"], "child_certificate_until": "2099-01-01"}
    seeker = {"id": 9, "age": 16, "match_type": "mentor", "interests": ["football"],
              "needs": ["homework"], "location": (55.75, 12.55), "availability": ["weekend"]}
    assert propose([seeker], [volunteer], today=TODAY)  # without a floor: a weak proposal
    assert propose([seeker], [volunteer], today=TODAY, min_score=0.3) == []


@pytest.mark.parametrize("bad", [-0.1, 1.5, "0.3", True])
def test_a_bad_floor_is_refused(bad):
    with pytest.raises(ValueError, match="min_score"):
        propose([], [], min_score=bad)
