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


STEP_FIELDS = {
    1: ("first_name", "last_name", "age_or_birth_year", "postcode", "phone", "gender",
        "languages"),
    2: ("kind", "member1-first_name", "member1-age"),
    3: ("offers", "helps_with", "interests", "interests_other", "availability", "capacity",
        "lived_experience", "organisation_id", "about"),
    4: ("email", "password", "password_again", "privacy_consent"),
}


def step_data(step: int, go: str = "next", **overrides) -> dict:
    """The fields of one step from the complete sign-up, with `overrides`."""
    full = signup_data(**overrides)
    data = {key: value for key, value in full.items() if key in STEP_FIELDS[step]}
    data.update({key: value for key, value in overrides.items()
                 if value is not None and key in STEP_FIELDS[step]})
    return {**data, "step": str(step), "go": go}


def post_step(client, step: int, go: str = "next", **overrides):
    return client.post(SIGNUP, data=step_data(step, go, **overrides))


def open_signup_step(client, step: int) -> str:
    """Complete the steps before `step` and return that step's page."""
    for earlier in range(1, step):
        assert post_step(client, earlier).status_code == 302, earlier
    return client.get(f"{SIGNUP}?trin={step}").get_data(as_text=True)
