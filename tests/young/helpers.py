"""Records and steps the young people's tests share."""

import re
from datetime import UTC, date, datetime

from sqlalchemy import select

from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from coordinator.referrals.models import FriendBankStatus, YoungPerson
from tests import factories

LINK = re.compile(r"/ung/log-ind/([A-Za-z0-9_\-]+)")
CODE = re.compile(r"kode: (\d{6})")


def known_young_person(age: int = 16, email: str = "asta@test.example.dk",
                       **fields) -> YoungPerson:
    """A verified friend-bank member whose e-mail address the unit has confirmed."""
    return factories.make_young_person(
        first_name=fields.pop("first_name", "Asta"),
        birth_year=date.today().year - age,
        email=email,
        email_confirmed_at=fields.pop("email_confirmed_at", datetime.now(UTC)),
        friend_bank_status=FriendBankStatus.VERIFIED,
        **fields,
    )


def young_account(age: int = 16, **fields) -> tuple[User, YoungPerson]:
    """A young person with an account already (as after a caseworker's invitation)."""
    user = factories.make_user(Role.YOUNG_PERSON, **fields)
    person = db.session.scalar(select(YoungPerson).where(YoungPerson.user_id == user.id))
    assert person is not None
    person.birth_year = date.today().year - age
    db.session.flush()
    return user, person


def sent_to(email: str) -> list[OutboxMessage]:
    return list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)
    ))


def link_and_code(message: OutboxMessage) -> tuple[str, str]:
    token = LINK.search(message.text)
    code = CODE.search(message.text)
    assert token is not None
    assert code is not None
    return token.group(1), code.group(1)


def sign_in(client, app, email: str) -> None:
    """Ask for a link and use it, as a young person does on their phone."""
    client.post("/konto/log-ud")
    client.post("/ung/log-ind", data={"email": email})
    with app.app_context():
        token, _code = link_and_code(sent_to(email)[-1])
    response = client.post(f"/ung/log-ind/{token}")
    assert response.status_code == 302, response.get_data(as_text=True)
