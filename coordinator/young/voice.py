"""The young person's own voice in every match: three smiley questions, and a private signal.

Answers go to the coordination unit only. A volunteer learns that a check-in was given, never
what it said. "Jeg er bekymret" follows the concern routine (the match pauses, the caseworker
and the coordinators are told at once); "jeg vil gerne stoppe" reaches the coordinators at once.
For a child under 15 the custody holder answers a short version through a signed link the
caseworker hands over.
"""

from collections.abc import Sequence
from datetime import date, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from coordinator import mail
from coordinator.ages import age_on
from coordinator.audit import services as audit
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.matches import services as match_services
from coordinator.matches.models import (
    LIVE_STATUSES,
    FollowUp,
    FollowUpTrack,
    Match,
    MatchStatus,
    MeetingLog,
)
from coordinator.referrals.models import Referral, YoungPerson
from coordinator.vocabulary import ConcernType, MatchType
from coordinator.young.models import CheckInGiver, SignalKind, YoungCheckIn, YoungSignal

CUSTODY_SALT = "custody-check-in"


class NotAllowed(Exception):
    """The match is not the young person's own, or not running."""


def own_matches(person: YoungPerson) -> Sequence[Match]:
    """The young person's running matches: friend-bank pairs and mentor-type matches."""
    return db.session.scalars(
        select(Match)
        .options(selectinload(Match.friend_a), selectinload(Match.friend_b),
                 selectinload(Match.volunteer), selectinload(Match.referral))
        .outerjoin(Referral, Match.referral_id == Referral.id)
        .where(
            Match.status.in_(LIVE_STATUSES),
            or_(
                Match.friend_a_id == person.id,
                Match.friend_b_id == person.id,
                Referral.young_person_id == person.id,
            ),
        )
        .order_by(Match.id)
    ).all()


def get_own_match(person: YoungPerson, match_id: int) -> Match | None:
    """One of the person's own running matches, or None (another's id finds nothing)."""
    for match in own_matches(person):
        if match.id == match_id:
            return match
    return None


def give_check_in(match: Match, *, person: YoungPerson | None, actor: User | None,
                  giver: CheckInGiver, how_was_it: int, together_well: int,
                  message: str) -> YoungCheckIn:
    """Store the answers (1 sad .. 3 happy) for the coordination unit's eyes only."""
    if match.status not in LIVE_STATUSES:
        raise NotAllowed(match.id)
    check_in = YoungCheckIn(
        match_id=match.id,
        young_person_id=person.id if person is not None else None,
        given_by=giver,
        how_was_it=how_was_it,
        together_well=together_well,
        message=message.strip(),
    )
    db.session.add(check_in)
    db.session.flush()
    audit.record(actor, "young.check_in_given", subject=match,
                 detail={"by": giver.value},
                 actor_label=None if actor is not None else "custody holder (link)")
    return check_in


def _caseworkers_of(match: Match) -> list[User]:
    """Who is the young person's caseworker: the referral's, or who signed a friend up."""
    found: list[User] = []
    if match.referral is not None:
        found.append(match.referral.caseworker)
    for friend in (match.friend_a, match.friend_b):
        if friend is not None and friend.signed_up_by_id is not None:
            user = db.session.get(User, friend.signed_up_by_id)
            if user is not None and user.role == Role.CASEWORKER and user not in found:
                found.append(user)
    return found


def raise_signal(match: Match, *, person: YoungPerson, actor: User, kind: SignalKind,
                 message: str) -> YoungSignal:
    """The young person says privately that they want to stop, or that they are worried."""
    signal = YoungSignal(match_id=match.id, young_person_id=person.id, kind=kind,
                         message=message.strip())
    db.session.add(signal)
    db.session.flush()
    audit.record(actor, "young.signal_raised", subject=match, detail={"kind": kind.value})
    if kind == SignalKind.WORRIED:
        # The concern routine: the match pauses, the referral's caseworker and the
        # coordinators are e-mailed at once.
        description = signal.message or "Den unge har sagt: jeg er bekymret."
        concern = match_services.raise_concern(
            match, by=actor, concern_type=ConcernType.OTHER, description=description
        )
        told = [match.referral.caseworker] if match.referral is not None else []
        for caseworker in _caseworkers_of(match):
            if caseworker not in told:
                mail.queue(caseworker.email, "concern_raised", locale=caseworker.locale,
                           concern_id=concern.id, recipient=caseworker, match=match,
                           concern=concern, paused=match.status == MatchStatus.PAUSED)
    else:
        for coordinator in match_services.coordinators():
            mail.queue(coordinator.email, "young_signal", locale=coordinator.locale,
                       match=match, kind=kind.value)
    return signal


def open_signals() -> Sequence[YoungSignal]:
    """Signals no coordinator has handled yet, oldest first."""
    return db.session.scalars(
        select(YoungSignal)
        .options(selectinload(YoungSignal.young_person))
        .where(YoungSignal.handled_at.is_(None))
        .order_by(YoungSignal.created_at, YoungSignal.id)
    ).all()


def mark_handled(signal: YoungSignal, *, by: User, now: datetime) -> None:
    signal.handled_at = now
    signal.handled_by_id = by.id
    db.session.flush()
    audit.record(by, "young.signal_handled", subject=signal.match, detail={"id": signal.id})


def check_in_due(match: Match, person: YoungPerson, today: date) -> bool:
    """Whether to ask the young person now: after a meeting, or on the follow-up cadence.

    Due when a meeting was logged since their last check-in, or when a follow-up of the young
    person's track has fallen due since then (friend-bank pairs have that track too).
    """
    last = db.session.scalar(
        select(func.max(YoungCheckIn.created_at)).where(
            YoungCheckIn.match_id == match.id, YoungCheckIn.young_person_id == person.id)
    )
    since = last.date() if last is not None else date.min
    met = db.session.scalar(
        select(func.max(MeetingLog.met_on)).where(MeetingLog.match_id == match.id,
                                                  MeetingLog.met_on <= today)
    )
    if met is not None and met > since:
        return True
    due = db.session.scalar(
        select(func.max(FollowUp.due_on)).where(
            FollowUp.match_id == match.id,
            FollowUp.track == FollowUpTrack.YOUNG_PERSON,
            FollowUp.due_on <= today,
        )
    )
    return due is not None and due > since


def check_ins_of(match: Match) -> Sequence[YoungCheckIn]:
    """Every check-in on a match, newest first: for staff only."""
    return db.session.scalars(
        select(YoungCheckIn)
        .where(YoungCheckIn.match_id == match.id)
        .order_by(YoungCheckIn.created_at.desc(), YoungCheckIn.id.desc())
    ).all()


def view_check_ins(user: User, match: Match) -> Sequence[YoungCheckIn]:
    """The young person's check-ins on a match for staff (`check_ins_of`), logged as read."""
    found = check_ins_of(match)
    audit.record(user, "young.check_ins_viewed", subject=match)
    return found


def check_in_count(match: Match) -> tuple[int, datetime | None]:
    """What a volunteer may know: how many check-ins were given, and the last one's time."""
    count, last = db.session.execute(
        select(func.count(YoungCheckIn.id), func.max(YoungCheckIn.created_at)).where(
            YoungCheckIn.match_id == match.id
        )
    ).one()
    return int(count or 0), last


# --- the custody holder's link (a child under 15) -------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CUSTODY_SALT)


def custody_link_token(actor: User, match: Match) -> str:
    """A signed link for the custody holder's short check-in; made by the caseworker."""
    audit.record(actor, "young.custody_link_made", subject=match)
    return _serializer().dumps({"match": match.id})


def match_for_custody_token(token: str) -> Match:
    """The running mentor match a custody holder's link is for, or `NotAllowed`."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["CHECK_IN_LINK_MAX_AGE"])
    except BadSignature as error:
        raise NotAllowed from error
    if not isinstance(data, dict) or not isinstance(data.get("match"), int):
        raise NotAllowed
    match = db.session.get(Match, data["match"])
    if match is None or match.status not in LIVE_STATUSES or match.referral is None:
        raise NotAllowed
    return match


def may_make_custody_link(user: User, match: Match, today: date) -> bool:
    """The referral's caseworker (or a coordinator) of a running match for a child under 15."""
    if match.match_type == MatchType.FRIEND_BANK or match.referral is None:
        return False
    person = match.referral.young_person
    if person is None or age_on(person.birth_year, today) >= current_app.config["YOUNG_MIN_AGE"]:
        return False
    if match.status not in LIVE_STATUSES:
        return False
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return True
    return user.role == Role.CASEWORKER and match.referral.caseworker_id == user.id
