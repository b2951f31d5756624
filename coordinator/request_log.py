"""One log line per request, with an id the user can quote to support.

Each request gets an id: the proxy's `X-Request-Id` when it sent a sane one (so nginx's and our
log lines can be joined), otherwise a new one. The id goes back in the `X-Request-Id` header,
into the access line logged by `coordinator.requests`, and onto the error page ("Fejl-id").
Nothing here touches the database: the line must be written also when the database is down.
"""

import logging
import re
import time
import uuid

from flask import Flask, Response, g, has_request_context, request, session

logger = logging.getLogger("coordinator.requests")

# Short and plain, so a forged header cannot smuggle line breaks or markup into logs and pages.
_SANE_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


def request_id() -> str | None:
    """The current request's id (made on first use, so error handlers always have one)."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _finish(response: Response) -> Response:
    response.headers["X-Request-Id"] = request_id()
    started = g.get("request_started")
    duration_ms = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    # The user id from the session cookie, not current_user: that would need the database.
    user_id = session.get("_user_id") or "-"
    logger.info(
        "%s %s %s %.1fms user=%s request_id=%s",
        request.method,
        request.path,
        response.status_code,
        duration_ms,
        user_id,
        request_id(),
    )
    return response


def register(app: Flask) -> None:
    """Give every request an id and log one line for it when the response is ready.

    Register before the other hooks, so the id exists even when a later hook fails.
    """
    app.before_request(_start)
    app.after_request(_finish)
