"""Sign in and out, the account page (devices, password), and password reset."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from coordinator import throttle
from coordinator.auth import services, sessions
from coordinator.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
)
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


def sign_in(user, *, remember: bool = False) -> None:
    """Start a fresh server-side session for `user` (also after sign-up)."""
    sessions.start(user, remember=remember)
    # Flask-Login's own remember cookie is never set: our remembered device is the server row.
    login_user(user, remember=False)


def sign_out() -> None:
    """End this browser's session on the server and forget it in the cookie."""
    if current_user.is_authenticated:
        sessions.end_current(current_user)
    logout_user()
    sessions.reset_cookie_session()


@bp.route("/log-ind", methods=["GET", "POST"])
@public
@throttle.limit("login")
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            sign_in(user, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.home"))
        db.session.commit()  # the failure count, the lock and the owner's e-mail
        # Same words whether the e-mail exists, is locked or not: nobody learns who has an account.
        form.password.errors.append(_("Wrong e-mail or password. After several wrong attempts "
                                      "the account waits a while before it accepts a password."))
    elif form.is_submitted() and form.errors:
        flash(_("Please correct the fields marked below."), "error")
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/log-ud", methods=["POST"])
@allow_unconfirmed
@roles_required(*ALL_ROLES)
def logout():
    """Sign out: the session ends on the server, so a copied cookie no longer works."""
    form = ConfirmForm()
    if form.validate_on_submit():
        services.record_logout(current_user)
        sessions.end_current(current_user)
        db.session.commit()
        logout_user()
        sessions.reset_cookie_session()
        flash(_("You are now signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/")
@allow_unconfirmed
@roles_required(*ALL_ROLES)
def account():
    """Show the account: the devices signed in, and links to change the password."""
    devices = sessions.live_sessions(current_user)
    return render_template(
        "auth/account.html", devices=devices, is_current=sessions.is_current, form=ConfirmForm()
    )


@bp.route("/log-ud-alle-steder", methods=["POST"])
@allow_unconfirmed
@roles_required(*ALL_ROLES)
def logout_everywhere():
    """End every session of this account, this one included ("log ud alle steder")."""
    form = ConfirmForm()
    if form.validate_on_submit():
        sessions.end_all(current_user, reason="user.logout_everywhere")
        db.session.commit()
        logout_user()
        sessions.reset_cookie_session()
        flash(_("You are signed out on every device."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.account"))


@bp.route("/adgangskode", methods=["GET", "POST"])
@allow_unconfirmed
@roles_required(*ALL_ROLES)
def change_password():
    """Change the password, with the current one; every other device is signed out."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except services.WrongPassword:
            db.session.commit()  # the failed attempt is audited
            form.current_password.errors.append(_("The current password is not right."))
        else:
            db.session.commit()
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("auth.account"))
    if form.is_submitted():
        flash(_("Please correct the fields marked below."), "error")
        return render_template("auth/change_password.html", form=form), 400
    return render_template("auth/change_password.html", form=form)


@bp.route("/glemt-adgangskode", methods=["GET", "POST"])
@public
@throttle.limit("reset")
def forgot_password():
    """Ask for a reset link; the answer is the same whether the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/reset_sent.html")
    if form.is_submitted():
        flash(_("Please correct the fields marked below."), "error")
        return render_template("auth/forgot_password.html", form=form), 400
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/ny-adgangskode/<token>", methods=["GET", "POST"])
@public
@throttle.limit("reset")
def reset_password(token: str):
    """Choose a new password from the link in the e-mail (once, within the hour)."""
    token = token[:2000]
    try:
        services.user_for_reset_token(token)
    except services.InvalidResetLink:
        return render_template("auth/reset_failed.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.new_password.data)
        db.session.commit()
        flash(_("Your new password is saved. Please sign in."), "success")
        return redirect(url_for("auth.login"))
    if form.is_submitted():
        flash(_("Please correct the fields marked below."), "error")
        return render_template("auth/reset_password.html", form=form), 400
    return render_template("auth/reset_password.html", form=form)


@bp.route("/bekraeft-email")
@allow_unconfirmed
@roles_required(Role.VOLUNTEER)
def confirm_pending():
    """Tell a new volunteer to confirm their e-mail address before going on."""
    return render_template("auth/confirm_pending.html")
