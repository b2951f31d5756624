"""Benchmark the coordinator's pages at municipal scale on PostgreSQL.

Builds 5,000 volunteers, 3,000 referrals and 10,000 matches in a fresh PostgreSQL database,
then times each list page, the dashboard and "who fits this young person?" through the app
(median of several requests, after one warm-up), and counts the SQL statements per page. The
first requests are made by a process that has fitted nothing itself: the matcher and the supply
gap were computed by the background job and stored, as after a restart.

    python bench/coordinator_pages.py [--admin-url postgresql+psycopg://postgres@127.0.0.1/postgres]
"""

import argparse
import random
import statistics
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import event, insert

import coordinator.models  # noqa: F401 - every model known before any is used
from coordinator import create_app, vocabulary
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.jobs.models import StoredResult
from coordinator.matches import proposals, supply_gap
from coordinator.matches.jobs import refresh_matching
from coordinator.matches.models import FollowUp, Match
from coordinator.referrals.models import Referral, YoungPerson
from coordinator.volunteers.models import ChildCertificate, Volunteer
from coordinator.warmup import warm_up

N_VOLUNTEERS, N_REFERRALS, N_MATCHES = 5_000, 3_000, 10_000
PASSWORD = "bench-password-123"  # noqa: S105 - a throwaway database


def populate(rng: random.Random) -> None:
    """Bulk-insert the population (core inserts: seconds, not minutes)."""
    today = date.today()
    now = datetime.now(UTC)
    postcodes = ["2820", "2900", "2920", "2930", "2860", "2870", "2800", "2100"]
    interests, needs = vocabulary.keys("interests"), vocabulary.keys("needs")
    slots = vocabulary.keys("availability")
    coordinator = User(
        email="bench@example.dk", name="Bench", role=Role.COORDINATOR, email_confirmed_at=now
    )
    coordinator.set_password(PASSWORD)
    caseworker = User(
        email="cw@example.dk", name="CW", role=Role.CASEWORKER, email_confirmed_at=now
    )
    caseworker.set_password(PASSWORD)
    db.session.add_all([coordinator, caseworker])
    db.session.flush()
    db.session.execute(
        insert(Volunteer),
        [
            {
                "id": i,
                "kind": "person",
                "first_name": f"Frivillig{i}",
                "last_name": "Bench",
                "birth_year": today.year - rng.randint(20, 70),
                "gender": rng.choice(["female", "male"]),
                "postcode": rng.choice(postcodes),
                "languages": ["da"],
                "interests": rng.sample(interests, 3),
                "helps_with": rng.sample(needs, 2),
                "offers": ["mentor"],
                "availability": rng.sample(slots, 2),
                "capacity": rng.choice([1, 2, 3]),
                "lived_experience": [],
                "about": "Jeg kan lide fodbold",
                "status": "approved" if i % 10 else "applicant",
                "created_at": now,
                # Profiles were last edited on different days, as in real life.
                "updated_at": now - timedelta(minutes=rng.randint(60, 500_000)),
            }
            for i in range(1, N_VOLUNTEERS + 1)
        ],
    )
    db.session.execute(
        insert(ChildCertificate),
        [
            {
                "volunteer_id": i,
                "requested_on": today - timedelta(days=100),
                "received_on": today - timedelta(days=90),
                "assessment": "no_remarks",
                "valid_until": today + timedelta(days=rng.randint(-30, 700)),
                "recorded_at": now,
            }
            for i in range(1, N_VOLUNTEERS + 1)
        ],
    )
    db.session.execute(
        insert(YoungPerson),
        [
            {
                "id": i,
                "first_name": f"Ung{i}",
                "birth_year": today.year - rng.randint(8, 22),
                "gender": rng.choice(["female", "male"]),
                "postcode": rng.choice(postcodes),
                "interests": rng.sample(interests, 3),
                "languages": ["da"],
                "availability": rng.sample(slots, 1),
                "created_at": now,
            }
            for i in range(1, N_REFERRALS + 1)
        ],
    )
    statuses = ["waiting"] * 3 + ["matched"] * 4 + ["closed"] * 3
    db.session.execute(
        insert(Referral),
        [
            {
                "id": i,
                "caseworker_id": caseworker.id,
                "young_person_id": i,
                "phase": rng.choice(["before", "during", "after"]),
                "match_type": "mentor",
                "needs": rng.sample(needs, 2),
                "status": rng.choice(statuses),
                "created_at": now - timedelta(days=rng.randint(1, 700)),
                "updated_at": now,
            }
            for i in range(1, N_REFERRALS + 1)
        ],
    )
    live_referrals = set()
    rows = []
    for i in range(1, N_MATCHES + 1):
        referral = rng.randint(1, N_REFERRALS)
        start = today - timedelta(days=rng.randint(10, 700))
        live = referral not in live_referrals and i % 5 == 0
        if live:
            live_referrals.add(referral)
        rows.append(
            {
                "id": i,
                "match_type": "mentor",
                "referral_id": referral,
                "volunteer_id": rng.randint(1, N_VOLUNTEERS),
                "status": "active" if live else "closed",
                "score": rng.random(),
                "reasons": [["shared_interests", "football"]],
                "start_date": start,
                "end_date": None if live else start + timedelta(days=rng.randint(5, 400)),
                "closure_reason": None if live else "planned_completed",
                "is_override": False,
                "created_at": now,
                "updated_at": now,
            }
        )
    db.session.execute(insert(Match), rows)
    db.session.execute(
        insert(FollowUp),
        [
            {"match_id": row["id"], "track": track, "due_on": row["start_date"] + timedelta(days=d)}
            for row in rows
            if row["status"] == "active"
            for track in ("volunteer", "young_person")
            for d in (14, 28, 60)
        ],
    )
    # The ids were given explicitly; move each sequence past them (fixed table names).
    for table in ("volunteers", "young_people", "referrals", "matches"):
        sequence = f"pg_get_serial_sequence('{table}', 'id')"
        db.session.execute(sa.text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))  # noqa: S608
    db.session.commit()


def timed(client, url: str, runs: int) -> tuple[float, float]:
    """(cold ms, median warm ms) for GET url."""
    start = time.perf_counter()
    assert client.get(url).status_code == 200, url
    cold = (time.perf_counter() - start) * 1000
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        samples.append((time.perf_counter() - start) * 1000)
    return cold, statistics.median(samples) if samples else cold


def restart_web_process(app) -> None:
    """Forget what this process has in memory, as a freshly started web process would, then
    warm up as gunicorn does before a new worker takes requests (deploy/gunicorn.conf.py)."""
    proposals._cache.clear()
    supply_gap._gap_cache.clear()
    app.jinja_env.cache.clear()
    warm_up(app)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    name = f"koord_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(args.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = (
        sa.engine.make_url(args.admin_url).set(database=name).render_as_string(hide_password=False)
    )
    try:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": url,
                "WTF_CSRF_ENABLED": False,
                # As in production: jobs follow the commit (here inline, as a worker would run
                # them), and a change refits the matcher in the background.
                "JOB_RUNNER": "inline",
                "MATCHING_BACKGROUND_REFIT": True,
            }
        )
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            populate(random.Random(7))
            print(f"populated in {time.perf_counter() - started:.1f} s")
            engine = db.engine
            waiting_id = db.session.scalar(
                sa.select(Referral.id).where(Referral.status == "waiting").order_by(Referral.id)
            )
            started = time.perf_counter()
            refresh_matching()  # what the worker does after a change
            refresh_seconds = time.perf_counter() - started
            stored_bytes = db.session.scalar(
                sa.select(sa.func.sum(sa.func.length(StoredResult.payload)))
            )
        print(f"background refit and supply gap (the worker's job): {refresh_seconds:.2f} s, "
              f"stored {stored_bytes / 1e6:.1f} MB")
        restart_web_process(app)
        statements = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
        client = app.test_client()
        client.post("/konto/log-ind", data={"email": "bench@example.dk", "password": PASSWORD})
        pages = [
            ("coordinator home", "/hjem"),
            ("referrals waiting (page 1)", "/match/henvisninger"),
            ("referrals waiting (page 10)", "/match/henvisninger?side=10"),
            ("overdue check-ins", "/match/opfoelgning"),
            ("knowledge bank", "/vidensbank/"),
            ("who fits this young person?", f"/match/henvisninger/{waiting_id}"),
        ]
        print(
            f"\n{N_VOLUNTEERS} volunteers, {N_REFERRALS} referrals, {N_MATCHES} matches "
            f"(PostgreSQL)\n"
        )
        print(f"| page | first request (ms) | median of {args.runs} (ms) | SQL statements |")
        print("|---|---:|---:|---:|")
        for label, path in pages:
            cold, warm = timed(client, path, args.runs)
            statements.clear()
            client.get(path)
            print(f"| {label} | {cold:.0f} | {warm:.0f} | {len(statements)} |")
        # A volunteer edits their profile: the commit starts the background refit (here inline,
        # timed), and the next "who fits?" in another web process loads the stored fit.
        with app.app_context():
            volunteer = db.session.get(Volunteer, 1)
            volunteer.about = "Jeg kan også lide skak"
            started = time.perf_counter()
            db.session.commit()
            refit_job = (time.perf_counter() - started) * 1000
        restart_web_process(app)
        loaded, _ = timed(client, f"/match/henvisninger/{waiting_id}", 0)
        print(f"| who fits, after a volunteer changed (another process: stored fit) | {loaded:.0f}"
              f" | – | – |")
        print(f"\nthe background refit after that change took {refit_job:.0f} ms (no request "
              "waited for it)")
        with app.app_context():
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
