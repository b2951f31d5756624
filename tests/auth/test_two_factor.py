"""Two-factor sign-in: enrolment with a QR code, the second step, recovery codes, enforcement
for staff, and a coordinator resetting a caseworker's lost factor."""

import re

import pyotp
import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from tests import factories

LOGIN = "/konto/log-ind"
SETUP = "/konto/to-faktor/opsaet"
STEP = "/konto/to-faktor"


def _user(app, role=Role.COORDINATOR, **fields) -> User:
    with app.app_context():
        user = factories.make_user(role, **fields)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def _password(client, email):
    return client.post(LOGIN, data={"email": email, "password": factories.PASSWORD})


def _enrol(app, client, user) -> tuple[str, list[str]]:
    """Sign in with the password, set up the app, and return its secret and recovery codes."""
    assert _password(client, user.email).status_code == 302
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html  # the QR code, drawn on the server
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", html).group(1)
    done = client.post(SETUP, data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z2-7]{5}-[a-z2-7]{5})</code>", done.get_data(as_text=True))
    assert len(codes) == 10
    client.post("/konto/log-ud")
    return secret, codes


def _next_code(app, user_id, secret) -> str:
    """The code of the step after the last one used (a used code is refused)."""
    with app.app_context():
        last = db.session.get(User, user_id).totp_last_step
    return pyotp.TOTP(secret).generate_otp(last + 1)


def test_with_a_second_factor_the_password_alone_signs_nobody_in(app, client):
    user = _user(app)
    secret, _codes = _enrol(app, client, user)
    response = _password(client, user.email)
    assert response.headers["Location"].endswith(STEP)
    assert client.get("/hjem").status_code == 302  # not signed in yet
    wrong = client.post(STEP, data={"code": "000000"})
    assert wrong.status_code == 400
    assert "Koden er forkert" in wrong.get_data(as_text=True)
    ok = client.post(STEP, data={"code": _next_code(app, user.id, secret)})
    assert ok.status_code == 302
    assert client.get("/hjem").status_code == 200


def test_a_used_code_is_refused(app, client):
    user = _user(app)
    secret, _codes = _enrol(app, client, user)
    code = _next_code(app, user.id, secret)
    _password(client, user.email)
    assert client.post(STEP, data={"code": code}).status_code == 302
    client.post("/konto/log-ud")
    _password(client, user.email)
    assert client.post(STEP, data={"code": code}).status_code == 400


def test_recovery_codes_work_once(app, client):
    user = _user(app)
    _secret, codes = _enrol(app, client, user)
    _password(client, user.email)
    assert client.post(STEP, data={"code": codes[0].upper()}).status_code == 302
    client.post("/konto/log-ud")
    _password(client, user.email)
    assert client.post(STEP, data={"code": codes[0]}).status_code == 400
    assert client.post(STEP, data={"code": codes[1]}).status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("auth.recovery_code_used") == 2


def test_the_second_step_without_a_password_first_goes_back_to_sign_in(client):
    response = client.post(STEP, data={"code": "123456"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(LOGIN)


def test_wrong_codes_lock_the_account_like_wrong_passwords(app, client):
    user = _user(app)
    secret, _codes = _enrol(app, client, user)
    _password(client, user.email)
    for _ in range(5):
        client.post(STEP, data={"code": "000000"})
    refused = client.post(STEP, data={"code": _next_code(app, user.id, secret)})
    assert refused.status_code == 400


@pytest.fixture
def strict_app(make_app):
    return make_app(STAFF_TWO_FACTOR="required")


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.CASEWORKER])
def test_staff_who_must_use_a_second_factor_reach_no_staff_page_before_it(strict_app, role):
    client = strict_app.test_client()
    user = _user(strict_app, role)
    _password(client, user.email)
    for url in ("/hjem", "/konto/", "/match/henvisninger", "/frivillig/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].endswith(SETUP), url
    assert client.get(SETUP).status_code == 200


def test_volunteers_are_not_forced_to_use_a_second_factor(strict_app):
    client = strict_app.test_client()
    user = _user(strict_app, Role.VOLUNTEER)
    _password(client, user.email)
    assert client.get("/konto/").status_code == 200


def test_two_factor_is_required_by_default_outside_development(make_app):
    assert make_app(TESTING=False, DEPLOYMENT="production").config["STAFF_TWO_FACTOR"] == (
        "required")
    assert make_app(TESTING=False, DEPLOYMENT="development").config["STAFF_TWO_FACTOR"] == (
        "optional")


def test_a_coordinator_resets_a_caseworkers_lost_factor_audited(app, client, auth):
    caseworker = _user(app, Role.CASEWORKER)
    other = app.test_client()
    _enrol(app, other, caseworker)
    coordinator = auth.login_as(Role.COORDINATOR)
    url = f"/konto/brugere/{caseworker.id}/to-faktor"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    with app.app_context():
        reset = db.session.get(User, caseworker.id)
        assert reset.totp_enabled_at is None
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "auth.two_factor_reset"))
        assert entry.actor_id == coordinator.id
        assert entry.subject_id == caseworker.id
    # The password alone signs the caseworker in again (then they enrol again).
    assert _password(other, caseworker.email).headers["Location"].endswith("/hjem")


@pytest.mark.parametrize(
    ("actor_role", "target_role", "status"),
    [
        (Role.COORDINATOR, Role.ADMIN, 403),
        (Role.COORDINATOR, Role.COORDINATOR, 403),
        (Role.CASEWORKER, Role.CASEWORKER, 403),
        (Role.VOLUNTEER, Role.CASEWORKER, 403),
        (Role.ADMIN, Role.COORDINATOR, 302),
    ],
)
def test_who_may_reset_a_second_factor(app, client, auth, actor_role, target_role, status):
    target = _user(app, target_role)
    auth.login_as(actor_role)
    assert client.post(f"/konto/brugere/{target.id}/to-faktor").status_code == status


def test_resetting_needs_a_sign_in_and_an_existing_user(client, auth):
    assert client.post("/konto/brugere/1/to-faktor").status_code == 302
    auth.login_as(Role.ADMIN)
    assert client.post("/konto/brugere/999999/to-faktor").status_code == 404
