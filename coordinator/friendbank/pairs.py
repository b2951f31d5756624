"""Friend pairs: the matcher pairs verified members, a coordinator reviews and approves each
pair, and an event can be suggested as a running pair's first meeting.

A pair is a `Match` of type friend bank with `friend_a` and `friend_b` (no volunteer); its states
and transitions are the match's own (coordinator.matches.models).
"""

from dataclasses import dataclass
from datetime import date, time

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

import matching
from coordinator import locking
from coordinator.ages import age_on
from coordinator.audit import services as audit
from coordinator.auth.models import User
from coordinator.events import services as events
from coordinator.events.models import Event, EventSignup
from coordinator.extensions import db
from coordinator.matches import adapter, follow_up
from coordinator.matches import services as match_services
from coordinator.matches.models import (
    LIVE_STATUSES,
    OPEN_STATUSES,
    InvalidTransition,
    Match,
    MatchStatus,
)
from coordinator.matches.services import SeekerAlreadyMatched, WorkflowError
from coordinator.notifications import notify
from coordinator.pagination import Page, paginate
from coordinator.referrals.models import FriendBankStatus, YoungPerson
from coordinator.vocabulary import MatchType

# The longest written reason for a pair across the age of 18 that we keep.
ADULTHOOD_REASON_MAX = 2000
RUNNING_PER_PAGE = 20


def _friends(match: Match) -> tuple[YoungPerson, YoungPerson]:
    """The two young people of a friend-bank pair."""
    if match.friend_a is None or match.friend_b is None:
        raise LookupError(f"match {match.id} is not a friend pair")
    return match.friend_a, match.friend_b


# -- the pool and the matcher ---------------------------------------------------------------


def friend_bank_pool() -> list[YoungPerson]:
    """Verified young people not already in an open or live friend-bank pair."""
    paired = (
        select(Match.friend_a_id)
        .where(
            Match.match_type == MatchType.FRIEND_BANK,
            Match.status.in_(OPEN_STATUSES | {MatchStatus.ACTIVE, MatchStatus.PAUSED}),
        )
        .union(
            select(Match.friend_b_id).where(
                Match.match_type == MatchType.FRIEND_BANK,
                Match.status.in_(OPEN_STATUSES | {MatchStatus.ACTIVE, MatchStatus.PAUSED}),
            )
        )
    )
    return list(
        db.session.scalars(
            select(YoungPerson)
            .where(
                YoungPerson.friend_bank_status == FriendBankStatus.VERIFIED,
                YoungPerson.id.not_in(paired),
            )
            .order_by(YoungPerson.id)
        )
    )


def friend_pairs(today: date) -> list[tuple[YoungPerson, YoungPerson, matching.Pair]]:
    """Maximum-weight friend pairs over the pool; discarded pairs are never suggested again."""
    pool = friend_bank_pool()
    if len(pool) < 2:
        return []
    by_id = {person.id: person for person in pool}
    discarded = db.session.execute(
        select(Match.friend_a_id, Match.friend_b_id).where(
            Match.match_type == MatchType.FRIEND_BANK,
            Match.status.in_([MatchStatus.DISCARDED, MatchStatus.CLOSED]),
        )
    ).all()
    pairs = matching.pair_friends(
        [adapter.young_person_record(person, today) for person in pool],
        today=today,
        blocked=[(a, b) for a, b in discarded],
        min_score=current_app.config["FRIEND_PAIR_MIN_SCORE"],
    )
    return [(by_id[int(pair.a_id)], by_id[int(pair.b_id)], pair) for pair in pairs]


def store_friend_pairs(*, by: User, today: date) -> list[Match]:
    """Run the friend-bank pairing and keep each pair as a proposal to review."""
    made = []
    for first, second, pair in friend_pairs(today):
        match = Match(
            match_type=MatchType.FRIEND_BANK,
            friend_a=first,
            friend_b=second,
            status=MatchStatus.PROPOSED,
            score=pair.score,
            reasons=adapter.reasons_to_rows(pair.reasons),
            proposed_by_id=by.id,
        )
        db.session.add(match)
        made.append(match)
    db.session.flush()
    audit.record(by, "friend_pair.proposed", detail={"pairs": len(made)})
    return made


# -- the review page ------------------------------------------------------------------------


def pair_crosses_adulthood(match: Match, today: date) -> bool:
    """Whether a friend-bank pair puts a minor with an adult (the page flags it for a look)."""
    if match.friend_a is None or match.friend_b is None:
        return False
    return matching.crosses_adulthood(
        age_on(match.friend_a.birth_year, today), age_on(match.friend_b.birth_year, today)
    )


def proposed_friend_pairs() -> Select:
    """Friend-bank pairs waiting for review, best first: a query to page."""
    return (
        select(Match)
        .options(selectinload(Match.friend_a), selectinload(Match.friend_b))
        .where(Match.match_type == MatchType.FRIEND_BANK, Match.status == MatchStatus.PROPOSED)
        .order_by(Match.score.desc(), Match.id)
    )


def running_friend_pairs() -> Select:
    """Running friend-bank pairs, newest first (to suggest an event as their first meeting)."""
    return (
        select(Match)
        .options(selectinload(Match.friend_a), selectinload(Match.friend_b))
        .where(Match.match_type == MatchType.FRIEND_BANK, Match.status == MatchStatus.ACTIVE)
        .order_by(Match.start_date.desc(), Match.id.desc())
    )


@dataclass(frozen=True)
class PairLists:
    """What the coordinator's friend-bank page shows: pairs to review, running pairs, and how
    many verified young people wait for a friend."""

    proposed: Page
    running: Page
    pool_size: int


def pair_lists(actor: User, *, proposed_page: int, running_page: int) -> PairLists:
    """One page of proposed and of running pairs for `actor`; the young people shown are
    logged as a read."""
    proposed = paginate(proposed_friend_pairs(), number=proposed_page)
    running = paginate(running_friend_pairs(), number=running_page, per_page=RUNNING_PER_PAGE)
    audit.record_list(actor, "friend_pairs.listed", [*proposed.items, *running.items])
    return PairLists(proposed=proposed, running=running, pool_size=len(friend_bank_pool()))


# -- approval -------------------------------------------------------------------------------


def get_pair_for(user: User, match_id: int) -> Match | None:
    """A friend-bank pair `user` may act on, or None (no such match, not theirs, no pair)."""
    match = match_services.get_match_for(user, match_id)
    if match is None or match.match_type != MatchType.FRIEND_BANK:
        return None
    return match


def approve_friend_pair(
    match: Match, *, by: User, start_date: date, reason: str = "", today: date | None = None
) -> Match:
    """Start a friend-bank pair the coordinator has reviewed (both must still be in the pool).

    A pair of a young person under 18 with one of 18 or over needs the coordinator's written
    `reason`; it is kept on the pair and in the audit entry. Both young people are locked
    (lower id first, so two approvals never wait for each other) and checked under the lock,
    so two coordinators approving overlapping pairs at the same moment can never put one
    young person in two running pairs.
    """
    if match.friend_a_id is None or match.friend_b_id is None:
        raise LookupError(f"match {match.id} is not a friend pair")
    reason = (reason or "").strip()
    crosses = pair_crosses_adulthood(match, today or date.today())
    if crosses and not reason:
        raise WorkflowError(_l(
            "One is under 18 and the other is 18 or over: write why this pair is right "
            "before you approve it."
        ))
    if len(reason) > ADULTHOOD_REASON_MAX:
        raise WorkflowError(_l("The reason may be at most 2000 characters."))
    for person_id in sorted((match.friend_a_id, match.friend_b_id)):
        locking.lock(YoungPerson, person_id)
    db.session.refresh(match)
    in_another_pair = db.session.scalar(
        select(func.count())
        .select_from(Match)
        .where(
            Match.match_type == MatchType.FRIEND_BANK,
            Match.status.in_(LIVE_STATUSES),
            Match.id != match.id,
            or_(
                Match.friend_a_id.in_((match.friend_a_id, match.friend_b_id)),
                Match.friend_b_id.in_((match.friend_a_id, match.friend_b_id)),
            ),
        )
    )
    if in_another_pair:
        raise SeekerAlreadyMatched(_l("One of the two is already in a running friendship."))
    if any(
        person.friend_bank_status != FriendBankStatus.VERIFIED
        for person in _friends(match)
    ):
        raise WorkflowError(_l("One of the two is no longer in the friend bank."))
    match.transition(MatchStatus.ACTIVE, by=by, reason=reason if crosses else "")
    match.start_date = start_date
    match.adulthood_reason = reason if crosses else None
    follow_up.plan_check_ins(match, start_date)
    audit.record(
        by, "friend_pair.approved", subject=match,
        detail={"adulthood_reason": reason} if crosses else None,
    )
    db.session.flush()
    signed_up_by = [person.signed_up_by_id for person in _friends(match)]
    notify(
        [db.session.get(User, user_id) for user_id in signed_up_by if user_id is not None],
        "friend_pair_approved",
        match=match,
        link=("main.home", {}),
    )
    return match


@dataclass(frozen=True)
class BulkFriendPairs:
    """What approving several friend pairs at once did: the approved, the refused with why."""

    done: list[Match]
    refused: list[tuple[Match, str]]


def approve_friend_pairs(
    match_ids: list[int], *, by: User, start_date: date, reasons: dict[int, str], today: date
) -> BulkFriendPairs:
    """Approve the chosen friend-bank suggestions, each on its own.

    Each pair is tried in a savepoint, so one the rules refuse (a pair across 18 without its
    written reason, a young person already in a running pair) is reported and the others
    still go ahead.
    """
    pairs = db.session.scalars(
        proposed_friend_pairs().where(Match.id.in_(match_ids)).order_by(None).order_by(Match.id)
    ).all()
    done: list[Match] = []
    refused: list[tuple[Match, str]] = []
    for match in pairs:
        try:
            with db.session.begin_nested():
                approve_friend_pair(match, by=by, start_date=start_date,
                                    reason=reasons.get(match.id, ""), today=today)
        except (WorkflowError, InvalidTransition, locking.Busy) as error:
            refused.append((match, str(error)))
        else:
            done.append(match)
    return BulkFriendPairs(done=done, refused=refused)


# -- a first meeting at an event ------------------------------------------------------------


def get_friend_pair(match_id: int) -> Match | None:
    """A friend-bank match (two young people), or None."""
    match = db.session.get(Match, match_id)
    if match is None or match.friend_a is None or match.friend_b is None:
        return None
    return match


def view_first_meeting(actor: User, match: Match) -> None:
    """Log that `actor` opened a pair's first-meeting page (it names both young people)."""
    audit.record(actor, "match.viewed", subject=match, detail={"page": "first_meeting"})


def suggest_events_for_pair(a: YoungPerson, b: YoungPerson, today: date) -> list[Event]:
    """Upcoming events with room for both whose age range fits both: a first meeting."""
    start = events.local_to_utc(today, time(0, 0))
    upcoming = db.session.scalars(
        select(Event)
        .where(Event.starts_at >= start, Event.cancelled.is_(False))
        .order_by(Event.starts_at, Event.id)
    ).all()
    return [
        event
        for event in upcoming
        if events.fits_age(event, age_on(a.birth_year, today))
        and events.fits_age(event, age_on(b.birth_year, today))
        and events.free_places(event) >= 2
    ]


def sign_up_pair(actor: User, event: Event, match: Match, today: date) -> list[EventSignup]:
    """Sign both friends of a pair up for the event they are suggested as a first meeting."""
    friends = [person for person in (match.friend_a, match.friend_b) if person is not None]
    return [events.sign_up(actor, event, person, today) for person in friends]
