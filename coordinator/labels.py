"""Interface labels for the states and categories kept as enums in code.

The vocabulary groups (phases, needs, ...) have their labels in the vocabulary file; the
workflow states below are the app's own, so their labels live in the translation catalogs.
"""

from enum import StrEnum

from flask import Flask
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from coordinator import vocabulary
from coordinator.auth.models import Role
from coordinator.events.models import SignupStatus
from coordinator.matches.models import FollowUpTrack, MatchStatus
from coordinator.referrals.models import ConsentGiver, FriendBankStatus, ReferralStatus
from coordinator.volunteers.models import (
    CertificateAssessment,
    Gender,
    VolunteerKind,
    VolunteerStatus,
)

LABELS: dict[StrEnum, object] = {
    Role.ADMIN: _l("Administrator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.CASEWORKER: _l("Caseworker"),
    Role.VOLUNTEER: _l("Volunteer"),
    Role.ORGANISATION_CONTACT: _l("Organisation contact"),
    VolunteerStatus.APPLICANT: _l("Applicant"),
    VolunteerStatus.IN_SCREENING: _l("In screening"),
    VolunteerStatus.APPROVED: _l("Approved"),
    VolunteerStatus.PAUSED: _l("Paused"),
    VolunteerStatus.ENDED: _l("Ended"),
    VolunteerStatus.REJECTED: _l("Rejected"),
    VolunteerStatus.ON_HOLD: _l("On hold"),
    VolunteerKind.PERSON: _l("On my own"),
    VolunteerKind.FAMILY: _l("As a family"),
    Gender.FEMALE: _l("Female"),
    Gender.MALE: _l("Male"),
    Gender.OTHER: _l("Other"),
    CertificateAssessment.NO_REMARKS: _l("No remarks"),
    CertificateAssessment.REMARKS_SUITABLE: _l("Remarks, assessed suitable"),
    CertificateAssessment.NOT_SUITABLE: _l("Not suitable"),
    ReferralStatus.WAITING: _l("Waiting for a match"),
    ReferralStatus.IN_PROGRESS: _l("Match under way"),
    ReferralStatus.MATCHED: _l("Matched"),
    ReferralStatus.CLOSED: _l("Closed"),
    ReferralStatus.WITHDRAWN: _l("Withdrawn"),
    ConsentGiver.CUSTODY_HOLDER: _l("Custody holder"),
    ConsentGiver.YOUNG_PERSON: _l("The young person (15 or older)"),
    FriendBankStatus.PENDING: _l("Waiting for verification"),
    FriendBankStatus.VERIFIED: _l("Verified"),
    FriendBankStatus.LEFT: _l("Has left"),
    MatchStatus.PROPOSED: _l("Proposed"),
    MatchStatus.SHORTLISTED: _l("Shortlisted"),
    MatchStatus.CHOSEN: _l("Chosen by the family"),
    MatchStatus.OFFERED: _l("Offered to the volunteer"),
    MatchStatus.ACCEPTED: _l("Accepted by the volunteer"),
    MatchStatus.DECLINED: _l("Declined"),
    MatchStatus.ACTIVE: _l("Active"),
    MatchStatus.PAUSED: _l("Paused"),
    MatchStatus.CLOSED: _l("Closed"),
    MatchStatus.DISCARDED: _l("Discarded"),
    FollowUpTrack.VOLUNTEER: _l("Volunteer"),
    FollowUpTrack.YOUNG_PERSON: _l("Young person or family"),
    FollowUpTrack.CAREGIVER: _l("Caregiver"),
    SignupStatus.REGISTERED: _l("Registered"),
    SignupStatus.WAITLISTED: _l("On the waiting list"),
    SignupStatus.CANCELLED: _l("Cancelled"),
}

# The same states as the volunteer reads them about themself: in the second person.
VOLUNTEER_MATCH_LABELS = {
    MatchStatus.CHOSEN: _l("The family has chosen you"),
    MatchStatus.OFFERED: _l("Waiting for your answer"),
    MatchStatus.ACCEPTED: _l("You have said yes"),
    MatchStatus.DECLINED: _l("You have said no"),
}

_ENUM_GROUP = {enum_cls: group for group, enum_cls in vocabulary.ENUM_GROUPS.items()}


def enum_label(value: StrEnum | None) -> str:
    """Return the interface label of an enum member in the user's language."""
    if value is None:
        return ""
    group = _ENUM_GROUP.get(type(value))
    if group is not None:
        return vocabulary.label(group, value.value)
    return str(LABELS.get(value, value.value))


def volunteer_match_label(status: MatchStatus) -> str:
    """A match's state as the volunteer in it reads it ("Du har takket ja")."""
    return str(VOLUNTEER_MATCH_LABELS.get(status) or enum_label(status))


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


def register(app: Flask) -> None:
    """Expose the label helper to templates."""
    app.jinja_env.globals["enum_label"] = enum_label
    app.jinja_env.globals["volunteer_match_label"] = volunteer_match_label
    app.jinja_env.globals["status_badge"] = status_badge
