"""Mail goes through a real SMTP server, in the recipient's language, only after success."""

from types import SimpleNamespace

from coordinator import mail
from coordinator.security import public

KIM = SimpleNamespace(name="Kim")
SARA = SimpleNamespace(name="Sara")


def _reminder(to: str, locale: str, recipient) -> None:
    mail.queue(to, "check_in_due", locale=locale, recipient=recipient, due=2, overdue=1)


def test_queued_mail_is_delivered_in_the_recipients_language(app, smtp_server):
    with app.test_request_context():
        _reminder("kim@test.example.dk", "en", KIM)
        _reminder("sara@test.example.dk", "da", SARA)
        assert mail.send_queued() == 2
    english, danish = smtp_server.messages
    assert english["To"] == "kim@test.example.dk"
    assert english["Subject"] == "Check-ins due today"
    text = english.get_body(("plain",)).get_content()
    assert "Hello Kim" in text
    assert "2 check-ins are due today and 1 are overdue." in text
    assert "<p>Hello Kim</p>" in english.get_body(("html",)).get_content()
    assert danish["Subject"] == "Opfølgninger i dag"
    assert "Hej Sara" in danish.get_body(("plain",)).get_content()


def test_a_mail_server_that_is_down_does_not_undo_the_decision(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # nothing listens on the discard port
    try:
        with app.test_request_context():
            _reminder("kim@test.example.dk", "en", KIM)
            assert mail.send_queued() == 0
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)


def test_mail_queued_by_a_failing_request_is_never_sent(smtp_server, app, make_app):
    fresh = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=app.config["MAIL_PORT"])

    @fresh.route("/_fails")
    @public
    def fails():
        _reminder("kim@test.example.dk", "da", KIM)
        raise RuntimeError("decision failed")

    @fresh.route("/_works")
    @public
    def works():
        _reminder("kim@test.example.dk", "da", KIM)
        return "ok"

    client = fresh.test_client()
    assert client.get("/_fails").status_code == 500
    assert smtp_server.messages == []
    assert client.get("/_works").status_code == 200
    assert len(smtp_server.messages) == 1
