"""Data-subject rights: what we hold about a person (access, GDPR art. 15) and erasure (art. 17).

An export is a plain dict of sections; the JSON download and the readable page render the same
dict, so they can never say different things. Every export and every erasure is audited.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select

from coordinator.audit import services as audit
from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.events.models import EventSignup
from coordinator.extensions import db
from coordinator.matches.models import Match
from coordinator.referrals.models import Consent, Family, Referral, YoungPerson
from coordinator.volunteers.models import Volunteer

# Staff who may produce a child's, family's or young person's data (a caseworker: own cases).
EXPORTERS = (Role.ADMIN, Role.COORDINATOR, Role.CASEWORKER)
# Staff who may erase on request.
ERASERS = (Role.ADMIN, Role.COORDINATOR)


def _value(value: Any) -> Any:
    """A JSON-friendly value: dates as ISO text, enums as their value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _row(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in fields}


def _views(subject_type: str, subject_id: int) -> list[dict[str, Any]]:
    """Who has viewed or changed the record, and when (the audit log, oldest first)."""
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id == subject_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [{"at": _value(e.at), "who": e.actor_label, "action": e.action} for e in entries]


def _match_rows(matches: Sequence[Match]) -> list[dict[str, Any]]:
    return [
        {
            **_row(m, ("id", "match_type", "status", "start_date", "end_date",
                       "closure_reason")),
            "meetings": [_row(x, ("met_on", "activity", "minutes")) for x in m.meetings],
        }
        for m in matches
    ]


def _consent_rows(consents: list[Consent]) -> list[dict[str, Any]]:
    return [_row(c, ("given_by", "giver_name", "given_on", "scope", "recorded_at"))
            for c in consents]


# --- access ---------------------------------------------------------------------------------


def volunteer_export(volunteer: Volunteer, actor: User) -> dict[str, Any]:
    """Everything we hold about a volunteer, as the volunteer may read it; audited."""
    user = volunteer.user
    matches = db.session.scalars(
        select(Match).where(Match.volunteer_id == volunteer.id).order_by(Match.id)).all()
    export = {
        "profile": _row(volunteer, (
            "first_name", "last_name", "birth_year", "gender", "postcode", "phone", "kind",
            "languages", "interests", "interests_other", "helps_with", "offers",
            "availability", "capacity", "lived_experience", "about", "status", "created_at",
            "ended_at")),
        "account": _row(user, ("email", "created_at", "email_confirmed_at", "last_login_at"))
        if user is not None else {},
        "household": [_row(m, ("first_name", "birth_year")) for m in volunteer.household],
        # Staff's notes on screening may quote referees (GDPR art. 15(4)): the unit hands them
        # over on request after reading them, so the self-service export leaves them out.
        "screening_steps": [_row(s, ("step", "completed_on", "recorded_at"))
                            for s in volunteer.screening_steps],
        "child_certificates": [
            _row(c, ("requested_on", "received_on", "assessment", "valid_until"))
            for c in volunteer.certificates
        ],
        "matches": _match_rows(matches),
        "consent": _row(volunteer, ("privacy_consent_at", "privacy_consent_version")),
        "event_signups": [
            _row(s, ("event_id", "status", "created_at")) for s in db.session.scalars(
                select(EventSignup).where(EventSignup.volunteer_id == volunteer.id))
        ],
        **_training_and_work_rows(volunteer),
        "who_has_seen_the_record": _views("Volunteer", volunteer.id),
    }
    audit.record(actor, "volunteer.exported", subject=volunteer)
    return export


def _training_and_work_rows(volunteer: Volunteer) -> dict[str, Any]:
    """Courses signed up for (and whether they came), guides read and acknowledged, workplaces
    proposed, and job-search milestones the volunteer ticked: one query each."""
    from coordinator.courses.models import Course, CourseSignup
    from coordinator.library.models import GuideAcknowledgement, GuideVersion
    from coordinator.workplaces.models import MilestoneEntry, Workplace

    signups = db.session.execute(
        select(CourseSignup, Course).join(Course, Course.id == CourseSignup.course_id)
        .where(CourseSignup.volunteer_id == volunteer.id).order_by(Course.starts_at))
    acknowledgements = db.session.execute(
        select(GuideAcknowledgement, GuideVersion)
        .join(GuideVersion, GuideVersion.id == GuideAcknowledgement.version_id)
        .where(GuideAcknowledgement.volunteer_id == volunteer.id)
        .order_by(GuideAcknowledgement.acknowledged_at))
    rows: dict[str, Any] = {
        "course_signups": [
            {"title": course.title, "starts_at": _value(course.starts_at),
             "course_signup_status": _value(signup.status), "attended": signup.attended,
             "created_at": _value(signup.created_at)}
            for signup, course in signups],
        "guide_acknowledgements": [
            {"title": version.title_da, "version": version.number,
             "acknowledged_at": _value(ack.acknowledged_at)}
            for ack, version in acknowledgements],
        "proposed_workplaces": [],
        "job_milestones": [],
    }
    if volunteer.user_id is None:
        return rows
    rows["proposed_workplaces"] = [
        {**_row(place, ("name", "sector", "postcode")),
         "workplace_status": _value(place.status), "created_at": _value(place.created_at)}
        for place in db.session.scalars(select(Workplace).where(
            Workplace.proposed_by_id == volunteer.user_id).order_by(Workplace.id))]
    entries = db.session.execute(
        select(MilestoneEntry, Workplace.name)
        .outerjoin(Workplace, Workplace.id == MilestoneEntry.workplace_id)
        .where(MilestoneEntry.recorded_by_id == volunteer.user_id)
        .order_by(MilestoneEntry.recorded_at, MilestoneEntry.id))
    rows["job_milestones"] = [
        {"match_id": entry.match_id, "milestone": _value(entry.step),
         "done_on": _value(entry.done_on), "workplace": name,
         "recorded_at": _value(entry.recorded_at)}
        for entry, name in entries]
    return rows


def get_young_person_for(user: User, person_id: int) -> YoungPerson | None:
    """A young person `user` may export (coordinators and admins any, a caseworker their own),
    else None."""
    person = db.session.get(YoungPerson, person_id)
    if person is None or not _may_see(user, person.referrals, person.signed_up_by_id):
        return None
    return person


def get_family_for(user: User, family_id: int) -> Family | None:
    family = db.session.get(Family, family_id)
    if family is None or not _may_see(user, family.referrals, None):
        return None
    return family


def _may_see(user: User, referrals: list[Referral], signed_up_by_id: int | None) -> bool:
    if user.role in ERASERS:
        return True
    if user.role == Role.CASEWORKER:
        return signed_up_by_id == user.id or any(r.caseworker_id == user.id for r in referrals)
    return False


def _referral_rows(referrals: list[Referral]) -> list[dict[str, Any]]:
    return [
        {**_row(r, ("id", "phase", "match_type", "needs", "status", "description_for_volunteer",
                    "case_notes", "created_at", "withdrawn_at")),
         "consents": _consent_rows(r.consents)}
        for r in referrals
    ]


def _young_own_rows(person: YoungPerson) -> dict[str, Any]:
    """What the young person said and did on their own page: sign-in, check-ins, signals,
    club proposals."""
    from coordinator.young.models import ClubActivity, YoungCheckIn, YoungSignal

    rows: dict[str, Any] = {}
    if person.user_id is not None:
        user = db.session.get(User, person.user_id)
        if user is not None:
            rows["own_account"] = _row(user, ("email", "email_confirmed_at", "created_at",
                                              "last_login_at"))
    rows["check_ins"] = [
        _row(c, ("match_id", "how_was_it", "together_well", "message", "created_at"))
        for c in db.session.scalars(select(YoungCheckIn).where(
            YoungCheckIn.young_person_id == person.id).order_by(YoungCheckIn.id))]
    rows["signals"] = [
        _row(s, ("match_id", "kind", "message", "created_at", "handled_at"))
        for s in db.session.scalars(select(YoungSignal).where(
            YoungSignal.young_person_id == person.id).order_by(YoungSignal.id))]
    rows["club_proposals"] = [
        _row(a, ("title", "kind", "starts_at", "location", "status", "created_at"))
        for a in db.session.scalars(select(ClubActivity).where(
            ClubActivity.proposed_by_id == person.id).order_by(ClubActivity.id))]
    return rows


def young_person_export(person: YoungPerson, actor: User) -> dict[str, Any]:
    """Everything we hold about a young person, produced by staff on request; audited."""
    matches = db.session.scalars(
        select(Match).where(or_(
            Match.referral_id.in_([r.id for r in person.referrals]),
            Match.friend_a_id == person.id, Match.friend_b_id == person.id,
        )).order_by(Match.id)).all()
    export = {
        "profile": _row(person, (
            "first_name", "birth_year", "gender", "postcode", "email", "phone", "phase",
            "interests", "languages", "availability", "about", "friend_bank_status",
            "signup_source", "verified_at", "created_at")),
        "referrals": _referral_rows(person.referrals),
        "consents": _consent_rows(person.consents),
        "matches": _match_rows(matches),
        **_young_own_rows(person),
        "who_has_seen_the_record": _views("YoungPerson", person.id) + [
            row for r in person.referrals for row in _views("Referral", r.id)],
    }
    audit.record(actor, "young_person.exported", subject=person)
    return export


def family_export(family: Family, actor: User) -> dict[str, Any]:
    """Everything we hold about a family, produced by staff on request; audited."""
    matches = db.session.scalars(
        select(Match).where(Match.referral_id.in_([r.id for r in family.referrals]))
        .order_by(Match.id)).all()
    export = {
        "profile": _row(family, ("display_name", "postcode", "interests", "languages",
                                 "availability", "about", "created_at")),
        "children": [_row(c, ("first_name", "birth_year")) for c in family.children],
        "referrals": _referral_rows(family.referrals),
        "matches": _match_rows(matches),
        "who_has_seen_the_record": _views("Family", family.id) + [
            row for r in family.referrals for row in _views("Referral", r.id)],
    }
    audit.record(actor, "family.exported", subject=family)
    return export


# --- erasure --------------------------------------------------------------------------------


@dataclass
class ErasureCheck:
    """Whether the law lets us erase a record now, and if not, what is kept and why."""

    allowed: bool
    kept: list[str]


def volunteer_erasure(volunteer: Volunteer) -> ErasureCheck:
    """A volunteer who was never part of a match may be erased; otherwise records are kept."""
    matched = db.session.scalar(
        select(Match.id).where(Match.volunteer_id == volunteer.id).limit(1)) is not None
    if not matched:
        return ErasureCheck(True, [])
    return ErasureCheck(False, ["name", "birth_year", "postcode", "screening_steps",
                                "child_certificates", "consent", "matches", "audit_log"])


def young_person_erasure(person: YoungPerson) -> ErasureCheck:
    """A friend-bank sign-up with no referral and no pair may be erased; a case is kept."""
    has_case = bool(person.referrals)
    paired = db.session.scalar(select(Match.id).where(
        or_(Match.friend_a_id == person.id, Match.friend_b_id == person.id)).limit(1)) is not None
    if not has_case and not paired:
        return ErasureCheck(True, [])
    return ErasureCheck(False, ["first_name", "birth_year", "postcode", "referrals",
                                "consent", "matches", "audit_log"])


class ErasureRefused(Exception):
    """The law requires the records to be kept (see ErasureCheck.kept)."""


def erase_volunteer(volunteer: Volunteer, actor: User, reason: str) -> None:
    """Erase a volunteer on request, with the reason in the audit log (which keeps only the id)."""
    from coordinator.retention import services as retention

    if not volunteer_erasure(volunteer).allowed:
        raise ErasureRefused(volunteer.id)
    audit.record(actor, "volunteer.erased", subject=volunteer, detail={"reason": reason})
    retention.delete_volunteer(volunteer)
    db.session.flush()


def erase_young_person(person: YoungPerson, actor: User, reason: str) -> None:
    """Erase a friend-bank sign-up on request, with the reason in the audit log."""
    from coordinator.retention import services as retention

    if not young_person_erasure(person).allowed:
        raise ErasureRefused(person.id)
    audit.record(actor, "young_person.erased", subject=person, detail={"reason": reason})
    retention.delete_young_person(person)
    db.session.flush()
