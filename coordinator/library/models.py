"""Guides for volunteers (Markdown written by staff), their versions and acknowledgements."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, utcnow
from coordinator.extensions import Model


class Guide(Model):
    """A guide; its text lives in versions, and the newest version is the one shown."""

    __tablename__ = "guides"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The address (/vejledninger/tavshedspligt); fixed once made, so links keep working.
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # Must be read and acknowledged (each new version again) before the volunteer is matched.
    requires_acknowledgement: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    versions: Mapped[list["GuideVersion"]] = relationship(
        back_populates="guide", cascade="all, delete-orphan", order_by="GuideVersion.number"
    )

    @property
    def current(self) -> "GuideVersion":
        return self.versions[-1]


class GuideVersion(Model):
    """One published text of a guide, in Danish and (optionally) English; never edited."""

    __tablename__ = "guide_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(
        sa.ForeignKey("guides.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    title_da: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    body_da: Mapped[str] = mapped_column(sa.Text)
    body_en: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    guide: Mapped[Guide] = relationship(back_populates="versions")

    __table_args__ = (sa.UniqueConstraint("guide_id", "number"),)


class GuideAcknowledgement(Model):
    """A volunteer confirmed having read and understood one version of a guide."""

    __tablename__ = "guide_acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("guide_versions.id", ondelete="CASCADE"), index=True
    )
    volunteer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    acknowledged_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    version: Mapped[GuideVersion] = relationship()

    __table_args__ = (sa.UniqueConstraint("version_id", "volunteer_id"),)
