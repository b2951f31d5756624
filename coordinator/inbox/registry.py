"""The registry of inbox providers per role; no feature imports, so any feature can use it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coordinator.auth.models import Role, User


@dataclass(frozen=True)
class InboxItem:
    """One thing a person must do now: what, since when, where, and the next action."""

    title: str  # names the person or the count, in the reader's language
    url: str  # the item itself, or the filtered list behind a count
    action: str  # the next action, as the link's words
    since: date | datetime | None = None  # how long it has waited (oldest first)
    count: int | None = None  # for a grouped item: how many the list behind it holds
    detail: str = ""
    urgent: bool = False  # concerns and failed mail come before everything else
    kind: str = ""  # the provider's name for what it is, e.g. "concern"
    ref: Any = None  # the record behind the item, for the page that must log what it shows

    @property
    def waited_since(self) -> date:
        if isinstance(self.since, datetime):
            return self.since.date()
        return self.since or date.max


Provider = Callable[[User, date], list[InboxItem]]

_PROVIDERS: dict[Role, list[Provider]] = {role: [] for role in Role}


def register(*roles: Role) -> Callable[[Provider], Provider]:
    """Register `provider` for these roles (usable as a decorator); idempotent."""

    def add(provider: Provider) -> Provider:
        for role in roles:
            if provider not in _PROVIDERS[role]:
                _PROVIDERS[role].append(provider)
        return provider

    return add


def providers_for(role: Role) -> list[Provider]:
    """The providers registered for a role, in registration order."""
    return list(_PROVIDERS[role])


def items_for(user: User, today: date) -> list[InboxItem]:
    """Everything the user must act on: urgent items first, then the longest waiting."""
    from coordinator.inbox import providers  # noqa: F401 - registers the built-in providers

    items = [item for provider in _PROVIDERS[user.role] for item in provider(user, today)]
    return sorted(items, key=lambda item: (not item.urgent, item.waited_since))
