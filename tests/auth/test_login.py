"""Signing in and out: per role, wrong credentials, bad input, and the audit trail."""

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from tests import factories

LOGIN = "/konto/log-ind"


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.mark.parametrize("role", list(Role))
def test_each_role_can_sign_in_and_lands_on_home(app, client, role):
    with app.app_context():
        user = factories.make_user(role)
        email = user.email
        db.session.commit()
    response = client.post(LOGIN, data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/hjem")
    # A young person's home is their own page under /ung/, the scope of their web app.
    assert client.get("/hjem", follow_redirects=True).status_code == 200


def test_email_is_matched_regardless_of_case_and_spaces(app, client):
    with app.app_context():
        factories.make_user(Role.CASEWORKER, email="sofie@test.example.dk")
        db.session.commit()
    response = client.post(
        LOGIN, data={"email": "  Sofie@Test.Example.DK ", "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_danish_message(app, client):
    with app.app_context():
        factories.make_user(Role.COORDINATOR, email="kim@test.example.dk")
        db.session.commit()
    wrong_password = client.post(LOGIN, data={"email": "kim@test.example.dk", "password": "nope"})
    unknown_email = client.post(LOGIN, data={"email": "ingen@test.example.dk", "password": "nope"})
    for response in (wrong_password, unknown_email):
        assert response.status_code == 400
        assert "Forkert e-mail eller adgangskode." in response.get_data(as_text=True)
    # Nothing on the page may tell the two cases apart.
    assert _without_csrf(wrong_password.get_data(as_text=True)).replace(
        "kim@test.example.dk", "X"
    ) == _without_csrf(unknown_email.get_data(as_text=True)).replace("ingen@test.example.dk", "X")


def _without_csrf(html: str) -> str:
    return "\n".join(line for line in html.splitlines() if "csrf_token" not in line)


def test_failed_login_keeps_the_typed_email_but_never_the_password(app, client):
    response = client.post(LOGIN, data={"email": "kim@test.example.dk", "password": "hemmelig-123"})
    html = response.get_data(as_text=True)
    assert 'value="kim@test.example.dk"' in html
    assert "hemmelig-123" not in html


def test_deactivated_account_cannot_sign_in(app, client):
    with app.app_context():
        user = factories.make_user(Role.COORDINATOR, active=False)
        email = user.email
        db.session.commit()
    response = client.post(LOGIN, data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 400
    assert client.get("/hjem").status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Skriv din e-mailadresse."),
        ({"email": "", "password": ""}, "Skriv din adgangskode."),
        ({"email": "ikke-en-email", "password": "x"}, "Skriv en gyldig e-mailadresse."),
        ({"email": "a" * 300 + "@x.dk", "password": "x"}, "E-mailadressen er for lang."),
        ({"email": "kim@test.example.dk", "password": "p" * 5000}, "Adgangskoden er for lang."),
        ({"email": ["a@x.dk", "b@x.dk"], "password": ["1", "2"]}, "Forkert e-mail"),
        (
            {"email": "æøå@ø.dk\u202e\x00", "password": "\U0001f600"},
            "Skriv en gyldig e-mailadresse.",
        ),
        ({"email": "kim@test.example.dk", "password": "x", "remember": "maybe"}, "Forkert e-mail"),
    ],
)
def test_bad_login_input_gets_a_clear_danish_message_never_a_500(client, data, message):
    response = client.post(LOGIN, data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_missing_csrf_token_gets_a_clear_message_not_a_500(app, make_app):
    strict_app = make_app(WTF_CSRF_ENABLED=True)
    response = strict_app.test_client().post(
        LOGIN, data={"email": "kim@test.example.dk", "password": "x"}
    )
    assert response.status_code == 400
    assert "Formularen var udløbet" in response.get_data(as_text=True)


def test_login_logout_and_failure_are_audited(app, client, auth):
    user = auth.login_as(Role.COORDINATOR)
    auth.logout()
    client.post(LOGIN, data={"email": user.email, "password": "wrong"})
    client.post(LOGIN, data={"email": "ghost@test.example.dk", "password": "wrong"})
    actions = audit_actions(app)
    assert actions[-4:] == ["auth.login", "auth.logout", "auth.login_failed", "auth.login_failed"]
    with app.app_context():
        ghost = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert ghost.actor_id is None
        assert ghost.actor_label == "ghost@test.example.dk"


def test_after_logout_home_needs_login_again(client, auth):
    auth.login_as(Role.CASEWORKER)
    assert client.get("/hjem").status_code == 200
    auth.logout()
    assert client.get("/hjem").status_code == 302


def test_login_does_not_redirect_to_another_site(app, client):
    with app.app_context():
        user = factories.make_user(Role.COORDINATOR)
        email = user.email
        db.session.commit()
    response = client.post(
        LOGIN + "?next=https://evil.example.com/",
        data={"email": email, "password": factories.PASSWORD},
    )
    assert response.headers["Location"].endswith("/hjem")


def test_unconfirmed_volunteer_only_sees_confirm_your_email(client, auth):
    auth.login_as(Role.VOLUNTEER, confirmed=False)
    response = client.get("/hjem")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/konto/bekraeft-email")
    assert "Bekræft din e-mail" in client.get("/konto/bekraeft-email").get_data(as_text=True)


def test_staff_cannot_open_the_volunteers_confirm_page(client, auth):
    auth.login_as(Role.COORDINATOR)
    assert client.get("/konto/bekraeft-email").status_code == 403


def test_create_user_command_makes_a_staff_account_that_can_sign_in(app, runner, client):
    result = runner.invoke(
        args=["create-user", "--email", "ny@test.example.dk", "--name", "Ny Koordinator",
              "--role", "coordinator", "--password", "langt-kodeord-til-vinter"],
    )
    assert result.exit_code == 0, result.output
    response = client.post(
        LOGIN, data={"email": "ny@test.example.dk", "password": "langt-kodeord-til-vinter"}
    )
    assert response.status_code == 302


def test_create_user_command_refuses_duplicates_and_short_passwords(app, runner):
    args = ["create-user", "--email", "dup@test.example.dk", "--name", "D", "--role", "admin"]
    assert runner.invoke(args=[*args, "--password", "langt-kodeord-til-vinter"]).exit_code == 0
    duplicate = runner.invoke(args=[*args, "--password", "langt-kodeord-til-vinter"])
    assert duplicate.exit_code != 0
    assert "already exists" in duplicate.output
    short = runner.invoke(args=["create-user", "--email", "s@test.example.dk", "--name", "S",
                                "--role", "admin", "--password", "kort"])
    assert short.exit_code != 0


def test_create_user_command_refuses_a_guessable_password(app, runner):
    weak = runner.invoke(args=["create-user", "--email", "w@test.example.dk", "--name", "W",
                               "--role", "admin", "--password", "password1234"])
    assert weak.exit_code != 0
    assert "guess" in weak.output or "gætte" in weak.output
