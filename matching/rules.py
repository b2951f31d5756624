"""The hard rules: never broken by :func:`matching.propose`, :func:`matching.assign` or
:func:`matching.pair_friends`.

:func:`eligibility` checks one seeker/volunteer pair in plain Python and returns the codes of the
rules it breaks; the matcher applies the same rules vectorised (see ``matching.matcher``) and the
tests check that both agree.

Module settings
---------------
CERTIFICATE_FOR_ALL_AGES : bool
    Module default for rule 2. ``False`` (the law): a child certificate (børneattest) is required
    only when the seeker, or the youngest child in a family, is under
    :data:`CERTIFICATE_AGE_LIMIT`. Every public function also takes
    ``certificate_for_all_ages=None``, meaning "use this module default".
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from .records import Person, validate_seekers, validate_volunteers

__all__ = [
    "ADULT_AGE",
    "CERTIFICATE_AGE_LIMIT",
    "crosses_adulthood",
    "CERTIFICATE_FOR_ALL_AGES",
    "ELIGIBILITY_CODES",
    "PEER_MENTOR_AGE",
    "eligibility",
]

#: Module default for rule 2 (see module docstring).
CERTIFICATE_FOR_ALL_AGES = False
#: A child certificate is needed when the person served is younger than this.
CERTIFICATE_AGE_LIMIT = 15
#: Volunteers must be at least this old (every match type except ``young_to_young`` peers, which
#: also need it, see :data:`PEER_MENTOR_AGE`).
ADULT_AGE = 18


def crosses_adulthood(age_a: float, age_b: float) -> bool:
    """Whether two people are on each side of 18: a minor paired with an adult.

    Examples
    --------
    >>> crosses_adulthood(17, 18), crosses_adulthood(16, 17), crosses_adulthood(19, 22)
    (True, False, False)
    """
    return min(age_a, age_b) < ADULT_AGE <= max(age_a, age_b)


#: Inclusive age range of a ``young_to_young`` (formerly placed) peer mentor.
PEER_MENTOR_AGE = (18, 30)

#: Codes returned by :func:`eligibility`, in the order they are checked, with their meaning.
ELIGIBILITY_CODES: dict[str, str] = {
    "not_screened": "the volunteer is not fully screened (rule 1)",
    "no_capacity": "the volunteer has no free place (capacity < 1) (rule 1)",
    "certificate_missing": "a child certificate is required and the volunteer has none (rule 2)",
    "certificate_expired": "a child certificate is required and it has expired on `today` (rule 2)",
    "match_type_not_offered": "the seeker's match type is not in the volunteer's offers (rule 3)",
    "lived_experience_missing": "young_to_young needs formerly_placed, parent_to_parent needs "
    "parent_of_placed_child (rule 4)",
    "not_adult": "the volunteer is under 18 (rule 4)",
    "peer_age_out_of_range": "a young_to_young volunteer must be 18-30 (rule 4)",
    "gender_preference": "the seeker's volunteer_gender preference is not met (rule 5)",
    "blocked": "the pair is in `blocked` (rule 5)",
    "friend_bank_not_volunteer_match": "friend_bank seekers are paired with each other "
    "(pair_friends), never with a volunteer",
}


def resolve_certificate_setting(value: bool | None) -> bool:
    """Return ``value`` or, when it is ``None``, the module default."""
    return CERTIFICATE_FOR_ALL_AGES if value is None else bool(value)


def needs_certificate(seeker: Person, for_all_ages: bool) -> bool:
    """Whether rule 2 asks for a valid child certificate for this seeker."""
    return for_all_ages or seeker.age < CERTIFICATE_AGE_LIMIT


def pair_violations(
    seeker: Person, volunteer: Person, today: _dt.date, for_all_ages: bool
) -> tuple[str, ...]:
    """Hard-rule codes for validated records (internal, see :func:`eligibility`)."""
    codes = []
    if not volunteer.screened:
        codes.append("not_screened")
    if volunteer.capacity < 1:
        codes.append("no_capacity")
    if needs_certificate(seeker, for_all_ages):
        until = volunteer.child_certificate_until
        if until is None:
            codes.append("certificate_missing")
        elif until < today:
            codes.append("certificate_expired")
    match_type = seeker.match_type
    if match_type not in volunteer.offers:
        codes.append("match_type_not_offered")
    lived = volunteer.lived_experience
    if match_type == "young_to_young" and "formerly_placed" not in lived:
        codes.append("lived_experience_missing")
    if match_type == "parent_to_parent" and "parent_of_placed_child" not in lived:
        codes.append("lived_experience_missing")
    if volunteer.age < ADULT_AGE:
        codes.append("not_adult")
    elif match_type == "young_to_young" and volunteer.age > PEER_MENTOR_AGE[1]:
        codes.append("peer_age_out_of_range")
    if seeker.volunteer_gender and volunteer.gender not in seeker.volunteer_gender:
        codes.append("gender_preference")
    if match_type == "friend_bank":
        codes.append("friend_bank_not_volunteer_match")
    return tuple(codes)


def eligibility(
    seeker: Mapping[str, Any],
    volunteer: Mapping[str, Any],
    *,
    today: _dt.date | None = None,
    certificate_for_all_ages: bool | None = None,
    blocked: bool = False,
) -> tuple[str, ...]:
    """Codes of the hard rules a seeker/volunteer pair breaks; empty means eligible.

    Use it to validate a coordinator's manual choice or to explain a supply gap ("boys waiting
    for a male volunteer": count seekers whose every volunteer fails only ``gender_preference``).

    Parameters
    ----------
    seeker, volunteer : Mapping
        Plain records (see ``matching/README.md``); they are validated.
    today : datetime.date, optional
        The day a child certificate must be valid on (default: today).
    certificate_for_all_ages : bool, optional
        Require a child certificate whatever the seeker's age; ``None`` uses
        :data:`CERTIFICATE_FOR_ALL_AGES`.
    blocked : bool, default False
        Whether the caller has blocked this pair; adds the code ``"blocked"``.

    Returns
    -------
    tuple of str
        Codes from :data:`ELIGIBILITY_CODES`, in that order.

    Raises
    ------
    ValueError
        If a record is invalid (the message names the id and the field).

    Examples
    --------
    >>> import datetime
    >>> seeker = {"id": 1, "age": 12, "match_type": "mentor"}
    >>> volunteer = {"id": 2, "age": 40, "offers": ["mentor"], "capacity": 1,
    ...              "screened": True, "child_certificate_until": datetime.date(2030, 1, 1)}
    >>> eligibility(seeker, volunteer, today=datetime.date(2025, 1, 1))
    ()
    >>> eligibility(seeker, dict(volunteer, screened=False, child_certificate_until=None),
    ...             today=datetime.date(2025, 1, 1))
    ('not_screened', 'certificate_missing')
    """
    (s,) = validate_seekers([seeker])
    (v,) = validate_volunteers([volunteer])
    today = today or _dt.date.today()
    codes = pair_violations(s, v, today, resolve_certificate_setting(certificate_for_all_ages))
    return (*codes, "blocked") if blocked else codes
