"""The leisure-job track: workplaces (added by coordinators, proposed by volunteers), suggestions
for a young person through the matching library, job-search milestones with their history, and
the knowledge bank's count of searches that reached a job or an internship."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select

import matching
from coordinator.ages import age_on
from coordinator.audit.services import record as audit_record
from coordinator.audit.services import record_list as audit_record_list
from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.matches.models import LIVE_STATUSES, Match
from coordinator.pagination import Page, paginate
from coordinator.vocabulary import MatchType
from coordinator.workplaces.models import (
    MilestoneEntry,
    MilestoneStep,
    Workplace,
    WorkplaceStatus,
)

STAFF = (Role.COORDINATOR, Role.ADMIN)
FIELDS = ("name", "sector", "postcode", "offers", "interests", "min_age", "notes",
          "contact_name", "contact_phone", "contact_email")


class MilestoneRefused(Exception):
    """A milestone change the rules do not allow."""


# --- workplaces ---------------------------------------------------------------------------------


def visible_workplaces(user: User) -> Select:
    """Approved workplaces; staff also see proposals waiting for them (proposals first)."""
    query = select(Workplace)
    if user.role in STAFF:
        query = query.where(Workplace.status != WorkplaceStatus.REJECTED)
    else:
        query = query.where(Workplace.status == WorkplaceStatus.APPROVED)
    return query.order_by(Workplace.status.desc(), Workplace.name, Workplace.id)


def list_workplaces(user: User, *, number: int) -> Page:
    """Page `number` of `visible_workplaces(user)`; the list names contact persons, so the
    workplaces with one are logged as read by `user`."""
    page = paginate(visible_workplaces(user), number=number)
    audit_record_list(user, "workplace.listed",
                      [place for place in page.items if place.contact_name])
    return page


def add_workplace(actor: User, values: dict[str, Any]) -> Workplace:
    """A coordinator's workplace is approved at once; a volunteer's is a proposal."""
    workplace = Workplace(proposed_by_id=actor.id)
    for name in FIELDS:
        setattr(workplace, name, values.get(name))
    workplace.notes = values.get("notes") or ""
    if actor.role in STAFF:
        workplace.status = WorkplaceStatus.APPROVED
        workplace.decided_by_id = actor.id
    if workplace.contact_name:
        workplace.contact_confirmed_at = utcnow()
    db.session.add(workplace)
    db.session.flush()
    audit_record(actor, "workplace.added", subject=workplace,
                 detail={"status": workplace.status.value})
    return workplace


def decide(actor: User, workplace: Workplace, approve: bool) -> Workplace:
    """A coordinator approves or rejects a volunteer's proposal."""
    workplace.status = WorkplaceStatus.APPROVED if approve else WorkplaceStatus.REJECTED
    workplace.decided_by_id = actor.id
    db.session.flush()
    audit_record(actor, "workplace.approved" if approve else "workplace.rejected",
                 subject=workplace)
    return workplace


# --- suggestions --------------------------------------------------------------------------------


def is_leisure_job_match(match: Match) -> bool:
    return match.match_type == MatchType.LEISURE_JOB and match.referral is not None and (
        match.referral.young_person is not None
    )


def suggestions_for(match: Match, today: date, k: int = 5) -> list[tuple[Workplace, Any]]:
    """Approved workplaces ranked for the match's young person (matching.rank_workplaces)."""
    person = match.referral.young_person if match.referral is not None else None
    if person is None or not is_leisure_job_match(match):
        return []
    places = db.session.scalars(
        select(Workplace).where(Workplace.status == WorkplaceStatus.APPROVED)
    ).all()
    by_id = {place.id: place for place in places}
    ranked = matching.rank_workplaces(
        {"age": age_on(person.birth_year, today), "postcode": person.postcode,
         "interests": list(person.interests or [])},
        [{"id": place.id, "offers": list(place.offers or []), "min_age": place.min_age,
          "postcode": place.postcode, "interests": list(place.interests or [])}
         for place in places],
        k=k,
    )
    return [(by_id[suggestion.workplace_id], suggestion) for suggestion in ranked]


# --- milestones ---------------------------------------------------------------------------------


def may_tick(user: User, match: Match) -> bool:
    """The matched volunteer ticks milestones of a running leisure-job match."""
    return (
        user.role == Role.VOLUNTEER
        and match.volunteer is not None
        and match.volunteer.user_id == user.id
        and match.status in LIVE_STATUSES
        and is_leisure_job_match(match)
    )


def history(match: Match) -> list[MilestoneEntry]:
    """Every tick and untick, oldest first."""
    return list(db.session.scalars(
        select(MilestoneEntry).where(MilestoneEntry.match_id == match.id)
        .order_by(MilestoneEntry.recorded_at, MilestoneEntry.id)
    ))


def current_state(entries: list[MilestoneEntry]) -> dict[MilestoneStep, MilestoneEntry]:
    """The latest entry per step that is ticked (an untick removes the step)."""
    state: dict[MilestoneStep, MilestoneEntry] = {}
    for entry in entries:
        if entry.done_on is None:
            state.pop(entry.step, None)
        else:
            state[entry.step] = entry
    return state


def set_milestone(actor: User, match: Match, step: MilestoneStep, done_on: date | None,
                  today: date, workplace: Workplace | None = None) -> MilestoneEntry:
    """Tick a milestone with the day it happened, or take a tick back (done_on None)."""
    if done_on is not None and done_on > today:
        raise MilestoneRefused("in the future")
    entry = MilestoneEntry(match_id=match.id, step=step, done_on=done_on,
                           workplace_id=workplace.id if workplace else None,
                           recorded_by_id=actor.id)
    db.session.add(entry)
    db.session.flush()
    audit_record(actor, "leisure_job.milestone", subject=match,
                 detail={"step": step.value,
                         "done_on": done_on.isoformat() if done_on else None})
    return entry


# --- the knowledge bank -------------------------------------------------------------------------


@dataclass(frozen=True)
class LeisureJobOutcomes:
    """Leisure-job matches started, how many reached a job or internship, and how fast."""

    matches: int
    reached_job: int
    median_days: float | None


def leisure_job_outcomes() -> LeisureJobOutcomes:
    """Started leisure-job matches, those whose job search reached "job or internship started",
    and the median days from the match's start to that day (two queries)."""
    started: dict[int, date] = {
        match_id: start for match_id, start in db.session.execute(
            select(Match.id, Match.start_date).where(
                Match.match_type == MatchType.LEISURE_JOB, Match.start_date.is_not(None))
        ).all() if start is not None
    }
    if not started:
        return LeisureJobOutcomes(0, 0, None)
    entries = db.session.execute(
        select(MilestoneEntry.match_id, MilestoneEntry.done_on)
        .where(MilestoneEntry.step == MilestoneStep.JOB_STARTED,
               MilestoneEntry.match_id.in_(list(started)))
        .order_by(MilestoneEntry.recorded_at, MilestoneEntry.id)
    ).all()
    reached: dict[int, date | None] = {}
    for match_id, done_on in entries:
        reached[match_id] = done_on  # the latest entry counts: an untick takes it back
    days = [(done_on - started[match_id]).days
            for match_id, done_on in reached.items() if done_on is not None]
    return LeisureJobOutcomes(
        matches=len(started),
        reached_job=len(days),
        median_days=float(statistics.median(days)) if days else None,
    )


def remove_contact(workplace: Workplace) -> None:
    """Remove the contact person's details (retention); the workplace stays."""
    workplace.contact_name = workplace.contact_phone = workplace.contact_email = None
    workplace.contact_confirmed_at = None


def stale_contacts(cutoff: datetime) -> list[Workplace]:
    """Workplaces whose contact person was last confirmed before `cutoff`."""
    return list(db.session.scalars(
        select(Workplace).where(Workplace.contact_name.is_not(None),
                                Workplace.contact_confirmed_at < cutoff)
    ))
