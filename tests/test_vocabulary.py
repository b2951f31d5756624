"""The code's enums and the shipped controlled vocabulary stay in step."""

import pytest

from coordinator import vocabulary


@pytest.mark.parametrize(("group", "enum_cls"), vocabulary.ENUM_GROUPS.items())
def test_enum_values_are_exactly_the_vocabulary_keys(group, enum_cls):
    assert [member.value for member in enum_cls] == list(vocabulary.keys(group))


@pytest.mark.parametrize("group", vocabulary.GROUPS)
def test_every_key_has_a_danish_and_an_english_label(group):
    for key in vocabulary.keys(group):
        assert vocabulary.label(group, key, "da")
        assert vocabulary.label(group, key, "en")


def test_label_follows_the_requested_language():
    assert vocabulary.label("interests", "football", "da") == "Fodbold"
    assert vocabulary.label("interests", "football", "en") == "Football"


def test_unknown_key_is_shown_as_itself_rather_than_failing():
    assert vocabulary.label("interests", "kayaking", "da") == "kayaking"


def test_enums_sharing_a_value_keep_their_own_labels(app):
    """ConsentGiver.YOUNG_PERSON and FollowUpTrack.YOUNG_PERSON are both "young_person"."""
    from coordinator.labels import enum_label
    from coordinator.matches.models import FollowUpTrack
    from coordinator.referrals.models import ConsentGiver

    with app.test_request_context():
        assert enum_label(ConsentGiver.YOUNG_PERSON) == "Den unge selv (15 år eller ældre)"
        assert enum_label(FollowUpTrack.YOUNG_PERSON) == "Den unge eller familien"
