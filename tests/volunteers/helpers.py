"""Shared bits of the volunteer tests: a complete, valid sign-up."""

import re

SIGNUP = "/frivillig/tilmeld"


def signup_data(**overrides) -> dict:
    data = {
        "email": "mette@test.example.dk",
        "password": "et-godt-kodeord-2026",
        "password_again": "et-godt-kodeord-2026",
        "first_name": "Mette",
        "last_name": "Hansen",
        "age_or_birth_year": "42",
        "postcode": "2820",
        "phone": "12 34 56 78",
        "gender": "female",
        "languages": ["da", "en"],
        "kind": "person",
        "interests": ["football", "cooking"],
        "interests_other": "Kager",
        "helps_with": ["homework"],
        "offers": ["mentor", "events"],
        "availability": ["weekend"],
        "capacity": "2",
        "organisation_id": "",
        "about": "Jeg kan lide at bage.",
        "privacy_consent": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def confirmation_link(message) -> str:
    body = message.get_body(("plain",)).get_content()
    match = re.search(r"https?://\S+/frivillig/bekraeft/\S+", body)
    assert match, body
    return match.group(0)
