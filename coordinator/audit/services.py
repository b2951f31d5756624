"""Record an audit entry from inside the service that acts, so no view can forget it."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from sqlalchemy import Select, select

from coordinator.audit.models import AuditEntry
from coordinator.extensions import db
from coordinator.pagination import Page, paginate


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
    changes = changed_fields(subject)
    if changes:
        detail = {**(detail or {}), "changed": changes}
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


def allow_deleting_audit_rows() -> None:
    """Let this transaction delete audit rows: only the retention job (and the test suite's
    clean-up) does so. On PostgreSQL the audit log is otherwise append-only (a trigger)."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL koordinering.audit_retention = 'on'")


# Values never written to the log, only that they changed: secrets, free text about a person.
MASKED_FIELDS = frozenset({"password_hash", "phone", "calendar_token"})
MASKED = "•••"


def changed_fields(subject: Any) -> dict[str, Any]:
    """The columns of `subject` changed in this transaction and not yet flushed, as
    {field: [old, new]}; free text, JSON and secrets only as "•••" (what changed, not to what)."""
    state = sa.inspect(subject, raiseerr=False) if subject is not None else None
    if state is None or not getattr(state, "persistent", False):
        return {}
    changes: dict[str, Any] = {}
    for column_attr in state.mapper.column_attrs:
        history = state.attrs[column_attr.key].history
        if not (history.added and history.deleted):
            continue  # unchanged, or never loaded before the change
        old, new = history.deleted[0], history.added[0]
        if old == new:
            continue
        column_type = column_attr.columns[0].type
        if column_attr.key in MASKED_FIELDS or isinstance(column_type, sa.Text | sa.JSON):
            changes[column_attr.key] = MASKED
        else:
            changes[column_attr.key] = [_plain(old), _plain(new)]
    return changes


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(getattr(value, "value", value))


@dataclass(frozen=True)
class AuditFilter:
    """What to look for in the audit log; every part is optional."""

    subject_type: str | None = None
    subject_id: int | None = None
    actor: str | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def search_query(found: AuditFilter) -> Select:
    """Audit entries matching the filter, newest first (a query to page or export).

    Lists and searches log the ids they showed in the entry's detail (`ids`), which the page
    and the CSV export show, so a reader can also see which lists showed a record.
    """
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if found.subject_type:
        query = query.where(AuditEntry.subject_type == found.subject_type)
    if found.subject_id is not None:
        query = query.where(AuditEntry.subject_id == found.subject_id)
    if found.actor:
        query = query.where(AuditEntry.actor_label.ilike(f"%{_escape_like(found.actor)}%",
                                                         escape="\\"))
    if found.action:
        query = query.where(AuditEntry.action.ilike(f"{_escape_like(found.action)}%",
                                                    escape="\\"))
    if found.date_from:
        query = query.where(AuditEntry.at >= datetime.combine(found.date_from, time.min, UTC))
    if found.date_to:
        end = datetime.combine(found.date_to + timedelta(days=1), time.min, UTC)
        query = query.where(AuditEntry.at < end)
    return query


def search(actor: Any, found: AuditFilter, *, asked: dict[str, str], number: int,
           refused: bool = False) -> Page:
    """Page `number` of the entries matching `found`, or none when the filter could not be read
    (`refused`): an unreadable filter must not show the whole log. The search is logged with the
    filter as the reader asked for it (`asked`), since reading the log reads people's records."""
    query = search_query(found)
    if refused:
        query = query.where(sa.false())
    page = paginate(query, number=number)
    record(actor, "audit.searched", detail={"filter": asked})
    return page


def export(actor: Any, found: AuditFilter, *, asked: dict[str, str]) -> Select:
    """The entries matching `found`, to export; the export is logged with the filter as the
    reader asked for it (`asked`)."""
    record(actor, "audit.exported", detail={"filter": asked})
    return search_query(found)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def csv_header() -> tuple[str, ...]:
    """The export's column headings in the reader's language."""
    return (_("Time"), _("User"), _("Action"), _("Kind of record"), _("Record number"),
            _("Details"), _("IP address"))


def csv_rows(query: Select) -> Iterator[tuple]:
    """The entries of a search as CSV rows, read in batches (an export may be long)."""
    for entry in db.session.scalars(query.execution_options(yield_per=500)):
        yield (
            # Copenhagen time, sortable, to the second: an audit trail needs the exact moment.
            to_user_timezone(entry.at).strftime("%Y-%m-%d %H:%M:%S") if entry.at else "",
            entry.actor_label,
            entry.action,
            entry.subject_type or "",
            entry.subject_id if entry.subject_id is not None else "",
            json.dumps(entry.detail, ensure_ascii=False, sort_keys=True),
            entry.ip_address or "",
        )


def record_list(actor: Any, action: str, items: list, **detail: Any) -> None:
    """Log a list or search that showed people's records, with the numbers of those shown (one
    entry per page view); nothing is logged for an empty list.

    The entry is written at once in a short transaction of its own: a read changes nothing the
    request could roll back, and committing the request's session here would expire the rows
    the page is about to show (and load each again).
    """
    ids = [getattr(item, "id", item) for item in items]
    if not ids:
        return
    entry = record(actor, action, detail={"ids": ids, **{k: v for k, v in detail.items() if v}})
    db.session.expunge(entry)
    values = {
        column.key: getattr(entry, column.key)
        for column in AuditEntry.__table__.columns
        if column.key != "id" and getattr(entry, column.key) is not None
    }
    values.setdefault("at", datetime.now(UTC))
    with db.engine.begin() as connection:
        connection.execute(sa.insert(AuditEntry), values)
