"""The young people's own place: one-time sign-in, club activities, check-ins and signals.

Nothing here is a channel between people: a check-in and a signal go to the coordination unit
only, and a club activity is a proposal until a coordinator approves it with an adult host.
"""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, enum_type, utcnow
from coordinator.extensions import Model

if TYPE_CHECKING:
    from coordinator.auth.models import User
    from coordinator.events.models import Event
    from coordinator.matches.models import Match
    from coordinator.referrals.models import YoungPerson


class SignInPurpose(StrEnum):
    SIGN_IN = "sign_in"  # asked for on the sign-in page: short-lived
    INVITATION = "invitation"  # sent by the caseworker or coordinator: lives a few days


class SignInToken(Model):
    """An e-mailed one-time link and code; only their hashes are kept.

    Works once (`used_at`), until `expires_at`, and the code survives only a few wrong tries.
    """

    __tablename__ = "young_sign_in_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[SignInPurpose] = mapped_column(enum_type(SignInPurpose))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    wrong_codes: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime)
    used_at: Mapped[datetime | None] = mapped_column(AwareDateTime)


class ActivityKind(StrEnum):
    FILM_NIGHT = "film_night"
    FOOTBALL = "football"
    GAME_NIGHT = "game_night"
    TALK = "talk"
    OTHER = "other"


class ActivityStatus(StrEnum):
    PROPOSED = "proposed"  # seen only by its proposer and the coordinators
    APPROVED = "approved"  # an event with an adult host: others sign up
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ClubActivity(Model):
    """An activity a young person proposes for the club; an event once approved with a host."""

    __tablename__ = "club_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("young_people.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[ActivityKind] = mapped_column(enum_type(ActivityKind))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    starts_at: Mapped[datetime] = mapped_column(AwareDateTime)
    location: Mapped[str] = mapped_column(sa.String(300))
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    places: Mapped[int]
    status: Mapped[ActivityStatus] = mapped_column(
        enum_type(ActivityStatus), default=ActivityStatus.PROPOSED, index=True
    )
    # The adult who hosts it (a screened volunteer's account or staff) and the event it became.
    host_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), unique=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    proposed_by: Mapped["YoungPerson | None"] = relationship()
    host: Mapped["User | None"] = relationship(foreign_keys=[host_id])
    event: Mapped["Event | None"] = relationship()

    __table_args__ = (
        # Never an approved club activity without an adult host.
        sa.CheckConstraint(
            "status <> 'approved' OR host_id IS NOT NULL", name="approved_has_host"
        ),
        sa.CheckConstraint("places >= 1", name="places_positive"),
    )


class CheckInGiver(StrEnum):
    YOUNG_PERSON = "young_person"
    CUSTODY_HOLDER = "custody_holder"


class YoungCheckIn(Model):
    """A young person's (or a custody holder's) own word on a match: staff only.

    Answers are 1 (sad smiley), 2 (so-so) or 3 (happy); the volunteer learns only that one was
    given.
    """

    __tablename__ = "young_check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    young_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("young_people.id", ondelete="SET NULL"), index=True
    )
    given_by: Mapped[CheckInGiver] = mapped_column(enum_type(CheckInGiver))
    how_was_it: Mapped[int]
    together_well: Mapped[int]
    message: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, index=True)

    match: Mapped["Match"] = relationship()

    __table_args__ = (
        sa.CheckConstraint("how_was_it BETWEEN 1 AND 3", name="how_was_it_range"),
        sa.CheckConstraint("together_well BETWEEN 1 AND 3", name="together_well_range"),
    )

    @property
    def score(self) -> float:
        """The mean of the two smiley answers (1 .. 3)."""
        return (self.how_was_it + self.together_well) / 2


class SignalKind(StrEnum):
    WANTS_TO_STOP = "wants_to_stop"
    WORRIED = "worried"


class YoungSignal(Model):
    """'Jeg vil gerne stoppe' or 'jeg er bekymret', said privately to the coordination unit."""

    __tablename__ = "young_signals"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    young_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("young_people.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[SignalKind] = mapped_column(enum_type(SignalKind))
    message: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    match: Mapped["Match"] = relationship()
    young_person: Mapped["YoungPerson | None"] = relationship()


class ContactExchange(Model):
    """Two friends' wish to swap contact details: shown only when both said yes and a
    coordinator approved."""

    __tablename__ = "friend_contact_exchanges"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        sa.ForeignKey("matches.id", ondelete="CASCADE"), unique=True
    )
    friend_a_yes_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    friend_b_yes_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    match: Mapped["Match"] = relationship()

    @property
    def both_said_yes(self) -> bool:
        return self.friend_a_yes_at is not None and self.friend_b_yes_at is not None
