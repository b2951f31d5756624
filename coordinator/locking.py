"""Row locks that hold on PostgreSQL and on SQLite alike.

A rule such as "a volunteer's capacity is never exceeded" is a check followed by a write. Two
requests may only make that check one after the other, so the check must be made under a lock:

- PostgreSQL: `SELECT … FOR UPDATE` locks the rows until the transaction ends.
- SQLite has no row locks and ignores `FOR UPDATE`. Worse, pysqlite runs a SELECT outside any
  transaction, so two requests could both read "a place is free" and then both write. Here the
  transaction is made a *write* transaction first (`BEGIN IMMEDIATE`): SQLite lets one writer
  at a time in, so the reads that follow see everything committed before and nobody can write
  between the check and our own write.

The module is shared by every feature package and imports none of them.
"""

import sqlite3
from typing import TypeVar

from flask import Flask, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, inspect, select
from sqlalchemy.exc import OperationalError

from coordinator.errors import handle_unexpected_error
from coordinator.extensions import db

Model = TypeVar("Model")

class Busy(RuntimeError):
    """The database stayed locked by other requests for too long; nothing was stored."""

    message = _l("Someone else is saving at the same moment. Please try again.")

    def __init__(self) -> None:
        super().__init__("the database is locked by another request")

    def __str__(self) -> str:
        # Views flash str(error): the user reads the message in their own language.
        return str(self.message)


def begin_write() -> None:
    """Make the current transaction a write transaction, so what is read next stays true.

    On PostgreSQL this does nothing (the row locks of `lock` do the work). On SQLite it takes
    the database's write lock now, waiting up to the busy timeout for other writers, and raises
    `Busy` if that runs out. A transaction that has already written holds the lock already.
    """
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None  # a connection checked out of the pool has its DBAPI connection
    if raw.in_transaction:
        # pysqlite opens a transaction only before a write, so an open one holds the lock.
        return
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise Busy from error


def lock(model: type[Model], row_id: int) -> Model:
    """Re-read one row and keep it locked until the transaction ends.

    The row is read again even if the session already holds it (`populate_existing`), so a
    check made after the lock never sees values loaded before another request committed.
    """
    begin_write()
    return db.session.execute(
        select(model)
        .where(inspect(model).primary_key[0] == row_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def register(app: Flask) -> None:
    """Let concurrent SQLite requests wait for each other, and answer `Busy` kindly anywhere."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        busy_timeout_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])

        def tune(dbapi_connection: sqlite3.Connection, _record) -> None:
            _tune_sqlite(dbapi_connection, busy_timeout_ms)

        event.listen(engine, "connect", tune)
    app.register_error_handler(Busy, _busy_answer)
    app.register_error_handler(OperationalError, _locked_answer)


def _busy_answer(error: Busy):
    # The views that lock catch Busy themselves; this is the net for any other that meets it.
    db.session.rollback()
    flash(str(error), "error")
    back = request.referrer
    if not back or not back.startswith(request.host_url):
        back = url_for("main.home")
    return redirect(back, code=303)


def _locked_answer(error: OperationalError):
    # Any other write (an audit row, the commit) that waited out the busy timeout on SQLite.
    if isinstance(error.orig, sqlite3.OperationalError) and "locked" in str(error.orig):
        return _busy_answer(Busy())
    # Anything else (the database is gone) is the friendly error page, never a traceback.
    return handle_unexpected_error(error)


def _tune_sqlite(dbapi_connection: sqlite3.Connection, busy_timeout_ms: int) -> None:
    # WAL: readers never wait for the writer and the writer never waits for readers, so only
    # writers queue for each other (an in-memory database stays in its own journal mode).
    dbapi_connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")
    (mode,) = dbapi_connection.execute("PRAGMA journal_mode").fetchone()
    if mode.lower() not in {"wal", "memory"}:
        dbapi_connection.execute("PRAGMA journal_mode = WAL")

