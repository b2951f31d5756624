"""Volunteers, their households and their screening."""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, Tags, enum_type, utcnow
from coordinator.extensions import Model
from coordinator.vocabulary import ScreeningStepKind

if TYPE_CHECKING:
    from coordinator.auth.models import User
    from coordinator.organisations.models import PartnerOrganisation


class VolunteerKind(StrEnum):
    PERSON = "person"
    FAMILY = "family"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class VolunteerStatus(StrEnum):
    """Derived from screening and the volunteer's own choices; only APPROVED reaches the matcher."""

    APPLICANT = "applicant"
    IN_SCREENING = "in_screening"
    APPROVED = "approved"
    PAUSED = "paused"
    ENDED = "ended"
    # A coordinator's decisions; both keep the volunteer away from the matcher.
    REJECTED = "rejected"
    ON_HOLD = "on_hold"


class CertificateAssessment(StrEnum):
    NO_REMARKS = "no_remarks"
    REMARKS_SUITABLE = "remarks_suitable"
    NOT_SUITABLE = "not_suitable"


class Volunteer(Model):
    __tablename__ = "volunteers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    kind: Mapped[VolunteerKind] = mapped_column(enum_type(VolunteerKind))
    first_name: Mapped[str] = mapped_column(sa.String(80))
    last_name: Mapped[str] = mapped_column(sa.String(80))
    birth_year: Mapped[int]
    gender: Mapped[Gender | None] = mapped_column(enum_type(Gender))
    postcode: Mapped[str] = mapped_column(sa.String(4), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    languages: Mapped[list[str]] = mapped_column(Tags, default=list)
    interests: Mapped[list[str]] = mapped_column(Tags, default=list)
    interests_other: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    helps_with: Mapped[list[str]] = mapped_column(Tags, default=list)
    offers: Mapped[list[str]] = mapped_column(Tags, default=list)
    availability: Mapped[list[str]] = mapped_column(Tags, default=list)
    capacity: Mapped[int] = mapped_column(default=1, server_default="1")
    lived_experience: Mapped[list[str]] = mapped_column(Tags, default=list)
    about: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("partner_organisations.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[VolunteerStatus] = mapped_column(
        enum_type(VolunteerStatus), default=VolunteerStatus.APPLICANT, index=True
    )
    paused_until: Mapped[date | None]
    ended_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    # The coordinator's screening decisions (see services.decide); the notes are staff only.
    rejected_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(sa.String(40))
    on_hold_until: Mapped[date | None] = mapped_column(index=True)
    end_reason: Mapped[str | None] = mapped_column(sa.String(40))
    decision_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    privacy_consent_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    privacy_consent_version: Mapped[str | None] = mapped_column(sa.String(20))
    calendar_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # Set by the retention job when the person's details were removed (the row stays for figures).
    anonymised_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped["User | None"] = relationship(back_populates="volunteer")
    organisation: Mapped["PartnerOrganisation | None"] = relationship(
        back_populates="volunteers"
    )
    household: Mapped[list["HouseholdMember"]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", order_by="HouseholdMember.id"
    )
    screening_steps: Mapped[list["ScreeningStep"]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan"
    )
    certificates: Mapped[list["ChildCertificate"]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan"
    )

    __table_args__ = (sa.CheckConstraint("capacity >= 0", name="capacity_not_negative"),)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def __repr__(self) -> str:
        return f"<Volunteer {self.id} {self.status}>"


class HouseholdMember(Model):
    """A member of a volunteer family; from 15 they need their own child certificate."""

    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    first_name: Mapped[str] = mapped_column(sa.String(80))
    birth_year: Mapped[int]

    volunteer: Mapped[Volunteer] = relationship(back_populates="household")
    certificates: Mapped[list["ChildCertificate"]] = relationship(
        back_populates="household_member"
    )


class ScreeningStep(Model):
    """One completed screening step, with who recorded it and when."""

    __tablename__ = "screening_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[ScreeningStepKind] = mapped_column(enum_type(ScreeningStepKind))
    completed_on: Mapped[date]
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")  # staff only
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    volunteer: Mapped[Volunteer] = relationship(back_populates="screening_steps")
    recorded_by: Mapped["User | None"] = relationship()

    __table_args__ = (sa.UniqueConstraint("volunteer_id", "step"),)


class ChildCertificate(Model):
    """A child certificate (børneattest) request and its assessment; never the document itself."""

    __tablename__ = "child_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    household_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("household_members.id", ondelete="CASCADE"), index=True
    )
    requested_on: Mapped[date]
    received_on: Mapped[date | None]
    assessment: Mapped[CertificateAssessment | None] = mapped_column(
        enum_type(CertificateAssessment)
    )
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    valid_until: Mapped[date | None] = mapped_column(index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    volunteer: Mapped[Volunteer] = relationship(back_populates="certificates")
    household_member: Mapped[HouseholdMember | None] = relationship(back_populates="certificates")
    recorded_by: Mapped["User | None"] = relationship()
