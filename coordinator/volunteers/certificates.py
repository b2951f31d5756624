"""The one child-certificate rule: who needs one, which record counts, and its state today.

The matcher adapter, the knowledge bank, the daily reminders, the screening warnings, the
organisation's and the volunteer's pages all ask this module, so they cannot disagree:

- the volunteer and every household member aged 15 or more need an accepted certificate;
- per person the newest *answered* record counts (a renewal replaces the old one; a renewal
  that was only requested does not undo a certificate that is still valid);
- a volunteer's cover ends on the earliest valid-until date among those people;
- the cover is EXPIRED after that day, RUNNING_OUT within the configured warning days
  (``CERTIFICATE_EXPIRY_WARNING_DAYS``), VALID before, MISSING when anyone lacks one.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from flask import current_app
from sqlalchemy import Select, select

from coordinator.ages import age_on
from coordinator.extensions import db
from coordinator.volunteers.models import (
    CertificateAssessment,
    ChildCertificate,
    HouseholdMember,
    Volunteer,
    VolunteerStatus,
)

# From this age a household member needs their own child certificate.
CERTIFICATE_AGE = 15
# Volunteers whose certificates the unit keeps an eye on (an ended or rejected one is left alone).
WATCHED_STATUSES = (VolunteerStatus.APPROVED, VolunteerStatus.PAUSED)


class CertificateState(StrEnum):
    """What a volunteer's certificate cover is today."""

    MISSING = "missing"
    VALID = "valid"
    RUNNING_OUT = "running_out"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Cover:
    """A volunteer's certificate cover: the day it ends (None if missing) and its state."""

    until: date | None
    state: CertificateState

    @property
    def needs_renewal(self) -> bool:
        return self.state in (CertificateState.RUNNING_OUT, CertificateState.EXPIRED)


def warning_days() -> int:
    """How many days before the end a certificate counts as running out (configured)."""
    return int(current_app.config["CERTIFICATE_EXPIRY_WARNING_DAYS"])


def state_of(until: date | None, today: date, days: int | None = None) -> CertificateState:
    """The state of a cover that ends on `until`, seen on `today`."""
    if until is None:
        return CertificateState.MISSING
    if until < today:
        return CertificateState.EXPIRED
    if until <= today + timedelta(days=warning_days() if days is None else days):
        return CertificateState.RUNNING_OUT
    return CertificateState.VALID


def needs_certificate(birth_year: int, today: date) -> bool:
    """Whether a household member of this birth year needs their own certificate."""
    return age_on(birth_year, today) >= CERTIFICATE_AGE


def certificate_holders(volunteer: Volunteer, today: date) -> list[HouseholdMember | None]:
    """Who needs a child certificate: the volunteer (None) and household members aged 15+."""
    members = [m for m in volunteer.household if needs_certificate(m.birth_year, today)]
    return [None, *members]


def newest_first(certificate: Any) -> tuple:
    """Sort key for certificate records of one person: the newest request, then answer, wins."""
    return (certificate.requested_on, certificate.received_on or date.min, certificate.id or 0)


def decisive_first(certificate: Any) -> tuple:
    """Sort key for deciding cover: an answered certificate outranks an open request, so a
    routine renewal request does not undo a certificate that is still valid."""
    return (certificate.received_on is not None, *newest_first(certificate))


def latest_certificate(
    volunteer: Volunteer, holder: HouseholdMember | None, *, key: Any = newest_first
) -> ChildCertificate | None:
    """The newest certificate record (request or answer) for one person (by `key`)."""
    if holder is None:
        records = [c for c in volunteer.certificates
                   if c.household_member_id is None and c.household_member is None]
    else:
        records = [c for c in volunteer.certificates
                   if c.household_member is holder or (
                       holder.id is not None and c.household_member_id == holder.id)]
    if not records:
        return None
    return max(records, key=key)


def certificate_accepted(certificate: Any) -> bool:
    """A certificate counts once it has arrived and was not assessed 'not suitable'."""
    return (
        certificate is not None
        and certificate.received_on is not None
        and certificate.assessment is not None
        and certificate.assessment != CertificateAssessment.NOT_SUITABLE
    )


def certificates_complete(volunteer: Volunteer, today: date) -> bool:
    """Every person who needs a certificate has an accepted one on record."""
    return all(
        certificate_accepted(latest_certificate(volunteer, holder, key=decisive_first))
        for holder in certificate_holders(volunteer, today)
    )


def _earliest(records: Iterable[Any]) -> date | None:
    dates = []
    for record in records:
        if not certificate_accepted(record) or record.valid_until is None:
            return None
        dates.append(record.valid_until)
    return min(dates) if dates else None


def certificate_valid_until(volunteer: Volunteer, today: date) -> date | None:
    """The earliest valid-until date among the required certificates; None if any is missing."""
    return _earliest(
        latest_certificate(volunteer, holder, key=decisive_first)
        for holder in certificate_holders(volunteer, today)
    )


def cover(volunteer: Volunteer, today: date) -> Cover:
    """The volunteer's certificate cover today, from the loaded ORM objects."""
    until = certificate_valid_until(volunteer, today)
    return Cover(until, state_of(until, today))


def covers(volunteer_ids: Sequence[int], today: date) -> dict[int, date | None]:
    """Each volunteer's cover end, from two plain queries (no ORM objects: fast at 5,000)."""
    holders: dict[int, list[int | None]] = {vid: [None] for vid in volunteer_ids}
    if not holders:
        return {}
    for member_id, volunteer_id, birth_year in db.session.execute(
        select(HouseholdMember.id, HouseholdMember.volunteer_id, HouseholdMember.birth_year).where(
            HouseholdMember.volunteer_id.in_(list(volunteer_ids))
        )
    ):
        if needs_certificate(birth_year, today):
            holders[volunteer_id].append(member_id)
    decisive: dict[tuple[int, int | None], Any] = {}
    for row in db.session.execute(
        select(
            ChildCertificate.id,
            ChildCertificate.volunteer_id,
            ChildCertificate.household_member_id,
            ChildCertificate.requested_on,
            ChildCertificate.received_on,
            ChildCertificate.assessment,
            ChildCertificate.valid_until,
        ).where(ChildCertificate.volunteer_id.in_(list(volunteer_ids)))
    ):
        key = (row.volunteer_id, row.household_member_id)
        if key not in decisive or decisive_first(row) > decisive_first(decisive[key]):
            decisive[key] = row
    return {
        volunteer_id: _earliest(decisive.get((volunteer_id, person)) for person in people)
        for volunteer_id, people in holders.items()
    }


def ids_in_state(candidates: Select, state: CertificateState, today: date) -> list[int]:
    """The ids among `candidates` (a select of volunteer ids) whose cover is in `state` today.

    Three statements whatever the number of volunteers: the ids, then the two of `covers`.
    """
    ids = list(db.session.scalars(candidates))
    ends = covers(ids, today)
    days = warning_days()
    return [vid for vid in ids if state_of(ends[vid], today, days) == state]


@dataclass(frozen=True)
class Attention:
    """A watched volunteer whose certificate cover runs out soon or has run out."""

    volunteer_id: int
    name: str
    until: date
    state: CertificateState


def needing_renewal(today: date) -> list[Attention]:
    """Watched volunteers whose cover is running out or expired, the earliest end first.

    Three statements whatever the number of volunteers.
    """
    rows = db.session.execute(
        select(Volunteer.id, Volunteer.first_name, Volunteer.last_name).where(
            Volunteer.status.in_(WATCHED_STATUSES)
        )
    ).all()
    ends = covers([row.id for row in rows], today)
    days = warning_days()
    found = []
    for row in rows:
        until = ends[row.id]
        state = state_of(until, today, days)
        if until is not None and state in (CertificateState.RUNNING_OUT,
                                           CertificateState.EXPIRED):
            found.append(Attention(row.id, f"{row.first_name} {row.last_name}", until, state))
    return sorted(found, key=lambda a: (a.until, a.volunteer_id))
