"""Partner organisations, their agreements, and what an organisation's contact person may see.

An organisation contact is a role of its own (Role.ORGANISATION_CONTACT) whose account names
their organisation (User.organisation_id). They see the screening status of their own
organisation's volunteers and nothing else: every lookup below is scoped to that organisation.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from coordinator import mail
from coordinator.audit import services as audit
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.organisations.models import PartnerOrganisation, PartnershipAgreement
from coordinator.vocabulary import ScreeningStepKind
from coordinator.volunteers import certificates
from coordinator.volunteers.models import Volunteer

REMINDER_DAYS = 60


class NameTaken(ValueError):
    """Another organisation already has this name."""


# --- organisations ------------------------------------------------------------------------------

ORGANISATION_FIELDS = (
    "name",
    "contact_name",
    "contact_email",
    "contact_phone",
    "description",
    "match_types",
    "active",
)
AGREEMENT_FIELDS = (
    "starts_on",
    "ends_on",
    "organisation_role",
    "unit_role",
    "contact_points",
    "document_reference",
)


def list_organisations() -> list[tuple[PartnerOrganisation, int]]:
    """Every organisation with its number of volunteers, active ones first."""
    counts = dict(
        db.session.execute(
            select(Volunteer.organisation_id, func.count())
            .where(Volunteer.organisation_id.is_not(None))
            .group_by(Volunteer.organisation_id)
        ).all()
    )
    organisations = db.session.scalars(
        select(PartnerOrganisation).order_by(
            PartnerOrganisation.active.desc(), PartnerOrganisation.name
        )
    ).all()
    return [(organisation, counts.get(organisation.id, 0)) for organisation in organisations]


def get_organisation(organisation_id: int) -> PartnerOrganisation | None:
    return db.session.get(PartnerOrganisation, organisation_id)


def name_taken(name: str, *, except_id: int | None = None) -> bool:
    query = select(PartnerOrganisation.id).where(
        func.lower(PartnerOrganisation.name) == name.strip().lower()
    )
    if except_id is not None:
        query = query.where(PartnerOrganisation.id != except_id)
    return db.session.scalar(query) is not None


def create_organisation(actor: User, values: dict[str, Any]) -> PartnerOrganisation:
    """Add a partner organisation."""
    if name_taken(values["name"]):
        raise NameTaken(values["name"])
    organisation = PartnerOrganisation()
    _apply(organisation, values, ORGANISATION_FIELDS)
    db.session.add(organisation)
    db.session.flush()
    audit.record(actor, "organisation.created", subject=organisation)
    return organisation


def update_organisation(
    actor: User, organisation: PartnerOrganisation, values: dict[str, Any]
) -> PartnerOrganisation:
    """Change an organisation's details."""
    if name_taken(values["name"], except_id=organisation.id):
        raise NameTaken(values["name"])
    _apply(organisation, values, ORGANISATION_FIELDS)
    db.session.flush()
    audit.record(actor, "organisation.updated", subject=organisation)
    return organisation


def add_agreement(
    actor: User, organisation: PartnerOrganisation, values: dict[str, Any]
) -> PartnershipAgreement:
    """Record a partnership agreement with an organisation."""
    agreement = PartnershipAgreement(organisation=organisation)
    _apply(agreement, values, AGREEMENT_FIELDS)
    db.session.add(agreement)
    db.session.flush()
    audit.record(actor, "agreement.created", subject=agreement)
    return agreement


def update_agreement(
    actor: User, agreement: PartnershipAgreement, values: dict[str, Any]
) -> PartnershipAgreement:
    """Change a partnership agreement (e.g. a renewed period)."""
    _apply(agreement, values, AGREEMENT_FIELDS)
    db.session.flush()
    audit.record(actor, "agreement.updated", subject=agreement)
    return agreement


def get_agreement(
    organisation: PartnerOrganisation, agreement_id: int
) -> PartnershipAgreement | None:
    """The organisation's own agreement, or None (an agreement of another organisation is None)."""
    return db.session.scalar(
        select(PartnershipAgreement).where(
            PartnershipAgreement.id == agreement_id,
            PartnershipAgreement.organisation_id == organisation.id,
        )
    )


def _apply(record: Any, values: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in values:
            setattr(record, name, values[name])


# --- agreements running out ---------------------------------------------------------------------


def agreements_ending(
    today: date, within_days: int = REMINDER_DAYS
) -> Sequence[PartnershipAgreement]:
    """Agreements that end between today and `within_days` from now, soonest first."""
    return db.session.scalars(
        select(PartnershipAgreement)
        .join(PartnershipAgreement.organisation)
        .where(
            PartnershipAgreement.ends_on.is_not(None),
            PartnershipAgreement.ends_on >= today,
            PartnershipAgreement.ends_on <= today + timedelta(days=within_days),
            PartnerOrganisation.active,
        )
        .order_by(PartnershipAgreement.ends_on, PartnershipAgreement.id)
    ).all()


def send_agreement_reminders(today: date, within_days: int = REMINDER_DAYS) -> int:
    """Queue one reminder to every active coordinator listing the agreements running out.

    Returns the number of messages queued (0 when no agreement runs out). The caller commits;
    delivery follows the commit.
    """
    agreements = agreements_ending(today, within_days)
    if not agreements:
        return 0
    coordinators = db.session.scalars(
        select(User).where(User.role == Role.COORDINATOR, User.active).order_by(User.id)
    ).all()
    rows = [
        {
            "organisation": agreement.organisation.name,
            "ends_on": agreement.ends_on,
            # agreements_ending() returns only agreements with an end date
            "days_left": (agreement.ends_on - today).days,  # type: ignore[operator]
            "document_reference": agreement.document_reference or "",
        }
        for agreement in agreements
    ]
    for coordinator in coordinators:
        mail.queue(
            coordinator.email,
            "agreements_ending",
            locale=coordinator.locale,
            name=coordinator.name,
            agreements=rows,
            within_days=within_days,
        )
    for agreement in agreements:
        audit.record(None, "agreement.reminder_sent", subject=agreement, actor_label="cli")
    return len(coordinators)


# --- screening status, as an organisation contact sees it ---------------------------------------


@dataclass(frozen=True)
class ScreeningStatus:
    """What an organisation may know about its volunteer's screening: steps and dates only."""

    volunteer: Volunteer
    steps: dict[ScreeningStepKind, date | None]
    certificate: certificates.Cover

    @property
    def steps_done(self) -> int:
        return sum(1 for done in self.steps.values() if done is not None)


def screening_status(volunteer: Volunteer, today: date | None = None) -> ScreeningStatus:
    """The volunteer's screening steps with their dates and the certificate cover (the one
    rule), never notes or assessments."""
    done = {step.step: step.completed_on for step in volunteer.screening_steps}
    return ScreeningStatus(
        volunteer=volunteer,
        steps={kind: done.get(kind) for kind in ScreeningStepKind},
        certificate=certificates.cover(volunteer, today or date.today()),
    )


def organisation_volunteers(organisation_id: int | None) -> Sequence[Volunteer]:
    if organisation_id is None:
        return []
    return db.session.scalars(
        select(Volunteer)
        .where(Volunteer.organisation_id == organisation_id)
        .order_by(Volunteer.first_name, Volunteer.last_name, Volunteer.id)
    ).all()


def view_organisation(user: User, organisation: PartnerOrganisation) -> list[ScreeningStatus]:
    """The screening status of the organisation's volunteers, for staff; the page shows them,
    so it is logged as a read of those volunteers' records."""
    volunteers = organisation_volunteers(organisation.id)
    statuses = [screening_status(volunteer) for volunteer in volunteers]
    audit.record(
        user,
        "organisation.viewed",
        subject=organisation,
        detail={"volunteers": [volunteer.id for volunteer in volunteers]},
    )
    return statuses


def screening_overview_for(contact: User) -> list[ScreeningStatus]:
    """The screening status of every volunteer of the contact's own organisation."""
    volunteers = organisation_volunteers(contact.organisation_id)
    if contact.organisation is not None:
        audit.record(
            contact,
            "organisation.volunteers_viewed",
            subject=contact.organisation,
            detail={"volunteer_ids": [volunteer.id for volunteer in volunteers]},
        )
    return [screening_status(volunteer) for volunteer in volunteers]


def get_volunteer_for_contact(contact: User, volunteer_id: int) -> Volunteer | None:
    """One volunteer of the contact's own organisation; any other volunteer is None (a 404)."""
    if contact.organisation_id is None:
        return None
    volunteer = db.session.scalar(
        select(Volunteer).where(
            Volunteer.id == volunteer_id, Volunteer.organisation_id == contact.organisation_id
        )
    )
    if volunteer is not None:
        audit.record(contact, "volunteer.screening_viewed", subject=volunteer)
    return volunteer
