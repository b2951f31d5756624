"""Danish-first headings for the sections and fields of a data export (the JSON keeps the keys)."""

from flask_babel import lazy_gettext as _l

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
}


def label(key: str) -> str:
    """The heading of `key`, or the key in words when it has none."""
    found = LABELS.get(key)
    return str(found) if found is not None else key.replace("_", " ").capitalize()
