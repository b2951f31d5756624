"""Bad input raises ValueError naming the record id and the field; the package stays pure."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys

import pytest

import matching
from matching import (
    Matcher,
    Weights,
    assign,
    eligibility,
    pair_friends,
    propose,
    recommend_offers,
)

SEEKER = {"id": 11, "age": 14, "match_type": "mentor"}
VOLUNTEER = {"id": 22, "age": 30, "offers": ["mentor"], "capacity": 1, "screened": True}


def without(record, field):
    return {k: v for k, v in record.items() if k != field}


SEEKER_CASES = [
    (without(SEEKER, "age"), "age"),
    (without(SEEKER, "match_type"), "match_type"),
    ({**SEEKER, "age": "14"}, "age"),
    ({**SEEKER, "age": -1}, "age"),
    ({**SEEKER, "match_type": "babysitting"}, "match_type"),
    ({**SEEKER, "interests": "football"}, "interests"),
    ({**SEEKER, "interests": ["football", 3]}, "interests"),
    ({**SEEKER, "availability": ["sunday"]}, "availability"),
    ({**SEEKER, "phase": "later"}, "phase"),
    ({**SEEKER, "location": (55.7,)}, "location"),
    ({**SEEKER, "location": ("55.7", 12.5)}, "location"),
    ({**SEEKER, "preferences": "female"}, "preferences"),
    ({**SEEKER, "preferences": {"volunteer_gender": 1}}, "volunteer_gender"),
    ({**SEEKER, "kind": "group"}, "kind"),
    ({**SEEKER, "about": 5}, "about"),
    ({**SEEKER, "postcode": 28.2}, "postcode"),
]
VOLUNTEER_CASES = [
    (without(VOLUNTEER, "offers"), "offers"),
    (without(VOLUNTEER, "capacity"), "capacity"),
    (without(VOLUNTEER, "screened"), "screened"),
    (without(VOLUNTEER, "age"), "age"),
    ({**VOLUNTEER, "capacity": -1}, "capacity"),
    ({**VOLUNTEER, "capacity": 1.5}, "capacity"),
    ({**VOLUNTEER, "screened": "yes"}, "screened"),
    ({**VOLUNTEER, "offers": ["mentor", "babysitting"]}, "offers"),
    ({**VOLUNTEER, "child_certificate_until": "soon"}, "child_certificate_until"),
    ({**VOLUNTEER, "lived_experience": ["famous"]}, "lived_experience"),
    ({**VOLUNTEER, "helps_with": {"homework": True}}, "helps_with"),
]


@pytest.mark.parametrize(("record", "field"), SEEKER_CASES)
def test_bad_seeker_names_id_and_field(record, field):
    with pytest.raises(ValueError, match=rf"seeker 11\b.*{field}"):
        propose([record], [VOLUNTEER])
    with pytest.raises(ValueError, match=rf"seeker 11\b.*{field}"):
        eligibility(record, VOLUNTEER)


@pytest.mark.parametrize(("record", "field"), VOLUNTEER_CASES)
def test_bad_volunteer_names_id_and_field(record, field):
    with pytest.raises(ValueError, match=rf"volunteer 22\b.*{field}"):
        propose([SEEKER], [record])
    with pytest.raises(ValueError, match=rf"volunteer 22\b.*{field}"):
        Matcher().fit([record])
    with pytest.raises(ValueError, match=rf"volunteer 22\b.*{field}"):
        assign([SEEKER], [record])


def test_missing_or_bad_id():
    with pytest.raises(ValueError, match="seeker at position 1: field 'id'"):
        propose([SEEKER, without(SEEKER, "id")], [VOLUNTEER])
    with pytest.raises(ValueError, match="volunteer at position 0: field 'id'"):
        propose([SEEKER], [{**VOLUNTEER, "id": 2.5}])
    with pytest.raises(ValueError, match="volunteer at position 0: field 'id'"):
        propose([SEEKER], [{**VOLUNTEER, "id": True}])
    with pytest.raises(ValueError, match="must be a mapping"):
        propose([SEEKER], ["not a record"])


def test_duplicate_ids():
    with pytest.raises(ValueError, match="seeker 11: field 'id' is duplicated"):
        propose([SEEKER, SEEKER], [VOLUNTEER])
    with pytest.raises(ValueError, match="volunteer 22: field 'id' is duplicated"):
        propose([SEEKER], [VOLUNTEER, dict(VOLUNTEER)])
    with pytest.raises(ValueError, match="young person 'a': field 'id' is duplicated"):
        pair_friends([{"id": "a", "age": 15}, {"id": "a", "age": 16}])


def test_bad_young_person():
    with pytest.raises(ValueError, match="young person 3.*age"):
        pair_friends([{"id": 3}])
    with pytest.raises(ValueError, match="young person 3.*match_type"):
        pair_friends([{"id": 3, "age": 15, "match_type": "mentor"}])
    with pytest.raises(ValueError, match="young person 3.*friend_gender"):
        pair_friends([{"id": 3, "age": 15, "preferences": {"friend_gender": 2}}])
    with pytest.raises(ValueError, match="max_age_gap"):
        pair_friends([], max_age_gap=-1)


def test_bad_call_arguments():
    with pytest.raises(ValueError, match="k must be"):
        propose([SEEKER], [VOLUNTEER], k=0)
    with pytest.raises(ValueError, match="today"):
        propose([SEEKER], [VOLUNTEER], today="2025-01-01")
    with pytest.raises(ValueError, match="blocked"):
        propose([SEEKER], [VOLUNTEER], blocked=[(1, 2, 3)])
    with pytest.raises(ValueError, match="fit"):
        Matcher().propose([SEEKER])
    with pytest.raises(ValueError, match="needs"):
        Weights(needs=-1)
    with pytest.raises(ValueError, match="volunteers must be a sequence"):
        propose([SEEKER], VOLUNTEER)


def test_bad_offers():
    with pytest.raises(ValueError, match="offer 'x': field 'name'"):
        recommend_offers([{"id": "x"}], "ensom")
    with pytest.raises(ValueError, match="offer 1: field 'id' is duplicated"):
        recommend_offers([{"id": 1, "name": "a"}, {"id": 1, "name": "b"}], "ensom")
    with pytest.raises(ValueError, match="offer 1: field 'target_group'"):
        recommend_offers([{"id": 1, "name": "a", "target_group": 5}], "ensom")
    with pytest.raises(ValueError, match="offer at position 0: field 'id'"):
        recommend_offers([{"name": "a"}], "ensom")


def test_optional_fields_may_be_missing():
    assert len(propose([SEEKER], [{**VOLUNTEER, "child_certificate_until": "2099-01-01"}])) == 1
    assert propose([], []) == []
    assert assign([], [VOLUNTEER]) == []


def test_import_does_not_pull_in_flask_or_a_database():
    code = (
        "import sys, matching; "
        "bad = [m for m in ('flask', 'sqlalchemy', 'flask_sqlalchemy', 'coordinator') "
        "if m in sys.modules]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "module",
    [
        "matching",
        "matching.danish",
        "matching.features",
        "matching.friends",
        "matching.learning",
        "matching.matcher",
        "matching.offers",
        "matching.records",
        "matching.rules",
        "matching.scoring",
    ],
)
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0 or module == "matching.scoring"


def test_public_api():
    for name in (
        "propose", "assign", "pair_friends", "recommend_offers", "Matcher", "eligibility",
        "parse_target_group", "TargetGroup", "Proposal", "Pair", "Weights", "REASON_CODES",
        "ELIGIBILITY_CODES",
    ):  # fmt: skip
        assert name in matching.__all__
        assert hasattr(matching, name)
