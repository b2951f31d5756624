"""Outgoing e-mail in the recipient's language, as text and HTML, through a durable outbox.

Services *queue* mail: `queue()` renders the message and adds an outbox row to the caller's
transaction, so nothing is sent for a decision that was rolled back and nothing committed goes
unsent. A background job (`mail.delivery`) sends the outbox over SMTP with retries; no web
request waits for a mail server. With no MAIL_SERVER configured, messages go to the log.
"""

from datetime import timedelta

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale

from coordinator import jobs
from coordinator.extensions import db
from coordinator.mail.models import MailStatus, OutboxMessage

DELIVERY_JOB = "deliver_mail"

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


def queue(
    to: str, template: str, *, locale: str = "da", concern_id: int | None = None, **context
) -> OutboxMessage:
    """Render a message now and put it in the outbox, in the caller's transaction.

    It is delivered by a background job once that transaction commits, with retries; if the
    transaction rolls back, the message is gone with it.
    """
    subject, text, html = render(template, locale=locale, **context)
    now = jobs.now()
    message = OutboxMessage(
        recipient=to,
        template=template,
        subject=subject[:300],
        text=text,
        html=html,
        status=MailStatus.PENDING,
        created_at=now,
        next_attempt_at=now,
        give_up_at=now + timedelta(seconds=current_app.config["MAIL_GIVE_UP_SECONDS"]),
        concern_id=concern_id,
    )
    db.session.add(message)
    jobs.after_commit(DELIVERY_JOB)
    return message
