"""Young people, families, the caseworkers' referrals and the consent behind each.

No CPR number is ever stored: a person is known by first name, birth year and postcode.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, Tags, enum_type, utcnow
from coordinator.extensions import Model
from coordinator.vocabulary import MatchType, Phase
from coordinator.volunteers.models import Gender

if TYPE_CHECKING:
    from coordinator.auth.models import User


class FriendBankStatus(StrEnum):
    PENDING = "pending"  # signed up, waiting for a coordinator to verify
    VERIFIED = "verified"  # in the pool
    LEFT = "left"


class SignupSource(StrEnum):
    SELF = "self"
    CASEWORKER = "caseworker"


class ReferralStatus(StrEnum):
    WAITING = "waiting"
    IN_PROGRESS = "in_progress"  # a shortlist or offer is under way
    MATCHED = "matched"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class ConsentGiver(StrEnum):
    CUSTODY_HOLDER = "custody_holder"
    YOUNG_PERSON = "young_person"


class YoungPerson(Model):
    __tablename__ = "young_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(sa.String(80))
    birth_year: Mapped[int]
    gender: Mapped[Gender | None] = mapped_column(enum_type(Gender))
    postcode: Mapped[str] = mapped_column(sa.String(4), index=True)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    # A public sign-up must leave a way to reach the young person: a confirmed e-mail or a phone.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    phase: Mapped[Phase | None] = mapped_column(enum_type(Phase))
    interests: Mapped[list[str]] = mapped_column(Tags, default=list)
    languages: Mapped[list[str]] = mapped_column(Tags, default=list)
    availability: Mapped[list[str]] = mapped_column(Tags, default=list)
    volunteer_gender_wish: Mapped[Gender | None] = mapped_column(enum_type(Gender))
    friend_gender_wish: Mapped[Gender | None] = mapped_column(enum_type(Gender))
    about: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    friend_bank_status: Mapped[FriendBankStatus | None] = mapped_column(
        enum_type(FriendBankStatus), index=True
    )
    signup_source: Mapped[SignupSource | None] = mapped_column(enum_type(SignupSource))
    signed_up_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    verified_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    verified_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    # The young person's own sign-in (from age 15), if they have one.
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )

    referrals: Mapped[list["Referral"]] = relationship(back_populates="young_person")
    consents: Mapped[list["Consent"]] = relationship(back_populates="young_person")


class Family(Model):
    """A family referred for parent or family support; its children are listed by first name."""

    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))  # e.g. "Sara og børnene"
    postcode: Mapped[str] = mapped_column(sa.String(4), index=True)
    interests: Mapped[list[str]] = mapped_column(Tags, default=list)
    languages: Mapped[list[str]] = mapped_column(Tags, default=list)
    availability: Mapped[list[str]] = mapped_column(Tags, default=list)
    volunteer_gender_wish: Mapped[Gender | None] = mapped_column(enum_type(Gender))
    about: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    anonymised_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    children: Mapped[list["FamilyChild"]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="FamilyChild.id"
    )
    referrals: Mapped[list["Referral"]] = relationship(back_populates="family")


class FamilyChild(Model):
    __tablename__ = "family_children"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        sa.ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    first_name: Mapped[str] = mapped_column(sa.String(80))
    birth_year: Mapped[int]

    family: Mapped[Family] = relationship(back_populates="children")


class Referral(Model):
    """A caseworker's request for a volunteer match for one young person or one family."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    caseworker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    young_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    phase: Mapped[Phase] = mapped_column(enum_type(Phase))
    match_type: Mapped[MatchType] = mapped_column(enum_type(MatchType))
    needs: Mapped[list[str]] = mapped_column(Tags, default=list)
    status: Mapped[ReferralStatus] = mapped_column(
        enum_type(ReferralStatus), default=ReferralStatus.WAITING, index=True
    )
    description_for_volunteer: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    case_notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")  # staff only
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, onupdate=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    caseworker: Mapped["User"] = relationship()
    young_person: Mapped[YoungPerson | None] = relationship(back_populates="referrals")
    family: Mapped[Family | None] = relationship(back_populates="referrals")
    consents: Mapped[list["Consent"]] = relationship(back_populates="referral")

    __table_args__ = (
        sa.CheckConstraint(
            "(young_person_id IS NULL) <> (family_id IS NULL)", name="one_seeker"
        ),
    )

    @property
    def seeker(self) -> "YoungPerson | Family":
        """The young person or the family referred (every referral has exactly one)."""
        seeker = self.young_person or self.family
        if seeker is None:
            raise LookupError(f"referral {self.id} has neither a young person nor a family")
        return seeker


class Consent(Model):
    """Who consented, when, to what, and where the signed form is kept."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    young_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    given_by: Mapped[ConsentGiver] = mapped_column(enum_type(ConsentGiver))
    giver_name: Mapped[str] = mapped_column(sa.String(120))
    given_on: Mapped[date]
    scope: Mapped[str] = mapped_column(sa.Text)
    form_location: Mapped[str | None] = mapped_column(sa.String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    referral: Mapped[Referral | None] = relationship(back_populates="consents")
    young_person: Mapped[YoungPerson | None] = relationship(back_populates="consents")
