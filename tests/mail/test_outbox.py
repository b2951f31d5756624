"""Mail goes through a durable outbox: written with the decision, delivered after the commit by
a job with retries, never lost when the mail server is down, never sent for an undone decision."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from coordinator import jobs, mail
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.mail.delivery import deliver_due
from coordinator.mail.models import MailStatus, OutboxMessage
from coordinator.matches.models import MatchStatus
from coordinator.security import public
from tests import factories
from tests.conftest import serve_smtp

KIM = SimpleNamespace(name="Kim")
SARA = SimpleNamespace(name="Sara")


def _reminder(to: str, locale: str, recipient, **extra) -> OutboxMessage:
    return mail.queue(to, "check_in_due", locale=locale, recipient=recipient, due=2, overdue=1,
                      **extra)


def _rows(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return rows


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_committed_mail_is_delivered_in_the_recipients_language(app, smtp_server):
    with app.app_context():
        _reminder("kim@test.example.dk", "en", KIM)
        _reminder("sara@test.example.dk", "da", SARA)
        db.session.commit()
    english, danish = smtp_server.messages
    assert english["To"] == "kim@test.example.dk"
    assert english["Subject"] == "Check-ins due today"
    text = english.get_body(("plain",)).get_content()
    assert "Hello Kim" in text
    assert "2 check-ins are due today. 1 check-in is overdue." in text
    assert "<p>Hello Kim</p>" in english.get_body(("html",)).get_content()
    assert danish["Subject"] == "Opfølgninger i dag"
    assert "Hej Sara" in danish.get_body(("plain",)).get_content()
    # Plural forms in the recipient's language: the singular after one.
    assert ("2 opfølgninger skal ske i dag. 1 opfølgning er forsinket."
            in danish.get_body(("plain",)).get_content())
    assert [row.status for row in _rows(app)] == [MailStatus.SENT, MailStatus.SENT]


def test_a_rolled_back_decision_sends_nothing_and_leaves_no_mail(app, smtp_server):
    with app.app_context():
        _reminder("kim@test.example.dk", "en", KIM)
        db.session.flush()
        db.session.rollback()
        db.session.commit()
    assert smtp_server.messages == []
    assert _rows(app) == []


def test_mail_queued_by_a_failing_request_is_never_sent(smtp_server, app, make_app):
    fresh = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=app.config["MAIL_PORT"])

    @fresh.route("/_fails")
    @public
    def fails():
        _reminder("kim@test.example.dk", "da", KIM)
        db.session.flush()
        raise RuntimeError("decision failed")

    @fresh.route("/_works")
    @public
    def works():
        _reminder("kim@test.example.dk", "da", KIM)
        db.session.commit()
        return "ok"

    client = fresh.test_client()
    assert client.get("/_fails").status_code == 500
    assert smtp_server.messages == []
    assert client.get("/_works").status_code == 200
    assert len(smtp_server.messages) == 1
    assert len(_rows(app)) == 1


class RefusingHandler:
    """An SMTP server that answers every message with a temporary refusal."""

    def __init__(self) -> None:
        self.attempts = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.attempts += 1
        return "451 Try again later"


@pytest.fixture
def refusing_smtp(app):
    handler = RefusingHandler()
    with serve_smtp(app, handler):
        yield handler


def test_a_refusing_server_gets_retries_with_doubling_waits_then_the_mail_is_failed(
    app, refusing_smtp
):
    with app.app_context():
        message = _reminder("kim@test.example.dk", "en", KIM)
        db.session.commit()  # first attempt, right after the commit
        message_id = message.id
        first = db.session.get(OutboxMessage, message_id)
        assert first.status == MailStatus.PENDING
        assert first.attempts == 1
        assert "451" in first.last_error
        created = jobs.now()
        waits = []
        moment = created
        while True:
            row = db.session.get(OutboxMessage, message_id)
            db.session.refresh(row)
            if row.status == MailStatus.FAILED:
                break
            next_at = row.next_attempt_at.replace(tzinfo=moment.tzinfo)
            waits.append(round((next_at - moment).total_seconds() / 60))
            moment = next_at + timedelta(seconds=1)
            report = deliver_due(moment)
            assert report.sent == 0
        assert waits[:4] == [1, 2, 4, 8]  # minutes: 1, doubling
        assert row.attempts == len(waits) + 1 == refusing_smtp.attempts
        # Given up about a day after it was written, not before.
        assert timedelta(hours=8) < moment - created <= timedelta(hours=24, minutes=1)


def test_staff_see_mail_that_did_not_arrive_and_can_send_it_again(
    app, client, auth, smtp_server
):
    with app.app_context():
        message = _reminder("kim@test.example.dk", "en", KIM)
        db.session.flush()
        # As the delivery job leaves a message it gave up on.
        message.status, message.attempts = MailStatus.FAILED, 12
        message.last_error = "SMTPDataError: (451, b'Try again later')"
        db.session.commit()
        message_id = message.id
    assert smtp_server.messages == []
    auth.login_as(Role.COORDINATOR)
    page = client.get("/mails/ikke-leveret")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "kim@test.example.dk" in html
    assert "Opgivet" in html
    assert "Try again later" in html
    response = client.post(f"/mails/{message_id}/send-igen")
    assert response.status_code == 302
    assert [m["To"] for m in smtp_server.messages] == ["kim@test.example.dk"]
    assert "Alle e-mails er kommet frem." in client.get("/mails/ikke-leveret").get_data(
        as_text=True
    )


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.CASEWORKER, Role.ORGANISATION_CONTACT])
def test_other_roles_cannot_see_or_resend_undelivered_mail(app, client, auth, role):
    with app.app_context():
        message = _reminder("kim@test.example.dk", "en", KIM)
        message.status = MailStatus.FAILED
        db.session.commit()
        message_id = message.id
    auth.login_as(role)
    assert client.get("/mails/ikke-leveret").status_code == 403
    assert client.post(f"/mails/{message_id}/send-igen").status_code == 403


def test_sending_again_a_mail_that_arrived_is_not_found(app, client, auth):
    with app.app_context():
        message = _reminder("kim@test.example.dk", "en", KIM)
        db.session.commit()  # no MAIL_SERVER: written to the log, marked sent
        message_id = message.id
    auth.login_as(Role.COORDINATOR)
    assert client.post(f"/mails/{message_id}/send-igen").status_code == 404
    assert client.post("/mails/987654/send-igen").status_code == 404


class SilentServer:
    """Accepts SMTP connections and never says a word until released (a hung mail server)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.port = self.socket.getsockname()[1]
        self.release = threading.Event()
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            connection, _ = self.socket.accept()
        except OSError:
            return
        self.connected.set()
        self.release.wait(30)
        connection.close()

    def close(self) -> None:
        self.release.set()
        self.socket.close()
        self._thread.join(5)


def test_a_hung_mail_server_never_holds_up_the_concern_and_the_mail_is_kept(
    app, make_app, auth
):
    """The web request answers while the mail server has not even greeted the worker."""
    server = SilentServer()
    web = make_app(JOB_RUNNER="thread", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port,
                   MAIL_SMTP_TIMEOUT=2)
    try:
        with web.app_context():
            caseworker = factories.make_user(Role.CASEWORKER)
            volunteer = factories.make_volunteer(first_name="Bo")
            referral = factories.make_referral(caseworker)
            match = factories.make_match(referral.id, volunteer.id, MatchStatus.ACTIVE)
            db.session.commit()
            match_id, email = match.id, volunteer.user.email
            caseworker_email = caseworker.email
        client = web.test_client()
        client.post("/konto/log-ind", data={"email": email, "password": factories.PASSWORD})
        response = client.post(
            f"/match/{match_id}/bekymring",
            data={"concern_type": "child_safety", "description": "Ali var bange for at gå hjem."},
        )
        assert response.status_code == 302
        assert server.connected.wait(5)  # the worker is talking to the hung server …
        assert not server.release.is_set()  # … and the request has already been answered
    finally:
        server.close()
        runner = web.extensions["coordinator.jobs.runners"]["thread"]
        assert runner.wait_until_idle(10)
        runner.stop()  # drop the retry it scheduled: this app is gone after the test
    rows = _rows(app)
    assert [row.recipient for row in rows] == [caseworker_email]
    assert rows[0].status == MailStatus.PENDING  # kept, and tried again in a minute
    assert rows[0].attempts == 1
    assert rows[0].concern_id is not None


class StallingHandler:
    """Receives messages, and stalls on the third until the test lets go."""

    def __init__(self) -> None:
        self.subjects: list[str] = []
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        from email import message_from_bytes, policy

        subject = message_from_bytes(envelope.content, policy=policy.default)["Subject"]
        self.subjects.append(subject)
        if len(self.subjects) == 3:
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"


@pytest.mark.real_commits  # a worker process and threads deliver on connections of their own
def test_a_worker_killed_mid_batch_resends_at_most_the_message_it_was_sending(
    app, database_url, tmp_path
):
    from aiosmtpd.controller import Controller

    handler = StallingHandler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with app.app_context():
            now = jobs.now()
            for number in range(1, 6):
                db.session.add(OutboxMessage(
                    recipient=f"person{number}@test.example.dk", template="check_in_due",
                    subject=f"Besked {number}", text="tekst", html="<p>tekst</p>",
                    created_at=now, next_attempt_at=now, give_up_at=now + timedelta(days=1),
                ))
            db.session.commit()
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "FLASK_SECRET_KEY": "test-secret-key-not-for-production",
            "FLASK_MAIL_SERVER": "127.0.0.1",
            "FLASK_MAIL_PORT": str(port),
            "FLASK_JOB_RUNNER": "inline",
            "FLASK_MAIL_CLAIM_SECONDS": "1",
        }
        worker = subprocess.Popen(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "flask", "--app", "coordinator", "deliver-mail"],
            env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            assert handler.stalled.wait(60), "the worker never reached the third message"
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait(10)
        handler.release.set()
        time.sleep(1.2)  # the dead worker's claim runs out
        with app.app_context():
            app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_CLAIM_SECONDS=1)
            try:
                report = deliver_due()
            finally:
                app.config.update(MAIL_SERVER=None, MAIL_PORT=25, MAIL_CLAIM_SECONDS=300)
            statuses = db.session.scalars(select(OutboxMessage.status)).all()
    finally:
        controller.stop()
    assert report.sent == 3  # the one in flight, and the two never tried
    assert set(statuses) == {MailStatus.SENT}
    received = sorted(handler.subjects)
    assert sorted(set(received)) == [f"Besked {n}" for n in range(1, 6)]
    assert len(received) - len(set(received)) <= 1  # at most the message in flight twice


@pytest.mark.real_commits  # three threads deliver at once, each on its own connection
def test_two_deliveries_at_once_never_send_a_message_twice(app, smtp_server):
    with app.app_context():
        now = jobs.now()
        for number in range(20):
            db.session.add(OutboxMessage(
                recipient=f"p{number}@test.example.dk", template="check_in_due",
                subject=f"Besked {number}", text="t", html="<p>t</p>", created_at=now,
                next_attempt_at=now, give_up_at=now + timedelta(days=1),
            ))
        db.session.commit()

    def deliver():
        with app.app_context():
            deliver_due()

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    subjects = [message["Subject"] for message in smtp_server.messages]
    assert sorted(subjects) == sorted(f"Besked {n}" for n in range(20))
    with app.app_context():
        assert db.session.scalar(
            select(func.count()).where(OutboxMessage.status == MailStatus.SENT)
        ) == 20


def test_a_concern_whose_mail_did_not_arrive_is_flagged_on_the_coordinators_home(
    app, client, auth, refusing_smtp
):
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER)
        volunteer = factories.make_volunteer(first_name="Bo")
        person = factories.make_young_person(first_name="Ali")
        referral = factories.make_referral(caseworker, young_person=person)
        match = factories.make_match(referral.id, volunteer.id, MatchStatus.ACTIVE)
        db.session.commit()
        match_id, email = match.id, volunteer.user.email
    auth.login(email, factories.PASSWORD)
    client.post(f"/match/{match_id}/bekymring",
                data={"concern_type": "child_safety", "description": "Ali var bange."})
    assert refusing_smtp.attempts >= 1  # tried at once after the commit, and refused
    auth.login_as(Role.COORDINATOR)
    home = client.get("/hjem").get_data(as_text=True)
    assert "E-mailen om denne bekymring kom ikke frem: ring til sagsbehandleren." in home
    assert "Mails, der ikke kom frem" in home
    assert 'href="/mails/ikke-leveret"' in home


def test_the_coordinators_home_has_no_mail_warning_when_every_mail_arrived(
    app, client, auth, smtp_server
):
    with app.app_context():
        _reminder("kim@test.example.dk", "da", KIM)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    home = client.get("/hjem").get_data(as_text=True)
    assert "Mails, der ikke kom frem" not in home
