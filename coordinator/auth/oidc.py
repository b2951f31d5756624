"""Single sign-on for staff through the municipality's OpenID Connect provider (Authlib).

Enabled when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. The provider's ID
token is checked by Authlib (signature from the provider's keys, issuer, audience = our client
id, expiry, nonce); the code flow uses PKCE. The person is matched to an *existing*, active
staff account by a *verified* e-mail address: no account is ever created here, and volunteers
and contacts keep their local password. The provider is trusted for the second factor.
"""

from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from joserfc.errors import JoseError
from sqlalchemy import func, select

from coordinator.audit import services as audit
from coordinator.auth.models import User
from coordinator.extensions import db

EXTENSION = "coordinator_oidc"
CLIENT = "staff"


class SsoRefused(RuntimeError):
    """The provider's answer does not sign anyone in here; `reason` goes to the audit log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def enabled(app: Flask | None = None) -> bool:
    return EXTENSION in (app or current_app).extensions


def client():
    return current_app.extensions[EXTENSION].create_client(CLIENT)


def claims_from_token(token: dict[str, Any], nonce: str | None) -> dict[str, Any]:
    """The verified claims of the ID token in `token`, or `SsoRefused`."""
    if "id_token" not in token:
        raise SsoRefused("no id_token")
    try:
        return dict(client().parse_id_token(token, nonce=nonce))
    except (JoseError, ValueError) as error:
        raise SsoRefused(f"id_token refused: {error}") from error


def complete_claims(token: dict[str, Any]) -> dict[str, Any]:
    """The ID token's verified claims, with the e-mail from the userinfo endpoint if needed.

    Many providers (oidc-provider among them) keep scope claims out of the ID token and serve
    them at the userinfo endpoint, which answers for the access token issued with it; its
    `sub` must be the ID token's.
    """
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        raise SsoRefused("no verified id_token")
    if "email" not in claims:
        extra = dict(client().userinfo(token=token))
        if extra.get("sub") != claims["sub"]:
            raise SsoRefused("userinfo is for another subject")
        claims.update({key: extra.get(key) for key in ("email", "email_verified")})
    return claims


def staff_user_for(claims: dict[str, Any]) -> User:
    """The active staff account with the token's verified e-mail address, or `SsoRefused`."""
    email = claims.get("email")
    if not isinstance(email, str) or not email:
        raise SsoRefused("no e-mail in the token")
    if claims.get("email_verified") is not True:
        raise SsoRefused("e-mail not verified by the provider")
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active or not user.is_staff:
        raise SsoRefused("no active staff account with this e-mail")
    return user


def record_refusal(error: SsoRefused, claims: dict[str, Any] | None = None) -> None:
    label = str((claims or {}).get("email") or "")[:254]
    audit.record(None, "auth.sso_refused", actor_label=label, detail={"reason": error.reason})


def register(app: Flask) -> None:
    """Register the provider's client when single sign-on is configured."""
    issuer = app.config.get("OIDC_ISSUER")
    if not issuer:
        return
    oauth = OAuth(app)
    oauth.register(
        CLIENT,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email", "code_challenge_method": "S256"},
    )
    app.extensions[EXTENSION] = oauth
