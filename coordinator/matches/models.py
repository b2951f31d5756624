"""Matches, their status history, follow-ups, meetings, concerns and closure."""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.db_types import AwareDateTime, Tags, enum_type, utcnow
from coordinator.extensions import Model
from coordinator.vocabulary import ClosureReason, ConcernType, MatchType

if TYPE_CHECKING:
    from coordinator.auth.models import User
    from coordinator.referrals.models import Referral, YoungPerson
    from coordinator.volunteers.models import Volunteer


class InvalidTransition(Exception):
    """A status change the match's workflow does not allow from its current status."""


class MatchStatus(StrEnum):
    PROPOSED = "proposed"
    SHORTLISTED = "shortlisted"
    CHOSEN = "chosen"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"
    DISCARDED = "discarded"  # a proposal or shortlist entry that was not taken forward


# The people-decide workflow: the system proposes, the coordinator shortlists, the family
# chooses, the volunteer accepts, the coordinator starts it. Anything else is refused.
ALLOWED_TRANSITIONS: dict[MatchStatus, frozenset[MatchStatus]] = {
    MatchStatus.PROPOSED: frozenset({MatchStatus.SHORTLISTED, MatchStatus.DISCARDED}),
    MatchStatus.SHORTLISTED: frozenset({MatchStatus.CHOSEN, MatchStatus.DISCARDED}),
    MatchStatus.CHOSEN: frozenset({MatchStatus.OFFERED, MatchStatus.DISCARDED}),
    MatchStatus.OFFERED: frozenset(
        {MatchStatus.ACCEPTED, MatchStatus.DECLINED, MatchStatus.DISCARDED}
    ),
    MatchStatus.ACCEPTED: frozenset({MatchStatus.ACTIVE, MatchStatus.DISCARDED}),
    MatchStatus.DECLINED: frozenset(),
    MatchStatus.ACTIVE: frozenset({MatchStatus.PAUSED, MatchStatus.CLOSED}),
    MatchStatus.PAUSED: frozenset({MatchStatus.ACTIVE, MatchStatus.CLOSED}),
    MatchStatus.CLOSED: frozenset(),
    MatchStatus.DISCARDED: frozenset(),
}

# The friend bank has no volunteer to offer to: a coordinator approves a proposed pair directly.
FRIEND_BANK_TRANSITIONS: dict[MatchStatus, frozenset[MatchStatus]] = {
    **ALLOWED_TRANSITIONS,
    MatchStatus.PROPOSED: frozenset({MatchStatus.ACTIVE, MatchStatus.DISCARDED}),
}

# Statuses that hold one of the volunteer's places.
LIVE_STATUSES = frozenset({MatchStatus.ACTIVE, MatchStatus.PAUSED})
OPEN_STATUSES = frozenset(
    {
        MatchStatus.PROPOSED,
        MatchStatus.SHORTLISTED,
        MatchStatus.CHOSEN,
        MatchStatus.OFFERED,
        MatchStatus.ACCEPTED,
    }
)


class FollowUpTrack(StrEnum):
    VOLUNTEER = "volunteer"
    YOUNG_PERSON = "young_person"
    CAREGIVER = "caregiver"


class Match(Model):
    __tablename__ = "matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_type: Mapped[MatchType] = mapped_column(enum_type(MatchType), index=True)
    referral_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    volunteer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("volunteers.id", ondelete="RESTRICT"), index=True
    )
    # The friend bank pairs two young people; no volunteer in the pair.
    friend_a_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    friend_b_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[MatchStatus] = mapped_column(
        enum_type(MatchStatus), default=MatchStatus.PROPOSED, index=True
    )
    # What the matcher said when the proposal was made, kept as it was then.
    score: Mapped[float | None]
    reasons: Mapped[list[list[str]]] = mapped_column(Tags, default=list)
    is_override: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    override_reason: Mapped[str | None] = mapped_column(sa.Text)
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decline_reason: Mapped[str | None] = mapped_column(sa.Text)
    # Why the coordinator paired a young person under 18 with one of 18 or over (friend bank).
    adulthood_reason: Mapped[str | None] = mapped_column(sa.Text)
    # The written agreement between volunteer, family and the unit.
    agreement_frequency: Mapped[str | None] = mapped_column(sa.String(200))
    agreement_activities: Mapped[str | None] = mapped_column(sa.Text)
    agreement_duration: Mapped[str | None] = mapped_column(sa.String(200))
    agreement_contact: Mapped[str | None] = mapped_column(sa.String(200))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    closure_reason: Mapped[ClosureReason | None] = mapped_column(enum_type(ClosureReason))
    closure_note: Mapped[str | None] = mapped_column(sa.Text)
    closure_planned: Mapped[bool | None]
    closing_talk_volunteer: Mapped[bool | None]
    closing_talk_young_person: Mapped[bool | None]
    closing_talk_caregiver: Mapped[bool | None]
    contact_after: Mapped[str | None] = mapped_column(sa.Text)
    volunteer_rematch_from: Mapped[date | None]
    seeker_rematch_from: Mapped[date | None]
    anonymised_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    # The first day the match was found at risk (young.health), recorded by the daily job and
    # the coordinator's at-risk page: lets the knowledge bank ask whether the warning came
    # before an early ending. Never cleared when the match recovers.
    first_at_risk_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow, onupdate=utcnow)

    referral: Mapped["Referral | None"] = relationship()
    volunteer: Mapped["Volunteer | None"] = relationship()
    friend_a: Mapped["YoungPerson | None"] = relationship(foreign_keys=[friend_a_id])
    friend_b: Mapped["YoungPerson | None"] = relationship(foreign_keys=[friend_b_id])
    history: Mapped[list["MatchStatusChange"]] = relationship(
        back_populates="match", cascade="all, delete-orphan", order_by="MatchStatusChange.id"
    )
    follow_ups: Mapped[list["FollowUp"]] = relationship(
        back_populates="match", cascade="all, delete-orphan", order_by="FollowUp.due_on"
    )
    meetings: Mapped[list["MeetingLog"]] = relationship(
        back_populates="match", cascade="all, delete-orphan", order_by="MeetingLog.met_on"
    )
    concerns: Mapped[list["Concern"]] = relationship(
        back_populates="match", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "(volunteer_id IS NOT NULL AND referral_id IS NOT NULL"
            " AND friend_a_id IS NULL AND friend_b_id IS NULL)"
            " OR (volunteer_id IS NULL AND referral_id IS NULL"
            " AND friend_a_id IS NOT NULL AND friend_b_id IS NOT NULL)",
            name="volunteer_or_friends",
        ),
        # A seeker is never actively matched twice, even when two coordinators act at once.
        sa.Index(
            "uq_matches_one_live_per_referral",
            "referral_id",
            unique=True,
            postgresql_where=sa.text("status IN ('active', 'paused')"),
            sqlite_where=sa.text("status IN ('active', 'paused')"),
        ),
    )

    def transition(self, to: MatchStatus, *, by: "User | None", reason: str = "") -> None:
        """Move to `to`, recording who and why; refuse a move the workflow does not allow."""
        if to not in self.allowed_next():
            raise InvalidTransition(f"{self.status} -> {to}")
        self.history.append(
            MatchStatusChange(
                from_status=self.status,
                to_status=to,
                changed_by_id=by.id if by is not None else None,
                reason=reason,
            )
        )
        self.status = to

    def allowed_next(self) -> frozenset[MatchStatus]:
        """The statuses this match may move to from where it is now."""
        table = (
            FRIEND_BANK_TRANSITIONS
            if self.match_type == MatchType.FRIEND_BANK
            else ALLOWED_TRANSITIONS
        )
        return table[self.status]

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


class MatchStatusChange(Model):
    __tablename__ = "match_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[MatchStatus | None] = mapped_column(enum_type(MatchStatus))
    to_status: Mapped[MatchStatus] = mapped_column(enum_type(MatchStatus))
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    match: Mapped[Match] = relationship(back_populates="history")
    changed_by: Mapped["User | None"] = relationship()


class FollowUp(Model):
    """A planned check-in with one side of a match, and what came of it."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    track: Mapped[FollowUpTrack] = mapped_column(enum_type(FollowUpTrack))
    due_on: Mapped[date] = mapped_column(index=True)
    done_on: Mapped[date | None]
    with_whom: Mapped[str | None] = mapped_column(sa.String(120))
    rating: Mapped[int | None]  # 1 (poorly) .. 5 (very well)
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")  # staff only
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    match: Mapped[Match] = relationship(back_populates="follow_ups")

    __table_args__ = (
        sa.CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name="rating_range"),
    )


class MeetingLog(Model):
    """A meeting the volunteer logged: when, what they did, how long."""

    __tablename__ = "meeting_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    met_on: Mapped[date]
    activity: Mapped[str] = mapped_column(sa.String(500))
    minutes: Mapped[int]
    logged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    match: Mapped[Match] = relationship(back_populates="meetings")


class Concern(Model):
    """A concern raised about a match; it pauses the match and reaches the caseworker."""

    __tablename__ = "concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(
        sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True
    )
    concern_type: Mapped[ConcernType] = mapped_column(enum_type(ConcernType))
    description: Mapped[str] = mapped_column(sa.Text)
    raised_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    raised_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    resolution: Mapped[str | None] = mapped_column(sa.Text)
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    match: Mapped[Match] = relationship(back_populates="concerns")


class WeightsSource(StrEnum):
    LEARNED = "learned"  # fitted on the unit's own matches (matching.fit_weights)
    DEFAULTS = "defaults"  # back to the library's defaults


class MatchingWeights(Model):
    """One adopted version of the matcher's soft-signal weights: who adopted what, and when.

    The newest row is in force; with no row the library's defaults are. Rows are never changed
    or deleted, so the history of what the matcher weighed is kept (going back to the defaults
    adds a row too).
    """

    __tablename__ = "matching_weights"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[WeightsSource] = mapped_column(enum_type(WeightsSource))
    # Signal name -> weight, as matching.Weights fields (only the learned signals).
    weights: Mapped[dict[str, float]] = mapped_column(sa.JSON)
    matches_used: Mapped[int] = mapped_column(default=0)
    adopted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    adopted_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    adopted_by: Mapped["User | None"] = relationship()
