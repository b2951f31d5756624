"""Six people signing up with one e-mail address at the same moment get one account between them;
every one gets the same answer, and the account's holder is told of the others by e-mail
(SQLite and PostgreSQL)."""

import threading

from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from tests.volunteers.helpers import SIGNUP, signup_data

SIGN_UPS = 6
# Enough rounds that the old code (check, then insert) gave error pages on both databases.
TRIALS = 5


def _sign_up_at_once(app, email: str) -> list[tuple[int, str]]:
    """Post the sign-up form from SIGN_UPS threads at once; return (status, page) per thread."""
    barrier = threading.Barrier(SIGN_UPS)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def sign_up() -> None:
        client = app.test_client()
        barrier.wait(timeout=30)
        try:
            response = client.post(SIGNUP, data=signup_data(email=email))
            answer = (response.status_code, response.get_data(as_text=True))
        except Exception as error:  # noqa: BLE001 - TESTING lets a 500 escape as the exception
            answer = (500, repr(error))
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=sign_up) for _ in range(SIGN_UPS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_simultaneous_sign_ups_with_one_address_make_one_account(race_app):
    for trial in range(TRIALS):
        email = f"samme{trial}@test.example.dk"
        answers = _sign_up_at_once(race_app, email)
        statuses = sorted(status for status, _ in answers)
        assert statuses == [302] * SIGN_UPS, (trial, answers)
        with race_app.app_context():
            accounts = db.session.scalar(
                select(func.count()).select_from(User).where(User.email == email)
            )
            attempts = db.session.scalar(
                select(func.count()).select_from(OutboxMessage).where(
                    OutboxMessage.recipient == email, OutboxMessage.template == "signup_attempt")
            )
        assert accounts == 1, trial
        assert attempts == SIGN_UPS - 1, trial
