"""Throttling of the doors attackers knock on: sign-in, sign-ups, password reset, resending mail.

Flask-Limiter counts per client address and per e-mail address typed in the form, in Redis
when REDIS_URL is set (every gunicorn worker and server shares the counts) and in memory
otherwise (`make run`, one process). A view opts in with `@throttle.limit("login")`; the limits
come from configuration (`RATELIMIT_<NAME>`, `RATELIMIT_<NAME>_ADDRESS`), so an operator can
tune them without a code change. Only POSTs count: reading the form is free.

This module is shared infrastructure and imports no feature package.
"""

from collections.abc import Callable
from typing import Any

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

EXTENSION = "coordinator_limiter"


def limit(
    name: str, counts: Callable[[], bool] | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a view to be throttled with the limits configured for `name`; with `counts`, only
    the posts for which it answers True are counted (e.g. only a form's final step)."""

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view.throttle = name  # type: ignore[attr-defined]
        view.throttle_counts = counts  # type: ignore[attr-defined]
        return view

    return mark


def address_key() -> str:
    """Count per e-mail address: the one typed in the form, else the signed-in account's."""
    typed = request.form.get("email", "")
    if isinstance(typed, str) and typed.strip():
        return "address:" + typed.strip().lower()[:254]
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "ip:" + (get_remote_address() or "")


def storage_uri(app: Flask) -> str:
    return app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"


def register(app: Flask) -> Limiter:
    """Create this app's limiter and wrap every view marked with `limit`.

    One limiter per app (not a shared extension object), so an app built by a test with other
    limits or storage never changes another app's.
    """
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=storage_uri(app),
        enabled=bool(app.config["RATELIMIT_ENABLED"]),
        headers_enabled=False,
        # If Redis is down, signing in must not fail with it: count in memory meanwhile.
        in_memory_fallback_enabled=True,
        key_prefix="koordinering",
    )
    for endpoint, view in list(app.view_functions.items()):
        name = getattr(view, "throttle", None)
        if name is None:
            continue
        config_name = f"RATELIMIT_{name.upper()}"
        counts = getattr(view, "throttle_counts", None)
        exempt = (lambda counts=counts: not counts()) if counts else None
        wrapped: Callable[..., Any] = limiter.limit(
            app.config[config_name], methods=["POST"], scope=f"{name}:ip",
            key_func=get_remote_address, exempt_when=exempt,
        )(view)
        if app.config.get(f"{config_name}_ADDRESS"):
            wrapped = limiter.limit(
                app.config[f"{config_name}_ADDRESS"], methods=["POST"],
                scope=f"{name}:address", key_func=address_key, exempt_when=exempt,
            )(wrapped)
        app.view_functions[endpoint] = wrapped
    app.extensions[EXTENSION] = limiter
    return limiter
