"""Interface labels of the event sign-ups' states (see coordinator.labels)."""

from flask_babel import lazy_gettext as _l

from coordinator.events.models import SignupStatus

LABELS = {
    SignupStatus.REGISTERED: _l("Registered"),
    SignupStatus.WAITLISTED: _l("On the waiting list"),
    SignupStatus.CANCELLED: _l("Cancelled"),
}
