"""Background work follows the commit: on RQ with a real Redis, or in-process without one."""

import uuid
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from coordinator import jobs, mail
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.jobs import runners
from coordinator.jobs.models import StoredResult
from coordinator.mail.models import MailStatus, OutboxMessage
from tests import factories
from tests.conftest import skip_or_fail

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_app(make_app):
    """An app whose jobs go to a queue of its own on the real Redis; the queue is removed."""
    try:
        from redis import Redis

        connection = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        connection.ping()
    except Exception as error:  # noqa: BLE001 - any failure means: no Redis here
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {error}")
    queue = f"koordinering-test-{uuid.uuid4().hex[:8]}"
    app = make_app(REDIS_URL=REDIS_URL, JOB_RUNNER="auto", RQ_QUEUE=queue)
    yield app
    runner = runners.for_app(app)
    runner.queue.empty()
    runner.queue.delete(delete_jobs=True)
    connection.close()
    runner.connection.close()


def test_with_redis_mail_waits_on_the_queue_until_the_worker_sends_it(
    app, redis_app, smtp_server
):
    redis_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=app.config["MAIL_PORT"])
    with redis_app.app_context():
        mail.queue("kim@test.example.dk", "check_in_due", locale="da",
                   recipient=SimpleNamespace(name="Kim"), due=1, overdue=0)
        db.session.commit()
        assert runners.mode(redis_app) == "rq"
        assert runners.for_app(redis_app).queue.count >= 1
    assert smtp_server.messages == []  # the web process sent nothing itself
    with redis_app.app_context():
        runners.run_worker(redis_app, burst=True)
        statuses = db.session.scalars(select(OutboxMessage.status)).all()
    assert [m["To"] for m in smtp_server.messages] == ["kim@test.example.dk"]
    assert statuses == [MailStatus.SENT]


def test_the_worker_command_explains_that_it_needs_redis(runner):
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL" in result.output


def test_a_rolled_back_transaction_runs_no_job(app):
    ran = []

    @jobs.job("_test_probe")
    def probe(value):
        ran.append(value)

    with app.app_context():
        jobs.after_commit("_test_probe", 1)
        db.session.rollback()
        jobs.after_commit("_test_probe", 2)
        jobs.after_commit("_test_probe", 2)  # asked twice, run once
        db.session.commit()
    assert ran == [2]


def test_the_thread_runner_runs_jobs_after_the_request_in_order(make_app):
    web = make_app(JOB_RUNNER="thread")
    ran = []

    @jobs.job("_test_thread_probe")
    def probe(value):
        ran.append(value)

    runner = runners.ThreadRunner(web)
    try:
        for value in range(5):
            runner.submit("_test_thread_probe", (value,))
        assert runner.wait_until_idle(10)
    finally:
        runner.stop()
    assert ran == [0, 1, 2, 3, 4]


def _volunteers(count: int) -> None:
    for number in range(count):
        factories.make_volunteer(first_name=f"Frivillig{number}", interests=["football"])


def test_a_change_refits_the_matcher_in_the_background_and_a_new_process_loads_it(
    make_app, monkeypatch
):
    from coordinator.matches import proposals

    web = make_app(MATCHING_BACKGROUND_REFIT=True)
    with web.app_context():
        _volunteers(3)
        db.session.commit()  # the refit job runs after this commit
        stored = db.session.get(StoredResult, proposals.MATCHER_RESULT_KEY)
        assert stored is not None
        # A restarted web process has nothing in memory: it loads the stored fit, never fits.
        proposals._cache.clear()
        monkeypatch.setattr(proposals, "_new_matcher", _refuse_to_fit)
        matcher = proposals.fitted_matcher(date.today())
        assert len(matcher.volunteers_) == 3


def _refuse_to_fit(records):
    raise AssertionError("a web request fitted the matcher")


def test_a_stored_result_with_a_forged_signature_is_ignored(app_context):
    from coordinator.jobs import results

    results.store("probe", ("fingerprint",), {"value": 1})
    assert results.load("probe", ("fingerprint",)) == {"value": 1}
    row = db.session.get(StoredResult, "probe")
    row.payload = b"\0" * 32 + row.payload[32:]
    db.session.flush()
    assert results.load("probe", ("fingerprint",)) is None
    assert results.load("probe", ("another fingerprint",)) is None


def test_match_all_waiting_runs_in_the_background_and_shows_the_suggestions(
    app, client, auth
):
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER)
        person = factories.make_young_person(first_name="Ali", interests=["football"])
        factories.make_referral(caseworker, young_person=person)
        factories.make_volunteer(first_name="Bo", interests=["football"])
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    response = client.post("/match/alle-ventende")
    assert response.status_code == 302
    assert "koersel=" in response.location
    run_id = response.location.split("koersel=")[1]
    status = client.get(f"/match/koersler/{run_id}")
    assert status.get_json() == {"status": "done", "progress": 100}
    page = client.get(response.location).get_data(as_text=True)
    assert "Bo" in page  # the suggestion, ready for review


@pytest.mark.parametrize("run_id", ["nope", "x" * 400, "1' or '1'='1"])
def test_an_unknown_run_is_not_found(app, client, auth, run_id):
    auth.login_as(Role.COORDINATOR)
    assert client.get(f"/match/koersler/{run_id}").status_code == 404
    assert client.get("/match/alle-ventende", query_string={"koersel": run_id}).status_code == 200


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.CASEWORKER])
def test_only_staff_start_or_watch_match_all_waiting(app, client, auth, role):
    auth.login_as(role)
    assert client.post("/match/alle-ventende").status_code == 403
    assert client.get(f"/match/koersler/{uuid.uuid4()}").status_code == 403


def test_a_run_in_progress_shows_a_progress_bar_served_by_the_app_itself(app, client, auth):
    from coordinator.jobs.models import JobRun, JobRunStatus

    user = auth.login_as(Role.COORDINATOR)
    with app.app_context():
        db.session.add(JobRun(id="run-in-progress", kind="assign_all_waiting",
                              status=JobRunStatus.RUNNING, progress=50, created_by_id=user.id))
        db.session.commit()
    html = client.get("/match/alle-ventende?koersel=run-in-progress").get_data(as_text=True)
    assert '<progress id="job-progress-bar" value="50" max="100">' in html
    assert 'src="/static/js/progress.js"' in html  # no CDN
    assert "Opdater siden" in html  # works without JavaScript too
    script = client.get("/static/js/progress.js")
    assert script.status_code == 200
    script.close()
    assert client.get("/match/koersler/run-in-progress").get_json() == {
        "status": "running", "progress": 50,
    }


def test_a_new_process_warms_up_from_what_the_worker_stored_without_fitting(
    make_app, monkeypatch
):
    from coordinator.matches import proposals, supply_gap
    from coordinator.matches.jobs import refresh_matching
    from coordinator.warmup import warm_up

    web = make_app()
    with web.app_context():
        _volunteers(2)
        db.session.commit()
        refresh_matching()  # what the worker does after a change
    proposals._cache.clear()
    supply_gap._gap_cache.clear()
    monkeypatch.setattr(proposals, "_new_matcher", _refuse_to_fit)
    warm_up(web)
    assert "profiles" in proposals._cache
    assert "gap" in supply_gap._gap_cache
    with web.app_context():
        assert len(proposals.fitted_matcher(date.today()).volunteers_) == 2
