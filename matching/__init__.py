"""Matching volunteers with children, young people and families, pairing young people as
friends, and recommending the municipality's offers.

A scikit-learn-style library with no web, database or configuration imports. Records are plain
mappings; see ``matching/README.md`` for the record formats, the hard rules, the soft signals and
their weights, the reason codes and the benchmark.

Examples
--------
>>> import datetime
>>> from matching import propose
>>> volunteers = [{"id": 1, "age": 34, "offers": ["mentor"], "capacity": 1, "screened": True,
...                "child_certificate_until": datetime.date(2030, 1, 1),
...                "interests": ["football"], "postcode": "2820"}]
>>> seekers = [{"id": 7, "age": 12, "match_type": "mentor", "interests": ["football"],
...             "postcode": "2900"}]
>>> proposal, = propose(seekers, volunteers, today=datetime.date(2025, 1, 1))
>>> proposal.volunteer_id, proposal.rank, dict(proposal.reasons)["shared_interests"]
(1, 1, 'football')
"""

from .danish import CONCEPTS, DANISH_STOP_WORDS
from .friends import FriendPairer, pair_friends
from .learning import WeightEvidence, fit_weights, weight_evidence
from .matcher import Matcher, assign, propose
from .offers import OfferRecommender, TargetGroup, parse_target_group, recommend_offers
from .records import AVAILABILITY_SLOTS, LIVED_EXPERIENCE, MATCH_TYPES, PHASES
from .rules import CERTIFICATE_FOR_ALL_AGES, ELIGIBILITY_CODES, crosses_adulthood, eligibility
from .scoring import REASON_CODES, Pair, Proposal, Weights
from .workplaces import WORKPLACE_OFFERS, WorkplaceSuggestion, rank_workplaces

#: Changes whenever a fitted estimator's stored (pickled) form changes, so an app that keeps
#: fits between processes can put it in its fingerprint and refit instead of loading an old one.
FIT_FORMAT = 2

__all__ = [
    "FIT_FORMAT",
    "AVAILABILITY_SLOTS",
    "CERTIFICATE_FOR_ALL_AGES",
    "CONCEPTS",
    "DANISH_STOP_WORDS",
    "ELIGIBILITY_CODES",
    "LIVED_EXPERIENCE",
    "MATCH_TYPES",
    "PHASES",
    "REASON_CODES",
    "WORKPLACE_OFFERS",
    "WorkplaceSuggestion",
    "FriendPairer",
    "Matcher",
    "OfferRecommender",
    "Pair",
    "Proposal",
    "TargetGroup",
    "WeightEvidence",
    "Weights",
    "assign",
    "crosses_adulthood",
    "eligibility",
    "fit_weights",
    "pair_friends",
    "parse_target_group",
    "propose",
    "recommend_offers",
    "weight_evidence",
    "rank_workplaces",
]
