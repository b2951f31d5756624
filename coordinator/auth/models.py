"""Accounts and roles."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from coordinator.db_types import AwareDateTime, enum_type, utcnow
from coordinator.extensions import Model
from coordinator.roles import Role as Role  # defined below the features; kept importable here

if TYPE_CHECKING:
    from coordinator.organisations.models import PartnerOrganisation
    from coordinator.volunteers.models import Volunteer


STAFF_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.CASEWORKER)


class User(UserMixin, Model):
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
    # Wrong passwords in a row; after LOGIN_LOCK_AFTER of them the account waits until
    # `locked_until` (a growing delay), whatever password is tried.
    failed_login_count: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(AwareDateTime)

    # Two-factor sign-in (TOTP): the shared secret, set when the user starts enrolling and in
    # force from `totp_enabled_at`; the last time step used, so one code cannot be replayed.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    sessions: Mapped[list["UserSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    volunteer: Mapped["Volunteer | None"] = relationship(back_populates="user")
    organisation: Mapped["PartnerOrganisation | None"] = relationship(
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
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class UserSession(Model):
    """One signed-in browser (device): the server's record, so the server can end it.

    The browser's signed cookie holds a random token; only its SHA-256 is stored here, so a copy
    of the database cannot be replayed as a session. A row that is ended, idle too long or past
    its absolute lifetime no longer signs anyone in.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # A remembered device lives REMEMBER_DEVICE_DAYS; an ordinary session is ended by the idle
    # timeout and the absolute lifetime.
    remember: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    user: Mapped[User] = relationship(back_populates="sessions")

    def __repr__(self) -> str:
        return f"<UserSession {self.id} user={self.user_id}>"


class RecoveryCode(Model):
    """A one-time code for signing in without the authenticator app; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
