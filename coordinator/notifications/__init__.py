"""Notifications: what happened that a person should know, in the app and by e-mail.

`notify()` is the one way to tell someone about an event: it writes an in-app notification and
queues the e-mail through the outbox in the caller's transaction, so a rolled-back decision tells
no one and a committed one tells each person exactly once.
"""

from coordinator.notifications.services import notify

__all__ = ["notify"]
