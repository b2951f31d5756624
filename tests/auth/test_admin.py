"""User administration: administrators list, invite, change roles and (de)activate; nobody
else may; every change is audited and ends the person's sessions."""

import re

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from tests import factories

NEW = "et nyt og langt kodeord til vinter"


def _user(app, role=Role.CASEWORKER, **fields) -> User:
    with app.app_context():
        user = factories.make_user(role, **fields)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def _actions(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEntry.action)).all()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.VOLUNTEER,
                                  Role.ORGANISATION_CONTACT])
def test_only_administrators_reach_user_administration(app, client, auth, role):
    target = _user(app)
    auth.login_as(role)
    if role != Role.COORDINATOR:  # a coordinator sees the caseworkers (next test)
        assert client.get("/konto/brugere").status_code == 403
    for method, url in [("GET", "/konto/brugere/inviter"),
                        ("POST", "/konto/brugere/inviter"),
                        ("GET", f"/konto/brugere/{target.id}"),
                        ("POST", f"/konto/brugere/{target.id}/rolle"),
                        ("POST", f"/konto/brugere/{target.id}/aktiv")]:
        assert client.open(url, method=method).status_code == 403, url


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get("/konto/brugere").status_code == 302


def test_the_list_shows_staff_and_contacts_but_not_volunteers(app, client, auth):
    _user(app, Role.CASEWORKER, name="Sagsbehandler Sanne")
    _user(app, Role.ORGANISATION_CONTACT, name="Kontakt Kim")
    _user(app, Role.VOLUNTEER, name="Frivillig Frede")
    auth.login_as(Role.ADMIN)
    html = client.get("/konto/brugere").get_data(as_text=True)
    assert "Sagsbehandler Sanne" in html
    assert "Kontakt Kim" in html
    assert "Frivillig Frede" not in html
    assert "Totrinslogin" in html


def test_a_volunteer_cannot_be_administered_here(app, client, auth):
    volunteer = _user(app, Role.VOLUNTEER)
    auth.login_as(Role.ADMIN)
    assert client.get(f"/konto/brugere/{volunteer.id}").status_code == 404
    assert client.post(f"/konto/brugere/{volunteer.id}/aktiv").status_code == 404


def test_an_administrator_cannot_demote_or_deactivate_themselves(app, client, auth):
    admin = auth.login_as(Role.ADMIN)
    assert client.post(f"/konto/brugere/{admin.id}/rolle",
                       data={"role": "caseworker"}).status_code == 403
    assert client.post(f"/konto/brugere/{admin.id}/aktiv").status_code == 403


def test_a_role_change_is_audited_and_ends_the_persons_sessions(app, client, auth):
    target = _user(app, Role.CASEWORKER)
    theirs = app.test_client()
    theirs.post("/konto/log-ind", data={"email": target.email, "password": factories.PASSWORD})
    assert theirs.get("/hjem").status_code == 200
    auth.login_as(Role.ADMIN)
    response = client.post(f"/konto/brugere/{target.id}/rolle", data={"role": "coordinator"})
    assert response.status_code == 302
    assert theirs.get("/hjem").status_code == 302
    with app.app_context():
        assert db.session.get(User, target.id).role == Role.COORDINATOR
    assert "user.role_changed" in _actions(app)
    bad = client.post(f"/konto/brugere/{target.id}/rolle", data={"role": "volunteer"})
    assert bad.status_code == 400


def test_deactivate_and_reactivate(app, client, auth):
    target = _user(app, Role.COORDINATOR)
    theirs = app.test_client()
    theirs.post("/konto/log-ind", data={"email": target.email, "password": factories.PASSWORD})
    auth.login_as(Role.ADMIN)
    client.post(f"/konto/brugere/{target.id}/aktiv")
    assert theirs.get("/hjem").status_code == 302
    refused = theirs.post("/konto/log-ind",
                          data={"email": target.email, "password": factories.PASSWORD})
    assert refused.status_code == 400
    client.post(f"/konto/brugere/{target.id}/aktiv")
    again = theirs.post("/konto/log-ind",
                        data={"email": target.email, "password": factories.PASSWORD})
    assert again.status_code == 302
    actions = _actions(app)
    assert "user.deactivated" in actions
    assert "user.reactivated" in actions


def test_an_invitation_link_sets_a_password_once(app, client, auth):
    auth.login_as(Role.ADMIN)
    response = client.post("/konto/brugere/inviter", data={
        "name": "Ny Kollega", "email": "ny.kollega@test.example.dk", "role": "caseworker"})
    assert response.status_code == 302
    taken = client.post("/konto/brugere/inviter", data={
        "name": "Ny Kollega", "email": "ny.kollega@test.example.dk", "role": "caseworker"})
    assert taken.status_code == 400
    client.post("/konto/log-ud")
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "invitation")).one()
    path = "/" + re.search(r"http://\S+/konto/invitation/\S+", message.text).group(0).split(
        "/", 3)[3]
    # The unknown password the account was created with does not sign in.
    assert client.post(path, data={"new_password": NEW, "new_password_again": NEW}
                       ).status_code == 302
    assert client.post(path, data={"new_password": NEW, "new_password_again": NEW}
                       ).status_code == 400
    ok = client.post("/konto/log-ind", data={"email": "ny.kollega@test.example.dk",
                                             "password": NEW})
    assert ok.status_code == 302
    actions = _actions(app)
    assert "user.invited" in actions
    assert "user.invitation_accepted" in actions


def test_a_forged_invitation_is_refused(client):
    assert client.get("/konto/invitation/not-a-token").status_code == 400


def test_a_coordinator_sees_only_caseworkers_with_a_link_to_reset_a_lost_factor(
    app, client, auth
):
    from datetime import UTC, datetime

    _user(app, Role.CASEWORKER, name="Sagsbehandler Sanne", totp_secret="A" * 32,
          totp_enabled_at=datetime.now(UTC))
    _user(app, Role.ADMIN, name="Admin Anne")
    _user(app, Role.COORDINATOR, name="Koordinator Karl")
    auth.login_as(Role.COORDINATOR)
    html = client.get("/konto/brugere").get_data(as_text=True)
    assert "Sagsbehandler Sanne" in html
    assert "Admin Anne" not in html
    assert "Koordinator Karl" not in html
    assert "Fjern et mistet andet trin" in html
    assert "Invitér en bruger" not in html
