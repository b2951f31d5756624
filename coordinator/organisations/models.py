"""Partner organisations and their partnership agreements."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, Tags, utcnow
from coordinator.extensions import Model

if TYPE_CHECKING:
    from coordinator.auth.models import User
    from coordinator.catalogue.models import Offer
    from coordinator.volunteers.models import Volunteer


class PartnerOrganisation(Model):
    __tablename__ = "partner_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(30))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    match_types: Mapped[list[str]] = mapped_column(Tags, default=list)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    volunteers: Mapped[list["Volunteer"]] = relationship(
        back_populates="organisation"
    )
    contacts: Mapped[list["User"]] = relationship(back_populates="organisation")
    agreements: Mapped[list["PartnershipAgreement"]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    offers: Mapped[list["Offer"]] = relationship(back_populates="provider")


class PartnershipAgreement(Model):
    """A written agreement that makes the roles of the organisation and the unit clear."""

    __tablename__ = "partnership_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("partner_organisations.id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    organisation_role: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    unit_role: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    contact_points: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    document_reference: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    organisation: Mapped[PartnerOrganisation] = relationship(back_populates="agreements")
