"""Malformed input to every form in the app gets a clear answer, never a 500.

The test walks the URL map: every endpoint that accepts POST is posted a set of malformed
payloads (nothing, blanks, overlong strings, words for numbers, unknown choices, unicode with
control characters, repeated values, huge numbers) by a user its access declaration allows, on
real records where the URL names one. New forms anywhere are covered without changing this file.
"""

import importlib
import inspect
import itertools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache

import pytest
from flask_wtf import FlaskForm
from werkzeug.security import generate_password_hash
from wtforms import FormField
from wtforms.fields.core import UnboundField

from coordinator import create_app
from coordinator.auth.models import Role, User
from coordinator.events.models import Event
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.organisations.models import PartnerOrganisation
from coordinator.referrals.models import FriendBankStatus
from coordinator.security import PUBLIC, declared_access
from coordinator.volunteers.models import ChildCertificate
from tests import factories
from tests.conftest import base_config

MISSING_ID = 987654
# Known bugs in other packages' forms, reported to their owners; remove an entry once fixed.
KNOWN_500: dict[str, str] = {}
ROLE_PREFERENCE = (Role.COORDINATOR, Role.CASEWORKER, Role.VOLUNTEER, Role.ADMIN,
                   Role.ORGANISATION_CONTACT)


def _post_rules():
    app = create_app(base_config("sqlite://"))
    rules = [rule for rule in app.url_map.iter_rules()
             if "POST" in rule.methods and rule.endpoint != "static"]
    access = {rule.endpoint: declared_access(app.view_functions[rule.endpoint]) for rule in rules}
    modules = {rule.endpoint: app.view_functions[rule.endpoint].__module__ for rule in rules}
    return [(rule.endpoint, rule.rule, sorted(rule.arguments), access[rule.endpoint],
             modules[rule.endpoint]) for rule in rules]


POST_RULES = _post_rules()


_numbers = itertools.count(1)


@cache
def _cheap_hash() -> str:
    # A fast hash: these users never sign in through the form; the session is set directly.
    return generate_password_hash("unused-in-this-test", method="pbkdf2:sha256:1000")


def _user(role: Role, **fields) -> User:
    user = User(email=f"{role.value}-{next(_numbers)}@bad.example.dk",
                name=f"Bad input {role.value}", role=role, password_hash=_cheap_hash(),
                email_confirmed_at=datetime.now(UTC), **fields)
    db.session.add(user)
    db.session.flush()
    return user


@dataclass
class Scene:
    users: dict
    ids: dict


def _scene() -> Scene:
    """One record of each kind a form URL can name, owned by the users who post."""
    organisation = PartnerOrganisation(name="Bad Input Forening")
    db.session.add(organisation)
    users = {role: _user(role) for role in (Role.COORDINATOR, Role.CASEWORKER, Role.ADMIN)}
    users[Role.ORGANISATION_CONTACT] = _user(Role.ORGANISATION_CONTACT,
                                             organisation=organisation)
    users[Role.VOLUNTEER] = _user(Role.VOLUNTEER)
    volunteer = factories.make_volunteer(user=users[Role.VOLUNTEER])
    certificate = ChildCertificate(requested_on=date.today())
    volunteer.certificates.append(certificate)
    referral = factories.make_referral(caseworker=users[Role.CASEWORKER])
    match = Match(match_type=referral.match_type, referral=referral, volunteer=volunteer,
                  status=MatchStatus.OFFERED)
    member = factories.make_young_person(friend_bank_status=FriendBankStatus.PENDING)
    event = Event(title="Spilaften", starts_at=datetime.now(UTC) + timedelta(days=7),
                  location="Klubhuset", places=10)
    db.session.add_all([match, event])
    db.session.flush()
    ids = {
        "volunteer_id": volunteer.id,
        "certificate_id": certificate.id,
        "referral_id": referral.id,
        "match_id": match.id,
        "person_id": member.id,
        "organisation_id": organisation.id,
        "event_id": event.id,
    }
    return Scene(users={role: user.id for role, user in users.items()}, ids=ids)


def _sign_in(client, user_id: int | None) -> None:
    with client.session_transaction() as session:
        session.clear()
        if user_id is not None:
            session["_user_id"] = str(user_id)
            session["_fresh"] = True


def _role_for(access) -> Role | None:
    if access == PUBLIC:
        return None
    return next(role for role in ROLE_PREFERENCE if role in access)


@cache
def _form_field_names(module_name: str) -> tuple[str, ...]:
    """Every field name of every form in the view's package (forms.py)."""
    try:
        forms = importlib.import_module(module_name.rsplit(".", 1)[0] + ".forms")
    except ImportError:
        return ()
    names = set()
    for _name, cls in inspect.getmembers(forms, inspect.isclass):
        if not issubclass(cls, FlaskForm):
            continue
        for attr in dir(cls):
            field = getattr(cls, attr, None)
            if not isinstance(field, UnboundField):
                continue
            if field.field_class is FormField:
                sub = field.args[0] if field.args else field.kwargs.get("form_class")
                names.update(f"{attr}-{n}" for n in dir(sub)
                             if isinstance(getattr(sub, n, None), UnboundField))
            else:
                names.add(attr)
    return tuple(sorted(names))


NAME = re.compile(r'name="([^"]+)"')

PAYLOADS = {
    "blank": "",
    "overlong": "x" * 5000,
    "not_a_number": "tolv",
    "unknown_choice": "__no_such_choice__",
    "unicode_and_control": "\u202eÆøå 😀\x00\x07\r\n\t",
    "huge_number": "9" * 5000,
    "negative": "-1",
}


@pytest.mark.parametrize(
    ("endpoint", "rule", "arguments", "access", "module"),
    POST_RULES,
    ids=[row[0] for row in POST_RULES],
)
def test_malformed_posts_never_give_a_500(app, client, endpoint, rule, arguments, access,
                                          module):
    if endpoint in KNOWN_500:
        pytest.xfail(KNOWN_500[endpoint])
    with app.app_context():
        scene = _scene()
        db.session.commit()
    role = _role_for(access)
    _sign_in(client, scene.users[role] if role else None)
    url = app.url_map.bind("localhost").build(
        endpoint, {name: scene.ids.get(name, MISSING_ID) for name in arguments})
    page = client.get(url)
    names = set(_form_field_names(module))
    if page.status_code == 200:
        names.update(n for n in NAME.findall(page.get_data(as_text=True)) if n != "csrf_token")
    requires_input = page.status_code == 200 and 'aria-hidden="true">*' in page.get_data(
        as_text=True)

    response = client.post(url, data={})
    assert response.status_code < 500, (endpoint, "empty", response.status_code)
    if requires_input and f'action="{url}"' in page.get_data(as_text=True):
        # The page's own form, sent empty: a 400 with a message next to a field.
        assert response.status_code == 400, (endpoint, response.status_code)
        assert "field-error" in response.get_data(as_text=True), endpoint
    for label, value in PAYLOADS.items():
        response = client.post(url, data={name: value for name in names})
        assert response.status_code < 500, (endpoint, label, response.status_code)
    response = client.post(url, data={name: ["1", "2"] for name in names})
    assert response.status_code < 500, (endpoint, "repeated", response.status_code)


@pytest.fixture(scope="module")
def strict_app(database_url):
    """The app with CSRF protection on, as in production."""
    strict = create_app(base_config(database_url, WTF_CSRF_ENABLED=True))
    yield strict
    with strict.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("endpoint", "rule", "arguments", "access", "module"),
    POST_RULES,
    ids=[row[0] for row in POST_RULES],
)
def test_a_post_without_csrf_token_gets_a_clear_danish_message(
    app, strict_app, endpoint, rule, arguments, access, module
):
    with app.app_context():
        scene = _scene()
        db.session.commit()
    client = strict_app.test_client()
    role = _role_for(access)
    _sign_in(client, scene.users[role] if role else None)
    url = strict_app.url_map.bind("localhost").build(
        endpoint, {name: scene.ids.get(name, MISSING_ID) for name in arguments})
    response = client.post(url, data={"anything": "x"})
    assert response.status_code == 400, (endpoint, response.status_code)
    assert "Formularen var udløbet" in response.get_data(as_text=True)
