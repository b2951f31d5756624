"""One waiting list for everything with a limited number of places (courses, events).

Signing up takes a free place or, when all are taken, a place on the waiting list. A place freed
by a cancellation, or added by raising the number of places, goes to whoever has waited longest
(the lowest sign-up id first). Each of these is a count followed by a write, so each runs with
the offer's row locked (`locking.lock`: FOR UPDATE on PostgreSQL, the write lock on SQLite):
two requests at the same moment queue behind each other, so places are never overfilled and a
freed place is never lost.

A feature describes its tables in a `WaitingList` and keeps its own rules of who may sign up
(the `check` it passes to `sign_up`, run under the lock). The module is shared and imports no
feature package, so audit entries are written by the feature's `record` hook.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute

from coordinator import locking
from coordinator.extensions import db

# The changes a feature's `record` hook is told of (it audits them as "<feature>.<change>").
SIGNED_UP = "signed_up"
CANCELLED = "signup_cancelled"
PROMOTED = "promoted_from_waiting_list"


class Offer(Protocol):
    """What has places: a course, an event (a mapped class with these columns)."""

    @property
    def id(self) -> int: ...

    @property
    def places(self) -> int: ...


class Signup(Protocol):
    """One person's sign-up for an offer (a mapped class with these columns)."""

    id: Any
    status: Any


OfferT = TypeVar("OfferT", bound=Offer)
SignupT = TypeVar("SignupT", bound=Signup)
StatusT = TypeVar("StatusT", bound=StrEnum)


@dataclass(frozen=True)
class WaitingList(Generic[OfferT, SignupT, StatusT]):
    """The sign-ups of one kind of offer, with its places and its waiting list.

    `offer_key` is the sign-up's column naming its offer (e.g. `CourseSignup.course_id`);
    `statuses` is the sign-ups' status enum, with the values registered, waitlisted and
    cancelled. `record(actor, change, signup, detail)` audits a change (SIGNED_UP with the
    status in `detail`, CANCELLED, PROMOTED) in the caller's transaction.
    """

    offer: type[OfferT]
    signup: type[SignupT]
    offer_key: InstrumentedAttribute[int]
    statuses: type[StatusT]
    record: Callable[[Any, str, SignupT, dict[str, Any]], None]

    def __post_init__(self) -> None:
        # Fail when the feature is imported, not at the first sign-up.
        missing = {"registered", "waitlisted", "cancelled"} - {s.value for s in self.statuses}
        if missing:
            raise TypeError(f"{self.statuses.__name__} lacks the statuses {sorted(missing)}")

    @property
    def registered(self) -> StatusT:
        return self.statuses("registered")

    @property
    def waitlisted(self) -> StatusT:
        return self.statuses("waitlisted")

    @property
    def cancelled(self) -> StatusT:
        return self.statuses("cancelled")

    def lock(self, offer_id: int) -> OfferT:
        """Re-read the offer and keep its row locked until the transaction ends."""
        return locking.lock(self.offer, offer_id)

    def registered_count(self, offer: OfferT) -> int:
        """How many sign-ups hold a place (one query)."""
        return db.session.scalar(
            select(func.count())
            .select_from(self.signup)
            .where(self.offer_key == offer.id, self.signup.status == self.registered)
        ) or 0

    def free_places(self, offer: OfferT) -> int:
        return max(0, offer.places - self.registered_count(offer))

    def sign_up(
        self,
        actor: Any,
        offer: OfferT,
        check: Callable[[OfferT], None],
        new_signup: Callable[[OfferT, StatusT], SignupT],
    ) -> SignupT:
        """Sign someone up: a place if one is free, else the waiting list.

        `check(offer)` raises the feature's own refusal (cancelled, too late, already signed
        up, ...); it runs with the offer locked, so what it read still holds when the sign-up
        is stored. `new_signup(offer, status)` builds the feature's row.
        """
        locked = self.lock(offer.id)
        check(locked)
        status = (
            self.registered if self.registered_count(locked) < locked.places
            else self.waitlisted
        )
        signup = new_signup(locked, status)
        db.session.add(signup)
        db.session.flush()
        self.record(actor, SIGNED_UP, signup, {"status": status.value})
        return signup

    def cancel(self, actor: Any, signup: SignupT) -> SignupT | None:
        """Cancel a sign-up; a freed place goes to the first on the waiting list (returned).

        A sign-up that another request cancelled a moment ago is left as it is (None).
        """
        offer = self.lock(getattr(signup, self.offer_key.key))
        db.session.refresh(signup)
        if signup.status == self.cancelled:
            return None
        signup.status = self.cancelled
        db.session.flush()
        self.record(actor, CANCELLED, signup, {})
        promoted = self._promote(actor, offer)
        return promoted[0] if promoted else None

    def update(self, actor: Any, offer: OfferT, apply: Callable[[OfferT], None]) -> OfferT:
        """Change the offer (`apply`) under its lock; places it gains go to those waiting,
        in the order they came. Returns the locked offer."""
        locked = self.lock(offer.id)
        apply(locked)
        db.session.flush()
        self._promote(actor, locked)
        return locked

    def _promote(self, actor: Any, offer: OfferT) -> list[SignupT]:
        # The caller holds the offer's lock, so the free places counted here stay free.
        free = offer.places - self.registered_count(offer)
        if free <= 0:
            return []
        waiting = db.session.scalars(
            select(self.signup)
            .where(self.offer_key == offer.id, self.signup.status == self.waitlisted)
            .order_by(self.signup.id)
            .limit(free)
        ).all()
        for signup in waiting:
            signup.status = self.registered
            self.record(actor, PROMOTED, signup, {})
        db.session.flush()
        return list(waiting)
