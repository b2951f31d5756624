"""Who a user is to the app: the roles, and their interface labels.

Below every feature: the access declarations (security), the menu (navigation) and every
feature's pages name roles, and the accounts (auth) store one per user.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    CASEWORKER = "caseworker"
    VOLUNTEER = "volunteer"
    ORGANISATION_CONTACT = "organisation_contact"
    # A young person aged 15 or over in the friend bank or a match; signs in without a password.
    YOUNG_PERSON = "young_person"


LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.CASEWORKER: _l("Caseworker"),
    Role.VOLUNTEER: _l("Volunteer"),
    Role.ORGANISATION_CONTACT: _l("Organisation contact"),
}
