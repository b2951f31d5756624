"""Security headers on every response: every route of the URL map, signed in and not."""

import re

import pytest

from coordinator.auth.models import Role

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _sample_url(rule) -> str:
    """A concrete URL for a rule: every <int:…> becomes 1, anything else a word."""
    url = re.sub(r"<int:[^>]+>", "1", rule.rule)
    return re.sub(r"<[^>]+>", "x", url)


def _check(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (response.request.path, name)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "camera=()" in response.headers["Permissions-Policy"]


def _walk(app, client):
    for rule in app.url_map.iter_rules():
        for method in ("GET", "POST"):
            if method in rule.methods:
                response = client.open(_sample_url(rule), method=method)
                try:
                    yield rule, response
                finally:
                    response.close()  # files sent as they are (icons, service worker) stay open


def test_every_route_carries_the_headers_for_an_anonymous_visitor(app, client):
    seen = 0
    for rule, response in _walk(app, client):
        _check(response)
        assert response.headers.get("Cache-Control") != "no-store" or rule.endpoint != "main.index"
        seen += 1
    assert seen > 50


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.VOLUNTEER])
def test_every_route_carries_the_headers_and_no_store_when_signed_in(app, client, auth, role):
    auth.login_as(role)
    for rule, response in _walk(app, client):
        if rule.endpoint in {"auth.logout", "auth.logout_everywhere", "volunteers.leave"}:
            auth.login_as(role)  # these end the session; the next page needs one again
            continue
        _check(response)
        if rule.endpoint != "static":
            assert response.headers["Cache-Control"] == "no-store", rule.endpoint


def test_the_templates_have_no_inline_script_or_style():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    for template in root.rglob("*.html"):
        text = template.read_text()
        assert "<style" not in text, template
        assert " style=" not in text, template
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert not re.search(r"\son[a-z]+=", text), template


def test_hsts_and_secure_cookies_only_behind_tls(make_app):
    plain = make_app().test_client().get("/")
    assert "Strict-Transport-Security" not in plain.headers
    secure_app = make_app(SESSION_COOKIE_SECURE=True)
    response = secure_app.test_client().get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert secure_app.config["REMEMBER_COOKIE_SECURE"] is True
    client = secure_app.test_client()
    client.get("/konto/log-ind", base_url="https://localhost")
    # Flask sets the Secure flag from SESSION_COOKIE_SECURE on every session cookie it writes.
    assert secure_app.config["SESSION_COOKIE_SECURE"] is True
