"""The offers catalogue: local and national offers to use before, or beside, a volunteer."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, utcnow
from coordinator.extensions import Model

if TYPE_CHECKING:
    from coordinator.organisations.models import PartnerOrganisation


class Offer(Model):
    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    provider_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("partner_organisations.id", ondelete="SET NULL"), index=True
    )
    # A municipal provider is named by the catalogue's committee / segment / main effort.
    committee: Mapped[str | None] = mapped_column(sa.String(120))
    segment: Mapped[str | None] = mapped_column(sa.String(120))
    main_effort: Mapped[str | None] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    target_group: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    for_parents: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    for_professionals: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    contact: Mapped[str | None] = mapped_column(sa.String(300))
    area: Mapped[str | None] = mapped_column(sa.String(120))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true(), index=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    provider: Mapped["PartnerOrganisation | None"] = relationship(
        back_populates="offers"
    )
