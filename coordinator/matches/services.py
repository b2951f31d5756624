"""The match workflow: shortlist, the family's choice, the volunteer's answer, start, pause, close.

Every step is a service that changes state through `Match.transition`, writes the audit log and
queues the e-mails it implies; it flushes and never commits, so the view's single commit makes
the whole step happen or not at all.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, func, insert, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from coordinator import locking
from coordinator.ages import age_on
from coordinator.audit import services as audit
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.library import services as library
from coordinator.mail import services as mail_services
from coordinator.matches import adapter, follow_up, proposals
from coordinator.matches import reasons as reason_text
from coordinator.matches.models import (
    LIVE_STATUSES,
    OPEN_STATUSES,
    Concern,
    InvalidTransition,
    Match,
    MatchStatus,
    MatchStatusChange,
    MeetingLog,
)
from coordinator.notifications import notify
from coordinator.notifications.services import active_users
from coordinator.pagination import Page, paginate
from coordinator.referrals import signals as referral_signals
from coordinator.referrals.models import (
    Family,
    Referral,
    ReferralStatus,
    YoungPerson,
)
from coordinator.referrals.services import TimelineEvent
from coordinator.vocabulary import ClosureReason, ConcernType
from coordinator.volunteers import signals as volunteer_signals
from coordinator.volunteers.models import Volunteer, VolunteerStatus
from coordinator.volunteers.services import Situation

MAX_SHORTLIST = 3
MAX_ID = 2**31 - 1  # database ids are PostgreSQL integers


class WorkflowError(Exception):
    """A step the rules do not allow; the message is shown to the user."""


class CapacityExceeded(WorkflowError):
    """The volunteer has no free place left."""


class SeekerAlreadyMatched(WorkflowError):
    """The referral already has a running match."""


@dataclass(frozen=True)
class ShortlistChoice:
    volunteer: Volunteer
    override_reason: str | None = None


def shortlist_choices(
    volunteer_ids: list[int], *, override_id: int | None, override_reason: str | None
) -> list[ShortlistChoice]:
    """The volunteers picked from the proposals, plus the coordinator's own choice with its
    reason; an unknown volunteer number is refused."""
    ids = list(dict.fromkeys([*volunteer_ids, *([override_id] if override_id else [])]))
    if any(not 1 <= vid <= MAX_ID for vid in ids):
        raise WorkflowError(_l("There is no volunteer with that number."))
    found = {v.id: v for v in db.session.scalars(select(Volunteer).where(Volunteer.id.in_(ids)))}
    if len(found) != len(ids):
        raise WorkflowError(_l("There is no volunteer with that number."))
    return [
        ShortlistChoice(found[vid], override_reason if vid == override_id else None) for vid in ids
    ]


NAME_SEARCH_LIMIT = 20


@dataclass(frozen=True)
class NameSearch:
    """Volunteers found by name for a coordinator's own choice, and how many there were."""

    volunteers: list[Volunteer]
    total: int


def find_volunteers_by_name(text: str) -> NameSearch:
    """Approved volunteers whose name contains `text` (any case), for choosing one the matcher
    did not propose: the first few by name, and the total so the page can say to narrow it."""
    text = text.strip()
    if not text:
        return NameSearch([], 0)
    condition = (
        func.lower(Volunteer.first_name + " " + Volunteer.last_name).like(f"%{text.lower()}%"),
        Volunteer.status == VolunteerStatus.APPROVED,
    )
    total = db.session.scalar(select(func.count()).select_from(Volunteer).where(*condition))
    volunteers = db.session.scalars(
        select(Volunteer)
        .where(*condition)
        .order_by(Volunteer.first_name, Volunteer.last_name, Volunteer.id)
        .limit(NAME_SEARCH_LIMIT)
    ).all()
    return NameSearch(list(volunteers), total or 0)


def coordinators() -> list[User]:
    """Every active coordinator (recipients of the unit's notifications)."""
    return active_users(Role.COORDINATOR)


def _about_match(match: Match) -> tuple[str, dict[str, int]]:
    return ("matches.detail", {"match_id": match.id})


# -- lookups scoped to the user -------------------------------------------------------------


def visible_to_volunteer(status: MatchStatus) -> bool:
    """A volunteer sees a match only once it has been offered to them."""
    return status not in {
        MatchStatus.PROPOSED,
        MatchStatus.SHORTLISTED,
        MatchStatus.CHOSEN,
        MatchStatus.DISCARDED,
    }


def visible_to_caseworker(status: MatchStatus) -> bool:
    """A caseworker sees a match once a coordinator has put it on the shortlist: never the
    matcher's unapproved proposals, nor entries set aside."""
    return status not in {MatchStatus.PROPOSED, MatchStatus.DISCARDED}


def ended_on(match: Match) -> date | None:
    """The day a match closed, or the day the volunteer declined the offer; None while open."""
    if match.status == MatchStatus.CLOSED:
        return match.end_date or (match.updated_at.date() if match.updated_at else None)
    if match.status == MatchStatus.DECLINED:
        return match.updated_at.date() if match.updated_at else None
    return None


def volunteer_access_ended(match: Match, today: date) -> bool:
    """After a match ends the volunteer keeps the family's details for a while (the unit's
    setting, 30 days by default), then sees only that there was a match and when it ended."""
    ended = ended_on(match)
    keep = timedelta(days=current_app.config["VOLUNTEER_ACCESS_AFTER_END_DAYS"])
    return ended is not None and today > ended + keep


def get_match_for(user: User, match_id: int, today: date | None = None) -> Match | None:
    """The match if this user may see it, else None (the view answers 404, leaking nothing)."""
    match = db.session.get(Match, match_id)
    if match is None:
        return None
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return match
    if user.role == Role.CASEWORKER:
        owns = match.referral is not None and match.referral.caseworker_id == user.id
        return match if owns and visible_to_caseworker(match.status) else None
    if user.role == Role.VOLUNTEER:
        owns = match.volunteer is not None and match.volunteer.user_id == user.id
        if not owns or not visible_to_volunteer(match.status):
            return None
        return None if volunteer_access_ended(match, today or date.today()) else match
    return None


def get_referral_for_staff(user: User, referral_id: int) -> Referral | None:
    """A referral a coordinator works on, or the caseworker's own one."""
    # One row with the seeker and the caseworker (who is told when the shortlist is ready).
    referral = db.session.scalar(
        select(Referral)
        .options(
            joinedload(Referral.young_person),
            joinedload(Referral.family).selectinload(Family.children),
            joinedload(Referral.caseworker),
        )
        .where(Referral.id == referral_id)
    )
    if referral is None:
        return None
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return referral
    if user.role == Role.CASEWORKER and referral.caseworker_id == user.id:
        return referral
    return None


def list_waiting(user: User, *, number: int) -> Page:
    """Page `number` of the referrals waiting for a match, longest waiting first, logged as a
    list `user` read."""
    query = (
        adapter.referral_query()
        .where(Referral.status.in_([ReferralStatus.WAITING, ReferralStatus.IN_PROGRESS]))
        .order_by(Referral.created_at, Referral.id)
    )
    page = paginate(query, number=number)
    audit.record_list(user, "referrals.waiting_listed", page.items, page=page.number)
    return page


def view_referral(user: User, referral: Referral) -> None:
    """Log that `user` (staff) opened a referral to find it a match."""
    audit.record(user, "referral.viewed", subject=referral)


def matches_of_referral(referral: Referral) -> list[Match]:
    """Every match of a referral with its volunteer, newest first."""
    return list(
        db.session.scalars(
            select(Match)
            .options(selectinload(Match.volunteer))
            .where(Match.referral_id == referral.id)
            .order_by(Match.id.desc())
        )
    )


# -- proposals and the shortlist ------------------------------------------------------------


def _new_proposal(referral: Referral, volunteer: Volunteer, by: User) -> Match:
    match = Match(
        match_type=referral.match_type,
        referral=referral,
        volunteer=volunteer,
        status=MatchStatus.PROPOSED,
        proposed_by_id=by.id,
    )
    db.session.add(match)
    return match


def shortlist(
    referral: Referral, choices: list[ShortlistChoice], *, by: User, today: date
) -> list[Match]:
    """Put 1–3 volunteers on the referral's shortlist for the family to choose from.

    A volunteer the matcher did not rank may be chosen with a reason (the coordinator's judgement
    stands), but never one who breaks a hard rule. The score and reasons are kept as they were.
    """
    if referral.status not in (ReferralStatus.WAITING, ReferralStatus.IN_PROGRESS):
        raise WorkflowError(_l("This referral is not waiting for a match."))
    # The referral's matches, read once: the shortlist so far, proposals to reuse, declined pairs.
    existing = list(db.session.scalars(select(Match).where(Match.referral_id == referral.id)))
    already = sum(1 for m in existing if m.status == MatchStatus.SHORTLISTED)
    if not choices or already + len(choices) > MAX_SHORTLIST:
        raise WorkflowError(_l("A shortlist has one to three volunteers."))
    ranked = proposals.ranked_volunteer_ids(referral, today, existing)
    declined = {
        (referral.id, m.volunteer_id)
        for m in existing
        if m.status == MatchStatus.DECLINED and m.volunteer_id is not None
    }
    scored = proposals.score_pairs(
        referral, [choice.volunteer for choice in choices], today, declined=declined
    )
    proposed = {m.volunteer_id: m for m in existing if m.status == MatchStatus.PROPOSED}
    shortlisted = []
    unready = library.unacknowledged_volunteer_ids(choice.volunteer.id for choice in choices)
    for choice in choices:
        if choice.volunteer.id in unready:
            _ensure_guides_acknowledged(choice.volunteer)
        proposal, broken = scored[choice.volunteer.id]
        if broken or proposal is None:
            raise WorkflowError(
                _l(
                    "%(name)s cannot be shortlisted: %(rules)s.",
                    name=choice.volunteer.full_name,
                    rules="; ".join(reason_text.describe_broken_rule(code) for code in broken)
                    or _l("the volunteer does not meet the rules for this referral"),
                )
            )
        is_override = choice.volunteer.id not in ranked
        if is_override and not (choice.override_reason or "").strip():
            raise WorkflowError(
                _l("Give a reason for choosing a volunteer the matcher did not rank.")
            )
        match = proposed.get(choice.volunteer.id) or _new_proposal(referral, choice.volunteer, by)
        match.score = proposal.score
        match.reasons = adapter.reasons_to_rows(proposal.reasons)
        match.is_override = is_override
        match.override_reason = choice.override_reason if is_override else None
        match.transition(MatchStatus.SHORTLISTED, by=by, reason=choice.override_reason or "")
        shortlisted.append(match)
    referral.status = ReferralStatus.IN_PROGRESS
    # One flush gives every new match its id (one batched INSERT) before the audit names it.
    db.session.flush()
    for match in shortlisted:
        audit.record(
            by,
            "match.override" if match.is_override else "match.shortlisted",
            subject=match,
            detail={"referral": referral.id, "volunteer": match.volunteer_id},
        )
    db.session.flush()
    notify([referral.caseworker], "shortlist_ready", referral=referral,
           link=("matches.choose", {"referral_id": referral.id}))
    return shortlisted


def shortlist_of(referral: Referral) -> list[Match]:
    """The volunteers on a referral's shortlist, best score first."""
    return list(
        db.session.scalars(
            select(Match)
            .options(selectinload(Match.volunteer).selectinload(Volunteer.household))
            .where(Match.referral_id == referral.id, Match.status == MatchStatus.SHORTLISTED)
            .order_by(Match.score.desc(), Match.id)
        )
    )


def view_shortlist(user: User, referral: Referral) -> None:
    """Log that `user` (the caseworker) opened a referral's shortlist to present to the family."""
    audit.record(user, "referral.shortlist_viewed", subject=referral)


def suggest_for_all_waiting(
    *, by: User | None, today: date, progress: Callable[[int], None] | None = None
) -> int:
    """Run the optimal assignment over every waiting referral and store the suggestions.

    Suggestions are proposals only: nothing is decided until a coordinator acts on each. Returns
    how many were made; `progress` is told the percentage done (the page shows a progress bar).
    The statements do not grow with the number of referrals: earlier proposals are read in one
    query and the new ones written in one batch.
    """
    assignment = proposals.assignment_for_waiting(today, progress)
    earlier = {}
    if assignment:
        earlier = {
            (m.referral_id, m.volunteer_id): m
            for m in db.session.scalars(
                select(Match).where(
                    Match.referral_id.in_({referral.id for referral, _proposal in assignment}),
                    Match.status == MatchStatus.PROPOSED,
                )
            )
        }
    new_rows = []
    for referral, proposal in assignment:
        reasons = adapter.reasons_to_rows(proposal.reasons)
        match = earlier.get((referral.id, int(proposal.volunteer_id)))  # volunteers: int ids
        if match is not None:
            match.score, match.reasons = proposal.score, reasons
            continue
        new_rows.append(
            {
                "match_type": referral.match_type,
                "referral_id": referral.id,
                "volunteer_id": proposal.volunteer_id,
                "status": MatchStatus.PROPOSED,
                "proposed_by_id": by.id if by is not None else None,
                "score": proposal.score,
                "reasons": reasons,
            }
        )
    if new_rows:
        # A bulk INSERT without RETURNING: one executemany, also on SQLite.
        db.session.execute(insert(Match), new_rows)
    audit.record(by, "match.assign_all", detail={"suggestions": len(assignment)})
    db.session.flush()
    return len(assignment)


def pending_suggestions() -> Select:
    """Proposed volunteer matches waiting for a coordinator's decision: a query to page."""
    return (
        select(Match)
        .options(
            selectinload(Match.volunteer),
            selectinload(Match.referral).selectinload(Referral.young_person),
            selectinload(Match.referral).selectinload(Referral.family).selectinload(Family.children),
        )
        .where(Match.status == MatchStatus.PROPOSED, Match.volunteer_id.is_not(None))
        .order_by(Match.score.desc(), Match.id)
    )


def list_suggestions(user: User, *, number: int) -> Page:
    """Page `number` of `pending_suggestions()`, logged as a list `user` read."""
    page = paginate(pending_suggestions(), number=number)
    audit.record_list(user, "matches.suggestions_listed", page.items, page=page.number)
    return page


@dataclass(frozen=True)
class BulkShortlist:
    """What shortlisting several suggestions at once did: the ones shortlisted, and the ones
    refused with the reason (each refusal leaves nothing half done)."""

    done: list[Match]
    refused: list[tuple[Match, str]]


def shortlist_suggestions(match_ids: list[int], *, by: User, today: date) -> BulkShortlist:
    """Shortlist the chosen suggestions of "match all waiting", each for its own referral.

    Each suggestion is tried in a savepoint, so one that the rules refuse (the volunteer is no
    longer screened, the shortlist is full) is reported and the others still go ahead.
    """
    suggestions = db.session.scalars(
        pending_suggestions().where(Match.id.in_(match_ids)).order_by(None).order_by(Match.id)
    ).all()
    done: list[Match] = []
    refused: list[tuple[Match, str]] = []
    for match in suggestions:
        referral, volunteer = match.referral, match.volunteer
        if referral is None or volunteer is None:
            continue
        try:
            with db.session.begin_nested():
                shortlist(referral, [ShortlistChoice(volunteer)], by=by, today=today)
        except (WorkflowError, InvalidTransition) as error:
            refused.append((match, str(error)))
        else:
            done.append(match)
    return BulkShortlist(done=done, refused=refused)


def discard(match: Match, *, by: User, reason: str = "") -> None:
    """Set a proposal or shortlist entry aside."""
    match.transition(MatchStatus.DISCARDED, by=by, reason=reason)
    audit.record(by, "match.discarded", subject=match)
    _reopen_if_nothing_open(match.referral)
    db.session.flush()


# How long a coordinator can take back a proposal they set aside.
UNDO_MINUTES = 5
_UNDOABLE = frozenset({MatchStatus.PROPOSED, MatchStatus.SHORTLISTED})


def _discard_to_undo(match: Match, by: User, now: datetime) -> MatchStatus | None:
    """The status to go back to, if `by` set this proposal aside within the undo window."""
    if match.status != MatchStatus.DISCARDED or not match.history:
        return None
    last = match.history[-1]
    changed_at = last.changed_at
    if changed_at.tzinfo is None:  # SQLite hands back naive times; we store UTC
        changed_at = changed_at.replace(tzinfo=UTC)
    if (
        last.to_status != MatchStatus.DISCARDED
        or last.changed_by_id != by.id
        or last.from_status not in _UNDOABLE
        or changed_at < now - timedelta(minutes=UNDO_MINUTES)
    ):
        return None
    referral = match.referral
    if referral is not None and referral.status not in (
        ReferralStatus.WAITING,
        ReferralStatus.IN_PROGRESS,
    ):
        return None  # the referral has moved on (matched, withdrawn): nothing to go back to
    return last.from_status


def can_undo_discard(match: Match, *, by: User, now: datetime | None = None) -> bool:
    """Whether `by` may still take back setting this proposal aside."""
    return _discard_to_undo(match, by, now or datetime.now(UTC)) is not None


def undo_discard(match: Match, *, by: User, now: datetime | None = None) -> None:
    """Bring back a proposal or shortlist entry that `by` set aside a few minutes ago."""
    previous = _discard_to_undo(match, by, now or datetime.now(UTC))
    if previous is None:
        raise WorkflowError(_l("It is too late to undo this."))
    # Not a step of the workflow (a discarded match is final), so written here, not through
    # Match.transition: the history still records who undid it.
    match.history.append(
        MatchStatusChange(
            from_status=MatchStatus.DISCARDED,
            to_status=previous,
            changed_by_id=by.id,
        )
    )
    match.status = previous
    referral = match.referral
    if (
        previous == MatchStatus.SHORTLISTED
        and referral is not None
        and referral.status == ReferralStatus.WAITING
    ):
        referral.status = ReferralStatus.IN_PROGRESS
    audit.record(by, "match.discard_undone", subject=match)
    db.session.flush()


def _reopen_if_nothing_open(referral: Referral | None) -> None:
    if referral is None or referral.status != ReferralStatus.IN_PROGRESS:
        return
    still_open = db.session.scalar(
        select(func.count())
        .select_from(Match)
        .where(
            Match.referral_id == referral.id,
            Match.status.in_(OPEN_STATUSES - {MatchStatus.PROPOSED}),
        )
    )
    if not still_open:
        referral.status = ReferralStatus.WAITING


def _ensure_guides_acknowledged(volunteer: Volunteer) -> None:
    """Refuse a volunteer who has not acknowledged every required guide, naming the guides."""
    missing = library.missing_acknowledgements(volunteer)
    if missing:
        raise WorkflowError(_l(
            "%(name)s has not yet read and acknowledged: %(guides)s.",
            name=volunteer.full_name,
            guides=library.guide_titles(missing, _language()),
        ))


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "da"


def _referral_ids(match: Match) -> tuple[int, int]:
    """The referral's and the volunteer's ids of a match made for a referral (no friend pair)."""
    if match.referral_id is None or match.volunteer_id is None:
        raise LookupError(f"match {match.id} is a friend pair, not a match for a referral")
    return match.referral_id, match.volunteer_id


def _sides(match: Match) -> tuple[Referral, Volunteer]:
    """The referral and the volunteer of a match made for a referral (no friend pair)."""
    if match.referral is None or match.volunteer is None:
        raise LookupError(f"match {match.id} is a friend pair, not a match for a referral")
    return match.referral, match.volunteer


def _ensure_still_eligible(match: Match, today: date) -> None:
    """Screening or a certificate may have changed since the shortlist: check the rules again."""
    referral, volunteer = _sides(match)
    _ensure_guides_acknowledged(volunteer)
    _proposal, broken = proposals.score_pair(referral, volunteer, today)
    if broken:
        raise WorkflowError(_l("The volunteer no longer meets the rules for this referral."))


def open_concerns(match: Match) -> int:
    """Concerns about this match that are not yet resolved."""
    count = db.session.scalar(
        select(func.count())
        .select_from(Concern)
        .where(Concern.match_id == match.id, Concern.resolved_at.is_(None))
    )
    return count or 0


def _ensure_no_open_concern(match: Match) -> None:
    if open_concerns(match):
        raise WorkflowError(_l("A concern about this match must be resolved first."))


# -- the family chooses, the volunteer answers ------------------------------------------------


def record_choice(match: Match, *, by: User, today: date | None = None) -> Match:
    """The caseworker records the family's choice; it is offered to that volunteer at once.

    The referral is locked and the match read again first, so two caseworkers recording
    different choices at the same moment cannot both offer: the second finds its entry set aside
    and is refused.
    """
    locking.lock(Referral, _referral_ids(match)[0])
    match = locking.lock(Match, match.id)
    _ensure_still_eligible(match, today or date.today())
    match.transition(MatchStatus.CHOSEN, by=by, reason="")
    referral, volunteer = _sides(match)
    for other in shortlist_of(referral):
        if other.id != match.id:
            other.transition(MatchStatus.DISCARDED, by=by, reason="The family chose another.")
    match.transition(MatchStatus.OFFERED, by=by, reason="")
    audit.record(by, "match.chosen", subject=match)
    db.session.flush()
    notify([volunteer.user], "proposal_offered", match=match, link=_about_match(match))
    return match


def reject_shortlist(referral: Referral, *, by: User, reason: str) -> list[Match]:
    """The family chose none of the shortlisted volunteers: every entry is set aside with the
    family's reason, the referral waits for a new shortlist, and the coordinators are told."""
    locking.lock(Referral, referral.id)
    shortlist = shortlist_of(referral)
    if not shortlist:
        raise WorkflowError(_l("There is no shortlist to answer."))
    for match in shortlist:
        match.transition(MatchStatus.DISCARDED, by=by, reason=reason)
    referral.status = ReferralStatus.WAITING
    audit.record(by, "referral.shortlist_rejected", subject=referral,
                 detail={"matches": [m.id for m in shortlist]})
    db.session.flush()
    notify(coordinators(), "shortlist_rejected", referral=referral, reason=reason,
           link=("matches.referral", {"referral_id": referral.id}))
    return shortlist


def respond(match: Match, *, by: User, accept: bool, reason: str = "") -> Match:
    """The volunteer accepts or declines; a declined pair is never proposed again."""
    if accept:
        match.transition(MatchStatus.ACCEPTED, by=by, reason=reason)
    else:
        match.transition(MatchStatus.DECLINED, by=by, reason=reason)
        match.decline_reason = reason
        _reopen_if_nothing_open(match.referral)
    audit.record(by, "match.accepted" if accept else "match.declined", subject=match)
    db.session.flush()
    notify(coordinators(), "proposal_answered", match=match, accepted=accept, reason=reason,
           link=_about_match(match))
    return match


# -- start, pause, close --------------------------------------------------------------------


def activate(
    match: Match,
    *,
    by: User,
    start_date: date,
    frequency: str,
    activities: str,
    duration: str,
    contact: str,
    today: date | None = None,
) -> Match:
    """Start an accepted match with its written agreement and planned check-ins.

    The volunteer's and the referral's rows are locked first (`locking.lock`: FOR UPDATE on
    PostgreSQL, the write lock on SQLite) and everything is read again under the lock, so two
    coordinators starting matches at the same moment can never exceed a volunteer's capacity or
    match a seeker twice; the partial unique index on live matches backs the second rule.
    """
    # Always the volunteer before the referral, so two starts can never wait for each other.
    referral_id, volunteer_id = _referral_ids(match)
    volunteer = locking.lock(Volunteer, volunteer_id)
    locking.lock(Referral, referral_id)
    # The match itself may have been started by the coordinator we waited for.
    db.session.refresh(match)
    live = db.session.scalar(
        select(func.count())
        .select_from(Match)
        .where(Match.volunteer_id == volunteer.id, Match.status.in_(LIVE_STATUSES))
    ) or 0
    if live >= volunteer.capacity:
        raise CapacityExceeded(_l("The volunteer has no free place."))
    running = db.session.scalar(
        select(func.count())
        .select_from(Match)
        .where(Match.referral_id == match.referral_id, Match.status.in_(LIVE_STATUSES))
    )
    if running:
        raise SeekerAlreadyMatched(_l("This young person or family already has a running match."))
    _ensure_no_open_concern(match)
    _ensure_still_eligible(match, today or date.today())
    match.transition(MatchStatus.ACTIVE, by=by, reason="")
    match.start_date = start_date
    match.agreement_frequency = frequency
    match.agreement_activities = activities
    match.agreement_duration = duration
    match.agreement_contact = contact
    referral, volunteer = _sides(match)
    referral.status = ReferralStatus.MATCHED
    follow_up.plan_check_ins(match, start_date)
    audit.record(by, "match.activated", subject=match)
    db.session.flush()
    notify([volunteer.user, referral.caseworker], "match_started", match=match,
           link=_about_match(match))
    return match


def pause(match: Match, *, by: User, reason: str) -> Match:
    """Pause a running match (a holiday, a concern)."""
    match.transition(MatchStatus.PAUSED, by=by, reason=reason)
    audit.record(by, "match.paused", subject=match, detail={"reason": reason})
    db.session.flush()
    return match


def resume(match: Match, *, by: User, reason: str = "") -> Match:
    """Resume a paused match, once no concern about it is open."""
    _ensure_no_open_concern(match)
    match.transition(MatchStatus.ACTIVE, by=by, reason=reason)
    audit.record(by, "match.resumed", subject=match)
    db.session.flush()
    return match


@dataclass(frozen=True)
class Closure:
    reason: ClosureReason
    note: str
    planned: bool
    talk_volunteer: bool
    talk_young_person: bool
    talk_caregiver: bool
    contact_after: str
    volunteer_rematch_from: date | None
    seeker_rematch_from: date | None


def close(match: Match, closure: Closure, *, by: User, today: date) -> Match:
    """Close a match with its reason, the closing conversations and what happens next."""
    match.transition(MatchStatus.CLOSED, by=by, reason=closure.note)
    match.end_date = today
    match.closure_reason = closure.reason
    match.closure_note = closure.note
    match.closure_planned = closure.planned
    match.closing_talk_volunteer = closure.talk_volunteer
    match.closing_talk_young_person = closure.talk_young_person
    match.closing_talk_caregiver = closure.talk_caregiver
    match.contact_after = closure.contact_after
    match.volunteer_rematch_from = closure.volunteer_rematch_from
    match.seeker_rematch_from = closure.seeker_rematch_from
    if match.referral is not None:
        match.referral.status = ReferralStatus.CLOSED
    audit.record(by, "match.closed", subject=match, detail={"reason": closure.reason.value})
    db.session.flush()
    notify(
        [match.referral.caseworker if match.referral else None,
         match.volunteer.user if match.volunteer else None],
        "match_closed",
        match=match,
        link=_about_match(match),
    )
    return match


def match_length_days(match: Match, today: date) -> int | None:
    """Days from start to end (or to today while it runs)."""
    if match.start_date is None:
        return None
    return ((match.end_date or today) - match.start_date).days


# -- meetings and concerns ------------------------------------------------------------------


def log_meeting(match: Match, *, by: User, met_on: date, activity: str, minutes: int) -> MeetingLog:
    """The volunteer logs a meeting from their phone."""
    if match.status not in LIVE_STATUSES:
        raise WorkflowError(_l("Meetings can only be logged for a running match."))
    meeting = MeetingLog(met_on=met_on, activity=activity, minutes=minutes, logged_by_id=by.id)
    match.meetings.append(meeting)
    audit.record(by, "meeting.logged", subject=match)
    db.session.flush()
    return meeting


def raise_concern(
    match: Match, *, by: User, concern_type: ConcernType, description: str
) -> Concern:
    """Record a concern: the match pauses and the caseworker is told at once."""
    concern = Concern(concern_type=concern_type, description=description, raised_by_id=by.id)
    match.concerns.append(concern)
    if match.status == MatchStatus.ACTIVE:
        match.transition(MatchStatus.PAUSED, by=by, reason="concern")
    audit.record(by, "concern.raised", subject=match, detail={"type": concern_type.value})
    db.session.flush()
    recipients = [match.referral.caseworker] if match.referral else []
    recipients += [user for user in coordinators() if user not in recipients]
    notify(
        recipients,
        "concern_raised",
        link=_about_match(match),
        concern_id=concern.id,
        match=match,
        concern=concern,
        paused=match.status == MatchStatus.PAUSED,
    )
    return concern


@dataclass(frozen=True)
class OpenConcern:
    """An unresolved concern as staff see it in a list: what, when, about whom, which match."""

    id: int
    match_id: int
    concern_type: ConcernType
    description: str
    raised_at: datetime
    seeker_name: str
    mail_not_arrived: bool = False  # the e-mail about it failed: someone must call


@functools.cache
def _open_concerns_statement():
    # Built once per process: fresh aliases per request would make SQLAlchemy adapt every column
    # again. Built on first use, not at import, when every model is known to the mapper.
    seeker, friend_a, friend_b = (aliased(YoungPerson), aliased(YoungPerson),
                                  aliased(YoungPerson))
    return (
        select(
            Concern.id,
            Concern.match_id,
            Concern.concern_type,
            Concern.description,
            Concern.raised_at,
            seeker.first_name,
            Family.display_name,
            friend_a.first_name.label("friend_a"),
            friend_b.first_name.label("friend_b"),
            mail_services.concern_mail_not_arrived(Concern.id).label("mail_not_arrived"),
        )
        .join(Match, Match.id == Concern.match_id)
        .outerjoin(Referral, Referral.id == Match.referral_id)
        .outerjoin(seeker, seeker.id == Referral.young_person_id)
        .outerjoin(Family, Family.id == Referral.family_id)
        .outerjoin(friend_a, friend_a.id == Match.friend_a_id)
        .outerjoin(friend_b, friend_b.id == Match.friend_b_id)
        .where(Concern.resolved_at.is_(None))
        .order_by(Concern.raised_at, Concern.id)
    )


def open_concerns_for(user: User) -> list[OpenConcern]:
    """Unresolved concerns the user must act on, oldest first, in one query.

    A caseworker gets only those on referrals they own; coordinators and administrators get
    all, friend-bank pairs included. Other roles get none: a concern is for staff.
    """
    if user.role not in (Role.COORDINATOR, Role.ADMIN, Role.CASEWORKER):
        return []
    statement = _open_concerns_statement()
    if user.role == Role.CASEWORKER:
        statement = statement.where(Referral.caseworker_id == user.id)
    return [
        OpenConcern(
            id=row.id,
            match_id=row.match_id,
            concern_type=row.concern_type,
            description=row.description,
            raised_at=row.raised_at,
            seeker_name=row.first_name
            or row.display_name
            or " & ".join(filter(None, [row.friend_a, row.friend_b])),
            mail_not_arrived=bool(row.mail_not_arrived),
        )
        for row in db.session.execute(statement)
    ]


def open_concerns_of(match: Match) -> list[Concern]:
    """The unresolved concerns about one match, oldest first."""
    return list(
        db.session.scalars(
            select(Concern)
            .where(Concern.match_id == match.id, Concern.resolved_at.is_(None))
            .order_by(Concern.raised_at, Concern.id)
        )
    )


def record_concerns_shown(user: User, concerns: list, *, page: str) -> None:
    """Log that `user` was shown these concerns (one entry per page view, listing them)."""
    if concerns:
        audit.record(
            user,
            "concern.viewed",
            detail={"concerns": [c.id for c in concerns], "page": page},
        )


def view_match(user: User, match: Match) -> list[Concern]:
    """Log that `user` opened `match`; return the open concerns a caseworker reads on it (and
    log that they were shown), none for other roles."""
    audit.record(user, "match.viewed", subject=match)
    concerns = open_concerns_of(match) if user.role == Role.CASEWORKER else []
    record_concerns_shown(user, concerns, page="match")
    return concerns


def resolve_concern(concern: Concern, *, by: User, resolution: str, resume_match: bool) -> Concern:
    """Record how a concern was resolved and, if it is safe, let the match go on."""
    concern.resolution = resolution
    concern.resolved_by_id = by.id
    from coordinator.db_types import utcnow

    concern.resolved_at = utcnow()
    db.session.flush()
    if (
        resume_match
        and concern.match.status == MatchStatus.PAUSED
        and not open_concerns(concern.match)
    ):
        concern.match.transition(MatchStatus.ACTIVE, by=by, reason="concern resolved")
    audit.record(by, "concern.resolved", subject=concern.match)
    db.session.flush()
    match = concern.match
    raiser = db.session.get(User, concern.raised_by_id) if concern.raised_by_id else None
    notify(
        [match.referral.caseworker if match.referral else None, raiser],
        "concern_resolved",
        match=match,
        resumed=match.status == MatchStatus.ACTIVE,
        link=_about_match(match),
    )
    return concern


def matches_for_volunteer(volunteer: Volunteer) -> list[Match]:
    """What a volunteer sees of their matches: offered ones onwards."""
    return [
        match
        for match in db.session.scalars(
            select(Match)
            .options(
                selectinload(Match.referral).selectinload(Referral.young_person),
                selectinload(Match.referral).selectinload(Referral.family),
            )
            .where(Match.volunteer_id == volunteer.id)
            .order_by(Match.id.desc())
        )
        if visible_to_volunteer(match.status)
    ]


def volunteer_matches(user: User, today: date) -> list[tuple[Match, dict | None]]:
    """The signed-in volunteer's matches, each with what they may see of the young person or
    family (None once their access has ended: only the day it ended is shown, no name, no age).
    Logged as a list of the matches whose seeker was shown."""
    volunteer = user.volunteer
    matches = matches_for_volunteer(volunteer) if volunteer else []
    items = [
        (m, None if volunteer_access_ended(m, today) else seeker_summary(m.referral, today))
        for m in matches
        if m.referral
    ]
    audit.record_list(user, "match.list_viewed", [m for m, seeker in items if seeker is not None])
    return items


def seeker_summary(referral: Referral, today: date) -> dict:
    """Only what a volunteer needs: first name, age, interests, the task and the description."""
    person: YoungPerson | None = referral.young_person
    age: int | None
    if person is not None:
        name, age = person.first_name, age_on(person.birth_year, today)
        interests = person.interests
    else:
        family = referral.seeker
        assert isinstance(family, Family)  # a referral without a young person is a family's
        name = family.display_name
        ages = [age_on(child.birth_year, today) for child in family.children]
        age = min(ages) if ages else None
        interests = family.interests
    return {
        "first_name": name,
        "age": age,
        "interests": list(interests or []),
        "match_type": referral.match_type,
        "description": referral.description_for_volunteer,
    }


# -- what referrals and volunteers ask of their matches (their signals) ----------------------
# A match points at a referral and a volunteer, so matches sit above both: their services send
# signals (referrals/signals.py, volunteers/signals.py) and these receivers answer, inside the
# sender's transaction.


def discard_open_matches(which: ColumnElement[bool], *, by: User | None, reason: str) -> int:
    """Discard every open proposal among the matches `which` selects; return how many.

    Used when a referral is withdrawn (`Match.referral_id == id`) or a volunteer leaves
    (`Match.volunteer_id == id`); running matches are left for a coordinator to close.
    """
    matches = db.session.scalars(select(Match).where(which, Match.status.in_(OPEN_STATUSES)))
    count = 0
    for match in matches:
        match.transition(MatchStatus.DISCARDED, by=by, reason=reason)
        count += 1
    db.session.flush()
    return count


@referral_signals.withdrawing.connect
def _discard_for_withdrawn_referral(referral: Referral, *, by: User, reason: str) -> int:
    return discard_open_matches(Match.referral_id == referral.id, by=by, reason=reason)


@referral_signals.shortlist_asked.connect
def _shortlist_waits(referral: Referral) -> bool:
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Match)
            .where(Match.referral_id == referral.id, Match.status == MatchStatus.SHORTLISTED)
        )
    )


# The steps a caseworker needs to know about, by the match status they lead to.
_MATCH_EVENTS = {
    MatchStatus.SHORTLISTED: "shortlisted",
    MatchStatus.CHOSEN: "chosen",
    MatchStatus.OFFERED: "offered",
    MatchStatus.ACCEPTED: "accepted",
    MatchStatus.DECLINED: "declined",
    MatchStatus.ACTIVE: "active",
    MatchStatus.PAUSED: "paused",
    MatchStatus.CLOSED: "closed",
}


@referral_signals.timeline_asked.connect
def _referral_timeline_steps(referral: Referral) -> list[TimelineEvent]:
    events = []
    matches = db.session.scalars(
        select(Match).where(Match.referral_id == referral.id).order_by(Match.id)
    ).all()
    for match in matches:
        for change in match.history:
            code = _MATCH_EVENTS.get(change.to_status)
            if code is not None:
                events.append(TimelineEvent(change.changed_at, code))
    return events


@volunteer_signals.stopping.connect
def _discard_for_stopping_volunteer(volunteer: Volunteer, *, by: User, reason: str) -> int:
    return discard_open_matches(Match.volunteer_id == volunteer.id, by=by, reason=reason)


@volunteer_signals.running_matches_asked.connect
def _running_matches(volunteer: Volunteer) -> list[Match]:
    return list(
        db.session.scalars(
            select(Match).where(Match.volunteer_id == volunteer.id, Match.status.in_(LIVE_STATUSES))
        )
    )


@volunteer_signals.situation_asked.connect
def _volunteer_situation(volunteer: Volunteer) -> Situation:
    """The volunteer's pending offer, accepted match and running match (one statement)."""
    rows = db.session.execute(
        select(Match.id, Match.status)
        .where(Match.volunteer_id == volunteer.id,
               Match.status.in_((MatchStatus.OFFERED, MatchStatus.ACCEPTED, *LIVE_STATUSES)))
        .order_by(Match.id)
    ).all()
    first: dict[str, int] = {}
    for match_id, status in rows:
        key = "live" if status in LIVE_STATUSES else status.value
        first.setdefault(key, match_id)
    return Situation(offered_match_id=first.get("offered"),
                     accepted_match_id=first.get("accepted"),
                     live_match_id=first.get("live"))
