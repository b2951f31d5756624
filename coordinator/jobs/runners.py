"""Where jobs run: RQ on Redis, one in-process thread, or inline.

RQ was chosen over Celery (a much larger system, with its own configuration language, for a
handful of jobs) and APScheduler (in-process only: every gunicorn worker would run the daily
jobs, and a job dies with the web process). RQ keeps jobs in Redis, so a restarted web server
loses nothing, and its scheduler runs delayed retries.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from flask import Flask

from coordinator import jobs
from coordinator.extensions import db

log = logging.getLogger(__name__)
QUEUE_NAME = "koordinering"
_EXTENSION_KEY = "coordinator.jobs.runners"


class Runner(Protocol):
    def submit(
        self, name: str, args: tuple, *, at: datetime | None = None, key: str | None = None
    ) -> None: ...


class InlineRunner:
    """Run a job at once in this thread; a job scheduled for later is left to the sweeps."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def submit(
        self, name: str, args: tuple, *, at: datetime | None = None, key: str | None = None
    ) -> None:
        if at is not None and at > jobs.now():
            # Inline means "now": later work (a retry in a minute) waits for the next sweep.
            return
        with self.app.app_context():
            _run_logged(name, args)


class ThreadRunner:
    """One background thread per process that runs jobs in order, each at its time."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._heap: list[tuple[datetime, int, str, tuple, str | None]] = []
        self._keys: dict[str, int] = {}
        self._counter = itertools.count()
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        self._stopped = False

    def submit(
        self, name: str, args: tuple, *, at: datetime | None = None, key: str | None = None
    ) -> None:
        with self._condition:
            self._stopped = False
            sequence = next(self._counter)
            if key is not None:
                self._keys[key] = sequence  # an older entry with this key is skipped when due
            heapq.heappush(self._heap, (at or jobs.now(), sequence, name, args, key))
            self._idle.clear()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="coordinator-jobs", daemon=True
                )
                self._thread.start()
            self._condition.notify()

    def stop(self) -> None:
        """Drop every job not yet started and end the thread (an orderly shutdown)."""
        with self._condition:
            self._heap.clear()
            self._keys.clear()
            self._stopped = True
            self._condition.notify()

    def wait_until_idle(self, timeout: float = 10.0) -> bool:
        """Wait until no job is due or running (for tests and an orderly shutdown)."""
        return self._idle.wait(timeout)

    def _loop(self) -> None:
        while True:
            with self._condition:
                while not self._heap or self._heap[0][0] > jobs.now():
                    self._idle.set()
                    if self._stopped:
                        return
                    timeout = (
                        (self._heap[0][0] - jobs.now()).total_seconds() if self._heap else None
                    )
                    self._condition.wait(timeout)
                _at, sequence, name, args, key = heapq.heappop(self._heap)
                if key is not None:
                    if self._keys.get(key) != sequence:
                        continue  # replaced by a later submission with the same key
                    del self._keys[key]
            with self.app.app_context():
                _run_logged(name, args)


class RQRunner:
    """Put jobs on the RQ queue in Redis; `flask worker` runs them."""

    def __init__(self, app: Flask) -> None:
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(
            app.config["REDIS_URL"], socket_timeout=5, socket_connect_timeout=2
        )
        self.queue = Queue(app.config.get("RQ_QUEUE") or QUEUE_NAME, connection=self.connection)

    def submit(
        self, name: str, args: tuple, *, at: datetime | None = None, key: str | None = None
    ) -> None:
        options: dict[str, Any] = {"job_id": f"koordinering-{key}"} if key else {}
        if at is not None and at > jobs.now():
            self.queue.enqueue_at(at, jobs.execute, name, *args, **options)
        else:
            self.queue.enqueue(jobs.execute, name, *args, **options)


def _run_logged(name: str, args: tuple) -> None:
    try:
        jobs.registered()[name](*args)
    except Exception:
        log.exception("Job %s failed", name)
        db.session.rollback()
    finally:
        db.session.remove()


def mode(app: Flask) -> str:
    """Which runner the app uses: "rq", "thread" or "inline"."""
    configured = app.config.get("JOB_RUNNER") or "auto"
    if configured != "auto":
        return configured
    return "rq" if app.config.get("REDIS_URL") else "thread"


def for_app(app: Flask, *, in_request: bool = True) -> Runner:
    """The runner for this app; outside a request an in-process runner runs jobs inline, since
    a CLI command's process may end before a background thread gets to them."""
    chosen = mode(app)
    if chosen == "thread" and not in_request:
        chosen = "inline"
    runners: dict[str, Runner] = app.extensions.setdefault(_EXTENSION_KEY, {})
    if chosen not in runners:
        factories: dict[str, Callable[[Flask], Runner]] = {
            "rq": RQRunner, "thread": ThreadRunner, "inline": InlineRunner
        }
        factory = factories[chosen]
        runners[chosen] = factory(app)
    return runners[chosen]


def run_worker(app: Flask, *, burst: bool = False) -> None:
    """Work the RQ queue in this process, with RQ's scheduler for delayed retries.

    On start it sends whatever the outbox holds (mail committed while no worker ran, or a
    message a killed worker was sending) and refreshes the matcher.
    """
    from rq import SimpleWorker

    runner = for_app(app)
    assert isinstance(runner, RQRunner)
    for name in ("deliver_mail", "refresh_matching"):
        if name in jobs.registered():
            runner.submit(name, ())
    # SimpleWorker runs jobs in this process (no fork), so the database pool is never shared
    # between processes; a job that crashes the process loses only itself (the outbox row is
    # claimed, and taken over when its claim runs out).
    if not burst:
        _start_sweeps(runner, app.config["MAIL_SWEEP_SECONDS"])
    worker = SimpleWorker([runner.queue], connection=runner.connection)
    worker.work(burst=burst, with_scheduler=True, logging_level="INFO")


def _start_sweeps(runner: RQRunner, every_seconds: int) -> None:
    """Queue an outbox sweep every few minutes: mail committed while Redis was unreachable
    would otherwise wait for the next message or the daily job."""

    def sweep() -> None:
        while True:
            time.sleep(every_seconds)
            try:
                runner.submit("deliver_mail", (), key="mail-sweep")
            except Exception:
                log.exception("Could not queue the outbox sweep")

    threading.Thread(target=sweep, name="outbox-sweep", daemon=True).start()
