"""Staff see the e-mails that did not arrive and can send them again."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.mail import services
from coordinator.pagination import paginate
from coordinator.roles import Role
from coordinator.security import roles_required

bp = Blueprint("mail", __name__, url_prefix="/mails")

STAFF = (Role.COORDINATOR, Role.ADMIN)


@bp.route("/ikke-leveret")
@roles_required(*STAFF)
def undelivered():
    """List the e-mails that did not arrive: given up, or still being tried after an error."""
    page = paginate(services.undelivered_query())
    return render_template("mail/undelivered.html", page=page, form=ConfirmForm())


@bp.route("/<int:message_id>/send-igen", methods=["POST"])
@roles_required(*STAFF)
def send_again(message_id: int):
    """Put an undelivered e-mail back in the queue."""
    message = services.get_undelivered(message_id)
    if message is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.send_again(message, by=current_user)
    db.session.commit()
    flash(_("The e-mail to %(to)s is being sent again.", to=message.recipient), "success")
    return redirect(url_for("mail.undelivered"))
