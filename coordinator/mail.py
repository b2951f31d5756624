"""Outgoing e-mail in the recipient's language, as text and HTML.

Services *queue* mail; it is sent only after the request has succeeded (its transaction is
committed), so a rolled-back decision never sends a message. Outside a request (CLI), call
`send_queued()` after committing. With no MAIL_SERVER configured, messages go to the log.
"""

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import Flask, Response, current_app, g, has_request_context, render_template
from flask_babel import force_locale


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str


def render(template: str, *, locale: str = "da", **context) -> tuple[str, str, str]:
    """Render `emails/<template>.subject.txt`, `.txt` and `.html` in `locale`.

    Outside a request (a CLI command, a worker) links are built from the BASE_URL setting.
    """
    if not has_request_context():
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            return render(template, locale=locale, **context)
    with force_locale(locale):
        subject = render_template(f"emails/{template}.subject.txt", **context).strip()
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", **context)
    return " ".join(subject.split()), text, html


def queue(to: str, template: str, *, locale: str = "da", **context) -> Mail:
    """Render a message now and send it when the current request succeeds."""
    subject, text, html = render(template, locale=locale, **context)
    mail = Mail(to=to, subject=subject, text=text, html=html)
    _outbox().append(mail)
    return mail


def _outbox() -> list[Mail]:
    if "outbox" not in g:
        g.outbox = []
    return g.outbox


def send_queued() -> int:
    """Send every queued message; return how many were sent. A failed send is logged, not raised."""
    sent = 0
    outbox = g.pop("outbox", [])
    for mail in outbox:
        try:
            deliver(mail)
            sent += 1
        except (OSError, smtplib.SMTPException):
            # The decision is already committed; a mail server hiccup must not undo it or 500.
            current_app.logger.exception("Could not send e-mail %r to %s", mail.subject, mail.to)
    return sent


def deliver(mail: Mail) -> None:
    """Send one message through the configured SMTP server, or log it in development."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("E-mail to %s: %s\n%s", mail.to, mail.subject, mail.text)
        return
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _send_after_success(response: Response) -> Response:
    if has_request_context() and response.status_code < 400:
        send_queued()
    else:
        g.pop("outbox", None)
    return response


def register(app: Flask) -> None:
    """Send queued mail once a request has succeeded."""
    app.after_request(_send_after_success)
