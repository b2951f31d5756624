"""Accounts: authenticate, create, and record sign-ins."""

import secrets
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from coordinator import locking
from coordinator.audit import services as audit
from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db


@cache
def _unused_hash() -> str:
    """A hash to compare against when the e-mail is unknown, so both failures take as long."""
    return generate_password_hash(secrets.token_hex(16))


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively and without surrounding spaces."""
    return email.strip().lower()


# Where a removed e-mail address was: unique per account, and never deliverable.
ERASED_DOMAIN = "@slettet.invalid"


def erase_login(user: User) -> None:
    """Close an account and replace its e-mail address by an undeliverable placeholder."""
    user.email = f"slettet-{user.id}{ERASED_DOMAIN}"
    user.active = False


def is_erased(user: User) -> bool:
    return user.email.endswith(ERASED_DOMAIN)


def find_user_by_email(email: str) -> User | None:
    """Return the account with this e-mail address, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, recording the attempt either way."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_unused_hash(), password)
        audit.record(None, "auth.login_failed", actor_label=normalise_email(email))
        return None
    if not user.check_password(password) or not user.is_active:
        audit.record(user, "auth.login_failed", subject=user)
        return None
    user.last_login_at = utcnow()
    audit.record(user, "auth.login", subject=user)
    return user


def record_logout(user: User) -> None:
    """Log a sign-out."""
    audit.record(user, "auth.logout", subject=user)


class EmailTaken(ValueError):
    """Another account already uses this e-mail address."""


def add_user(user: User) -> User:
    """Store a new account, or raise `EmailTaken`, even when another sign-up races this one.

    On SQLite the write lock is taken before the e-mail is checked, so two sign-ups check one
    after the other. On PostgreSQL both may pass the check; the unique index then refuses the
    second insert, which is undone alone (a savepoint) and answered as `EmailTaken`.
    """
    locking.begin_write()
    if find_user_by_email(user.email) is not None:
        raise EmailTaken(user.email)
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError as error:
        # By the time the index refuses us, the other insert has committed and can be seen.
        if find_user_by_email(user.email) is None:
            raise
        raise EmailTaken(user.email) from error
    return user


def create_user(*, email: str, name: str, role: Role, password: str, locale: str = "da") -> User:
    """Create a confirmed staff or test account."""
    user = User(email=normalise_email(email), name=name, role=role, locale=locale)
    user.set_password(password)
    user.email_confirmed_at = utcnow()
    add_user(user)
    audit.record(None, "user.created", subject=user, detail={"role": role.value})
    return user
