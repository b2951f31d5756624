"""Accounts and roles."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from coordinator.db_types import AwareDateTime, enum_type, utcnow
from coordinator.extensions import db


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    CASEWORKER = "caseworker"
    VOLUNTEER = "volunteer"
    ORGANISATION_CONTACT = "organisation_contact"


STAFF_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.CASEWORKER)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = mapped_column(enum_type(Role), index=True)
    locale: Mapped[str] = mapped_column(sa.String(5), default="da", server_default="da")
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    email_confirmed_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("partner_organisations.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    volunteer: Mapped["Volunteer | None"] = relationship(back_populates="user")  # noqa: F821
    organisation: Mapped["PartnerOrganisation | None"] = relationship(  # noqa: F821
        back_populates="contacts"
    )

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash (Werkzeug's default), never the password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
