"""Sessions the server can end: logout, timeouts, remembered devices, and ending others."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from coordinator.auth import sessions
from coordinator.auth.models import Role, User, UserSession
from coordinator.extensions import db
from tests import factories

LOGIN = "/konto/log-ind"
HOME = "/hjem"


def _make(app, role=Role.COORDINATOR, **fields) -> str:
    with app.app_context():
        user = factories.make_user(role, **fields)
        db.session.commit()
        return user.email


def _sign_in(client, email, **extra):
    response = client.post(LOGIN, data={"email": email, "password": factories.PASSWORD, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    """A second browser that holds a copy of the cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def _rows(app, email) -> list[UserSession]:
    with app.app_context():
        return list(db.session.scalars(
            select(UserSession).join(User).where(User.email == email).order_by(UserSession.id)
        ))


def test_a_cookie_replayed_after_logout_lands_on_the_login_page(app, client):
    email = _make(app)
    _sign_in(client, email)
    copied = _cookie(client)
    assert _replay(app, copied).get(HOME).status_code == 200  # the copy works while signed in
    client.post("/konto/log-ud")
    response = _replay(app, copied).get(HOME)
    assert response.status_code == 302
    assert "/konto/log-ind" in response.headers["Location"]
    assert _rows(app, email)[0].ended_at is not None


def test_sign_in_gets_a_new_session_and_a_fixed_cookie_is_worthless(app, client):
    email = _make(app)
    client.get(LOGIN)
    before = client.get_cookie("session")
    _sign_in(client, email)
    assert before is None or before.value != _cookie(client)
    _sign_in(app.test_client(), email)
    rows = _rows(app, email)
    assert len(rows) == 2
    assert rows[0].token_hash != rows[1].token_hash


def test_a_cookie_without_a_server_session_signs_nobody_in(app, client):
    email = _make(app)
    _sign_in(client, email)
    with client.session_transaction() as cookie_session:
        cookie_session[sessions.SESSION_KEY] = "guessed-token"
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize(
    ("role", "idle_minutes", "alive"),
    [
        (Role.COORDINATOR, 29, True),
        (Role.COORDINATOR, 31, False),
        (Role.CASEWORKER, 31, False),
        (Role.VOLUNTEER, 31, True),
        (Role.VOLUNTEER, 119, True),
        (Role.VOLUNTEER, 121, False),
    ],
)
def test_idle_timeout_is_shorter_for_staff(app, client, role, idle_minutes, alive):
    email = _make(app, role)
    _sign_in(client, email)
    with app.app_context():
        db.session.execute(update(UserSession).values(
            last_seen_at=datetime.now(UTC) - timedelta(minutes=idle_minutes)))
        db.session.commit()
    status = client.get(HOME).status_code
    assert (status == 200) is alive


def test_the_absolute_lifetime_ends_even_a_busy_session(app, client):
    email = _make(app)
    _sign_in(client, email)
    rows = _rows(app, email)
    lifetime = rows[0].expires_at.replace(tzinfo=UTC) - rows[0].created_at.replace(tzinfo=UTC)
    assert lifetime == timedelta(hours=12)
    with app.app_context():
        db.session.execute(update(UserSession).values(
            expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()
    assert client.get(HOME).status_code == 302


def test_a_deactivated_users_open_session_dies_on_its_next_request(app, client):
    email = _make(app)
    _sign_in(client, email)
    with app.app_context():
        db.session.execute(update(User).where(User.email == email).values(active=False))
        db.session.commit()
    assert client.get(HOME).status_code == 302


def test_staff_are_never_remembered(app, client):
    email = _make(app, Role.COORDINATOR)
    _sign_in(client, email, remember="y")
    assert _rows(app, email)[0].remember is False
    assert client.get_cookie("session").expires is None  # gone when the browser closes
    assert client.get_cookie("remember_token") is None


def test_a_volunteer_is_remembered_per_device_and_sign_out_everywhere_ends_it(app, client):
    email = _make(app, Role.VOLUNTEER)
    _sign_in(client, email, remember="y")
    remembered = _cookie(client)
    assert client.get_cookie("session").expires is not None  # survives closing the browser
    assert client.get_cookie("remember_token") is None  # Flask-Login's shared token is not used
    other_device = app.test_client()
    _sign_in(other_device, email)
    row = _rows(app, email)[0]
    assert row.remember is True
    assert len(row.token_hash) == 64  # only the hash is stored

    page = client.get("/konto/").get_data(as_text=True)
    assert "Enheder, du er logget ind på" in page
    assert "Log ud alle steder" in page
    assert "denne enhed" in page

    response = client.post("/konto/log-ud-alle-steder")
    assert response.headers["Location"].endswith("/konto/log-ind")
    assert _replay(app, remembered).get("/frivillig/min-side").status_code == 302
    assert other_device.get("/frivillig/min-side").status_code == 302
    assert all(row.ended_at is not None for row in _rows(app, email))


@pytest.mark.parametrize("role", list(Role))
def test_the_account_page_lists_only_the_users_own_devices(app, client, auth, role):
    other = _make(app, Role.VOLUNTEER)
    _sign_in(app.test_client(), other)
    auth.login_as(role)
    page = client.get("/konto/").get_data(as_text=True)
    assert page.count("<tr>") == 2  # the header row and this device


def test_the_account_page_and_sign_out_everywhere_need_a_sign_in(client):
    assert client.get("/konto/").status_code == 302
    assert client.post("/konto/log-ud-alle-steder").status_code == 302


def test_sign_out_everywhere_is_audited(app, client):
    email = _make(app)
    _sign_in(client, email)
    client.post("/konto/log-ud-alle-steder")
    from coordinator.audit.models import AuditEntry

    with app.app_context():
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "auth.sessions_ended"))
    assert entry.detail == {"reason": "user.logout_everywhere", "count": 1}


def _by_email(email) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_a_role_change_ends_every_session_of_that_user(app, client):
    from coordinator.auth import services

    email = _make(app, Role.COORDINATOR)
    _sign_in(client, email)
    admin_email = _make(app, Role.ADMIN)
    with app.app_context():
        services.change_role(_by_email(admin_email), _by_email(email), Role.CASEWORKER)
        db.session.commit()
    assert client.get(HOME).status_code == 302
    _sign_in(client, email)  # signing in again gives the new role's pages
    assert client.get(HOME).status_code == 200


def test_deactivation_ends_every_session_and_is_audited(app, client):
    from coordinator.audit.models import AuditEntry
    from coordinator.auth import services

    email = _make(app, Role.CASEWORKER)
    _sign_in(client, email)
    admin_email = _make(app, Role.ADMIN)
    with app.app_context():
        services.set_active(_by_email(admin_email), _by_email(email), False)
        db.session.commit()
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "user.deactivated" in actions
    assert "auth.sessions_ended" in actions
    assert all(row.ended_at is not None for row in _rows(app, email))
    assert client.get(HOME).status_code == 302
    refused = client.post(LOGIN, data={"email": email, "password": factories.PASSWORD})
    assert refused.status_code == 400


def test_the_daily_job_deletes_sessions_ended_long_ago(app, client, runner):
    email = _make(app)
    _sign_in(client, email)
    _sign_in(app.test_client(), email)
    with app.app_context():
        first = _rows(app, email)[0]
        db.session.execute(update(UserSession).where(UserSession.id == first.id).values(
            ended_at=datetime.now(UTC) - timedelta(days=8)))
        db.session.commit()
    assert runner.invoke(args=["send-reminders"]).exit_code == 0
    assert len(_rows(app, email)) == 1
    assert client.get(HOME).status_code == 302  # the purged one
