"""The one place where database rows become the matching library's plain records and back.

`matching` knows nothing of Flask or SQLAlchemy; this module loads what it needs in a fixed number
of queries, whatever the number of rows, and turns its proposals into things the views can show.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

import matching
from coordinator.ages import age_on
from coordinator.extensions import db
from coordinator.library.services import unacknowledged_volunteer_ids
from coordinator.matches.models import LIVE_STATUSES, Match, MatchStatus
from coordinator.referrals.models import Family, Referral, YoungPerson
from coordinator.volunteers import certificates
from coordinator.volunteers.models import (
    Volunteer,
    VolunteerStatus,
)

MATCHABLE_TYPES = frozenset(matching.MATCH_TYPES)


def certificate_until(volunteer: Volunteer, today: date) -> date | None:
    """The day the volunteer's child-certificate cover ends, or None if anyone lacks one."""
    return certificates.certificate_valid_until(volunteer, today)


def live_match_counts(volunteer_ids: Iterable[int] | None = None) -> dict[int, int]:
    """How many active or paused matches each volunteer has (one query)."""
    query = (
        select(Match.volunteer_id, func.count())
        .where(Match.status.in_(LIVE_STATUSES), Match.volunteer_id.is_not(None))
        .group_by(Match.volunteer_id)
    )
    if volunteer_ids is not None:
        query = query.where(Match.volunteer_id.in_(list(volunteer_ids)))
    return {
        volunteer_id: count
        for volunteer_id, count in db.session.execute(query)
        if volunteer_id is not None  # the where clause says so; this tells the type checker
    }


VOLUNTEER_COLUMNS = (
    Volunteer.id,
    Volunteer.kind,
    Volunteer.birth_year,
    Volunteer.gender,
    Volunteer.postcode,
    Volunteer.languages,
    Volunteer.interests,
    Volunteer.helps_with,
    Volunteer.offers,
    Volunteer.availability,
    Volunteer.capacity,
    Volunteer.status,
    Volunteer.lived_experience,
    Volunteer.about,
)


def _volunteer_rows(*where) -> list[dict[str, Any]]:
    return [row._asdict() for row in db.session.execute(select(*VOLUNTEER_COLUMNS).where(*where))]


def _records(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    ids = [row["id"] for row in rows]
    live = live_match_counts(ids)
    cover = certificates.covers(ids, today)
    # A volunteer who has not acknowledged the current confidentiality and concern guides is
    # not matchable yet (the shortlist says which guides; see library.services).
    unacknowledged = unacknowledged_volunteer_ids(ids)
    return [
        {
            "id": row["id"],
            "kind": row["kind"].value,
            "age": age_on(row["birth_year"], today),
            "gender": row["gender"].value if row["gender"] else None,
            "postcode": row["postcode"],
            "languages": list(row["languages"] or []),
            "interests": list(row["interests"] or []),
            "helps_with": list(row["helps_with"] or []),
            "offers": [offer for offer in row["offers"] or [] if offer in MATCHABLE_TYPES],
            "availability": list(row["availability"] or []),
            "capacity": max(row["capacity"] - live.get(row["id"], 0), 0),
            "screened": row["status"] == VolunteerStatus.APPROVED
            and row["id"] not in unacknowledged,
            "child_certificate_until": cover[row["id"]],
            "lived_experience": list(row["lived_experience"] or []),
            "about": row["about"] or "",
        }
        for row in rows
    ]


def matchable_volunteers(today: date, *, include_full: bool = False) -> list[dict[str, Any]]:
    """Records of every approved volunteer with a free place, in four queries whatever the size.

    With `include_full`, volunteers whose places are all taken are included too (capacity 0).
    """
    rows = _volunteer_rows(Volunteer.status == VolunteerStatus.APPROVED)
    records = _records(sorted(rows, key=lambda row: row["id"]), today)
    return [record for record in records if include_full or record["capacity"] >= 1]


def volunteer_records(volunteer_ids: Iterable[int], today: date) -> dict[int, dict[str, Any]]:
    """Records of the given volunteers whatever their status (for checking a manual choice)."""
    rows = _volunteer_rows(Volunteer.id.in_(list(volunteer_ids)))
    return {record["id"]: record for record in _records(rows, today)}


def records_of(volunteers: Iterable[Volunteer], today: date) -> dict[int, dict[str, Any]]:
    """Records of volunteers already loaded (no second read of their rows): three queries."""
    keys = [column.key for column in VOLUNTEER_COLUMNS]
    rows = [{key: getattr(volunteer, key) for key in keys} for volunteer in volunteers]
    return {record["id"]: record for record in _records(rows, today)}


def seeker_record(referral: Referral, today: date) -> dict[str, Any]:
    """The matcher's view of a referral: the young person or family and what they need."""
    base: dict[str, Any] = {
        "id": referral.id,
        "match_type": referral.match_type.value,
        "needs": list(referral.needs or []),
        "phase": referral.phase.value,
    }
    if referral.young_person is not None:
        person = referral.young_person
        wish = person.volunteer_gender_wish
        return base | {
            "kind": "person",
            "age": age_on(person.birth_year, today),
            "gender": person.gender.value if person.gender else None,
            "postcode": person.postcode,
            "languages": list(person.languages or []),
            "interests": list(person.interests or []),
            "availability": list(person.availability or []),
            "preferences": {"volunteer_gender": wish.value} if wish else {},
            "about": " ".join(filter(None, [person.about, referral.description_for_volunteer])),
        }
    family = referral.family
    assert family is not None  # a referral without a young person is a family's
    ages = [age_on(child.birth_year, today) for child in family.children] or [18]
    wish = family.volunteer_gender_wish
    return base | {
        "kind": "family",
        "age": min(ages),  # the youngest child decides whether a certificate is needed
        "gender": None,
        "postcode": family.postcode,
        "languages": list(family.languages or []),
        "interests": list(family.interests or []),
        "availability": list(family.availability or []),
        "preferences": {"volunteer_gender": wish.value} if wish else {},
        "about": " ".join(filter(None, [family.about, referral.description_for_volunteer])),
    }


def referral_query():
    """Referrals with their young person or family loaded (no per-row queries)."""
    return select(Referral).options(
        selectinload(Referral.young_person),
        selectinload(Referral.family).selectinload(Family.children),
    )


def young_person_record(person: YoungPerson, today: date) -> dict[str, Any]:
    """The friend bank's view of a young person."""
    wish = person.friend_gender_wish
    return {
        "id": person.id,
        "kind": "person",
        "age": age_on(person.birth_year, today),
        "gender": person.gender.value if person.gender else None,
        "postcode": person.postcode,
        "languages": list(person.languages or []),
        "interests": list(person.interests or []),
        "availability": list(person.availability or []),
        "match_type": "friend_bank",
        "preferences": {"friend_gender": wish.value} if wish else {},
        "about": person.about or "",
    }


def declined_pairs(referral_ids: Iterable[int] | None = None) -> set[tuple[int, int]]:
    """(referral, volunteer) pairs never to propose again: declined or discarded after an offer."""
    query = select(Match.referral_id, Match.volunteer_id).where(
        Match.status == MatchStatus.DECLINED, Match.referral_id.is_not(None)
    )
    if referral_ids is not None:
        query = query.where(Match.referral_id.in_(list(referral_ids)))
    return {
        (referral_id, volunteer_id)
        for referral_id, volunteer_id in db.session.execute(query)
        if referral_id is not None and volunteer_id is not None
    }


def reasons_to_rows(reasons: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Store reasons as JSON-friendly [code, value] lists."""
    return [[code, value] for code, value in reasons]
