"""Keep and find typed form values on the server (sign-up steps, forms to send again)."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from coordinator.db_types import utcnow
from coordinator.drafts.models import FormDraft
from coordinator.extensions import db

SIGNUP = "volunteer_signup"
RESUBMIT = "resubmit"

# Never kept, whatever the form: secrets must not lie in the database.
SECRET_FIELDS = frozenset({
    "csrf_token", "password", "password_again", "new_password", "new_password_again",
    "current_password", "code", "totp", "recovery_code",
})


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime() -> timedelta:
    """How long a draft is used (the retention job deletes it after the same period)."""
    return timedelta(days=int(current_app.config["RETENTION_FORM_DRAFT_DAYS"]))


def without_secrets(form: MultiDict | Iterable) -> dict[str, list[str]]:
    """The typed values as {name: [values]}, leaving out passwords, codes and CSRF tokens."""
    values = form if isinstance(form, MultiDict) else MultiDict(form)
    return {
        key: values.getlist(key)
        for key in values
        if key not in SECRET_FIELDS and "password" not in key
    }


def create(purpose: str, data: dict[str, list[str]], *, user_id: int | None = None,
           path: str = "") -> tuple[FormDraft, str]:
    """Keep typed values; returns the row and the token the caller puts in the session."""
    token = secrets.token_urlsafe(32)
    draft = FormDraft(token_hash=_hash(token), purpose=purpose, user_id=user_id, path=path,
                      data=data, updated_at=utcnow())
    db.session.add(draft)
    db.session.flush()
    return draft, token


def find(token: str | None, purpose: str, *, user_id: int | None = None,
         now: datetime | None = None) -> FormDraft | None:
    """The live draft behind a token, or None (unknown, expired, or someone else's)."""
    if not token:
        return None
    draft = db.session.scalar(select(FormDraft).where(FormDraft.token_hash == _hash(token)))
    if draft is None or draft.purpose != purpose or draft.user_id != user_id:
        return None
    updated = draft.updated_at
    if updated.tzinfo is None:  # SQLite returns naive UTC
        updated = updated.replace(tzinfo=(now or utcnow()).tzinfo)
    if updated < (now or utcnow()) - lifetime():
        return None
    return draft


def update(draft: FormDraft, data: dict[str, list[str]], *, steps_done: int | None = None) -> None:
    """Replace a draft's values (and how far it got), and keep it alive a while longer."""
    draft.data = dict(data)
    if steps_done is not None:
        draft.steps_done = steps_done
    draft.updated_at = utcnow()
    db.session.flush()


def discard(draft: FormDraft | None) -> None:
    """Delete a draft once its form has been sent."""
    if draft is not None:
        db.session.delete(draft)
        db.session.flush()


def expired_condition(now: datetime, days: int):
    """The rows the retention job deletes."""
    return FormDraft.updated_at < now - timedelta(days=days)


def delete_expired(now: datetime, days: int) -> None:
    """Delete drafts unused for `days` (called by the retention job)."""
    db.session.execute(delete(FormDraft).where(expired_condition(now, days)))
