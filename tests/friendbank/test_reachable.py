"""A public friend-bank sign-up leaves a way to reach the young person (a confirmed e-mail or a
phone), shows the privacy notice, and is purged if nobody verifies it."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.referrals.models import FriendBankStatus, YoungPerson
from coordinator.retention import services as retention
from tests.friendbank.test_friendbank import SIGNUP, friend_data


def _link(message) -> str:
    body = message.get_body(("plain",)).get_content()
    found = re.search(r"https?://\S+/vennebank/bekraeft/\S+", body)
    assert found, body
    return found.group(0)


def test_the_sign_up_page_shows_the_privacy_notice_and_the_purge_period(client):
    html = client.get(SIGNUP).get_data(as_text=True)
    assert "Privatlivserklæring" in html
    assert "inden for 30 dage" in html
    assert 'href="/privatliv#unge-og-familier"' in html


def test_an_e_mail_only_sign_up_is_verified_only_after_the_link_is_opened(
    app, client, auth, smtp_server
):
    assert client.post(SIGNUP, data=friend_data(phone=None)).status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "laura@test.example.dk"
    with app.app_context():
        person_id = db.session.scalars(select(YoungPerson.id)).one()
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/vennebank/{person_id}/godkend", follow_redirects=True)
    assert "ikke bekræftet" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(YoungPerson, person_id).friend_bank_status == \
            FriendBankStatus.PENDING
    assert client.get(urlsplit(_link(message)).path).status_code == 200
    client.post(f"/vennebank/{person_id}/godkend")
    with app.app_context():
        person = db.session.get(YoungPerson, person_id)
        assert person.email_confirmed_at is not None
        assert person.friend_bank_status == FriendBankStatus.VERIFIED


def test_a_phone_is_enough_to_be_verified(app, client, auth):
    assert client.post(SIGNUP, data=friend_data(email=None)).status_code == 302
    with app.app_context():
        person_id = db.session.scalars(select(YoungPerson.id)).one()
    auth.login_as(Role.COORDINATOR)
    client.post(f"/vennebank/{person_id}/godkend")
    with app.app_context():
        person = db.session.get(YoungPerson, person_id)
        assert person.phone == "12 34 56 78"
        assert person.friend_bank_status == FriendBankStatus.VERIFIED


def test_a_broken_confirmation_link_is_refused(client):
    response = client.get("/vennebank/bekraeft/not-a-token")
    assert response.status_code == 400
    assert "virker ikke" in response.get_data(as_text=True)


def test_an_unverified_sign_up_is_purged_after_the_set_number_of_days(app, client):
    client.post(SIGNUP, data=friend_data())
    with app.app_context():
        days = app.config["RETENTION_FRIENDBANK_UNVERIFIED_DAYS"]
        person = db.session.scalars(select(YoungPerson)).one()
        created = person.created_at.replace(tzinfo=UTC)
        retention.run(created + timedelta(days=days - 1), app.config)
        assert db.session.get(YoungPerson, person.id) is not None
        retention.run(created + timedelta(days=days + 1), app.config)
        db.session.commit()
        assert db.session.scalars(select(YoungPerson)).all() == []
        assert created < datetime.now(UTC)
