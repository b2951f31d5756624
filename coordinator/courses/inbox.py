"""Courses in the coordinator's task inbox: approved volunteers due for supervision."""

from datetime import date

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from coordinator.auth.models import Role, User
from coordinator.courses.services import count_without_supervision
from coordinator.inbox.registry import InboxItem, register


@register(Role.COORDINATOR, Role.ADMIN)
def supervision_due_item(user: User, today: date) -> list[InboxItem]:
    """How many approved volunteers have had no supervision for the configured months (one
    query), linked to the list of them."""
    months = int(current_app.config["SUPERVISION_DUE_MONTHS"])
    count = count_without_supervision(today, months)
    if not count:
        return []
    return [InboxItem(
        title=ngettext("%(num)d volunteer has had no supervision for %(months)d months",
                       "%(num)d volunteers have had no supervision for %(months)d months",
                       count, months=months),
        url=url_for("courses.without_supervision"),
        action=_("Plan supervision"),
        count=count,
        kind="supervision_due",
    )]
