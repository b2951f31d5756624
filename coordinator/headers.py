"""Security headers on every response, from one small `after_request` hook.

Why our own hook and not Flask-Talisman: what we need is a handful of fixed headers, and the
templates have no inline script or style (scripts and styles are files served by the app), so
there are no nonces to manage; a dozen lines we can read beat a dependency with its own
defaults. HSTS is sent only when the session cookie is Secure, i.e. the app is behind TLS.
"""

from flask import Flask, Response, current_app, session

# Only our own files: no inline script or style, no framing, no plugins, forms post to us only.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# Features no page of ours uses; a script injected somehow cannot ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera", "microphone", "geolocation", "payment", "usb", "interest-cohort",
        "browsing-topics",
    )
)
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    """Set the security headers; a signed-in user's pages are never stored by any cache."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")  # for browsers without frame-ancestors
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    # Personal pages (case notes, names) must not stay in a shared computer's or proxy's cache.
    if _signed_in():
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
        headers.pop("ETag", None)
        headers.pop("Last-Modified", None)
    return response


def _signed_in() -> bool:
    """Whether the cookie says someone is signed in, without asking the database: this hook
    also runs on the error page shown when the database is down."""
    return bool(session.get("_user_id"))


def register(app: Flask) -> None:
    """Install the hook; Secure cookies go with HTTPS (FLASK_SESSION_COOKIE_SECURE=true)."""
    if app.config.get("SESSION_COOKIE_SECURE"):
        app.config["REMEMBER_COOKIE_SECURE"] = True
    app.after_request(add_security_headers)
