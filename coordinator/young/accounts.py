"""A young person's passwordless sign-in: an e-mailed link and code that work once, briefly.

Accounts are for young people aged YOUNG_MIN_AGE (15) or over; a younger child is represented by
the custody holder and the caseworker. An account is made by staff (an invitation) or, on the
sign-in page, for a young person whose e-mail address the unit has already confirmed. The sign-in
page answers the same for every address, known or not, so it reveals nobody.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from coordinator import mail
from coordinator.ages import age_on
from coordinator.audit import services as audit
from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.referrals.models import YoungPerson
from coordinator.young.models import SignInPurpose, SignInToken


class TooYoung(ValueError):
    """The young person is under the age for an own account."""


class NoEmail(ValueError):
    """The young person has no e-mail address to send the sign-in to."""


class InvalidSignIn(ValueError):
    """A link or code that is unknown, used, expired or tried too often."""


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _code_hash(token_hash: str, code: str) -> str:
    # Keyed by the app's secret and the link, so a copied table does not give the 6 digits away.
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{token_hash}:{code}".encode(), hashlib.sha256).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def old_enough(person: YoungPerson, today: date) -> bool:
    """Whether the young person may have an own account."""
    return age_on(person.birth_year, today) >= current_app.config["YOUNG_MIN_AGE"]


def person_of(user: User) -> YoungPerson | None:
    """The young person behind a young person's account."""
    if user.role != Role.YOUNG_PERSON:
        return None
    return db.session.scalar(select(YoungPerson).where(YoungPerson.user_id == user.id))


def _normalise(email: str) -> str:
    return email.strip().lower()


def _create_account(person: YoungPerson, today: date) -> User:
    """Make the account for `person`; refused under YOUNG_MIN_AGE or without an address."""
    if not old_enough(person, today):
        raise TooYoung(person.id)
    if not person.email:
        raise NoEmail(person.id)
    if person.user_id is not None:
        user = db.session.get(User, person.user_id)
        if user is not None:
            return user
    email = _normalise(person.email)
    taken = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if taken is not None:
        # The address belongs to another account (staff, a volunteer): never merged silently.
        raise NoEmail(person.id)
    user = User(email=email, name=person.first_name, role=Role.YOUNG_PERSON, locale="da")
    # No password anybody knows: the account signs in by one-time link or code only.
    user.set_password(secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.flush()
    person.user_id = user.id
    db.session.flush()
    return user


@dataclass(frozen=True)
class IssuedSignIn:
    token: str
    code: str
    row: SignInToken


def _issue(user: User, purpose: SignInPurpose, now: datetime) -> IssuedSignIn:
    seconds = (
        current_app.config["INVITATION_MAX_AGE"]
        if purpose == SignInPurpose.INVITATION
        else current_app.config["YOUNG_SIGN_IN_MAX_AGE"]
    )
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(1_000_000):06d}"
    token_hash = _hash(token)
    # Only the newest sign-in works, and only it is kept: older links (used, run out or not)
    # are deleted when a new one is sent.
    db.session.execute(delete(SignInToken).where(SignInToken.user_id == user.id))
    row = SignInToken(
        user_id=user.id,
        purpose=purpose,
        token_hash=token_hash,
        code_hash=_code_hash(token_hash, code),
        created_at=now,
        expires_at=now + timedelta(seconds=seconds),
    )
    db.session.add(row)
    db.session.flush()
    return IssuedSignIn(token=token, code=code, row=row)


def _send(user: User, issued: IssuedSignIn, template: str, inviter: str | None = None) -> None:
    minutes = max(1, int((_aware(issued.row.expires_at) - _aware(issued.row.created_at))
                         .total_seconds() // 60))
    mail.queue(user.email, template, locale=user.locale, name=user.name, token=issued.token,
               code=issued.code, minutes=minutes, inviter=inviter)


def invite(actor: User, person: YoungPerson, today: date) -> User:
    """Staff invite a young person (15+) to their own page: an account and a link by e-mail.

    Raises `TooYoung` or `NoEmail`.
    """
    user = _create_account(person, today)
    issued = _issue(user, SignInPurpose.INVITATION, utcnow())
    _send(user, issued, "young_invitation", inviter=actor.name)
    audit.record(actor, "young_person.invited", subject=person)
    return user


def view_invitation(actor: User, person: YoungPerson) -> None:
    """Log that `actor` (staff) opened the page to invite the young person."""
    audit.record(actor, "young_person.viewed", subject=person, detail={"page": "invite"})


def request_sign_in(email: str, today: date, now: datetime | None = None) -> None:
    """Send a link and code if the address belongs to a young person who may sign in.

    Unknown addresses, under-15s and unconfirmed addresses get nothing, and the caller shows the
    same answer in every case.
    """
    now = now or utcnow()
    address = _normalise(email)
    user = db.session.scalar(
        select(User).where(func.lower(User.email) == address, User.role == Role.YOUNG_PERSON)
    )
    if user is None:
        # First time: a young person the unit knows, with a confirmed address, 15 or over.
        person = db.session.scalar(
            select(YoungPerson).where(
                func.lower(YoungPerson.email) == address,
                YoungPerson.email_confirmed_at.is_not(None),
                YoungPerson.anonymised_at.is_(None),
                YoungPerson.user_id.is_(None),
            ).order_by(YoungPerson.id)
        )
        if person is None or not old_enough(person, today):
            return
        try:
            user = _create_account(person, today)
        except (TooYoung, NoEmail):
            return
        audit.record(None, "young_person.account_created", subject=person,
                     actor_label="self")
    if not user.active:
        return
    person = person_of(user)
    if person is None or person.anonymised_at is not None or not old_enough(person, today):
        return
    issued = _issue(user, SignInPurpose.SIGN_IN, now)
    _send(user, issued, "young_sign_in")
    audit.record(user, "young_person.sign_in_sent", subject=user)


def _usable(row: SignInToken | None, now: datetime) -> SignInToken:
    if row is None or row.used_at is not None or _aware(row.expires_at) <= now:
        raise InvalidSignIn
    if row.wrong_codes >= current_app.config["YOUNG_CODE_TRIES"]:
        raise InvalidSignIn
    return row


def token_is_valid(token: str, now: datetime | None = None) -> bool:
    """Whether a link still works (to show the sign-in button or say it has run out)."""
    if not token or len(token) > 100:
        return False
    row = db.session.scalar(select(SignInToken).where(SignInToken.token_hash == _hash(token)))
    try:
        _usable(row, now or utcnow())
    except InvalidSignIn:
        return False
    return True


def _spend(row: SignInToken, now: datetime, by: str) -> User:
    """Mark the link used, once: of two requests at the same moment only one gets through."""
    spent = db.session.execute(
        update(SignInToken)
        .where(SignInToken.id == row.id, SignInToken.used_at.is_(None))
        .values(used_at=now)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]  # a DML result is a CursorResult
        raise InvalidSignIn
    user = db.session.get(User, row.user_id)
    if user is None or not user.active or user.role != Role.YOUNG_PERSON:
        raise InvalidSignIn
    # The link arrived and was opened: the address is confirmed.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    person = person_of(user)
    if person is None or person.anonymised_at is not None:
        raise InvalidSignIn
    if person.email_confirmed_at is None:
        person.email_confirmed_at = now
    user.last_login_at = now
    audit.record(user, "young_person.signed_in", subject=user,
                 detail={"by": by})
    db.session.flush()
    return user


def sign_in_with_link(token: str, now: datetime | None = None) -> User:
    """Use a link: the account it signs in, or `InvalidSignIn`."""
    now = now or utcnow()
    if not token or len(token) > 100:
        raise InvalidSignIn
    row = db.session.scalar(select(SignInToken).where(SignInToken.token_hash == _hash(token)))
    return _spend(_usable(row, now), now, "link")


def sign_in_with_code(email: str, code: str, now: datetime | None = None) -> User:
    """Use the 6-digit code sent with the newest link to this address, or `InvalidSignIn`.

    A wrong code counts against the link; after YOUNG_CODE_TRIES it no longer works at all.
    """
    now = now or utcnow()
    user = db.session.scalar(
        select(User).where(
            func.lower(User.email) == _normalise(email), User.role == Role.YOUNG_PERSON
        )
    )
    if user is None:
        raise InvalidSignIn
    row = db.session.scalar(
        select(SignInToken)
        .where(SignInToken.user_id == user.id, SignInToken.used_at.is_(None))
        .order_by(SignInToken.id.desc())
    )
    row = _usable(row, now)
    typed = "".join(code.split())
    if not hmac.compare_digest(row.code_hash, _code_hash(row.token_hash, typed)):
        row.wrong_codes += 1
        audit.record(user, "young_person.wrong_code", subject=user)
        db.session.flush()
        raise InvalidSignIn
    return _spend(row, now, "code")
