"""Interface labels of the matches' states (see coordinator.labels), and the volunteer's own
wording of them."""

from flask_babel import lazy_gettext as _l

from coordinator.labels import enum_label
from coordinator.matches.models import FollowUpTrack, MatchStatus

LABELS = {
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
}

# The same states as the volunteer reads them about themself: in the second person.
VOLUNTEER_MATCH_LABELS = {
    MatchStatus.CHOSEN: _l("The family has chosen you"),
    MatchStatus.OFFERED: _l("Waiting for your answer"),
    MatchStatus.ACCEPTED: _l("You have said yes"),
    MatchStatus.DECLINED: _l("You have said no"),
}


def volunteer_match_label(status: MatchStatus) -> str:
    """A match's state as the volunteer in it reads it ("Du har takket ja")."""
    return str(VOLUNTEER_MATCH_LABELS.get(status) or enum_label(status))
