"""User administration for administrators: list, invite, change a role, (de)activate.

Volunteers are not administered here (they sign up and leave themselves; coordinators screen
them); this is for staff and organisation contacts. Every change is audited by the services.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from coordinator.auth import services
from coordinator.auth.forms import InviteForm, ResetPasswordForm, RoleForm
from coordinator.auth.models import Role, User
from coordinator.auth.views import bp
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import form_page
from coordinator.pagination import paginate
from coordinator.security import public, roles_required


def _administered(user_id: int) -> User:
    """A staff or contact account other than one's own, or 404 (volunteers are not here)."""
    user = db.session.get(User, user_id)
    if user is None or user.role not in services.ADMINISTERED_ROLES:
        abort(404)
    return user


@bp.route("/brugere")
@roles_required(Role.ADMIN, Role.COORDINATOR)
def users():
    """List staff and organisation contacts: role, last sign-in, second factor, active.

    A coordinator sees only the caseworkers, whose lost second factor they may remove.
    """
    roles = services.ADMINISTERED_ROLES if current_user.role == Role.ADMIN else (
        Role.CASEWORKER,)
    page = paginate(
        select(User)
        .where(User.role.in_(roles))
        .order_by(User.active.desc(), User.name, User.id)
    )
    return render_template("auth/users.html", page=page)


@bp.route("/brugere/inviter", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def invite():
    """Invite a colleague by e-mail: they choose their own password from the link."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite(current_user, email=form.email.data, name=form.name.data,
                            role=Role(form.role.data))
        except services.EmailTaken:
            db.session.rollback()
            form.email.errors.append(_("There is already an account with this e-mail address."))
        else:
            db.session.commit()
            flash(_("The invitation is sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("auth.users"))
    return form_page("auth/invite.html", form)


@bp.route("/brugere/<int:user_id>")
@roles_required(Role.ADMIN)
def user_detail(user_id: int):
    """One account: change its role, deactivate or reactivate, remove a lost second factor."""
    user = _administered(user_id)
    return render_template(
        "auth/user_detail.html", user=user, role_form=RoleForm(role=user.role.value),
        form=ConfirmForm(),
    )


@bp.route("/brugere/<int:user_id>/rolle", methods=["POST"])
@roles_required(Role.ADMIN)
def change_role(user_id: int):
    """Change a role; the person's sessions end, so the new rights apply at once."""
    user = _administered(user_id)
    if user.id == current_user.id:
        abort(403)  # an administrator cannot lock themselves out of administration
    form = RoleForm()
    if form.validate_on_submit():
        services.change_role(current_user, user, Role(form.role.data))
        db.session.commit()
        flash(_("The role is changed, and %(name)s is signed out.", name=user.name), "success")
        return redirect(url_for("auth.user_detail", user_id=user.id))
    flash(_("Please choose one of the options."), "error")
    return render_template("auth/user_detail.html", user=user, role_form=form,
                           form=ConfirmForm()), 400


@bp.route("/brugere/<int:user_id>/aktiv", methods=["POST"])
@roles_required(Role.ADMIN)
def toggle_active(user_id: int):
    """Deactivate (every session ends at once) or reactivate an account."""
    user = _administered(user_id)
    if user.id == current_user.id:
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.set_active(current_user, user, not user.active)
        db.session.commit()
        if user.active:
            flash(_("%(name)s can sign in again.", name=user.name), "success")
        else:
            flash(_("%(name)s is deactivated and signed out everywhere.", name=user.name),
                  "success")
    return redirect(url_for("auth.user_detail", user_id=user.id))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    """Choose a password from the invitation link (once, within its days)."""
    token = token[:2000]
    try:
        services.user_for_invitation(token)
    except services.InvalidResetLink:
        return render_template("auth/reset_failed.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.accept_invitation(token, form.new_password.data)
        db.session.commit()
        flash(_("Your password is saved. Please sign in."), "success")
        return redirect(url_for("auth.login"))
    return form_page("auth/reset_password.html", form)
