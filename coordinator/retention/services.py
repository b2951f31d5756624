"""What the retention schedule removes today, and removing it.

`plan` only reads: it lists every record whose period has run out, what will happen to it and
why (the dry run prints exactly this). `apply` carries a plan out and logs that it ran. Rows a
figure of the knowledge bank counts (matches, referrals, volunteers' statuses) are anonymised,
never deleted, so match length, closure reasons and the supply gap stay the same.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, func, or_, select, update

from coordinator.audit import services as audit
from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.auth.services import ERASED_DOMAIN, erase_login
from coordinator.courses.models import CourseSignup
from coordinator.drafts import services as drafts
from coordinator.drafts.models import FormDraft
from coordinator.events.models import EventSignup
from coordinator.extensions import db
from coordinator.library.models import GuideAcknowledgement
from coordinator.mail.models import MailStatus, OutboxMessage
from coordinator.matches.models import (
    LIVE_STATUSES,
    Match,
    MatchStatus,
)
from coordinator.referrals.models import (
    Consent,
    Family,
    FriendBankStatus,
    Referral,
    ReferralStatus,
    YoungPerson,
)
from coordinator.retention import policy
from coordinator.safety.models import SafetyPlanPart
from coordinator.volunteers.models import (
    ChildCertificate,
    ScreeningStep,
    Volunteer,
    VolunteerStatus,
)
from coordinator.workplaces import services as workplaces
from coordinator.workplaces.models import MilestoneEntry, Workplace
from coordinator.young.models import ClubActivity, SignInToken, YoungCheckIn, YoungSignal

# What an anonymised person is called wherever a name is shown.
ANONYMOUS = "Anonymiseret"
DELETE, ANONYMISE, REMOVE_CONTACT = "delete", "anonymise", "remove_contact"


@dataclass(frozen=True)
class Action:
    """One record whose period has run out: the category, what happens, and why."""

    category: str
    kind: str  # DELETE or ANONYMISE
    subject_type: str
    subject_id: int | None  # None for a bulk delete (outbox, audit rows)
    why: str
    count: int = 1


def _cutoff(now: datetime, config: Any, key: str) -> datetime:
    return now - timedelta(days=policy.days(config, key))


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored moment is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _day(moment: datetime | date | None) -> date | None:
    if isinstance(moment, datetime):
        return moment.date()
    return moment


def _has_matches(volunteer_id: int) -> bool:
    return db.session.scalar(select(exists().where(Match.volunteer_id == volunteer_id))) or False


# --- volunteers ------------------------------------------------------------------------------


def _unconfirmed_signups(now: datetime, config: Any) -> list[Action]:
    cutoff = _cutoff(now, config, "unconfirmed_signups")
    rows = db.session.execute(
        select(Volunteer.id, User.created_at)
        .join(User, Volunteer.user_id == User.id)
        .where(User.role == Role.VOLUNTEER, User.email_confirmed_at.is_(None),
               User.created_at < cutoff, Volunteer.anonymised_at.is_(None))
    ).all()
    return [
        Action("unconfirmed_signups", DELETE, "Volunteer", vid,
               f"signed up {_day(created)}, e-mail never confirmed")
        for vid, created in rows
        if not _has_matches(vid)
    ]


def _last_step(volunteer: Volunteer) -> datetime:
    moments = [volunteer.created_at, volunteer.updated_at]
    moments += [s.recorded_at for s in volunteer.screening_steps]
    moments += [c.recorded_at for c in volunteer.certificates]
    return max(_aware(m) for m in moments if m is not None)


def _unfinished_applicants(now: datetime, config: Any) -> list[Action]:
    cutoff = _cutoff(now, config, "unfinished_applicants")
    unconfirmed = {a.subject_id for a in _unconfirmed_signups(now, config)}
    candidates = db.session.scalars(
        select(Volunteer).where(
            # A rejected applicant was "found unsuitable": the same period as one who never
            # finished (policy.py), counted from the last screening step.
            Volunteer.status.in_((VolunteerStatus.APPLICANT, VolunteerStatus.IN_SCREENING,
                                  VolunteerStatus.REJECTED)),
            Volunteer.anonymised_at.is_(None),
            Volunteer.updated_at < cutoff,
        )
    ).all()
    actions = []
    for volunteer in candidates:
        if volunteer.id in unconfirmed:
            continue
        last = _last_step(volunteer)
        if last >= cutoff:
            continue
        kind = ANONYMISE if _has_matches(volunteer.id) else DELETE
        actions.append(Action("unfinished_applicants", kind, "Volunteer", volunteer.id,
                              f"last screening step {_day(last)}"))
    return actions


def _ended_volunteers(now: datetime, config: Any) -> list[Action]:
    cutoff = _cutoff(now, config, "ended_volunteers")
    rows = db.session.execute(
        select(Volunteer.id, Volunteer.ended_at).where(
            Volunteer.status == VolunteerStatus.ENDED, Volunteer.anonymised_at.is_(None),
            Volunteer.ended_at < cutoff,
        )
    ).all()
    actions = []
    for vid, ended in rows:
        live = db.session.scalar(select(exists().where(
            Match.volunteer_id == vid, Match.status.in_(LIVE_STATUSES))))
        if not live:  # a match still running waits for its closing talk
            actions.append(Action("ended_volunteers", ANONYMISE, "Volunteer", vid,
                                  f"stopped {_day(ended)}"))
    return actions


def _left_contact(now: datetime, config: Any) -> list[Action]:
    """Volunteers who stopped while a match ran keep their e-mail until it is closed."""
    # Those due for anonymisation lose their contact details with it.
    cutoff = _cutoff(now, config, "ended_volunteers")
    rows = db.session.execute(
        select(Volunteer.id, User.email)
        .join(User, Volunteer.user_id == User.id)
        .where(Volunteer.status == VolunteerStatus.ENDED, Volunteer.anonymised_at.is_(None),
               Volunteer.ended_at >= cutoff)
    ).all()
    actions = []
    for vid, email in rows:
        if email.endswith(ERASED_DOMAIN):  # removed when the volunteer left
            continue
        live = db.session.scalar(select(exists().where(
            Match.volunteer_id == vid, Match.status.in_(LIVE_STATUSES))))
        if not live:
            actions.append(Action("ended_volunteers", REMOVE_CONTACT, "Volunteer", vid,
                                  "stopped, and no match is running any more"))
    return actions


# --- referrals, matches, young people and families -------------------------------------------


def _closed_on(referral: Referral) -> date | None:
    if referral.status == ReferralStatus.WITHDRAWN:
        return _day(referral.withdrawn_at or referral.updated_at)
    ends = [
        end
        for end in db.session.scalars(
            select(Match.end_date).where(Match.referral_id == referral.id)
        )
        if end is not None
    ]
    return max(ends) if ends else _day(referral.updated_at)


def _closed_cases(now: datetime, config: Any) -> list[Action]:
    cutoff = _cutoff(now, config, "closed_cases").date()
    referrals = db.session.scalars(
        select(Referral).where(
            Referral.status.in_((ReferralStatus.CLOSED, ReferralStatus.WITHDRAWN)),
            Referral.anonymised_at.is_(None),
        )
    ).all()
    actions = []
    for referral in referrals:
        closed = _closed_on(referral)
        if closed is not None and closed < cutoff:
            actions.append(Action("closed_cases", ANONYMISE, "Referral", referral.id,
                                  f"{referral.status.value} {closed}"))
    return actions


def _closed_matches(now: datetime, config: Any) -> list[Action]:
    cutoff = _cutoff(now, config, "closed_matches").date()
    rows = db.session.execute(
        select(Match.id, Match.end_date).where(
            Match.status == MatchStatus.CLOSED, Match.anonymised_at.is_(None),
            Match.end_date < cutoff,
        )
    ).all()
    return [Action("closed_matches", ANONYMISE, "Match", mid, f"closed {end}")
            for mid, end in rows]


def _friend_matches(person_id: int):
    return select(Match).where(or_(Match.friend_a_id == person_id, Match.friend_b_id == person_id))


def _friendbank_unverified(now: datetime, config: Any) -> list[Action]:
    cutoff = _cutoff(now, config, "friendbank_unverified")
    rows = db.session.execute(
        select(YoungPerson.id, YoungPerson.created_at).where(
            YoungPerson.friend_bank_status == FriendBankStatus.PENDING,
            YoungPerson.verified_at.is_(None), YoungPerson.created_at < cutoff,
            ~exists().where(Referral.young_person_id == YoungPerson.id),
        )
    ).all()
    return [
        Action("friendbank_unverified", DELETE, "YoungPerson", pid,
               f"signed up {_day(created)}, never verified")
        for pid, created in rows
        if db.session.scalar(select(func.count()).select_from(_friend_matches(pid).subquery()))
        == 0
    ]


def _friendbank_inactive(now: datetime, config: Any) -> list[Action]:
    cutoff = _cutoff(now, config, "friendbank_inactive")
    people = db.session.scalars(
        select(YoungPerson).where(
            YoungPerson.friend_bank_status.in_((FriendBankStatus.VERIFIED, FriendBankStatus.LEFT)),
            YoungPerson.anonymised_at.is_(None), YoungPerson.created_at < cutoff,
            ~exists().where(Referral.young_person_id == YoungPerson.id),
        )
    ).all()
    actions = []
    for person in people:
        matches = db.session.scalars(_friend_matches(person.id)).all()
        if any(m.status in LIVE_STATUSES for m in matches):
            continue
        signups = db.session.scalars(
            select(EventSignup.created_at).where(EventSignup.young_person_id == person.id)
        ).all()
        moments = [person.created_at, person.verified_at, *signups]
        moments += [m.updated_at for m in matches]
        last = max(_aware(m) for m in moments if m is not None)
        if last < cutoff:
            kind = ANONYMISE if matches else DELETE
            actions.append(Action("friendbank_inactive", kind, "YoungPerson", person.id,
                                  f"last activity {_day(last)}"))
    return actions


# --- outbox and audit ----------------------------------------------------------------------


def _old_mail(now: datetime, config: Any):
    return (OutboxMessage.status.in_((MailStatus.SENT, MailStatus.FAILED)),
            OutboxMessage.created_at < _cutoff(now, config, "outbox"))


def _outbox(now: datetime, config: Any) -> list[Action]:
    count = db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(*_old_mail(now, config)))
    if not count:
        return []
    return [Action("outbox", DELETE, "OutboxMessage", None,
                   f"sent or given up before {_day(_cutoff(now, config, 'outbox'))}", count)]


def _form_drafts(now: datetime, config: Any) -> list[Action]:
    days = int(config["RETENTION_FORM_DRAFT_DAYS"])
    count = db.session.scalar(select(func.count()).select_from(FormDraft).where(
        drafts.expired_condition(now, days)))
    if not count:
        return []
    return [Action("form_drafts", DELETE, "FormDraft", None,
                   f"unused since before {_day(now - timedelta(days=days))}", count)]


def _audit(now: datetime, config: Any) -> list[Action]:
    cutoff = _cutoff(now, config, "audit")
    count = db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.at < cutoff))
    if not count:
        return []
    return [Action("audit", DELETE, "AuditEntry", None, f"written before {_day(cutoff)}", count)]


def _workplace_contacts(now: datetime, config: Any) -> list[Action]:
    cutoff = _cutoff(now, config, "workplace_contacts")
    return [Action("workplace_contacts", ANONYMISE, "Workplace", place.id,
                   f"contact last confirmed before {_day(cutoff)}")
            for place in workplaces.stale_contacts(cutoff)]


FINDERS = (
    _unconfirmed_signups, _unfinished_applicants, _ended_volunteers, _left_contact,
    _closed_cases, _closed_matches, _friendbank_unverified, _friendbank_inactive, _outbox,
    _form_drafts, _audit, _workplace_contacts,
)


def plan(now: datetime, config: Any) -> list[Action]:
    """Everything whose retention period has run out at `now`; reads, never writes."""
    actions: list[Action] = []
    for finder in FINDERS:
        actions.extend(finder(now, config))
    return actions


# --- carrying it out -------------------------------------------------------------------------


def remove_volunteer_contact(volunteer: Volunteer) -> None:
    """Remove the ways to reach a volunteer who has stopped (the login is closed already)."""
    volunteer.phone = None
    volunteer.calendar_token = None
    if volunteer.user is not None:
        erase_login(volunteer.user)


def anonymise_volunteer(volunteer: Volunteer, now: datetime) -> None:
    """Keep the row (status, kind, dates, matches) for the figures; remove who it was."""
    remove_volunteer_contact(volunteer)
    volunteer.first_name, volunteer.last_name = ANONYMOUS, ""
    volunteer.gender = None
    for name in ("languages", "interests", "helps_with", "offers", "availability",
                 "lived_experience"):
        setattr(volunteer, name, [])
    volunteer.about = volunteer.interests_other = ""
    for member in volunteer.household:
        member.first_name = ""
    for step in volunteer.screening_steps:
        step.notes = ""
    for certificate in volunteer.certificates:
        certificate.note = ""
    if volunteer.user is not None:
        volunteer.user.name = ANONYMOUS
    volunteer.anonymised_at = now


def delete_volunteer(volunteer: Volunteer) -> None:
    """Delete a volunteer who was never part of a match, with their account."""
    db.session.execute(delete(EventSignup).where(EventSignup.volunteer_id == volunteer.id))
    # SQLite does not cascade foreign keys here: remove what points at the volunteer ourselves.
    db.session.execute(delete(CourseSignup).where(CourseSignup.volunteer_id == volunteer.id))
    db.session.execute(delete(GuideAcknowledgement).where(
        GuideAcknowledgement.volunteer_id == volunteer.id))
    db.session.execute(delete(ChildCertificate).where(
        ChildCertificate.volunteer_id == volunteer.id))
    db.session.execute(delete(ScreeningStep).where(ScreeningStep.volunteer_id == volunteer.id))
    user = volunteer.user
    if user is not None:
        # What the volunteer proposed or ticked stays (a workplace, a job search's history),
        # no longer pointing at anyone: SQLite does not apply ON DELETE SET NULL here.
        db.session.execute(update(Workplace).where(Workplace.proposed_by_id == user.id)
                           .values(proposed_by_id=None))
        db.session.execute(update(MilestoneEntry).where(MilestoneEntry.recorded_by_id == user.id)
                           .values(recorded_by_id=None))
    db.session.delete(volunteer)
    if user is not None:
        db.session.delete(user)


def anonymise_match(match: Match, now: datetime) -> None:
    """Remove the free texts of a match; dates, type, status and closure reason stay."""
    for name in ("override_reason", "decline_reason", "agreement_frequency",
                 "agreement_activities", "agreement_duration", "agreement_contact",
                 "closure_note", "contact_after"):
        setattr(match, name, None)
    match.reasons = []
    for change in match.history:
        change.reason = ""
    for follow_up in match.follow_ups:
        follow_up.notes, follow_up.with_whom = "", None
    for meeting in match.meetings:
        meeting.activity = ""
    for concern in match.concerns:
        concern.description, concern.resolution = "", None
    # The young person's own words; the smiley answers stay for the knowledge bank's figures.
    db.session.execute(update(YoungCheckIn).where(YoungCheckIn.match_id == match.id)
                       .values(message=""))
    db.session.execute(update(YoungSignal).where(YoungSignal.match_id == match.id)
                       .values(message=""))
    # The volunteer's part in a safety plan is about the family: it goes with the free texts.
    db.session.execute(delete(SafetyPlanPart).where(SafetyPlanPart.match_id == match.id))
    match.anonymised_at = now


def anonymise_young_person(person: YoungPerson, now: datetime) -> None:
    """Keep birth year and postcode (figures by age and district); remove who it was."""
    person.first_name = ANONYMOUS
    person.email = person.phone = None
    person.email_confirmed_at = None
    person.gender = person.volunteer_gender_wish = person.friend_gender_wish = None
    person.interests, person.languages, person.availability = [], [], []
    person.about = ""
    for consent in person.consents:
        _anonymise_consent(consent)
    _close_young_login(person)
    person.anonymised_at = now


def _close_young_login(person: YoungPerson) -> None:
    """End a young person's own sign-in: no link works, and the address is removed."""
    if person.user_id is None:
        return
    db.session.execute(delete(SignInToken).where(SignInToken.user_id == person.user_id))
    user = db.session.get(User, person.user_id)
    if user is not None:
        erase_login(user)
        user.name = ANONYMOUS


def _anonymise_consent(consent: Consent) -> None:
    consent.giver_name, consent.scope, consent.form_location = "", "", None


def anonymise_family(family: Family, now: datetime) -> None:
    """Keep postcode and the children's birth years; remove names and texts."""
    family.display_name = ANONYMOUS
    family.interests, family.languages, family.availability = [], [], []
    family.volunteer_gender_wish = None
    family.about = ""
    for child in family.children:
        child.first_name = ""
    family.anonymised_at = now


def anonymise_referral(referral: Referral, now: datetime) -> None:
    """Anonymise a closed case: its texts, consent, matches, and the person once all is closed."""
    referral.description_for_volunteer = referral.case_notes = ""
    for consent in referral.consents:
        _anonymise_consent(consent)
    for match in db.session.scalars(select(Match).where(Match.referral_id == referral.id)):
        if match.anonymised_at is None:
            anonymise_match(match, now)
    referral.anonymised_at = now
    db.session.flush()
    seeker = referral.young_person or referral.family
    if seeker is None or seeker.anonymised_at is not None:
        return
    if any(r.anonymised_at is None for r in seeker.referrals):
        return  # another referral of the same person is still open or within its period
    if isinstance(seeker, YoungPerson):
        if seeker.friend_bank_status == FriendBankStatus.VERIFIED:
            return  # still in the friend bank: that category decides
        anonymise_young_person(seeker, now)
    else:
        anonymise_family(seeker, now)


def delete_young_person(person: YoungPerson) -> None:
    """Delete a friend-bank young person who has no referral and was never paired."""
    db.session.execute(delete(EventSignup).where(EventSignup.young_person_id == person.id))
    db.session.execute(delete(Consent).where(Consent.young_person_id == person.id))
    db.session.execute(update(ClubActivity).where(ClubActivity.proposed_by_id == person.id)
                       .values(proposed_by_id=None))
    user = db.session.get(User, person.user_id) if person.user_id is not None else None
    if user is not None:
        db.session.execute(delete(SignInToken).where(SignInToken.user_id == user.id))
        person.user_id = None
        db.session.flush()
        db.session.delete(user)
    db.session.delete(person)


def _apply_one(action: Action, now: datetime, config: Any) -> None:
    if action.category == "outbox":
        db.session.execute(delete(OutboxMessage).where(*_old_mail(now, config)))
        return
    if action.category == "form_drafts":
        drafts.delete_expired(now, int(config["RETENTION_FORM_DRAFT_DAYS"]))
        return
    if action.category == "audit":
        # The one deletion the append-only audit log allows (a trigger on PostgreSQL).
        audit.allow_deleting_audit_rows()
        db.session.execute(delete(AuditEntry).where(AuditEntry.at < _cutoff(now, config, "audit")))
        return
    if action.subject_type == "Volunteer":
        volunteer = db.session.get_one(Volunteer, action.subject_id)
        if action.kind == DELETE:
            delete_volunteer(volunteer)
        elif action.kind == ANONYMISE:
            anonymise_volunteer(volunteer, now)
        else:
            remove_volunteer_contact(volunteer)
    elif action.subject_type == "Workplace":
        workplace = db.session.get(Workplace, action.subject_id)
        if workplace is not None:
            workplaces.remove_contact(workplace)
    elif action.subject_type == "Referral":
        anonymise_referral(db.session.get_one(Referral, action.subject_id), now)
    elif action.subject_type == "Match":
        match = db.session.get_one(Match, action.subject_id)
        if match.anonymised_at is None:  # the case it belongs to may have done it already
            anonymise_match(match, now)
    elif action.subject_type == "YoungPerson":
        person = db.session.get_one(YoungPerson, action.subject_id)
        if action.kind == DELETE:
            delete_young_person(person)
        else:
            person.friend_bank_status = FriendBankStatus.LEFT
            anonymise_young_person(person, now)


def apply(actions: Iterable[Action], now: datetime, config: Any) -> Counter:
    """Carry out a plan; log one audit row that says what ran (never whom it concerned)."""
    done: Counter = Counter()
    # The audit rows go first, so this run's own row is never among those it deletes.
    ordered = sorted(actions, key=lambda a: a.category != "audit")
    for action in ordered:
        _apply_one(action, now, config)
        done[f"{action.category}.{action.kind}"] += action.count
        db.session.flush()
    audit.record(None, "retention.ran", actor_label="retention", detail=dict(done))
    db.session.flush()
    return done


def run(now: datetime, config: Any, *, dry_run: bool = False) -> list[Action]:
    """Plan, and unless `dry_run`, carry out; the caller commits."""
    actions = plan(now, config)
    if not dry_run:
        apply(actions, now, config)
    return actions
