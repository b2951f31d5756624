"""Forgotten and changed passwords: one-hour single-use links, the policy, ending sessions."""

import re

import pytest
from sqlalchemy import select, update

from coordinator.auth.models import Role, User, UserSession
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from tests import factories

FORGOT = "/konto/glemt-adgangskode"
NEW = "et nyt og langt kodeord til vinter"


def _user(app, role=Role.VOLUNTEER) -> str:
    with app.app_context():
        user = factories.make_user(role)
        db.session.commit()
        return user.email


def _reset_link(app, email) -> str:
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "password_reset",
                                        OutboxMessage.recipient == email)
        ).one()
    return re.search(r"http://[^\s]+/konto/ny-adgangskode/\S+", message.text).group(0)


def test_the_forgot_page_answers_the_same_for_known_and_unknown_addresses(app, client):
    email = _user(app)
    known = client.post(FORGOT, data={"email": email})
    unknown = client.post(FORGOT, data={"email": "ingen@test.example.dk"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert "Se din e-mail" in known.get_data(as_text=True)
    with app.app_context():
        recipients = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert recipients == [email]


def test_a_reset_link_works_once_and_ends_every_session(app, client):
    email = _user(app)
    signed_in = app.test_client()
    signed_in.post("/konto/log-ind", data={"email": email, "password": factories.PASSWORD})
    assert signed_in.get("/konto/").status_code == 200
    client.post(FORGOT, data={"email": email})
    link = _reset_link(app, email)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    response = client.post(path, data={"new_password": NEW, "new_password_again": NEW})
    assert response.status_code == 302
    assert signed_in.get("/konto/").status_code == 302  # the old session is over
    # Used once: the same link now fails, for GET and POST alike.
    again = client.post(path, data={"new_password": NEW + "x", "new_password_again": NEW + "x"})
    assert again.status_code == 400
    assert "Linket er allerede brugt" in again.get_data(as_text=True)
    ok = client.post("/konto/log-ind", data={"email": email, "password": NEW})
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.scalars(
            select(OutboxMessage.template).where(OutboxMessage.recipient == email)
            .order_by(OutboxMessage.id)
        ).all() == ["password_reset", "password_changed"]


def test_a_reset_link_expires_after_an_hour(app, client, monkeypatch):
    email = _user(app)
    client.post(FORGOT, data={"email": email})
    path = "/" + _reset_link(app, email).split("/", 3)[3]
    import itsdangerous.timed

    real_now = itsdangerous.timed.TimestampSigner.get_timestamp
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp",
                        lambda self: real_now(self) + 3601)
    assert client.get(path).status_code == 400


@pytest.mark.parametrize("token", ["x", "a" * 5000, "eyJ1c2VyIjoxfQ.bad.sig"])
def test_a_forged_reset_link_is_refused(client, token):
    response = client.get(f"/konto/ny-adgangskode/{token}")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "Brug mindst 12 tegn."),
        ("password1234", "Adgangskoden er for let at gætte"),
        ("qwertyuiop12", "Adgangskoden er for let at gætte"),
    ],
)
def test_the_password_policy_explains_itself_in_danish(app, client, auth, password, message):
    auth.login_as(Role.VOLUNTEER)
    response = client.post("/konto/adgangskode", data={
        "current_password": factories.PASSWORD, "new_password": password,
        "new_password_again": password})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(app, client, auth):
    user = auth.login_as(Role.CASEWORKER)
    other = app.test_client()
    other.post("/konto/log-ind", data={"email": user.email, "password": factories.PASSWORD})
    wrong = client.post("/konto/adgangskode", data={
        "current_password": "forkert", "new_password": NEW, "new_password_again": NEW})
    assert wrong.status_code == 400
    assert "Den nuværende adgangskode er forkert." in wrong.get_data(as_text=True)
    assert other.get("/hjem").status_code == 200
    ok = client.post("/konto/adgangskode", data={
        "current_password": factories.PASSWORD, "new_password": NEW, "new_password_again": NEW})
    assert ok.status_code == 302
    assert client.get("/hjem").status_code == 200  # this device stays signed in
    assert other.get("/hjem").status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).check_password(NEW)


def test_changing_the_password_needs_a_sign_in(client):
    assert client.get("/konto/adgangskode").status_code == 302
    assert client.post("/konto/adgangskode", data={}).status_code == 302


def test_a_deactivated_account_gets_no_reset_mail(app, client):
    email = _user(app)
    with app.app_context():
        db.session.execute(update(User).where(User.email == email).values(active=False))
        db.session.commit()
    assert client.post(FORGOT, data={"email": email}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage)) is None
        assert db.session.scalar(select(UserSession)) is None


def _link(app, template, pattern) -> str:
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == template)).one()
    return "/" + re.search(pattern, message.text).group(0).split("/", 3)[3]


def test_changing_the_e_mail_is_confirmed_at_the_new_address_and_told_to_the_old(
    app, client, auth
):
    user = auth.login_as(Role.VOLUNTEER)
    wrong = client.post("/konto/email", data={"email": "ny@test.example.dk",
                                               "current_password": "forkert"})
    assert wrong.status_code == 400
    response = client.post("/konto/email", data={"email": "ny@test.example.dk",
                                                  "current_password": factories.PASSWORD})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).email == user.email  # not until confirmed
    path = _link(app, "email_change", r"http://\S+/konto/email/bekraeft/\S+")
    assert client.get(path).status_code == 302
    assert client.get(path).status_code == 400  # once
    with app.app_context():
        assert db.session.get(User, user.id).email == "ny@test.example.dk"
        told = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "email_changed")).one()
        assert told.recipient == user.email


def test_changing_to_a_taken_address_answers_the_same_and_tells_its_holder(app, client, auth):
    other = _user(app, Role.COORDINATOR)
    auth.login_as(Role.VOLUNTEER)
    response = client.post("/konto/email", data={"email": other,
                                                  "current_password": factories.PASSWORD})
    assert response.status_code == 302
    with app.app_context():
        mails = db.session.scalars(select(OutboxMessage)).all()
    assert [(m.recipient, m.template) for m in mails] == [(other, "signup_attempt")]


def test_changing_the_e_mail_needs_a_sign_in_and_a_real_link(client):
    assert client.post("/konto/email", data={}).status_code == 302
    assert client.get("/konto/email/bekraeft/forged").status_code == 400
