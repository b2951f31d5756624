"""Every view declares who may see it; anonymous visitors only reach the public ones."""

import pytest
from werkzeug.routing import IntegerConverter, Rule

from coordinator.auth.models import Role
from coordinator.security import PUBLIC, declared_access
from tests.conftest import AuthActions

PUBLIC_ENDPOINTS = {
    "main.index",
    "main.set_language",
    "main.health",
    "auth.login",
    "auth.forgot_password",  # someone who cannot sign in asks for a reset link
    "auth.reset_password",  # the signed, single-use link in the reset e-mail
    "auth.confirm_email_change",  # the signed link sent to the new address
    "auth.accept_invitation",  # the signed, single-use link in an invitation e-mail
    "auth.sso_start",  # staff go to the municipality's identity provider (when configured)
    "auth.sso_callback",  # ... and come back with a code, checked before anyone is signed in
    "auth.two_factor",  # the second step of signing in, before anyone is signed in
    "static",
    "catalogue.public_list",  # the offers by theme, for families and volunteers without a login
    "events.calendar_feed",  # a volunteer's calendar feed: the secret token in the URL is the key
    "volunteers.signup",  # a volunteer signs up before having an account
    "volunteers.signup_sent",  # "look in your inbox", the same after any sign-up
    "volunteers.confirm_email",  # the signed link in the confirmation e-mail
    "friendbank.signup",  # a young person of 15-23 joins the friend bank without an account
    "friendbank.thanks",  # what happens after the friend-bank sign-up
    "privacy.privacy_policy",  # the privacy policy is for everyone, before they sign up
    "main.accessibility",  # the accessibility statement, as the web accessibility act requires
    "friendbank.confirm_email",  # the signed link in the friend-bank confirmation e-mail
    "young.favicon",  # the app's icon: browsers fetch /favicon.ico on every site
    "young.manifest",  # the web app manifest: a phone installs the young people's pages
    "young.service_worker",  # the service worker script (scope /ung/), fetched by the browser
    "young.offline",  # what the installed app shows without a connection
    "young.sign_in_start",  # a young person asks for a one-time link and code
    "young.sign_in_code",  # ... types the code from the e-mail
    "young.sign_in_link",  # ... or opens the single-use link
    "young.custody_check_in",  # a custody holder's signed check-in link from the caseworker
}


def _url_for_rule(rule: Rule) -> str:
    """Fill a rule's variables with harmless values so it can be requested."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]  # noqa: SLF001 - the only way to know the type
        values[name] = 1 if isinstance(converter, IntegerConverter) else "x"
    return rule.build(values, append_unknown=False)[1]


def _non_public_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if declared_access(app.view_functions[rule.endpoint]) != PUBLIC
        and rule.endpoint != "static"
    ]


def test_every_view_declares_its_audience(app):
    undeclared = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and declared_access(app.view_functions[rule.endpoint]) is None
    ]
    assert undeclared == []


def test_the_public_views_are_exactly_the_intended_ones(app):
    # A new public page is a deliberate decision: add it to PUBLIC_ENDPOINTS with a reason.
    public = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint == "static" or declared_access(app.view_functions[rule.endpoint]) == PUBLIC
    }
    assert public == PUBLIC_ENDPOINTS


def test_anonymous_visitor_is_sent_to_login_from_every_non_public_view(app, client):
    rules = _non_public_rules(app)
    assert rules, "the app has protected views"
    for rule in rules:
        url = _url_for_rule(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code == 302, (rule.endpoint, method, response.status_code)
            # The young people's pages send a visitor to their own sign-in by link or code.
            login = "/ung/log-ind" if rule.endpoint.startswith("young.") else "/konto/log-ind"
            assert login in response.headers["Location"], rule.endpoint


def test_undeclared_view_is_refused_even_to_a_signed_in_admin(app, make_app):
    fresh_app = make_app()

    @fresh_app.route("/_test_undeclared")
    def undeclared():  # pragma: no cover - must never run
        return "secret"

    client = fresh_app.test_client()
    AuthActions(fresh_app, client).login_as(Role.ADMIN)
    response = client.get("/_test_undeclared")
    assert response.status_code == 403
    assert b"secret" not in response.data


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_its_own_home_page(auth, client, role):
    auth.login_as(role)
    # A young person's home is their own page under /ung/, the scope of their web app.
    response = client.get("/hjem", follow_redirects=True)
    assert response.status_code == 200
    assert "Hej" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    ["/match/99999999999999", "/match/henvisninger/2147483648", "/henvisninger/99999999999"],
)
def test_an_id_beyond_the_databases_range_is_simply_not_found(client, auth, url):
    auth.login_as(Role.COORDINATOR)
    assert client.get(url).status_code == 404


def test_a_huge_page_number_is_not_an_error(client, auth):
    auth.login_as(Role.COORDINATOR)
    assert client.get("/match/henvisninger?side=99999999999999999999").status_code == 200
