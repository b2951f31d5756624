"""Pages in Danish and English, friendly error pages, the language switch."""

import pytest

from coordinator.auth.models import Role


def test_front_page_is_danish_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="da"' in html
    assert "Bliv frivillig" in html


def test_language_switch_gives_english_and_remembers_it(client):
    response = client.get("/sprog/en?next=/konto/log-ind")
    assert response.headers["Location"].endswith("/konto/log-ind")
    html = client.get("/konto/log-ind").get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "Sign in" in html
    assert "Log ind" not in html


def test_unknown_language_is_ignored(client):
    client.get("/sprog/xx")
    assert '<html lang="da"' in client.get("/").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    response = client.get("/sprog/en?next=//evil.example.com/")
    assert "evil" not in response.headers["Location"]


def test_signed_in_users_language_choice_is_kept_on_the_account(app, client, auth):
    user = auth.login_as(Role.CASEWORKER)
    client.get("/sprog/en")
    from coordinator.auth.models import User
    from coordinator.extensions import db

    with app.app_context():
        assert db.session.get(User, user.id).locale == "en"


@pytest.mark.parametrize(("lang", "text"), [("da", "Siden findes ikke"), ("en", "Page not found")])
def test_404_page_is_friendly_in_both_languages(client, lang, text):
    client.get(f"/sprog/{lang}")
    response = client.get("/findes/ikke")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_wrong_method_gets_a_friendly_405(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "Ikke tilladt" in response.get_data(as_text=True)


def test_an_unexpected_error_shows_a_friendly_500_without_a_trace(app, make_app):

    fresh = make_app()
    fresh.config["PROPAGATE_EXCEPTIONS"] = False

    from coordinator.security import public

    @fresh.route("/_boom")
    @public
    def boom():
        raise RuntimeError("internal detail that must not leak")

    response = fresh.test_client().get("/_boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Noget gik galt" in html
    assert "internal detail" not in html
    assert "Traceback" not in html


@pytest.mark.parametrize("role", list(Role))
def test_navigation_shows_sign_out_for_every_role(auth, client, role):
    auth.login_as(role)
    html = client.get("/hjem", follow_redirects=True).get_data(as_text=True)
    assert "Log ud" in html


def test_front_page_leads_to_volunteer_and_friend_bank_sign_up_and_the_offers(client):
    html = client.get("/").get_data(as_text=True)
    for path in ("/frivillig/tilmeld", "/vennebank/tilmeld", "/tilbud"):
        assert f'href="{path}"' in html
        assert client.get(path).status_code == 200


def test_front_page_shows_members_where_to_sign_in(client):
    """A volunteer signs in with a password, a young person with a link or code by e-mail:
    each finds their own way in from the card they know, not only under "Medarbejdere"."""
    html = client.get("/").get_data(as_text=True)
    assert '<a href="/konto/log-ind">Er du allerede frivillig? Log ind</a>' in html
    assert '<a href="/ung/log-ind">Er du allerede med i vennebanken? Log ind</a>' in html
