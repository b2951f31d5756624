"""What the load balancer's health check looks at: the database, and Redis when configured."""

import contextlib

import sqlalchemy as sa
from flask import current_app

from coordinator.extensions import db

# A health check must answer quickly even when a service hangs rather than refuses.
REDIS_TIMEOUT_SECONDS = 1.0


def problems() -> list[str]:
    """Short reasons the app cannot serve right now; empty when all is well."""
    found = []
    if not _database_answers():
        found.append("database unavailable")
    url = current_app.config.get("REDIS_URL")
    if url and not _redis_answers(url):
        found.append("redis unavailable")
    return found


def _database_answers() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        current_app.logger.warning("Health check: the database does not answer", exc_info=True)
        # The connection may already be gone; the session is discarded after the request.
        with contextlib.suppress(sa.exc.SQLAlchemyError):
            db.session.rollback()
        return False
    db.session.rollback()  # end the read-only transaction at once
    return True


def _redis_answers(url: str) -> bool:
    import redis  # only needed where Redis is configured

    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        current_app.logger.warning("Health check: Redis does not answer at %s", url)
        return False
    finally:
        client.close()
