"""Background work that follows the commit.

A service that decides something calls `after_commit("deliver_mail")`; the job runs only once
the transaction that recorded the decision has committed, and never if it rolls back. Where the
job runs depends on the configuration:

* `REDIS_URL` set: on a real queue (RQ on Redis), picked up by `flask --app coordinator worker`;
* no Redis (the embedded default of `make run`): in-process after the commit, on one background
  thread inside a web request (so no request waits for SMTP or a matcher fit), inline in a CLI
  command (which must finish its work before the process ends);
* `JOB_RUNNER = "inline"` (the tests): inline, right after the commit.

Jobs are plain functions registered by name with `@job("name")`; they run in an app context of
their own (their own database session) and commit their own work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from coordinator.extensions import db

log = logging.getLogger(__name__)

_registry: dict[str, Callable[..., Any]] = {}
_PENDING = "coordinator.jobs.pending"


def real_app() -> Flask:
    """The app behind the `current_app` proxy, for code that runs after the request ends."""
    return current_app._get_current_object()  # type: ignore[attr-defined]


def job(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function as the background job `name`."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        _registry[name] = function
        return function

    return register


def registered() -> dict[str, Callable[..., Any]]:
    """The jobs known to this process, by name."""
    return dict(_registry)


def after_commit(name: str, *args: Any) -> None:
    """Run job `name` once the current transaction commits; drop it if it rolls back.

    The same job with the same arguments is run once per transaction, however often it is asked.
    """
    if name not in _registry:
        raise KeyError(f"unknown job {name!r}")
    session = db.session()
    if not session.in_transaction():
        # Begin one, so a rollback before any statement still drops the job.
        session.begin()
    pending: list[tuple[str, tuple]] = session.info.setdefault(_PENDING, [])
    if (name, args) not in pending:
        pending.append((name, args))


def schedule(at: datetime, name: str, *args: Any, key: str | None = None) -> None:
    """Run job `name` at `at` (not tied to a transaction: for retries and follow-ups).

    Jobs scheduled with the same `key` replace each other, so a retry loop never piles up.
    """
    from coordinator.jobs import runners

    runners.for_app(real_app()).submit(name, args, at=at, key=key)


def execute(name: str, *args: Any) -> Any:
    """Run a registered job in an app context of its own (the entry point RQ calls)."""
    app = real_app()
    with app.app_context():
        try:
            return _registry[name](*args)
        finally:
            db.session.remove()


def now() -> datetime:
    """The current time in UTC (one place, so tests can reason about schedules)."""
    return datetime.now(UTC)


def _dispatch_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending or not has_app_context():
        return
    from coordinator.jobs import runners

    app = real_app()
    runner = runners.for_app(app, in_request=has_request_context())
    for name, args in pending:
        try:
            runner.submit(name, args)
        except Exception:
            # The decision is committed; a queue that is down must not turn it into an error.
            # The outbox is swept by the worker and the daily job, so no mail is lost.
            log.exception("Could not queue job %s", name)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    _dispatch_pending(session)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous: SessionTransaction) -> None:
    if previous.nested:
        return
    session.info.pop(_PENDING, None)
