"""Interface labels for the states and categories kept as enums in code.

The vocabulary groups (phases, needs, ...) have their labels in the vocabulary file; the
workflow states are the app's own, so their labels live in the translation catalogs. Each
feature keeps the labels of its own enums (its `labels.LABELS`) and the app factory adds them
here, so this module stays below every feature.
"""

from collections.abc import Mapping
from enum import StrEnum

from flask import Flask
from markupsafe import Markup

from coordinator import vocabulary

# Keyed by (enum class, value): a StrEnum member hashes and compares like its string, so two
# enums sharing a value ("young_person") would otherwise overwrite each other's label.
LABELS: dict[tuple[type[StrEnum], str], object] = {}

_ENUM_GROUP = {enum_cls: group for group, enum_cls in vocabulary.ENUM_GROUPS.items()}


def enum_label(value: StrEnum | None) -> str:
    """Return the interface label of an enum member in the user's language."""
    if value is None:
        return ""
    group = _ENUM_GROUP.get(type(value))
    if group is not None:
        return vocabulary.label(group, value.value)
    return str(LABELS.get((type(value), value.value), value.value))


# How a state reads at a glance: its badge's colour. The label always says it in words too
# (WCAG 1.4.1: colour is never the only cue).
_TONES = {
    "good": {"approved", "active", "matched", "verified", "registered", "accepted"},
    "waiting": {"applicant", "in_screening", "waiting", "in_progress", "pending", "proposed",
                "shortlisted", "chosen", "offered", "waitlisted"},
    "stopped": {"paused", "declined"},
}


def status_badge(value: StrEnum | None, label: str | None = None) -> Markup:
    """A state as a badge: its label in words (or `label`, e.g. the volunteer's own wording),
    coloured by how it reads (see _TONES)."""
    if value is None:
        return Markup("")
    tone = next((tone for tone, values in _TONES.items() if value.value in values), "neutral")
    return Markup('<span class="badge badge-{}">{}</span>').format(
        tone, label if label is not None else enum_label(value)
    )


def choices_for(enum_cls: type[StrEnum]) -> list[tuple[str, str]]:
    """Return (value, label) pairs for a form's choices, in the enum's order."""
    return [(member.value, enum_label(member)) for member in enum_cls]


def register(app: Flask, *feature_labels: Mapping[StrEnum, object]) -> None:
    """Add the features' labels and expose the label helpers to templates."""
    for labels in feature_labels:
        LABELS.update({(type(member), member.value): label for member, label in labels.items()})
    app.jinja_env.globals["enum_label"] = enum_label
    app.jinja_env.globals["status_badge"] = status_badge
