"""Accounts: authenticate, create, and record sign-ins."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from functools import cache

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from coordinator import locking, mail
from coordinator.audit import services as audit
from coordinator.auth import sessions
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


def is_locked(user: User, now: datetime) -> bool:
    """Whether the account is waiting out a lock after too many wrong passwords."""
    if user.locked_until is None:
        return False
    until = user.locked_until
    if until.tzinfo is None:  # SQLite gives naive values back; they are stored in UTC
        until = until.replace(tzinfo=UTC)
    return until > now


def record_failure(user: User, now: datetime | None = None) -> None:
    """A wrong password or a wrong second-factor code: counted towards the lock."""
    _record_failure(user, now or utcnow())


def _record_failure(user: User, now: datetime) -> None:
    """Count a wrong password; from LOGIN_LOCK_AFTER on, lock for a doubling time and tell the
    owner the first time, so they know someone is guessing (and can reset the password)."""
    config = current_app.config
    user.failed_login_count = (user.failed_login_count or 0) + 1
    beyond = user.failed_login_count - config["LOGIN_LOCK_AFTER"]
    if beyond < 0:
        return
    minutes = min(config["LOGIN_LOCK_MINUTES"] * 2 ** min(beyond, 10), 24 * 60)
    user.locked_until = now + timedelta(minutes=minutes)
    audit.record(None, "auth.account_locked", subject=user,
                 detail={"failures": user.failed_login_count, "minutes": minutes})
    if beyond == 0:
        mail.queue(user.email, "account_locked", locale=user.locale, name=user.name,
                   minutes=minutes)


def authenticate(email: str, password: str, now: datetime | None = None) -> User | None:
    """Return the active user with these credentials, recording the attempt either way.

    A locked account is refused even with the right password, and the caller shows the same
    words as for any failure, so nobody learns whether an address has an account.
    """
    now = now or utcnow()
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_unused_hash(), password)
        audit.record(None, "auth.login_failed", actor_label=normalise_email(email))
        return None
    if is_locked(user, now):
        check_password_hash(_unused_hash(), password)
        audit.record(None, "auth.login_refused_locked", subject=user,
                     actor_label=normalise_email(email))
        return None
    if not user.check_password(password):
        _record_failure(user, now)
        audit.record(user, "auth.login_failed", subject=user)
        return None
    if not user.is_active:
        audit.record(user, "auth.login_failed", subject=user, detail={"inactive": True})
        return None
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = now
    audit.record(user, "auth.login", subject=user)
    return user


def record_two_factor_passed(user: User) -> None:
    """The second factor was right: the count of failed attempts starts again, and the log
    shows this step of signing in."""
    user.failed_login_count = 0
    audit.record(user, "auth.two_factor_passed", subject=user)


def record_two_factor_failed(user: User, now: datetime) -> None:
    """A wrong second-factor code: counted towards the lock like a wrong password, and logged."""
    record_failure(user, now)
    audit.record(user, "auth.two_factor_failed", subject=user)


def record_login_sso(user: User) -> None:
    """A staff user signed in through the municipality's identity provider."""
    user.last_login_at = utcnow()
    audit.record(user, "auth.login_sso", subject=user)


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


# --- passwords: reset by e-mail, change with the current one ---------------------------------

RESET_SALT = "password-reset"


def _password_fingerprint(user: User) -> str:
    """Part of a reset link: it changes with the password, so a link works only once."""
    return hashlib.sha256(f"{user.id}:{user.password_hash}".encode()).hexdigest()[:20]


def _reset_serializer() -> URLSafeTimedSerializer:
    # Its own salt: a signed value made for another purpose (e-mail confirmation) never opens it.
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def password_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"user": user.id, "fp": _password_fingerprint(user)})


def request_password_reset(email: str) -> None:
    """Mail a one-hour, single-use reset link if an active account has this address.

    The caller answers the same either way; only the mailbox's owner learns the result.
    """
    user = find_user_by_email(email)
    if user is None or not user.active:
        audit.record(None, "auth.password_reset_unknown", actor_label=normalise_email(email))
        return
    hours = max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600)
    mail.queue(user.email, "password_reset", locale=user.locale, name=user.name,
               token=password_reset_token(user), hours=hours)
    audit.record(None, "auth.password_reset_requested", subject=user,
                 actor_label=user.email)


class InvalidResetLink(ValueError):
    """The link is forged, expired or already used."""


def user_for_reset_token(token: str) -> User:
    """The account a reset link is for, or `InvalidResetLink`."""
    try:
        data = _reset_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except BadSignature as error:  # SignatureExpired is a BadSignature too
        raise InvalidResetLink from error
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise InvalidResetLink
    user = db.session.get(User, data["user"])
    if user is None or not user.active or data.get("fp") != _password_fingerprint(user):
        raise InvalidResetLink
    return user


def set_new_password(user: User, password: str, *, action: str) -> None:
    """Store a new password, lift any lock and end the user's other sessions."""
    user.set_password(password)
    user.failed_login_count = 0
    user.locked_until = None
    audit.record(user, action, subject=user)
    sessions.end_all(user, keep_current=True, reason=action)
    mail.queue(user.email, "password_changed", locale=user.locale, name=user.name)


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link (which then stops working)."""
    user = user_for_reset_token(token)
    # The link proves the mailbox, so a confirmed address follows (a volunteer who never
    # confirmed can get in this way too).
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    set_new_password(user, password, action="auth.password_reset")
    return user


class WrongPassword(ValueError):
    """The current password given was not right."""


def change_password(user: User, current: str, new: str) -> None:
    """Change the password after checking the current one."""
    if not user.check_password(current):
        audit.record(user, "auth.password_change_failed", subject=user)
        raise WrongPassword
    set_new_password(user, new, action="auth.password_changed")


# --- administration: role and deactivation end the user's sessions ---------------------------


def change_role(actor: User, user: User, role: Role) -> None:
    """Give `user` another role; their sessions end, so no page is seen with the old rights."""
    if user.role == role:
        return
    old = user.role
    user.role = role
    audit.record(actor, "user.role_changed", subject=user,
                 detail={"from": old.value, "to": role.value})
    sessions.end_all(user, reason="user.role_changed", actor=actor)


def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate (every session ends at once) or reactivate an account."""
    if user.active == active:
        return
    user.active = active
    audit.record(actor, "user.reactivated" if active else "user.deactivated", subject=user)
    if not active:
        sessions.end_all(user, reason="user.deactivated", actor=actor)


# --- invitations: an administrator creates a staff or contact account, the person sets a password

INVITE_SALT = "account-invitation"
ADMINISTERED_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.ORGANISATION_CONTACT)


def _invite_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITE_SALT)


def invite(actor: User, *, email: str, name: str, role: Role, locale: str = "da") -> User:
    """Create an account with no usable password and e-mail a link to choose one.

    Raises `EmailTaken`. The link is signed for invitations only, works for INVITATION_MAX_AGE
    seconds and once (it carries a fingerprint of the unusable password it replaces).
    """
    if role not in ADMINISTERED_ROLES:
        raise ValueError(role)
    user = User(email=normalise_email(email), name=name, role=role, locale=locale)
    # A password nobody knows: the account is usable only through the invitation link.
    user.set_password(secrets.token_urlsafe(32))
    user.email_confirmed_at = None
    add_user(user)
    token = _invite_serializer().dumps({"user": user.id, "fp": _password_fingerprint(user)})
    days = max(1, current_app.config["INVITATION_MAX_AGE"] // 86400)
    mail.queue(user.email, "invitation", locale=locale, name=name, token=token, days=days,
               inviter=actor.name)
    audit.record(actor, "user.invited", subject=user, detail={"role": role.value})
    return user


def user_for_invitation(token: str) -> User:
    """The account an invitation link is for, or `InvalidResetLink`."""
    try:
        data = _invite_serializer().loads(
            token, max_age=current_app.config["INVITATION_MAX_AGE"]
        )
    except BadSignature as error:
        raise InvalidResetLink from error
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise InvalidResetLink
    user = db.session.get(User, data["user"])
    if user is None or not user.active or data.get("fp") != _password_fingerprint(user):
        raise InvalidResetLink
    return user


def accept_invitation(token: str, password: str) -> User:
    """Set the invited person's password (the link then stops working)."""
    user = user_for_invitation(token)
    user.email_confirmed_at = utcnow()
    user.set_password(password)
    audit.record(user, "user.invitation_accepted", subject=user)
    return user


# --- e-mail change: confirmed at the new address, told to the old one ---------------------------

EMAIL_CHANGE_SALT = "email-change"


def _email_change_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=EMAIL_CHANGE_SALT)


def request_email_change(user: User, new_email: str, password: str) -> None:
    """Send a confirmation link to the new address (after checking the password).

    If the new address already has an account, that account's holder is told instead, and the
    caller answers the same: the form must not reveal who has an account.
    """
    if not user.check_password(password):
        audit.record(user, "auth.email_change_failed", subject=user)
        raise WrongPassword
    new_email = normalise_email(new_email)
    other = find_user_by_email(new_email)
    if other is not None:
        if other.id != user.id:
            mail.queue(other.email, "signup_attempt", locale=other.locale, name=other.name)
        audit.record(user, "auth.email_change_to_taken_address", subject=user)
        return
    token = _email_change_serializer().dumps({"user": user.id, "old": user.email,
                                              "new": new_email})
    hours = max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600)
    mail.queue(new_email, "email_change", locale=user.locale, name=user.name, token=token,
               hours=hours)
    audit.record(user, "auth.email_change_requested", subject=user)


def confirm_email_change(token: str) -> User:
    """Move the account to the new address; the old one is told. A link works once."""
    try:
        data = _email_change_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except BadSignature as error:
        raise InvalidResetLink from error
    if not isinstance(data, dict) or not all(
        isinstance(data.get(key), str) for key in ("old", "new")
    ) or not isinstance(data.get("user"), int):
        raise InvalidResetLink
    locking.begin_write()
    user = db.session.get(User, data["user"])
    # Once moved, the account's address is no longer `old`: the link cannot be used again.
    if user is None or not user.active or user.email != data["old"]:
        raise InvalidResetLink
    if find_user_by_email(data["new"]) is not None:
        raise InvalidResetLink
    user.email = data["new"]
    user.email_confirmed_at = utcnow()
    db.session.flush()
    mail.queue(data["old"], "email_changed", locale=user.locale, name=user.name,
               new_email=data["new"])
    audit.record(user, "auth.email_changed", subject=user,
                 detail={"from": data["old"], "to": data["new"]})
    return user
