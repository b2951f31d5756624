"""Who may see what: every view declares its audience, and undeclared views are refused.

Views declare with `@public`, `@roles_required(...)`; one `before_request` hook
(`coordinator.auth.access`, which knows the signed-in user) enforces the declaration, so access
control lives in one place and a new view cannot be left open by accident.
"""

from collections.abc import Callable
from typing import Any

from coordinator.roles import Role

PUBLIC = "public"


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Declare a view open to everyone, signed in or not."""
    view.access = PUBLIC  # type: ignore[attr-defined]
    return view


def roles_required(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a view open only to signed-in users with one of `roles`."""
    if not roles:
        raise ValueError("roles_required needs at least one role")

    def declare(view: Callable[..., Any]) -> Callable[..., Any]:
        view.access = frozenset(roles)  # type: ignore[attr-defined]
        return view

    return declare


def allow_unconfirmed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let a volunteer who has not yet confirmed their e-mail reach this view."""
    view.allow_unconfirmed = True  # type: ignore[attr-defined]
    return view


def allow_without_two_factor(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let a staff user who must set up a second factor reach this view (setup, sign-out)."""
    view.allow_without_two_factor = True  # type: ignore[attr-defined]
    return view


def declared_access(view: Callable[..., Any]) -> str | frozenset[Role] | None:
    """Return what a view declared: PUBLIC, a set of roles, or None if it declared nothing."""
    return getattr(view, "access", None)
