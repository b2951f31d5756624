"""Volunteers: sign-up, e-mail confirmation, profile, pause and leaving, screening and status.

The status is derived, never typed in: `derive_status` reads the screening record and the
volunteer's own choices, and `refresh_status` stores the result, so only a fully screened
volunteer is ever APPROVED (and only APPROVED volunteers reach the matcher).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.security import generate_password_hash

from coordinator import mail, reference_data
from coordinator.audit import services as audit
from coordinator.auth.models import Role, User
from coordinator.auth.services import (
    EmailTaken,
    add_user,
    erase_login,
    find_user_by_email,
    normalise_email,
)
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.notifications.services import active_users, notify
from coordinator.pagination import Page, paginate
from coordinator.people import sync_people
from coordinator.vocabulary import ApplicationEndReason, RejectionReason, ScreeningStepKind
from coordinator.volunteers import certificates, signals
from coordinator.volunteers.certificates import (  # noqa: F401 (the rule's names, re-exported)
    CERTIFICATE_AGE,
    certificate_accepted,
    certificate_holders,
    certificate_valid_until,
    certificates_complete,
    decisive_first,
    latest_certificate,
    newest_first,
)
from coordinator.volunteers.models import (
    CertificateAssessment,
    ChildCertificate,
    Gender,
    HouseholdMember,
    ScreeningStep,
    Volunteer,
    VolunteerKind,
    VolunteerStatus,
)

if TYPE_CHECKING:
    from coordinator.matches.models import Match  # matches sits above: for annotations only

# The version of the privacy note the volunteer agreed to; bump it when the text changes.
PRIVACY_NOTICE_VERSION = "2026-11-25"
# Offers a volunteer can make beyond the match types (open tags in Volunteer.offers).
EXTRA_OFFERS = ("events",)
CONFIRM_SALT = "volunteer-email-confirm"

STAFF_WHO_SCREEN = (Role.COORDINATOR, Role.ADMIN)
# Profile lists removed when a volunteer leaves: they only served matching.
LEAVE_REMOVES_LISTS = ("languages", "interests", "helps_with", "offers", "availability",
                       "lived_experience")


class NotFound(LookupError):
    """A household member id that is not this volunteer's (the form's choices refuse it first)."""


# --- sign-up and e-mail confirmation -------------------------------------------------------


@dataclass
class Profile:
    """What a volunteer tells about themselves; the sign-up and the profile page share it."""

    first_name: str
    last_name: str
    birth_year: int
    postcode: str
    kind: VolunteerKind = VolunteerKind.PERSON
    gender: Gender | None = None
    phone: str | None = None
    languages: list[str] = field(default_factory=list)
    household: list[tuple[str, int]] = field(default_factory=list)  # (first name, birth year)
    interests: list[str] = field(default_factory=list)
    interests_other: str = ""
    helps_with: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    capacity: int = 1
    lived_experience: list[str] = field(default_factory=list)
    organisation_id: int | None = None
    about: str = ""


def tell_owner_of_signup_attempt(email: str) -> None:
    """Someone tried to sign up with an address that has an account: tell its holder, who
    may have forgotten the account (the sign-up page itself says nothing)."""
    user = find_user_by_email(email)
    if user is None:
        return
    mail.queue(user.email, "signup_attempt", locale=user.locale, name=user.name)
    audit.record(None, "auth.signup_with_existing_email", subject=user,
                 actor_label=normalise_email(email))


def sign_up(
    *, email: str, password: str, profile: Profile, locale: str = "da", now: datetime | None = None
) -> Volunteer:
    """Create an unconfirmed volunteer account and profile, and send the confirmation e-mail."""
    now = now or utcnow()
    if find_user_by_email(email) is not None:
        # Hash anyway, so a taken address answers no faster than a new one (no timing leak);
        # add_user checks again under the lock.
        generate_password_hash(password)
        raise EmailTaken(email)
    user = User(
        email=normalise_email(email),
        name=f"{profile.first_name} {profile.last_name}",
        role=Role.VOLUNTEER,
        locale=locale,
    )
    user.set_password(password)
    volunteer = Volunteer(user=user, status=VolunteerStatus.APPLICANT)
    _apply_profile(volunteer, profile)
    volunteer.privacy_consent_at = now
    volunteer.privacy_consent_version = PRIVACY_NOTICE_VERSION
    add_user(user)
    db.session.add(volunteer)
    db.session.flush()
    audit.record(user, "volunteer.signed_up", subject=volunteer)
    send_confirmation(user)
    return volunteer


def _apply_profile(volunteer: Volunteer, profile: Profile) -> None:
    for name in (
        "first_name", "last_name", "birth_year", "postcode", "kind", "gender", "phone",
        "languages", "interests", "interests_other", "helps_with", "offers", "availability",
        "capacity", "lived_experience", "organisation_id", "about",
    ):
        setattr(volunteer, name, getattr(profile, name))
    household = profile.household if profile.kind == VolunteerKind.FAMILY else []
    # Members that still match keep their certificates.
    sync_people(
        volunteer.household,
        household,
        lambda name, year: HouseholdMember(first_name=name, birth_year=year),
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def confirmation_token(user: User) -> str:
    """A signed token naming the account and the address it confirms."""
    return _serializer().dumps({"user": user.id, "email": user.email})


def send_confirmation(user: User) -> None:
    """Queue the e-mail with the signed, expiring confirmation link."""
    hours = int(current_app.config["EMAIL_CONFIRM_MAX_AGE"]) // 3600
    mail.queue(
        user.email,
        "volunteer_confirm",
        locale=user.locale,
        name=user.name,
        token=confirmation_token(user),
        hours=hours,
    )


class ConfirmationFailed(ValueError):
    """The link is broken, expired, or names an address the account no longer has."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def confirm_email(token: str, now: datetime | None = None) -> User:
    """Activate the account a valid confirmation link names; raise ConfirmationFailed otherwise."""
    max_age = int(current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise ConfirmationFailed(expired=True) from error
    except BadSignature as error:
        raise ConfirmationFailed() from error
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise ConfirmationFailed()
    user = db.session.get(User, data["user"])
    if user is None or user.email != data.get("email") or user.role != Role.VOLUNTEER:
        raise ConfirmationFailed()
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now or utcnow()
        audit.record(user, "volunteer.email_confirmed", subject=user.volunteer)
    return user


# --- lookups scoped to the user -----------------------------------------------------------


def get_volunteer_for(user: User, volunteer_id: int) -> Volunteer | None:
    """Return the volunteer record `user` may see (staff who screen: any; a volunteer: own),
    else None."""
    volunteer = db.session.get(Volunteer, volunteer_id)
    if volunteer is None:
        return None
    if user.role in STAFF_WHO_SCREEN:
        return volunteer
    if user.role == Role.VOLUNTEER and volunteer.user_id == user.id:
        return volunteer
    return None


def own_volunteer(user: User) -> Volunteer | None:
    """The volunteer record of a signed-in volunteer (None for anyone else)."""
    return user.volunteer


def record_view(actor: User, volunteer: Volunteer, what: str = "profile") -> None:
    """Log that `actor` looked at the volunteer's record."""
    audit.record(actor, "volunteer.viewed", subject=volunteer, detail={"page": what})


# --- status --------------------------------------------------------------------------------


def steps_done(volunteer: Volunteer) -> set[ScreeningStepKind]:
    return {step.step for step in volunteer.screening_steps}


def screening_complete(volunteer: Volunteer, today: date) -> bool:
    return steps_done(volunteer) >= set(ScreeningStepKind) and certificates_complete(
        volunteer, today
    )


def is_paused(volunteer: Volunteer, today: date) -> bool:
    """Paused until a date (a holiday), or paused without an end date until they resume."""
    if volunteer.paused_until is not None:
        return volunteer.paused_until >= today
    return volunteer.status == VolunteerStatus.PAUSED


def derive_status(volunteer: Volunteer, today: date) -> VolunteerStatus:
    """The status the record implies: applicant → in screening → approved → paused / ended;
    a coordinator's rejection or hold (see `decide`) comes before the screening record."""
    if volunteer.ended_at is not None:
        return VolunteerStatus.ENDED
    # A coordinator's decision outweighs the screening record until it is changed.
    if volunteer.rejected_at is not None:
        return VolunteerStatus.REJECTED
    if volunteer.on_hold_until is not None:
        return VolunteerStatus.ON_HOLD
    if is_paused(volunteer, today):
        return VolunteerStatus.PAUSED
    if screening_complete(volunteer, today):
        return VolunteerStatus.APPROVED
    if volunteer.screening_steps or volunteer.certificates:
        return VolunteerStatus.IN_SCREENING
    return VolunteerStatus.APPLICANT


def refresh_status(volunteer: Volunteer, today: date) -> VolunteerStatus:
    """Store the derived status on the volunteer and return it."""
    volunteer.status = derive_status(volunteer, today)
    return volunteer.status


def refresh_all_statuses(today: date) -> int:
    """Re-derive every active volunteer's stored status (run daily): a holiday pause ends, a
    household member turns 15 and needs a certificate. Return how many changed."""
    volunteers = db.session.scalars(
        select(Volunteer)
        .options(
            selectinload(Volunteer.screening_steps),
            selectinload(Volunteer.certificates),
            selectinload(Volunteer.household),
        )
        .where(Volunteer.status != VolunteerStatus.ENDED)
    )
    changed = 0
    for volunteer in volunteers:
        before = volunteer.status
        if refresh_status(volunteer, today) != before:
            audit.record(None, "volunteer.status_refreshed", subject=volunteer,
                         detail={"from": before.value, "to": volunteer.status.value})
            changed += 1
    db.session.flush()
    return changed


@dataclass(frozen=True)
class Waiting:
    """One thing screening still waits for, in plain words for the volunteer."""

    code: str
    who: str | None = None  # a household member's first name


def waiting_for(volunteer: Volunteer, today: date) -> list[Waiting]:
    """What screening is still waiting for, in the order it usually happens."""
    done = steps_done(volunteer)
    waiting = []
    for step in (ScreeningStepKind.INTERVIEW, ScreeningStepKind.REFERENCES,
                 ScreeningStepKind.CONFIDENTIALITY):
        if step not in done:
            waiting.append(Waiting(step.value))
    for holder in certificate_holders(volunteer, today):
        certificate = latest_certificate(volunteer, holder)
        name = holder.first_name if holder is not None else None
        if certificate is None:
            waiting.append(Waiting("certificate_request", name))
        elif certificate.received_on is None:
            waiting.append(Waiting("certificate_answer", name))
        elif not certificate_accepted(certificate):
            waiting.append(Waiting("certificate_assessment", name))
    if ScreeningStepKind.TRAINING not in done:
        waiting.append(Waiting(ScreeningStepKind.TRAINING.value))
    return waiting


@dataclass(frozen=True)
class Situation:
    """Where an approved volunteer stands with matches, so a status text never contradicts
    what is pending: an offer to answer, an accepted match to start, or a running match."""

    offered_match_id: int | None = None
    accepted_match_id: int | None = None
    live_match_id: int | None = None


def situation(volunteer: Volunteer) -> Situation:
    """The volunteer's pending offer, accepted match and running match (matches answers)."""
    answers = [answer for _, answer in signals.situation_asked.send(volunteer)]
    return answers[0] if answers else Situation()


def discard_open_matches(volunteer: Volunteer, *, by: User, reason: str) -> int:
    """Set aside the volunteer's open proposals (matches answers); return how many."""
    return sum(count for _, count in signals.stopping.send(volunteer, by=by, reason=reason))


# --- profile, pause, leave ------------------------------------------------------------------


def update_profile(volunteer: Volunteer, actor: User, profile: Profile, today: date) -> None:
    """Save a changed profile; a household change can change which certificates are needed."""
    _apply_profile(volunteer, profile)
    if volunteer.user is not None:
        volunteer.user.name = volunteer.full_name
    # Recorded before the flush, so the entry lists the fields that changed (old → new).
    audit.record(actor, "volunteer.profile_updated", subject=volunteer)
    db.session.flush()
    refresh_status(volunteer, today)


def pause(volunteer: Volunteer, actor: User, until: date | None, today: date) -> None:
    """Pause (e.g. a holiday) until a date, or until the volunteer resumes."""
    volunteer.paused_until = until
    volunteer.status = VolunteerStatus.PAUSED
    refresh_status(volunteer, today)
    audit.record(
        actor, "volunteer.paused", subject=volunteer,
        detail={"until": until.isoformat() if until else None},
    )


def resume(volunteer: Volunteer, actor: User, today: date) -> None:
    """End a pause now."""
    volunteer.paused_until = None
    volunteer.status = VolunteerStatus.APPLICANT  # recomputed just below
    refresh_status(volunteer, today)
    audit.record(actor, "volunteer.resumed", subject=volunteer)


@dataclass
class LeaveResult:
    discarded: int = 0
    live_matches: list["Match"] = field(default_factory=list)


def leave(volunteer: Volunteer, actor: User, now: datetime | None = None) -> LeaveResult:
    """End the volunteer's participation: see README "What we keep when a volunteer leaves".

    Open proposals are discarded; live matches are left for a coordinator to close with the
    family (a closing talk), and the coordinators are told.
    """
    now = now or utcnow()
    result = LeaveResult()
    result.discarded = discard_open_matches(volunteer, by=actor, reason="volunteer left")
    result.live_matches = [
        match for _, matches in signals.running_matches_asked.send(volunteer) for match in matches
    ]
    volunteer.ended_at = now
    volunteer.status = VolunteerStatus.ENDED
    volunteer.paused_until = None
    # What we need not keep goes at once (README: "What we keep when a volunteer leaves").
    volunteer.phone = None
    volunteer.about = ""
    volunteer.interests_other = ""
    volunteer.calendar_token = None
    volunteer.gender = None
    for name in LEAVE_REMOVES_LISTS:
        setattr(volunteer, name, [])
    for member in volunteer.household:
        member.first_name = ""  # the birth year stays: it shows whom the certificate rule covered
    if volunteer.user is not None:
        volunteer.user.active = False
        if not result.live_matches:
            # With a match still running the coordinators need the address for the closing
            # talk; the daily retention job removes it once the last match is closed.
            erase_login(volunteer.user)
    audit.record(
        actor, "volunteer.left", subject=volunteer,
        detail={"discarded": result.discarded,
                "live_matches": [m.id for m in result.live_matches]},
    )
    if result.live_matches:
        _tell_coordinators_about_live_matches(volunteer, result.live_matches)
    return result


def _tell_coordinators_about_live_matches(volunteer: Volunteer, matches: list["Match"]) -> None:
    notify(active_users(Role.COORDINATOR), "volunteer_left_live_matches", volunteer=volunteer,
           count=len(matches), link=("volunteers.screening", {"volunteer_id": volunteer.id}))


def _refresh_and_tell(volunteer: Volunteer, today: date) -> VolunteerStatus:
    """Store the derived status; a volunteer who has just become approved is told once."""
    before = volunteer.status
    after = refresh_status(volunteer, today)
    if after == VolunteerStatus.APPROVED and before != VolunteerStatus.APPROVED and (
        before != VolunteerStatus.PAUSED
    ):
        notify([volunteer.user], "volunteer_approved", volunteer=volunteer,
               link=("main.home", {}))
    return after


# --- screening ---------------------------------------------------------------------------


def record_step(
    volunteer: Volunteer,
    actor: User,
    step: ScreeningStepKind,
    completed_on: date,
    notes: str,
    today: date,
) -> ScreeningStep:
    """Record (or correct) one completed screening step with date and who."""
    record = next((s for s in volunteer.screening_steps if s.step == step), None)
    if record is None:
        record = ScreeningStep(step=step, completed_on=completed_on)
        volunteer.screening_steps.append(record)
    record.completed_on = completed_on
    record.notes = notes
    record.recorded_by = actor
    record.recorded_at = utcnow()
    db.session.flush()
    _refresh_and_tell(volunteer, today)
    audit.record(actor, "volunteer.screening_step", subject=volunteer,
                 detail={"step": step.value, "on": completed_on.isoformat()})
    return record


def find_household_member(volunteer: Volunteer, member_id: int | None) -> HouseholdMember | None:
    """The household member with this id, or None for the volunteer themselves."""
    if member_id is None:
        return None
    for member in volunteer.household:
        if member.id == member_id:
            return member
    raise NotFound(member_id)


def request_certificate(
    volunteer: Volunteer,
    actor: User,
    holder: HouseholdMember | None,
    requested_on: date,
    today: date,
) -> ChildCertificate:
    """Record that a child certificate was requested (the person consents in Digital Post)."""
    certificate = ChildCertificate(requested_on=requested_on, recorded_by=actor)
    volunteer.certificates.append(certificate)
    certificate.household_member = holder  # after joining the session through the volunteer
    db.session.flush()
    _refresh_and_tell(volunteer, today)
    audit.record(actor, "volunteer.certificate_requested", subject=volunteer,
                 detail={"member": holder.id if holder is not None else None,
                         "on": requested_on.isoformat()})
    return certificate


def default_valid_until(received_on: date) -> date:
    """The unit's renewal policy: valid CERTIFICATE_VALID_YEARS years from arrival."""
    years = int(current_app.config["CERTIFICATE_VALID_YEARS"])
    try:
        return received_on.replace(year=received_on.year + years)
    except ValueError:  # 29 February
        return received_on.replace(year=received_on.year + years, day=28)


def get_certificate(volunteer: Volunteer, certificate_id: int) -> ChildCertificate | None:
    """One of this volunteer's child certificates; another's id is None."""
    for certificate in volunteer.certificates:
        if certificate.id == certificate_id:
            return certificate
    return None


def record_certificate_answer(
    volunteer: Volunteer,
    actor: User,
    certificate: ChildCertificate,
    *,
    received_on: date,
    assessment: CertificateAssessment,
    note: str,
    valid_until: date | None,
    today: date,
) -> None:
    """Record the arrival and the assessment of a certificate (never the document itself)."""
    certificate.received_on = received_on
    certificate.assessment = assessment
    certificate.note = note
    certificate.valid_until = (
        None if assessment == CertificateAssessment.NOT_SUITABLE
        else valid_until or default_valid_until(received_on)
    )
    certificate.recorded_by = actor
    certificate.recorded_at = utcnow()
    db.session.flush()
    _sync_certificate_step(volunteer, actor, today)
    _refresh_and_tell(volunteer, today)
    audit.record(actor, "volunteer.certificate_assessed", subject=volunteer,
                 detail={"certificate": certificate.id, "assessment": assessment.value})


def _sync_certificate_step(volunteer: Volunteer, actor: User, today: date) -> None:
    """The child-certificate step is done once every required certificate is accepted."""
    if not certificates_complete(volunteer, today):
        return
    if ScreeningStepKind.CHILD_CERTIFICATE in steps_done(volunteer):
        return
    # Complete: every holder has an accepted (so received) certificate.
    holders = certificate_holders(volunteer, today)
    latest = [latest_certificate(volunteer, holder) for holder in holders]
    received = [c.received_on for c in latest if c is not None and c.received_on is not None]
    volunteer.screening_steps.append(
        ScreeningStep(
            step=ScreeningStepKind.CHILD_CERTIFICATE,
            completed_on=max(received),
            recorded_by=actor,
        )
    )
    db.session.flush()


# --- the coordinator's decisions ------------------------------------------------------------


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    HOLD = "hold"
    RESUME = "resume"  # take an application off hold and go on screening
    END = "end"


class DecisionRefused(ValueError):
    """The decision does not fit the volunteer's record; the message is for the coordinator."""


def decisions_open_to(volunteer: Volunteer, today: date) -> list[Decision]:
    """The decisions a coordinator can make on this volunteer now, in the page's order."""
    if volunteer.status in (VolunteerStatus.ENDED, VolunteerStatus.REJECTED):
        return []
    open_ = []
    if volunteer.status != VolunteerStatus.APPROVED and screening_complete(volunteer, today):
        open_.append(Decision.APPROVE)
    if volunteer.status == VolunteerStatus.ON_HOLD:
        open_.append(Decision.RESUME)
    open_ += [Decision.REJECT, Decision.HOLD, Decision.END]
    return open_


def decide(
    volunteer: Volunteer,
    actor: User,
    decision: Decision,
    today: date,
    *,
    reason: str | None = None,
    until: date | None = None,
    note: str = "",
) -> VolunteerStatus:
    """Make a screening decision, audit it and tell the volunteer in their own language.

    Approving needs complete screening (the rule is never bypassed); rejecting and ending
    discard open proposals. Raises DecisionRefused when the decision does not fit.
    """
    if decision not in decisions_open_to(volunteer, today):
        raise DecisionRefused(_("This decision cannot be made on this volunteer now."))
    before = volunteer.status
    if decision == Decision.REJECT:
        if reason not in RejectionReason.__members__.values():
            raise DecisionRefused(_("Please choose a reason."))
        volunteer.rejected_at = utcnow()
        volunteer.rejection_reason = reason
        volunteer.on_hold_until = None
        volunteer.decision_note = note
        discard_open_matches(volunteer, by=actor, reason="volunteer rejected")
    elif decision == Decision.HOLD:
        if until is None or until <= today:
            raise DecisionRefused(_("The date to look again must be after today."))
        volunteer.on_hold_until = until
        volunteer.decision_note = note
        discard_open_matches(volunteer, by=actor, reason="volunteer on hold")
    elif decision == Decision.END:
        if reason not in ApplicationEndReason.__members__.values():
            raise DecisionRefused(_("Please choose a reason."))
        volunteer.ended_at = utcnow()
        volunteer.end_reason = reason
        volunteer.on_hold_until = None
        volunteer.paused_until = None
        volunteer.decision_note = note
        discard_open_matches(volunteer, by=actor, reason="application ended")
    else:  # APPROVE or RESUME: off hold; approval itself follows from complete screening
        volunteer.on_hold_until = None
    db.session.flush()
    after = _refresh_and_tell(volunteer, today)
    if decision == Decision.APPROVE and after != VolunteerStatus.APPROVED:
        raise DecisionRefused(_("Screening is not complete yet."))
    audit.record(actor, f"volunteer.decision.{decision.value}", subject=volunteer,
                 detail={"from": before.value, "to": after.value, "reason": reason,
                         "until": until.isoformat() if until else None})
    link: tuple[str, dict[str, object]] = ("volunteers.my_profile", {})
    if decision == Decision.REJECT:
        notify([volunteer.user], "volunteer_rejected", volunteer=volunteer, reason=reason,
               link=link)
    elif decision == Decision.HOLD:
        notify([volunteer.user], "volunteer_on_hold", volunteer=volunteer, until=until,
               link=link)
    return after


def on_hold_due(today: date) -> list[Volunteer]:
    """Applications on hold whose look-again date has come, longest due first."""
    return list(db.session.scalars(
        select(Volunteer)
        .where(Volunteer.status == VolunteerStatus.ON_HOLD, Volunteer.on_hold_until <= today)
        .order_by(Volunteer.on_hold_until, Volunteer.id)
    ))


# --- coordinators' lists -----------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerFilters:
    """What the list of volunteers is narrowed to; None or empty means "any"."""

    status: VolunteerStatus | None = None
    query: str = ""  # part of the name or the postcode
    offer: str | None = None  # a match type offered (or "events")
    language: str | None = None
    district: str | None = None  # a town; see reference_data.districts()
    organisation_id: int | None = None
    certificate: certificates.CertificateState | None = None  # the one rule's state today


def _has_tag(column: Any, key: str) -> Any:
    """Whether a list-of-tags column holds `key`: the JSON text contains it quoted, the same
    on SQLite and PostgreSQL (tags are vocabulary keys: letters, digits and underscores)."""
    return cast(column, String).like(f'%"{key}"%')


def volunteer_list(
    status: VolunteerStatus | None = None,
    query: str = "",
    *,
    filters: VolunteerFilters | None = None,
) -> Select:
    """Volunteers by status, searchable by name/postcode and filtered by what they offer,
    language, district, organisation and certificate state: a query to page through."""
    filters = filters or VolunteerFilters(status=status, query=query)
    statement = select(Volunteer).order_by(Volunteer.created_at, Volunteer.id)
    if filters.status is not None:
        statement = statement.where(Volunteer.status == filters.status)
    if filters.query:
        like = f"%{filters.query.lower()}%"
        statement = statement.where(
            or_(
                func.lower(Volunteer.first_name + " " + Volunteer.last_name).like(like),
                Volunteer.postcode.like(like),
            )
        )
    if filters.offer:
        statement = statement.where(_has_tag(Volunteer.offers, filters.offer))
    if filters.language:
        statement = statement.where(_has_tag(Volunteer.languages, filters.language))
    if filters.district:
        statement = statement.where(
            Volunteer.postcode.in_(reference_data.postcodes_of(filters.district))
        )
    if filters.organisation_id is not None:
        statement = statement.where(Volunteer.organisation_id == filters.organisation_id)
    if filters.certificate is not None:
        # The state comes from the one certificate rule, worked out for the volunteers the
        # other filters leave (three statements at any size), never from a copy in SQL.
        candidates = statement.with_only_columns(Volunteer.id).order_by(None)
        statement = statement.where(Volunteer.id.in_(
            certificates.ids_in_state(candidates, filters.certificate, date.today())
        ))
    return statement


def list_volunteers(
    user: User, filters: VolunteerFilters, *, number: int, shown: dict[str, Any]
) -> Page:
    """Page `number` of the volunteers the filters leave, logged as a list `user` read (with the
    filters as the address shows them, `shown`)."""
    page = paginate(volunteer_list(filters=filters), number=number)
    audit.record_list(user, "volunteers.listed", page.items, page=page.number, **shown)
    return page


def status_counts() -> dict[VolunteerStatus, int]:
    rows = db.session.execute(select(Volunteer.status, func.count()).group_by(Volunteer.status))
    found = dict(rows.all())
    return {status: found.get(status, 0) for status in VolunteerStatus}


@dataclass
class Warnings:
    renewal: list[certificates.Attention]  # running out or expired, by the one rule
    unanswered: list[tuple[ChildCertificate, Volunteer]]
    waiting_applicants: list[Volunteer]


def screening_warnings(today: date, config: dict[str, Any]) -> Warnings:
    """Certificates running out or expired, requests without answer, applicants kept waiting."""
    answer_limit = today - timedelta(days=int(config["CERTIFICATE_ANSWER_DAYS"]))
    wait_limit = today - timedelta(days=int(config["SCREENING_WAIT_WARNING_DAYS"]))
    not_ended = Volunteer.ended_at.is_(None)
    unanswered = [
        (c, v)
        for c, v in db.session.execute(
            select(ChildCertificate, Volunteer)
            .join(Volunteer, ChildCertificate.volunteer_id == Volunteer.id)
            .where(not_ended, ChildCertificate.received_on.is_(None),
                   ChildCertificate.requested_on <= answer_limit)
            .order_by(ChildCertificate.requested_on)
        ).all()
    ]
    cutoff = datetime.combine(wait_limit, datetime.min.time()).astimezone()
    waiting_applicants = list(
        db.session.scalars(
            select(Volunteer)
            .where(Volunteer.status == VolunteerStatus.APPLICANT, Volunteer.created_at <= cutoff)
            .order_by(Volunteer.created_at)
        )
    )
    return Warnings(renewal=certificates.needing_renewal(today), unanswered=unanswered,
                    waiting_applicants=waiting_applicants)
