"""Each user's notifications: the list, opening one (marks it read), marking all read."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.notifications import services
from coordinator.pagination import paginate
from coordinator.security import roles_required

bp = Blueprint("notifications", __name__, url_prefix="/beskeder")


@bp.app_context_processor
def _unread() -> dict[str, object]:
    """The navigation's unread count, counted only when a page shows the menu."""

    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        return services.unread_count(current_user)

    return {"unread_notifications": unread_notifications}


@bp.route("/")
@roles_required(*Role)
def index():
    """List the user's notifications, newest first, unread ones marked."""
    page = paginate(services.for_user(current_user))
    return render_template("notifications/index.html", page=page, form=ConfirmForm())


@bp.route("/<int:notification_id>")
@roles_required(*Role)
def open_notification(notification_id: int):
    """Mark one notification read and go to what it is about."""
    notification = services.get_for(current_user, notification_id)
    if notification is None:
        abort(404)
    services.mark_read(notification)
    url = notification.url
    db.session.commit()
    return redirect(url)


@bp.route("/laest", methods=["POST"])
@roles_required(*Role)
def mark_all_read():
    """Mark every notification read."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.mark_all_read(current_user)
    db.session.commit()
    return redirect(url_for("notifications.index"))
