"""A form sent after its CSRF token or its sign-in ran out keeps what was typed.

The posted fields (never passwords, codes or the CSRF token) are kept as a draft bound to the
person who typed them, found by a token in the session cookie. The person is sent back to the
page that showed the form (after signing in again if they were signed out); there every form
whose fields match the kept ones is filled in, once, so they can check it and send it again.
"""

import hmac
from typing import Any

from flask import Flask, current_app, g, has_request_context, request, session, url_for
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import delete
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from coordinator.drafts import services as drafts
from coordinator.drafts.models import FormDraft
from coordinator.extensions import db

# The session key of the token; kept when signing in starts a fresh cookie session.
SESSION_KEY = "resubmit_draft"
# Posted names that are buttons or steps, not fields.
NOT_FIELDS = frozenset({"go", "step", "submit", "action"})


def _claimed_user_id() -> int | None:
    """Who typed the form: the signed-in user, or the one whose sign-in just ran out (the id is
    still in the signed cookie session, though the server session behind it has ended)."""
    if current_user and current_user.is_authenticated:
        return current_user.id
    claimed = session.get("_user_id")
    return int(claimed) if isinstance(claimed, str) and claimed.isdigit() else None


def _page_that_showed_the_form() -> str | None:
    """The page to return to: the referring page on this site, else the posted address if it
    can be opened with GET; None if neither."""
    candidates = []
    if request.referrer:
        referrer = request.referrer
        root = request.host_url
        if referrer.startswith(root):
            candidates.append("/" + referrer[len(root):])
    candidates.append(request.full_path.rstrip("?"))
    adapter = current_app.url_map.bind("localhost")
    for candidate in candidates:
        path = candidate.split("?", 1)[0]
        try:
            adapter.match(path, method="GET")
        except (MethodNotAllowed, NotFound):
            continue
        except RequestRedirect:
            pass
        return candidate
    return None


def is_own_expired_csrf_token() -> bool:
    """Whether the post carries this browser's own CSRF token, only too old.

    Only then is the form kept: a missing token, or a token from another session (a forged
    cross-site post), must never put its text into someone's form.
    """
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    posted, raw = request.form.get(field), session.get(field)
    if not posted or not raw:
        return False
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    if not secret:
        return False
    serializer = URLSafeTimedSerializer(secret, salt="wtf-csrf-token")
    try:
        token = serializer.loads(posted)  # no max_age: we know it has expired
    except BadData:
        return False
    return isinstance(token, str) and hmac.compare_digest(raw, token)


def keep_posted_form(*, signed_in_only: bool) -> str | None:
    """Keep the posted fields for the person who typed them; return the page to show them on,
    or None when nothing could be kept (no fields, no page, or nobody to bind them to)."""
    values = drafts.without_secrets(request.form)
    if not any(key not in NOT_FIELDS for key in values):
        return None
    user_id = _claimed_user_id()
    if signed_in_only and user_id is None:
        return None  # we do not know whose it is: never show it to whoever signs in next
    target = _page_that_showed_the_form()
    if target is None:
        return None
    old = drafts.find(session.get(SESSION_KEY), drafts.RESUBMIT, user_id=user_id)
    drafts.discard(old)
    _draft, token = drafts.create(drafts.RESUBMIT, values, user_id=user_id,
                                  path=target.split("?", 1)[0])
    db.session.commit()
    session[SESSION_KEY] = token
    return target


def kept_values_for(form, prefix: str = "") -> MultiDict | None:
    """The kept values, if this page is where they belong and they fit this form's fields."""
    if not has_request_context() or request.method != "GET" or SESSION_KEY not in session:
        return None
    if "resubmit_draft" not in g:
        user_id = current_user.id if current_user and current_user.is_authenticated else None
        draft = drafts.find(session.get(SESSION_KEY), drafts.RESUBMIT, user_id=user_id)
        g.resubmit_draft = draft if draft is not None and draft.path == request.path else None
    draft = g.resubmit_draft
    if draft is None:
        return None
    # Called before the form is bound: its fields are the class's unbound ones.
    names = {prefix + name for name, _unbound in form._unbound_fields}
    typed = {key for key in draft.data if key not in NOT_FIELDS}
    # Each kept name is one of this form's fields ("member1-age" belongs to "member1").
    if not typed or not all(key.split("-", 1)[0] in names or key in names for key in typed):
        return None
    g.resubmit_used = draft.id
    return MultiDict([(k, v) for k, values in draft.data.items() for v in values])


def _forget_used_draft(response: Any) -> Any:
    """Once the form has been shown filled in, the draft is deleted (shown once)."""
    used = g.pop("resubmit_used", None)
    if used is not None:
        session.pop(SESSION_KEY, None)
        # A short transaction of its own: the request's transaction is the view's to commit.
        with db.engine.begin() as connection:
            connection.execute(delete(FormDraft).where(FormDraft.id == used))
    return response


def login_url_keeping_form() -> str | None:
    """For a post from someone whose sign-in ran out: keep the form and return the sign-in
    address that leads back to it; None when nothing could be kept."""
    target = keep_posted_form(signed_in_only=True)
    if target is None:
        return None
    return url_for("auth.login", next=target)


def register(app: Flask) -> None:
    """Delete a kept form once it has been shown."""
    app.after_request(_forget_used_draft)
