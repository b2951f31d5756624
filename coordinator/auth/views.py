"""Sign in and sign out."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from coordinator.auth import services
from coordinator.auth.forms import LoginForm
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.security import allow_unconfirmed, public, roles_required

bp = Blueprint("auth", __name__, url_prefix="/konto")

ALL_ROLES = tuple(Role)


def safe_next_url(target: str | None) -> str | None:
    """Return `target` only if it stays on this site (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/log-ind", methods=["GET", "POST"])
@public
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        db.session.commit()
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.home"))
        # Same words whether the e-mail exists or not: the page must not reveal who has an account.
        form.password.errors.append(_("Wrong e-mail or password."))
    elif form.is_submitted() and form.errors:
        flash(_("Please correct the fields marked below."), "error")
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/log-ud", methods=["POST"])
@allow_unconfirmed
@roles_required(*ALL_ROLES)
def logout():
    """Sign out."""
    form = ConfirmForm()
    if form.validate_on_submit():
        services.record_logout(current_user)
        db.session.commit()
        logout_user()
        flash(_("You are now signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/bekraeft-email")
@allow_unconfirmed
@roles_required(Role.VOLUNTEER)
def confirm_pending():
    """Tell a new volunteer to confirm their e-mail address before going on."""
    return render_template("auth/confirm_pending.html")
