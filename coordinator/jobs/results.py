"""Results shared between processes through the database, signed so only this app's own
pickles are ever loaded.

The fitted matcher takes about half a second to build for 5,000 volunteers; the worker builds it
after a change and stores it here, and each web process loads it (milliseconds) instead of
fitting. A result is used only while its fingerprint (a digest of the data it was computed from)
is the current one.
"""

import gc
import hashlib
import hmac
import pickle  # noqa: S403 - only payloads signed with the app's secret key are loaded
from typing import Any

from flask import current_app
from sqlalchemy import select

from coordinator import jobs
from coordinator.extensions import db
from coordinator.jobs.models import StoredResult

_SIGNATURE_BYTES = 32


def fingerprint_digest(fingerprint: Any) -> str:
    """A short, stable digest of a fingerprint tuple (dates, counts, timestamps)."""
    return hashlib.sha256(repr(fingerprint).encode()).hexdigest()


def _signature(payload: bytes) -> bytes:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, b"stored-result:" + payload, hashlib.sha256).digest()


def is_stored(key: str, fingerprint: Any) -> bool:
    """Whether a value computed from data with this fingerprint is stored under `key`."""
    digest = fingerprint_digest(fingerprint)
    return db.session.scalar(
        select(StoredResult.key).where(StoredResult.key == key, StoredResult.fingerprint == digest)
    ) is not None


def store(key: str, fingerprint: Any, value: Any) -> None:
    """Keep `value` under `key`, computed from data with this fingerprint (the caller commits)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    signed = _signature(payload) + payload
    digest = fingerprint_digest(fingerprint)
    row = db.session.get(StoredResult, key)
    if row is None:
        db.session.add(StoredResult(key=key, fingerprint=digest, payload=signed,
                                    computed_at=jobs.now()))
    else:
        row.fingerprint, row.payload, row.computed_at = digest, signed, jobs.now()
    db.session.flush()


def load(key: str, fingerprint: Any) -> Any | None:
    """The value stored under `key` if it was computed from data with this fingerprint."""
    digest = fingerprint_digest(fingerprint)
    signed = db.session.scalar(
        select(StoredResult.payload).where(
            StoredResult.key == key, StoredResult.fingerprint == digest
        )
    )
    if signed is None:
        return None
    signature, payload = signed[:_SIGNATURE_BYTES], signed[_SIGNATURE_BYTES:]
    if not hmac.compare_digest(signature, _signature(payload)):
        current_app.logger.warning("Stored result %s has a bad signature; ignored", key)
        return None
    # The cyclic garbage collector would walk the thousands of new objects again and again while
    # they are built; pausing it makes loading a fitted matcher about twice as fast.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)  # noqa: S301 - signed by this app, checked above
    finally:
        if collecting:
            gc.enable()
