"""The role-aware main menu: which pages each role sees in the navigation bar."""

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from coordinator.roles import Role

# (endpoint, label) per role, in menu order. A feature adds its pages here.
MENU: dict[Role, list[tuple[str, object]]] = {
    Role.ADMIN: [
        ("main.home", _l("Home")),
        ("dashboard.index", _l("Knowledge bank")),
        ("volunteers.index", _l("Volunteers")),
        ("catalogue.offers", _l("Offers")),
        ("organisations.organisations", _l("Organisations")),
        ("events.events", _l("Events")),
        ("auth.users", _l("Users")),
        ("mail.undelivered", _l("Undelivered e-mails")),
        ("audit.index", _l("Audit log")),
    ],
    Role.COORDINATOR: [
        ("main.home", _l("Home")),
        ("matches.waiting", _l("Matching")),
        ("matches.overdue", _l("Check-ins")),
        ("dashboard.index", _l("Knowledge bank")),
        ("volunteers.index", _l("Volunteers")),
        ("referrals.index", _l("Referrals")),
        ("friendbank.index", _l("Friend bank")),
        ("catalogue.offers", _l("Offers")),
        ("organisations.organisations", _l("Organisations")),
        ("events.events", _l("Events")),
        ("courses.index", _l("Courses")),
        ("library.index", _l("Guides")),
        ("workplaces.index", _l("Workplaces")),
        ("auth.users", _l("Caseworkers")),
    ],
    Role.CASEWORKER: [
        ("main.home", _l("Home")),
        ("referrals.index", _l("My referrals")),
        ("friendbank.staff_signup", _l("Friend bank")),
        ("catalogue.search", _l("Offers")),
        ("events.events", _l("Events")),
    ],
    Role.VOLUNTEER: [
        ("main.home", _l("Home")),
        ("matches.mine", _l("My matches")),
        ("volunteers.my_profile", _l("My page")),
        ("catalogue.search", _l("Offers")),
        ("events.events", _l("Events")),
        ("events.my_calendar", _l("My calendar")),
        ("courses.index", _l("Courses")),
        ("library.index", _l("Guides")),
        ("workplaces.index", _l("Workplaces")),
    ],
    Role.YOUNG_PERSON: [
        ("young.home", _l("My page")),
        ("young.club_page", _l("The club")),
    ],
    Role.ORGANISATION_CONTACT: [
        ("main.home", _l("Home")),
        ("organisations.my_volunteers", _l("Our volunteers")),
    ],
}


def nav_items() -> list[tuple[str, object]]:
    """Return the menu of the signed-in user, leaving out pages the app does not have."""
    if not current_user.is_authenticated:
        return []
    return [
        (endpoint, label)
        for endpoint, label in MENU.get(current_user.role, [])
        if endpoint in current_app.view_functions
    ]


def register(app: Flask) -> None:
    """Expose the menu to templates."""
    app.jinja_env.globals["nav_items"] = nav_items
