"""Two-factor sign-in: TOTP (RFC 6238) with an authenticator app, and ten recovery codes.

The QR code is drawn on the server as inline SVG (segno), so the secret never leaves for an
outside service. Recovery codes have 50 random bits each and are kept as SHA-256 hashes; each
works once. A code of the app is accepted once (the last time step used is stored).
"""

import base64
import hashlib
import secrets
from datetime import datetime

import pyotp
import segno
from flask import current_app
from markupsafe import Markup
from sqlalchemy import delete, select

from coordinator.audit import services as audit
from coordinator.auth import sessions
from coordinator.auth.models import RecoveryCode, Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db

ISSUER = "Koordinering"
RECOVERY_CODES = 10


def required_for(user: User) -> bool:
    """Whether this user must use a second factor (staff, when the setting says so)."""
    return current_app.config["STAFF_TWO_FACTOR"] == "required" and user.is_staff


def start_enrolment(user: User) -> str:
    """Give the user a new secret (not yet in force) and return it."""
    if user.totp_secret is None or user.totp_enabled_at is None:
        user.totp_secret = pyotp.random_base32()
    return user.totp_secret


def qr_svg(user: User) -> Markup:
    """The enrolment QR code as inline SVG (no style attributes, so the strict CSP holds)."""
    if user.totp_secret is None:
        raise ValueError("no secret to show: start_enrolment(user) comes first")
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Markup(segno.make(uri, error="m").svg_inline(scale=4))  # noqa: S704 - segno's own SVG


def _verify_totp(user: User, code: str, now: datetime) -> bool:
    if not user.totp_secret:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    # One step either side for clocks that are a little off; a step already used is refused.
    current = int(now.timestamp() // totp.interval)
    for step in (current, current - 1, current + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if secrets.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            return True
    return False


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").lower().encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones, returned once in plain text."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(7)).decode().lower()[:10]
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash(raw)))
    return codes


def _use_recovery_code(user: User, code: str, now: datetime) -> bool:
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = now
    audit.record(user, "auth.recovery_code_used", subject=user)
    return True


def clean_code(code: str) -> str:
    return "".join(code.split()).lower()[:20]


def verify(user: User, code: str, now: datetime | None = None) -> bool:
    """Check a code from the app or a recovery code; each is accepted only once."""
    now = now or utcnow()
    code = clean_code(code)
    if code.isdigit():
        return _verify_totp(user, code, now)
    return _use_recovery_code(user, code, now)


def enable(user: User, code: str) -> list[str] | None:
    """Put the second factor in force if `code` matches the new secret; return recovery codes."""
    if user.totp_secret is None or not _verify_totp(user, clean_code(code), utcnow()):
        return None
    user.totp_enabled_at = utcnow()
    audit.record(user, "auth.two_factor_enabled", subject=user)
    return new_recovery_codes(user)


class CannotReset(PermissionError):
    """This actor may not reset this user's second factor."""


def reset(actor: User, user: User) -> None:
    """Remove a lost second factor: an admin for anyone, a coordinator for a caseworker.

    The user's sessions end; at the next sign-in they enrol again (required for staff).
    """
    allowed = actor.role == Role.ADMIN or (
        actor.role == Role.COORDINATOR and user.role == Role.CASEWORKER
    )
    if not allowed or actor.id == user.id:
        raise CannotReset
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record(actor, "auth.two_factor_reset", subject=user)
    sessions.end_all(user, reason="auth.two_factor_reset", actor=actor)
