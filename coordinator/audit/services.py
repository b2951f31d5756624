"""Record an audit entry from inside the service that acts, so no view can forget it."""

from typing import Any

from flask import has_request_context, request

from coordinator.audit.models import AuditEntry
from coordinator.extensions import db


def record(
    actor: Any,
    action: str,
    *,
    subject: Any = None,
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    """Add an audit entry for `action` on `subject` by `actor` (a User or None).

    The entry joins the caller's transaction: it is committed with the change it describes.
    """
    actor_id = getattr(actor, "id", None) if actor is not None else None
    label = actor_label if actor_label is not None else getattr(actor, "email", "") or ""
    entry = AuditEntry(
        actor_id=actor_id,
        actor_label=label[:254],
        action=action,
        subject_type=type(subject).__name__ if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        detail=detail or {},
        # Only meaningful inside a request; CLI actions have no address.
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry
