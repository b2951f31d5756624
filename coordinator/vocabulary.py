"""The controlled vocabularies: stable keys used in code and data, Danish and English labels.

The vocabulary file is shipped as package data (a copy of the municipality's shared list) so the
app never depends on anything outside its own install.
"""

import tomllib
from enum import StrEnum
from functools import cache
from importlib import resources

from flask_babel import get_locale

GROUPS = (
    "phases",
    "match_types",
    "needs",
    "interests",
    "availability",
    "lived_experience",
    "screening_steps",
    "closure_reasons",
    "concern_types",
    "languages",
    "rejection_reasons",
    "application_end_reasons",
)


@cache
def load() -> dict[str, dict[str, dict[str, str]]]:
    """Return every vocabulary group as {key: {"da": label, "en": label}}."""
    text = resources.files("coordinator").joinpath("data/vocabulary.toml").read_text("utf-8")
    return tomllib.loads(text)


def keys(group: str) -> tuple[str, ...]:
    """Return the stable keys of a group in the file's order."""
    return tuple(load()[group])


def label(group: str, key: str, locale: str | None = None) -> str:
    """Return the label of `key` in the user's language; an unknown key is shown as itself."""
    entry = load().get(group, {}).get(key)
    if entry is None:
        return key
    lang = locale or _current_language()
    return entry.get(lang) or entry["da"]


def choices(group: str, locale: str | None = None) -> list[tuple[str, str]]:
    """Return (key, label) pairs for a form's choices."""
    return [(key, label(group, key, locale)) for key in keys(group)]


def _current_language() -> str:
    try:
        locale = get_locale()
    except RuntimeError:  # outside a request: the interface's first language
        return "da"
    return locale.language if locale else "da"


class Phase(StrEnum):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class MatchType(StrEnum):
    MENTOR = "mentor"
    YOUNG_TO_YOUNG = "young_to_young"
    PARENT_TO_PARENT = "parent_to_parent"
    FAMILY_TO_FAMILY = "family_to_family"
    PRACTICAL_HELP = "practical_help"
    LEISURE_JOB = "leisure_job"
    FRIEND_BANK = "friend_bank"


class ScreeningStepKind(StrEnum):
    INTERVIEW = "interview"
    REFERENCES = "references"
    CONFIDENTIALITY = "confidentiality"
    CHILD_CERTIFICATE = "child_certificate"
    TRAINING = "training"


class ClosureReason(StrEnum):
    PLANNED_COMPLETED = "planned_completed"
    YOUNG_PERSON_MOVED = "young_person_moved"
    VOLUNTEER_MOVED = "volunteer_moved"
    VOLUNTEER_TIME = "volunteer_time"
    YOUNG_PERSON_LOST_INTEREST = "young_person_lost_interest"
    RELATIONSHIP_NOT_WORKING = "relationship_not_working"
    FAMILY_SITUATION_CHANGED = "family_situation_changed"
    SAFETY_CONCERN = "safety_concern"
    VOLUNTEER_NOT_ELIGIBLE = "volunteer_not_eligible"
    AGED_OUT = "aged_out"


class ConcernType(StrEnum):
    CHILD_SAFETY = "child_safety"
    BOUNDARIES = "boundaries"
    NO_CONTACT = "no_contact"
    OTHER = "other"


class RejectionReason(StrEnum):
    NOT_NEEDED_NOW = "not_needed_now"
    CERTIFICATE_CONVICTION = "certificate_conviction"
    INTERVIEW_NOT_PASSED = "interview_not_passed"
    REFERENCES_UNSATISFACTORY = "references_unsatisfactory"
    OTHER = "other"


class ApplicationEndReason(StrEnum):
    WITHDREW = "withdrew"
    NO_REPLY = "no_reply"


# Enums that mirror a vocabulary group; a test keeps them in step with the file.
ENUM_GROUPS: dict[str, type[StrEnum]] = {
    "phases": Phase,
    "match_types": MatchType,
    "screening_steps": ScreeningStepKind,
    "closure_reasons": ClosureReason,
    "concern_types": ConcernType,
    "rejection_reasons": RejectionReason,
    "application_end_reasons": ApplicationEndReason,
}
