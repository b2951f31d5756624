"""Sessions the server can end: one `UserSession` row per signed-in browser.

Why rows in the database and not Flask-Session on Redis: `make run` must work without Redis, and
the database is already the one thing every process shares; a session check is one indexed
lookup by primary key. The browser's signed cookie keeps only a random token (`SESSION_KEY`);
the row, found by the token's SHA-256, decides whether the token still signs anyone in. Ending a
session is setting `ended_at`, so logout, "log ud alle steder", a password change, deactivation
and a role change take effect on the very next request of every other browser.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request, session
from sqlalchemy import select, update

from coordinator.audit import services as audit
from coordinator.auth.models import User, UserSession
from coordinator.db_types import utcnow
from coordinator.extensions import db

SESSION_KEY = "sid"
# Keys of the cookie session that survive sign-in and sign-out: the chosen interface language,
# and the token of a form kept to be sent again after signing in (drafts.resubmit; the form is
# only ever shown to the account that typed it).
KEPT_KEYS = ("lang", "resubmit_draft")
# last_seen_at is written at most this often, so a busy page does not write on every request.
TOUCH_EVERY = timedelta(seconds=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_timeout(user: User) -> timedelta:
    """How long a session may sit unused: shorter for staff, who see case notes."""
    config = current_app.config
    minutes = config["SESSION_IDLE_MINUTES_STAFF"] if user.is_staff else config[
        "SESSION_IDLE_MINUTES"
    ]
    return timedelta(minutes=minutes)


def may_remember(user: User) -> bool:
    """'Remember me' is for volunteers and contacts; staff sign in every day, on shared PCs."""
    return not user.is_staff


def reset_cookie_session() -> None:
    """Throw away everything in the cookie session but the language (a new session at sign-in)."""
    kept = {key: session[key] for key in KEPT_KEYS if key in session}
    session.clear()
    session.update(kept)


# Set in the cookie session when the identity provider signed the person in: the provider is
# trusted for the second factor (the municipality's login has its own).
VIA_SSO = "via_sso"


def start(user: User, *, remember: bool = False, via_sso: bool = False) -> UserSession:
    """Open a new server-side session for `user` and put its token in a fresh cookie session.

    The old cookie session is discarded first, so a session fixed before sign-in is worthless.
    """
    now = utcnow()
    remember = remember and may_remember(user)
    if remember:
        expires = now + timedelta(days=current_app.config["REMEMBER_DEVICE_DAYS"])
    else:
        expires = now + timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
    token = secrets.token_urlsafe(32)
    row = UserSession(
        token_hash=_hash(token),
        user=user,
        remember=remember,
        user_agent=(request.headers.get("User-Agent") or "")[:200],
        created_at=now,
        last_seen_at=now,
        expires_at=expires,
    )
    db.session.add(row)
    db.session.flush()
    reset_cookie_session()
    session[SESSION_KEY] = token
    if via_sso:
        session[VIA_SSO] = True
    # A remembered device keeps its cookie after the browser closes; any other does not.
    session.permanent = remember
    return row


def current_token_hash() -> str | None:
    token = session.get(SESSION_KEY)
    return _hash(token) if isinstance(token, str) and token else None


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _is_live(row, user: User, now: datetime) -> bool:
    """Whether a session row (a model or a result row) still signs `user` in at `now`."""
    if row.ended_at is not None or _aware(row.expires_at) <= now:
        return False
    # A remembered device is kept alive by use until it expires; others time out when idle.
    return row.remember or now - _aware(row.last_seen_at) < idle_timeout(user)


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user only while the cookie's server session is live.

    The user and the session row are read in one statement of the request's own transaction;
    `last_seen_at` is updated (at most once a minute) on a short connection of its own, so a
    GET that never commits still keeps its session alive and the request's transaction is left
    untouched (one commit per request).
    """
    token_hash = current_token_hash()
    if token_hash is None or not user_id.isdigit() or int(user_id) > 2**31 - 1:
        return None
    now = utcnow()
    row = db.session.execute(
        select(User, UserSession.id, UserSession.remember, UserSession.last_seen_at,
               UserSession.expires_at, UserSession.ended_at)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == token_hash, User.id == int(user_id))
    ).first()
    if row is None:
        return None
    user = row.User
    if not user.active or not _is_live(row, user, now):
        return None
    if now - _aware(row.last_seen_at) >= TOUCH_EVERY:
        with db.engine.begin() as connection:
            connection.execute(
                update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now)
            )
    return user


def end_current(user: User) -> None:
    """End this browser's server session (sign-out)."""
    token_hash = current_token_hash()
    if token_hash is not None:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == token_hash, UserSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_all(user: User, *, keep_current: bool = False, reason: str, actor: User | None = None
            ) -> int:
    """End every session of `user` (or every other one), recorded in the audit log.

    Returns how many live sessions were ended.
    """
    condition = [UserSession.user_id == user.id, UserSession.ended_at.is_(None)]
    token_hash = current_token_hash() if keep_current else None
    if token_hash is not None:
        condition.append(UserSession.token_hash != token_hash)
    result = db.session.execute(update(UserSession).where(*condition).values(ended_at=utcnow()))
    ended: int = result.rowcount  # type: ignore[attr-defined]  # a DML result is a CursorResult
    audit.record(actor if actor is not None else user, "auth.sessions_ended", subject=user,
                 detail={"reason": reason, "count": ended})
    return ended


def live_sessions(user: User) -> list[UserSession]:
    """The user's devices that still sign in, newest first (the account page's list)."""
    now = utcnow()
    rows = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None),
               UserSession.expires_at > now)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).all()
    return [row for row in rows if _is_live(row, user, now)]


def is_current(row: UserSession) -> bool:
    return row.token_hash == current_token_hash()


def purge_expired(before: datetime) -> int:
    """Delete rows that can no longer sign anyone in (called by the daily job)."""
    result = db.session.execute(
        sa.delete(UserSession).where(
            sa.or_(UserSession.expires_at < before, UserSession.ended_at < before)
        )
    )
    purged: int = result.rowcount  # type: ignore[attr-defined]  # a DML result is a CursorResult
    return purged
