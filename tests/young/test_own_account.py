"""A young person's account page offers what they can use (they have no password and no second
factor), and the password and two-factor pages answer them kindly instead."""

from coordinator.auth.models import Role
from coordinator.extensions import db
from tests.young.helpers import sign_in, young_account


def _signed_in_young_person(app, client) -> str:
    with app.app_context():
        user, _person = young_account(age=16)
        db.session.commit()
        email = user.email
    sign_in(client, app, email)
    return email


def test_the_young_persons_account_page_shows_what_they_can_use(app, client):
    email = _signed_in_young_person(app, client)
    response = client.get("/konto/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert email in html
    assert "Log ud alle steder" in html
    assert "bede os om at slette det" in html  # how to ask to be deleted
    assert 'href="/privatliv"' in html
    # Nothing they cannot use.
    assert "/konto/adgangskode" not in html
    assert "/konto/to-faktor/opsaet" not in html


def test_password_email_and_two_factor_pages_answer_a_young_person_kindly(app, client):
    _signed_in_young_person(app, client)
    for path in ("/konto/adgangskode", "/konto/email", "/konto/to-faktor/opsaet"):
        response = client.get(path)
        assert response.status_code == 403, path
        html = response.get_data(as_text=True)
        assert "ingen adgangskode eller ekstra kode" in html
        assert 'href="/konto/"' in html
    # A post is refused the same way and changes nothing.
    response = client.post("/konto/adgangskode", data={"current_password": "x",
                                                       "new_password": "y" * 14})
    assert response.status_code == 403


def test_signing_out_everywhere_sends_a_young_person_to_their_own_sign_in(app, client):
    _signed_in_young_person(app, client)
    response = client.post("/konto/log-ud-alle-steder")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/ung/log-ind")
    assert client.get("/ung/").status_code == 302  # signed out


def test_staff_still_get_the_full_account_page(client, auth):
    auth.login_as(Role.COORDINATOR)
    html = client.get("/konto/").get_data(as_text=True)
    assert "/konto/adgangskode" in html
    assert client.get("/konto/adgangskode").status_code == 200
