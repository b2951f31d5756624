"""Danish concept triggers match whole words by stem, never a word that merely starts alike."""

from __future__ import annotations

import pytest

from matching.danish import CONCEPTS, TriggerIndex, concept_words, concepts, stem


@pytest.mark.parametrize(
    ("text", "not_concept"),
    [
        ("det var fuldstændig vildt", "substances"),
        ("han var ved at drukne i svømmehallen", "substances"),
        ("hun skriver et hashtag under billedet", "substances"),
        ("det forbandede tog var forsinket", "crime"),
        ("forbandet", "crime"),
        ("han har et voldsomt temperament", "crime"),
        ("voldsom", "crime"),
        ("han spiller guitar i et band", "crime"),
        ("politisk interesseret", "crime"),
        ("bekymrende skolefravær", "anxiety_low_mood"),
        ("praktisk", "job_education"),
        ("skolen arbejder med den fulde formålsparagraf", "substances"),
        ("fuld fagrække på små hold", "substances"),
        ("han mangler et fritidsjob", "leisure"),
        ("ungdomsuddannelse", "job_education"),
    ],
)
def test_false_positives_of_prefix_matching_are_gone(text, not_concept):
    assert not_concept not in concepts(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("han er fuld hver weekend", "substances"),
        ("forældrene skal skilles", "family_break"),
        ("hun drikker og ryger hash", "substances"),
        ("hashen fylder for meget", "substances"),
        ("rusmiddelrådgivning", "substances"),
        ("han er udsat for vold", "crime"),
        ("kærestevold", "crime"),
        ("voldelig", "crime"),
        ("bandekriminalitet", "crime"),
        ("ensomme unge", "loneliness"),
        ("ensomhed", "loneliness"),
        ("har ingen venner", "loneliness"),
        ("skolefravær", "school_absence"),
        ("skolefraværet er stort", "school_absence"),
        ("han pjækker", "school_absence"),
        ("lektiehjælp", "learning"),
        ("spiseforstyrrelser", "eating"),
        ("lørdagsfodbold", "leisure"),
        ("eksamensnervøsitet", "anxiety_low_mood"),
    ],
)
def test_inflections_and_compound_heads_still_match(text, concept):
    assert concept in concepts(text)


def test_concept_words_name_the_whole_words_that_matched():
    assert concept_words("Mødested for unge ramt af ensomhed") == {
        "loneliness": ("mødested", "ensomhed")
    }
    assert concept_words("Han har ingen venner") == {"loneliness": ("ingen venner",)}


def test_every_trigger_matches_itself():
    index = TriggerIndex(CONCEPTS)
    for key, triggers in CONCEPTS.items():
        for trigger in triggers:
            assert key in index.match(trigger.strip("*")), (key, trigger)


def test_compound_head_needs_letters_in_front():
    index = TriggerIndex({"x": ("*vold",)})
    assert index.match("vold") == {"x": ("vold",)}
    assert index.match("familievold") == {"x": ("familievold",)}
    assert index.match("voldsom") == {}


def test_stem_is_the_danish_snowball_stem():
    assert stem("ensomme") == stem("ensomhed") == "ensom"
    assert stem("fuldstændig") != stem("fuld")
