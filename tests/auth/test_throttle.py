"""Password guessing costs: the limiter answers 429 and resets; an account locks and tells its
owner; the answer never reveals whether an address has an account."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from tests import factories

LOGIN = "/konto/log-ind"
SAME_WORDS = "Forkert e-mail eller adgangskode."


def _user(app, **fields) -> str:
    with app.app_context():
        user = factories.make_user(Role.COORDINATOR, **fields)
        db.session.commit()
        return user.email


def _wrong(client, email):
    return client.post(LOGIN, data={"email": email, "password": "not-the-password"})


@pytest.fixture
def limited_app(make_app):
    return make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="6 per minute",
        RATELIMIT_LOGIN_ADDRESS="3 per minute",
        RATELIMIT_RESET="3 per minute",
        RATELIMIT_RESET_ADDRESS="2 per minute",
        RATELIMIT_SIGNUP="2 per minute",
        RATELIMIT_SIGNUP_ADDRESS=None,
    )


def test_the_limiter_answers_429_per_address_and_resets(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert _wrong(client, "someone@test.example.dk").status_code == 400
    refused = _wrong(client, "someone@test.example.dk")
    assert refused.status_code == 429
    assert "For mange forsøg" in refused.get_data(as_text=True)
    # Reading the form is free, and another address still has its own count.
    assert client.get(LOGIN).status_code == 200
    assert _wrong(client, "other@test.example.dk").status_code == 400
    limited_app.extensions["coordinator_limiter"].reset()
    assert _wrong(client, "someone@test.example.dk").status_code == 400


def test_the_limiter_counts_per_client_address_across_e_mails(limited_app):
    client = limited_app.test_client()
    for n in range(6):
        assert _wrong(client, f"a{n}@test.example.dk").status_code == 400
    assert _wrong(client, "a9@test.example.dk").status_code == 429
    elsewhere = limited_app.test_client()
    response = elsewhere.post(LOGIN, data={"email": "a9@test.example.dk", "password": "x"},
                              environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/konto/glemt-adgangskode", {"email": "x@test.example.dk"}),
        ("/frivillig/tilmeld", {"email": "x@test.example.dk"}),
        ("/vennebank/tilmeld", {"email": "x@test.example.dk"}),
    ],
)
def test_reset_and_sign_ups_are_throttled_too(limited_app, url, data):
    client = limited_app.test_client()
    statuses = [client.post(url, data=data).status_code for _ in range(4)]
    assert statuses[-1] == 429
    assert 429 not in statuses[:2]


def test_the_limiter_uses_redis_when_configured(make_app):
    app = make_app(REDIS_URL="redis://127.0.0.1:6379/15", RATELIMIT_ENABLED=True)
    storage = app.extensions["coordinator_limiter"].storage
    assert "redis" in type(storage).__name__.lower()
    if not storage.check():
        from tests.conftest import skip_or_fail

        skip_or_fail("Redis is not reachable at 127.0.0.1:6379")
    memory = make_app(RATELIMIT_ENABLED=True).extensions["coordinator_limiter"].storage
    assert "memory" in type(memory).__name__.lower()


def test_an_account_locks_after_five_wrong_passwords_and_tells_its_owner(app, client):
    email = _user(app)
    for _ in range(5):
        assert SAME_WORDS in _wrong(client, email).get_data(as_text=True)
    # Locked: even the right password is refused, with the same words as any failure.
    right = client.post(LOGIN, data={"email": email, "password": factories.PASSWORD})
    assert right.status_code == 400
    assert SAME_WORDS in right.get_data(as_text=True)
    unknown = _wrong(client, "nobody@test.example.dk")
    assert right.get_data(as_text=True).replace(email, "") == unknown.get_data(
        as_text=True).replace("nobody@test.example.dk", "")
    with app.app_context():
        mails = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "account_locked")).all()
        assert [mail.recipient for mail in mails] == [email]
        assert "forsøgt at logge ind" in mails[0].subject
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.locked_until is not None
        # The lock runs out; then the right password works and the count starts over.
        db.session.execute(update(User).where(User.id == user.id).values(
            locked_until=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()
    ok = client.post(LOGIN, data={"email": email, "password": factories.PASSWORD})
    assert ok.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.failed_login_count == 0
        assert user.locked_until is None


def test_the_lock_grows_with_further_failures(app, client):
    email = _user(app)
    minutes = []
    for _ in range(7):
        _wrong(client, email)
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            if user.locked_until is not None:
                minutes.append(user.locked_until)
            # Let the lock run out so the next wrong password is counted.
            db.session.execute(update(User).where(User.id == user.id).values(locked_until=None))
            db.session.commit()
    from coordinator.audit.models import AuditEntry

    with app.app_context():
        details = [entry.detail["minutes"] for entry in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "auth.account_locked")
            .order_by(AuditEntry.id))]
    assert details == [15, 30, 60]
