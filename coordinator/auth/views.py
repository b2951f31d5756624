"""Sign in and out, the account page (devices, password), and password reset."""

import time
from urllib.parse import urlsplit

from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from joserfc.errors import JoseError

from coordinator import throttle
from coordinator.auth import oidc, services, sessions
from coordinator.auth import two_factor as two_factor_service
from coordinator.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    TwoFactorForm,
)
from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import form_page, mark_failed
from coordinator.security import (
    allow_unconfirmed,
    allow_without_two_factor,
    public,
    roles_required,
)

bp = Blueprint("auth", __name__, url_prefix="/konto")

ALL_ROLES = tuple(Role)
# The cookie-session key of a sign-in that waits for its second factor, and for how long.
TWO_FACTOR_PENDING = "two_factor_pending"
TWO_FACTOR_SECONDS = 300


def safe_next_url(target: str | None) -> str | None:
    """Return `target` only if it stays on this site (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def sign_in(user, *, remember: bool = False, via_sso: bool = False) -> None:
    """Start a fresh server-side session for `user` (also after sign-up)."""
    sessions.start(user, remember=remember, via_sso=via_sso)
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
        next_url = safe_next_url(request.args.get("next"))
        if user is not None and user.has_two_factor:
            # The password was right; nobody is signed in until the second factor is too.
            sessions.reset_cookie_session()
            session[TWO_FACTOR_PENDING] = {
                "user": user.id, "remember": bool(form.remember.data), "at": int(time.time()),
                "next": next_url,
            }
            db.session.commit()
            return redirect(url_for("auth.two_factor"))
        if user is not None:
            sign_in(user, remember=form.remember.data)
            db.session.commit()
            return redirect(next_url or url_for("main.home"))
        db.session.commit()  # the failure count, the lock and the owner's e-mail
        # Same words whether the e-mail exists, is locked or not: nobody learns who has an account.
        form.password.errors.append(_("Wrong e-mail or password. After several wrong attempts "
                                      "the account waits a while before it accepts a password."))
        mark_failed()
    elif form.is_submitted() and form.errors:
        mark_failed()
    return render_template("auth/login.html", form=form, sso_enabled=oidc.enabled()), (
        200 if not form.errors else 400
    )


def _pending_user():
    """The user who gave the right password and still owes the second factor, if recent."""
    pending = session.get(TWO_FACTOR_PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("user"), int):
        return None, None
    if time.time() - pending.get("at", 0) > TWO_FACTOR_SECONDS:
        return None, None
    user = db.session.get(User, pending["user"])
    if user is None or not user.active or not user.has_two_factor:
        return None, None
    return user, pending


@bp.route("/to-faktor", methods=["GET", "POST"])
@public
@throttle.limit("login")
def two_factor():
    """The second step of signing in: a code from the app or a recovery code."""
    user, pending = _pending_user()
    if user is None:
        session.pop(TWO_FACTOR_PENDING, None)
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        now = utcnow()
        if not services.is_locked(user, now) and two_factor_service.verify(user, form.code.data,
                                                                           now):
            session.pop(TWO_FACTOR_PENDING, None)
            services.record_two_factor_passed(user)
            sign_in(user, remember=pending.get("remember", False))
            db.session.commit()
            return redirect(pending.get("next") or url_for("main.home"))
        services.record_two_factor_failed(user, now)
        db.session.commit()
        form.code.errors.append(_("The code is not right, or it has been used. Try the next "
                                  "code from the app."))
    if form.is_submitted():
        mark_failed()
        return render_template("auth/two_factor.html", form=form), 400
    return render_template("auth/two_factor.html", form=form)


def _not_for_young_people():
    """The kind answer to a young person on a password or two-factor page: they sign in by a
    link or code by e-mail, so there is nothing here for them. None for anyone else."""
    if current_user.role != Role.YOUNG_PERSON:
        return None
    return render_template("auth/young_not_here.html"), 403


@bp.route("/to-faktor/opsaet", methods=["GET", "POST"])
@allow_unconfirmed
@allow_without_two_factor
@roles_required(*ALL_ROLES)
def two_factor_setup():
    """Set up the authenticator app: scan the QR code, type a code, keep the recovery codes."""
    refused = _not_for_young_people()
    if refused is not None:
        return refused
    if current_user.has_two_factor:
        flash(_("Two-factor sign-in is already on."), "info")
        return redirect(url_for("auth.account"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        codes = two_factor_service.enable(current_user, form.code.data)
        if codes is not None:
            # The new factor ends every other session: they were opened with the password alone.
            sessions.end_all(current_user, keep_current=True, reason="auth.two_factor_enabled")
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes)
        form.code.errors.append(_("The code is not right. Check the time on your phone and "
                                  "try the next code."))
    two_factor_service.start_enrolment(current_user)
    db.session.commit()
    status = 400 if form.is_submitted() else 200
    if form.is_submitted():
        mark_failed()
    return render_template(
        "auth/two_factor_setup.html", form=form, qr=two_factor_service.qr_svg(current_user),
        secret=current_user.totp_secret,
        required=two_factor_service.required_for(current_user),
    ), status


@bp.route("/brugere/<int:user_id>/to-faktor", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.COORDINATOR)
def reset_two_factor(user_id: int):
    """Remove a colleague's lost second factor (a coordinator: caseworkers only), audited."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            two_factor_service.reset(current_user, user)
        except two_factor_service.CannotReset:
            abort(403)
        db.session.commit()
        flash(_("The second factor of %(name)s is removed; they set it up again at the next "
                "sign-in.", name=user.name), "success")
        return redirect(url_for("main.home"))
    if current_user.role != Role.ADMIN and user.role != Role.CASEWORKER:
        abort(403)
    return render_template("auth/reset_two_factor.html", user=user, form=form)


@bp.route("/sso")
@public
@throttle.limit("login")
def sso_start():
    """Staff: sign in through the municipality's identity provider."""
    if not oidc.enabled():
        abort(404)
    return oidc.client().authorize_redirect(url_for("auth.sso_callback", _external=True))


@bp.route("/sso/svar")
@public
@throttle.limit("login")
def sso_callback():
    """The provider sends the person back here with a code; sign in the matching staff user."""
    if not oidc.enabled():
        abort(404)
    claims = None
    try:
        token = oidc.client().authorize_access_token()
        claims = oidc.complete_claims(token)
        user = oidc.staff_user_for(claims)
    except oidc.SsoRefused as refused:
        oidc.record_refusal(refused, claims)
        db.session.commit()
        return render_template("auth/sso_refused.html"), 403
    except (OAuthError, JoseError, MismatchingStateError, ValueError) as error:
        oidc.record_refusal(oidc.SsoRefused(f"{type(error).__name__}: {error}"[:200]), claims)
        db.session.commit()
        return render_template("auth/sso_refused.html"), 403
    services.record_login_sso(user)
    sign_in(user, via_sso=True)
    db.session.commit()
    return redirect(url_for("main.home"))


@bp.route("/log-ud", methods=["POST"])
@allow_unconfirmed
@allow_without_two_factor
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
    if current_user.role == Role.YOUNG_PERSON:
        # A young person signs in by a link or code sent by e-mail: no password, no second
        # factor, so their page offers only what they can use.
        return render_template(
            "auth/young_account.html", devices=devices, is_current=sessions.is_current,
            form=ConfirmForm(), contact_email=current_app.config["ACCESSIBILITY_CONTACT_EMAIL"],
        )
    return render_template(
        "auth/account.html", devices=devices, is_current=sessions.is_current, form=ConfirmForm()
    )



@bp.route("/log-ud-alle-steder", methods=["POST"])
@allow_unconfirmed
@allow_without_two_factor
@roles_required(*ALL_ROLES)
def logout_everywhere():
    """End every session of this account, this one included ("log ud alle steder")."""
    form = ConfirmForm()
    if form.validate_on_submit():
        young = current_user.role == Role.YOUNG_PERSON  # read before signing out
        sessions.end_all(current_user, reason="user.logout_everywhere")
        db.session.commit()
        logout_user()
        sessions.reset_cookie_session()
        flash(_("You are signed out on every device."), "info")
        return redirect(url_for("young.sign_in_start" if young else "auth.login"))
    return redirect(url_for("auth.account"))


@bp.route("/adgangskode", methods=["GET", "POST"])
@allow_unconfirmed
@roles_required(*ALL_ROLES)
def change_password():
    """Change the password, with the current one; every other device is signed out."""
    refused = _not_for_young_people()
    if refused is not None:
        return refused
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
    return form_page("auth/change_password.html", form)


@bp.route("/email", methods=["GET", "POST"])
@allow_unconfirmed
@roles_required(*ALL_ROLES)
@throttle.limit("reset")
def change_email():
    """Change the e-mail address: confirmed by a link sent to the new address."""
    refused = _not_for_young_people()
    if refused is not None:
        return refused
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(
                current_user, form.email.data, form.current_password.data
            )
        except services.WrongPassword:
            db.session.commit()  # the failed attempt is audited
            form.current_password.errors.append(_("The current password is not right."))
        else:
            db.session.commit()
            flash(_("We have sent a link to the new address. The change takes effect when you "
                    "open it."), "info")
            return redirect(url_for("auth.account"))
    return form_page("auth/change_email.html", form)


@bp.route("/email/bekraeft/<token>")
@public
def confirm_email_change(token: str):
    """Open the link sent to the new address: the account moves there (once)."""
    try:
        services.confirm_email_change(token[:2000])
    except services.InvalidResetLink:
        db.session.rollback()
        return render_template("auth/reset_failed.html"), 400
    db.session.commit()
    flash(_("Your e-mail address is changed."), "success")
    return redirect(url_for("auth.account") if current_user.is_authenticated
                    else url_for("auth.login"))


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
    return form_page("auth/forgot_password.html", form)


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
    return form_page("auth/reset_password.html", form)


@bp.route("/bekraeft-email")
@allow_unconfirmed
@roles_required(Role.VOLUNTEER)
def confirm_pending():
    """Tell a new volunteer to confirm their e-mail address before going on."""
    return render_template("auth/confirm_pending.html")


# The administrators' pages live in their own module on this blueprint.
from coordinator.auth import admin  # noqa: E402, F401
