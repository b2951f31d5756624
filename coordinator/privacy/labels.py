"""Danish-first headings for the sections and fields of a data export (the JSON keeps the keys)."""

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from coordinator import vocabulary
from coordinator.i18n import nice_date

LABELS = {
    "profile": _l("Profile"),
    "account": _l("Account"),
    "household": _l("Household"),
    "screening_steps": _l("Screening steps"),
    "child_certificates": _l("Child certificates"),
    "matches": _l("Matches"),
    "meetings": _l("Meetings"),
    "consent": _l("Consent"),
    "consents": _l("Consent"),
    "event_signups": _l("Event sign-ups"),
    "who_has_seen_the_record": _l("Who has seen or changed the record"),
    "referrals": _l("Referrals"),
    "children": _l("Children"),
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "birth_year": _l("Birth year"),
    "postcode": _l("Postcode"),
    "email": _l("E-mail"),
    "phone": _l("Phone"),
    "status": _l("Status"),
    "created_at": _l("Created"),
    "at": _l("When"),
    "who": _l("Who"),
    "action": _l("What"),
    "about": _l("About me"),
    "activity": _l("Activity"),
    "assessment": _l("Assessment"),
    "audit_log": _l("Audit log"),
    "availability": _l("Availability"),
    "capacity": _l("Capacity"),
    "case_notes": _l("Case notes (staff only)"),
    "closure_reason": _l("Closure reason"),
    "completed_on": _l("Completed on"),
    "description_for_volunteer": _l("Description for the volunteer"),
    "display_name": _l("Name"),
    "email_confirmed_at": _l("E-mail confirmed"),
    "end_date": _l("End date"),
    "ended_at": _l("Ended"),
    "event_id": _l("Event number"),
    "friend_bank_status": _l("Friend bank status"),
    "gender": _l("Gender"),
    "given_by": _l("Given by"),
    "given_on": _l("Given on"),
    "giver_name": _l("Name of the one who consented"),
    "helps_with": _l("Helps with"),
    "id": _l("Number"),
    "interests": _l("Interests"),
    "interests_other": _l("Other interests"),
    "kind": _l("Kind"),
    "languages": _l("Languages"),
    "last_login_at": _l("Last sign-in"),
    "lived_experience": _l("Lived experience"),
    "match_type": _l("Match type"),
    "met_on": _l("Met on"),
    "minutes": _l("Minutes"),
    "name": _l("Name"),
    "needs": _l("Needs"),
    "offers": _l("Offers"),
    "phase": _l("Phase"),
    "privacy_consent_at": _l("Privacy notice accepted"),
    "privacy_consent_version": _l("Privacy notice version"),
    "reason": _l("Reason"),
    "received_on": _l("Received on"),
    "recorded_at": _l("Recorded"),
    "requested_on": _l("Requested on"),
    "scope": _l("Scope"),
    "signup_source": _l("Signed up by"),
    "start_date": _l("Start date"),
    "step": _l("Step"),
    "valid_until": _l("Valid until"),
    "value": _l("Value"),
    "verified_at": _l("Verified"),
    "withdrawn_at": _l("Withdrawn"),
    "own_account": _l("Own sign-in"),
    "check_ins": _l("Own check-ins"),
    "signals": _l("Said privately to the coordination unit"),
    "club_proposals": _l("Club activities proposed"),
    "how_was_it": _l("How was it?"),
    "together_well": _l("Are you two getting on well?"),
    "message": _l("Message"),
    "match_id": _l("Match number"),
    "title": _l("Title"),
    "starts_at": _l("Starts at"),
    "location": _l("Where"),
    "handled_at": _l("Handled"),
}


def label(key: str) -> str:
    """The heading of `key`, or the key in words when it has none."""
    found = LABELS.get(key)
    return str(found) if found is not None else key.replace("_", " ").capitalize()


# Fields whose values are keys of a controlled vocabulary: shown by their label, not the key.
FIELD_VOCABULARY = {
    "phase": "phases",
    "match_type": "match_types",
    "offers": "match_types",
    "needs": "needs",
    "helps_with": "needs",
    "interests": "interests",
    "availability": "availability",
    "lived_experience": "lived_experience",
    "step": "screening_steps",
    "closure_reason": "closure_reasons",
    "languages": "languages",
}


def value_text(key: str, value: Any) -> Any:
    """A value of a data export as a reader expects it: vocabulary keys by their label, times
    and dates in the reader's format; anything else unchanged (the JSON keeps the raw values)."""
    group = FIELD_VOCABULARY.get(key)
    if group is not None:
        if isinstance(value, list):
            return ", ".join(vocabulary.label(group, str(item)) for item in value)
        if isinstance(value, str):
            return vocabulary.label(group, value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        # The one date filter of the interface ("10. dec. 2026 kl. 18.00").
        return nice_date(moment.date() if len(value) == 10 else moment)
    return value
