"""Single sign-on for staff against a real OpenID Connect provider (panva's `oidc-provider` on
Node.js, installed from the npm registry into tests/oidc by this test)."""

import base64
import json
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from tests import factories
from tests.conftest import skip_or_fail

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc"
CALLBACK = "http://localhost/konto/sso/svar"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def provider():
    """Start the real provider on a free port; install it from npm the first time."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        skip_or_fail("Node.js and npm are needed for the OpenID Connect provider")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent"],
                       cwd=PROVIDER_DIR, check=True, timeout=300)
    port = _free_port()
    process = subprocess.Popen([node, "provider.mjs", str(port), CALLBACK], cwd=PROVIDER_DIR,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    issuer = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("the OpenID provider did not start")
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso_app(make_app, provider):
    return make_app(OIDC_ISSUER=provider, OIDC_CLIENT_ID="koordinering",
                    OIDC_CLIENT_SECRET="test-client-secret", STAFF_TWO_FACTOR="required")


def _through_provider(authorize_url: str, login: str) -> str:
    """Sign in at the provider's own pages as `login`; return where it sends the browser back."""
    browser = requests.Session()
    url, response = authorize_url, None
    for _ in range(12):
        response = browser.get(url, allow_redirects=False, timeout=5)
        while response.status_code == 200 and "<form" in response.text:
            action = re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)
            data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                                   response.text))
            if 'name="login"' in response.text:
                data.update(login=login, password="any")
            response = browser.post(urljoin(url, action), data=data, allow_redirects=False,
                                    timeout=5)
        location = response.headers.get("Location")
        assert location, response.text[:500]
        url = urljoin(url, location)
        if url.startswith(CALLBACK):
            return url
    pytest.fail("the provider never sent the browser back")


def _sign_in(app, client, login: str):
    start = client.get("/konto/sso")
    assert start.status_code == 302
    back = _through_provider(start.headers["Location"], login)
    return client.get(back.removeprefix("http://localhost"))


def _staff(app, role=Role.COORDINATOR, email="koordinator@sso.example.dk", **fields):
    with app.app_context():
        user = factories.make_user(role, email=email, **fields)
        db.session.commit()
        return user.id


def _refusals(app) -> list[str]:
    with app.app_context():
        return [entry.detail["reason"] for entry in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "auth.sso_refused"))]


def test_a_staff_member_signs_in_through_the_provider(sso_app):
    _staff(sso_app)
    client = sso_app.test_client()
    assert "kommunens login" in client.get("/konto/log-ind").get_data(as_text=True)
    response = _sign_in(sso_app, client, "Koordinator@sso.example.dk")
    assert response.status_code == 302, _refusals(sso_app)
    assert response.headers["Location"].endswith("/hjem")
    # The provider is trusted for the second factor: staff pages open at once.
    assert client.get("/hjem").status_code == 200
    with sso_app.app_context():
        assert "auth.login_sso" in db.session.scalars(select(AuditEntry.action)).all()


def test_an_unverified_e_mail_is_refused(sso_app):
    _staff(sso_app, email="unverified.koordinator@sso.example.dk")
    client = sso_app.test_client()
    response = _sign_in(sso_app, client, "unverified.koordinator@sso.example.dk")
    assert response.status_code == 403
    assert client.get("/hjem").status_code == 302
    assert _refusals(sso_app) == ["e-mail not verified by the provider"]


@pytest.mark.parametrize("role", [None, Role.VOLUNTEER, Role.ORGANISATION_CONTACT])
def test_no_account_is_created_and_non_staff_are_refused(sso_app, role):
    if role is not None:
        _staff(sso_app, role=role, email="person@sso.example.dk")
    client = sso_app.test_client()
    response = _sign_in(sso_app, client, "person@sso.example.dk")
    assert response.status_code == 403
    with sso_app.app_context():
        from coordinator.auth.models import User

        assert len(db.session.scalars(select(User)).all()) == (0 if role is None else 1)
    assert _refusals(sso_app) == ["no active staff account with this e-mail"]


def test_an_id_token_for_another_audience_is_refused(sso_app, provider):
    """A real token the provider issued to another client ("other-app") does not sign in here."""
    from authlib.integrations.requests_client import OAuth2Session

    from coordinator.auth import oidc

    _staff(sso_app)
    metadata = requests.get(f"{provider}/.well-known/openid-configuration", timeout=5).json()
    other = OAuth2Session("other-app", "other-secret", scope="openid email",
                          redirect_uri=CALLBACK)
    authorize_url, _state = other.create_authorization_url(metadata["authorization_endpoint"],
                                                           nonce="n-1")
    back = _through_provider(authorize_url, "koordinator@sso.example.dk")
    token = other.fetch_token(metadata["token_endpoint"], authorization_response=back)
    assert "id_token" in token
    payload = token["id_token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["aud"] == "other-app"  # a genuine token from the provider, for someone else
    with sso_app.test_request_context(), pytest.raises(oidc.SsoRefused, match="refused"):
        oidc.claims_from_token(token, "n-1")


def test_a_forged_callback_is_refused(sso_app):
    client = sso_app.test_client()
    response = client.get("/konto/sso/svar?code=made-up&state=made-up")
    assert response.status_code == 403


def test_single_sign_on_is_absent_unless_configured(client):
    assert client.get("/konto/sso").status_code == 404
    assert client.get("/konto/sso/svar").status_code == 404
    assert "kommunens login" not in client.get("/konto/log-ind").get_data(as_text=True)
