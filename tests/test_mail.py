"""Mail goes through a real SMTP server, in the recipient's language, only after success."""

from coordinator import mail
from coordinator.security import public


def test_queued_mail_is_delivered_in_the_recipients_language(app, smtp_server):
    with app.test_request_context():
        mail.queue("kim@test.example.dk", "test_message", locale="en", name="Kim")
        mail.queue("sara@test.example.dk", "test_message", locale="da", name="Sara")
        assert mail.send_queued() == 2
    english, danish = smtp_server.messages
    assert english["To"] == "kim@test.example.dk"
    assert english["Subject"] == "A message for Kim"
    assert "Hello Kim" in english.get_body(("plain",)).get_content()
    assert "<p>Hello Kim</p>" in english.get_body(("html",)).get_content()
    assert danish["Subject"] == "En besked til Sara"


def test_mail_queued_by_a_failing_request_is_never_sent(smtp_server, app, make_app):
    fresh = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=app.config["MAIL_PORT"])

    @fresh.route("/_fails")
    @public
    def fails():
        mail.queue("kim@test.example.dk", "test_message", name="Kim")
        raise RuntimeError("decision failed")

    @fresh.route("/_works")
    @public
    def works():
        mail.queue("kim@test.example.dk", "test_message", name="Kim")
        return "ok"

    client = fresh.test_client()
    assert client.get("/_fails").status_code == 500
    assert smtp_server.messages == []
    assert client.get("/_works").status_code == 200
    assert len(smtp_server.messages) == 1
