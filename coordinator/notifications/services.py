"""Telling people about events: one function writes the notification and queues the e-mail."""

from collections.abc import Iterable
from typing import Any

from flask import current_app, has_request_context, url_for
from sqlalchemy import Select, func, select, update

from coordinator import mail
from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.notifications.models import Notification


def _path(endpoint: str, values: dict[str, Any]) -> str:
    if not has_request_context():
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            return url_for(endpoint, **values)
    return url_for(endpoint, **values)


def notify(
    users: Iterable[User | None],
    template: str,
    *,
    link: tuple[str, dict[str, Any]],
    concern_id: int | None = None,
    **context: Any,
) -> list[Notification]:
    """Tell each user (once, however often they are listed) about an event.

    Writes a notification whose title is the e-mail's subject in the user's language and whose
    link is `link` (endpoint, values), and queues `emails/<template>` through the outbox, both in
    the caller's transaction. Inactive accounts and None are skipped.
    """
    written = []
    seen: set[int] = set()
    url = _path(*link)
    for user in users:
        if user is None or not user.active or user.id in seen:
            continue
        seen.add(user.id)
        if user.email:
            subject = mail.queue(user.email, template, locale=user.locale,
                                 concern_id=concern_id, recipient=user, **context).subject
        else:
            subject = mail.render(template, locale=user.locale, recipient=user, **context)[0]
        notification = Notification(user_id=user.id, kind=template, title=subject[:300], url=url)
        db.session.add(notification)
        written.append(notification)
    db.session.flush()
    return written


def active_users(role: Role) -> list[User]:
    """Every active user of a role (e.g. the coordinators, told about the unit's events)."""
    return list(db.session.scalars(
        select(User).where(User.role == role, User.active.is_(True)).order_by(User.id)
    ))


def for_user(user: User) -> Select:
    """The user's notifications, newest first: a query to page through."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread (one indexed count)."""
    return db.session.scalar(
        select(func.count()).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None))
    ) or 0


def get_for(user: User, notification_id: int) -> Notification | None:
    """The user's own notification; anyone else's is None (a 404)."""
    return db.session.scalar(
        select(Notification).where(Notification.id == notification_id,
                                   Notification.user_id == user.id)
    )


def mark_read(notification: Notification) -> None:
    """Mark one notification read (the first time only)."""
    if notification.read_at is None:
        notification.read_at = utcnow()
    db.session.flush()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; return how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    changed: int = result.rowcount  # type: ignore[attr-defined]  # a DML result is a CursorResult
    return changed
