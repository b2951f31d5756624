"""The one hook that enforces every view's declared access (coordinator.security), and the
login manager's loading of the signed-in user from their server-side session."""

from typing import Any

from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from coordinator.auth import sessions, two_factor
from coordinator.auth.models import Role, User
from coordinator.drafts import resubmit
from coordinator.extensions import login_manager
from coordinator.security import PUBLIC, declared_access

RESUBMIT_AFTER_SIGN_IN = _l(
    "You were signed out before the form was sent. Sign in again, and what you typed will be "
    "filled in so you can send it."
)


def needs_email_confirmation(user: User) -> bool:
    """A volunteer's account works only after the e-mail address is confirmed."""
    return user.role == Role.VOLUNTEER and user.email_confirmed_at is None


def enforce_declared_access() -> Any:
    """Refuse any request the view's declaration does not allow (deny by default)."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions[request.endpoint]
    access = declared_access(view)
    if access == PUBLIC:
        return None
    if access is None:
        abort(403)  # an undeclared view is a bug; fail closed
    if not current_user.is_authenticated:
        if request.method == "POST":
            # Signed out (idle or expired) while typing: keep the form for after sign-in.
            login_url = resubmit.login_url_keeping_form()
            if login_url is not None:
                flash(RESUBMIT_AFTER_SIGN_IN, "info")
                return redirect(login_url, code=303)
        return login_manager.unauthorized()
    if needs_email_confirmation(current_user) and not getattr(view, "allow_unconfirmed", False):
        return redirect(url_for("auth.confirm_pending"))
    if (
        two_factor.required_for(current_user)
        and not current_user.has_two_factor
        and not session.get(sessions.VIA_SSO)
        and not getattr(view, "allow_without_two_factor", False)
    ):
        # Staff who must use a second factor see no staff page before it is set up.
        return redirect(url_for("auth.two_factor_setup"))
    if current_user.role not in access:
        abort(403)
    return None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user, only while their server-side session is live (auth.sessions)."""
    return sessions.load_user(user_id)


def register(app: Flask) -> None:
    """Install the access hook and the login manager's messages."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    app.before_request(enforce_declared_access)
    resubmit.register(app)

