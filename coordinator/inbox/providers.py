"""The built-in inbox providers, one per kind of task; each reads in a bounded number of
statements whatever the size of the data (no query per row)."""

from collections import defaultdict
from datetime import date, timedelta

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from coordinator.auth.models import Role, User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.inbox.registry import InboxItem, register
from coordinator.labels import enum_label
from coordinator.mail import services as mail_services
from coordinator.mail.models import OutboxMessage
from coordinator.matches import follow_up
from coordinator.matches import services as match_services
from coordinator.matches.models import (
    LIVE_STATUSES,
    FollowUp,
    FollowUpTrack,
    Match,
    MatchStatus,
    MatchStatusChange,
)
from coordinator.referrals.models import Family, Referral, ReferralStatus, YoungPerson
from coordinator.vocabulary import MatchType
from coordinator.volunteers import certificates
from coordinator.volunteers import services as volunteer_services
from coordinator.volunteers.certificates import CertificateState
from coordinator.volunteers.models import Volunteer, VolunteerStatus

STAFF = (Role.COORDINATOR, Role.ADMIN)
# How many named items of one kind a home page lists before it points to the list behind them.
NAMED_ITEMS = 20
# Status changes on a caseworker's referrals stay in the inbox this long.
RECENT_CHANGE_DAYS = 14

# The next screening step, as the coordinator must act on it (not the text for the volunteer).
SCREENING_TASKS = {
    "interview": _l("Applicants to interview"),
    "references": _l("References to take"),
    "confidentiality": _l("Confidentiality declarations to collect"),
    "certificate_request": _l("Child certificates to request"),
    "certificate_answer": _l("Child certificates requested, no answer yet"),
    "certificate_assessment": _l("Child certificates to assess"),
    "training": _l("Volunteers waiting for basic training"),
}


def _seeker_name(first_name: str | None, display_name: str | None) -> str:
    return first_name or display_name or _("(no name)")


# --- the coordination unit ---------------------------------------------------------------------


@register(*STAFF)
def screening(user: User, today: date) -> list[InboxItem]:
    """Applicants and volunteers in screening, counted by the step they wait for."""
    volunteers = db.session.scalars(
        select(Volunteer)
        .options(selectinload(Volunteer.screening_steps), selectinload(Volunteer.certificates),
                 selectinload(Volunteer.household))
        .where(Volunteer.status.in_((VolunteerStatus.APPLICANT, VolunteerStatus.IN_SCREENING)))
    ).all()
    groups: dict[tuple[VolunteerStatus, str], list[Volunteer]] = defaultdict(list)
    for volunteer in volunteers:
        waiting = volunteer_services.waiting_for(volunteer, today)
        if waiting:
            groups[(volunteer.status, waiting[0].code)].append(volunteer)
    return [
        InboxItem(
            title=_("%(task)s: %(count)d", task=SCREENING_TASKS[code], count=len(people)),
            url=url_for("volunteers.index", status=status.value),
            action=_("Screen"),
            since=min(v.created_at for v in people),
            count=len(people),
        )
        for (status, code), people in groups.items()
    ]


@register(*STAFF)
def on_hold_to_look_at(user: User, today: date) -> list[InboxItem]:
    """Applications put on hold whose look-again date has come, named (one statement)."""
    return [
        InboxItem(
            title=_("Application on hold: %(name)s", name=volunteer.full_name),
            url=url_for("volunteers.screening", volunteer_id=volunteer.id, _anchor="decision"),
            action=_("Look at the application again"),
            since=volunteer.on_hold_until,
            kind="on_hold",
            ref=volunteer,
        )
        for volunteer in volunteer_services.on_hold_due(today)[:NAMED_ITEMS]
    ]


@register(*STAFF)
def certificates_to_renew(user: User, today: date) -> list[InboxItem]:
    """Child certificates that have expired or run out within the warning period."""
    found = certificates.needing_renewal(today)
    items = []
    for state, label in ((CertificateState.EXPIRED, _l("Child certificates expired")),
                         (CertificateState.RUNNING_OUT, _l("Child certificates running out"))):
        of_state = [a for a in found if a.state == state]
        if of_state:
            items.append(InboxItem(
                title=_("%(task)s: %(count)d", task=label, count=len(of_state)),
                url=url_for("volunteers.warnings", _anchor="certificates"),
                action=_("Ask for a renewal"),
                since=of_state[0].until,
                count=len(of_state),
                detail=", ".join(a.name for a in of_state[:5]),
            ))
    return items


@register(*STAFF)
def referrals_waiting(user: User, today: date) -> list[InboxItem]:
    """Referrals that wait for a shortlist."""
    count, oldest = db.session.execute(
        select(func.count(), func.min(Referral.created_at)).where(
            Referral.status == ReferralStatus.WAITING)
    ).one()
    if not count:
        return []
    return [InboxItem(
        title=_("Referrals waiting for a shortlist: %(count)d", count=count),
        url=url_for("matches.waiting"), action=_("Make a shortlist"), since=oldest, count=count,
    )]


@register(*STAFF)
def matches_ready_to_start(user: User, today: date) -> list[InboxItem]:
    """Accepted matches, each named, waiting for the start conversation."""
    rows = db.session.execute(
        select(Match.id, Match.updated_at, Volunteer.first_name.label("volunteer"),
               YoungPerson.first_name, Family.display_name)
        .join(Volunteer, Volunteer.id == Match.volunteer_id)
        .join(Referral, Referral.id == Match.referral_id)
        .outerjoin(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .outerjoin(Family, Family.id == Referral.family_id)
        .where(Match.status == MatchStatus.ACCEPTED)
        .order_by(Match.updated_at, Match.id)
        .limit(NAMED_ITEMS)
    ).all()
    return [InboxItem(
        title=_("Ready to start: %(volunteer)s and %(seeker)s", volunteer=row.volunteer,
                seeker=_seeker_name(row.first_name, row.display_name)),
        url=url_for("matches.detail", match_id=row.id), action=_("Start the match"),
        since=row.updated_at,
    ) for row in rows]


@register(*STAFF)
def overdue_check_ins(user: User, today: date) -> list[InboxItem]:
    """Check-ins past their date."""
    overdue = follow_up.overdue_query(today).subquery()
    count, oldest = db.session.execute(
        select(func.count(), func.min(overdue.c.due_on))
    ).one()
    if not count:
        return []
    return [InboxItem(
        title=_("Check-ins overdue: %(count)d", count=count),
        url=url_for("matches.overdue"), action=_("Follow up"), since=oldest, count=count,
    )]


@register(*STAFF, Role.CASEWORKER)
def open_concerns(user: User, today: date) -> list[InboxItem]:
    """Unresolved concerns, naming the child; the caseworker's show what was said."""
    return [InboxItem(
        title=_("Concern about %(name)s: %(type)s", name=concern.seeker_name,
                type=enum_label(concern.concern_type)),
        url=url_for("matches.detail", match_id=concern.match_id),
        action=_("Handle the concern"),
        since=concern.raised_at,
        detail=(concern.description if user.role == Role.CASEWORKER else "")
        + (" " + _("The e-mail about this concern did not arrive: call the caseworker.")
           if concern.mail_not_arrived and user.role != Role.CASEWORKER else ""),
        urgent=True,
        kind="concern",
        ref=concern,
    ) for concern in match_services.open_concerns_for(user)]


@register(*STAFF)
def friend_pairs_to_approve(user: User, today: date) -> list[InboxItem]:
    """Friend-bank pairs the matcher proposed, waiting for review."""
    count, oldest = db.session.execute(
        select(func.count(), func.min(Match.created_at)).where(
            Match.match_type == MatchType.FRIEND_BANK, Match.status == MatchStatus.PROPOSED)
    ).one()
    if not count:
        return []
    return [InboxItem(
        title=_("Friend pairs to approve: %(count)d", count=count),
        url=url_for("friendbank.pairs"), action=_("Review the pairs"), since=oldest,
        count=count,
    )]


@register(*STAFF)
def mail_not_arrived(user: User, today: date) -> list[InboxItem]:
    """E-mails that did not go out."""
    count, oldest = db.session.execute(
        select(func.count(), func.min(OutboxMessage.created_at)).where(
            mail_services.not_arrived())
    ).one()
    if not count:
        return []
    return [InboxItem(
        title=_("E-mails that did not arrive: %(count)d", count=count),
        url=url_for("mail.undelivered"), action=_("Send again or call"), since=oldest,
        count=count, urgent=True,
    )]


# --- the caseworker ----------------------------------------------------------------------------


@register(Role.CASEWORKER)
def shortlists_to_show(user: User, today: date) -> list[InboxItem]:
    """The caseworker's referrals whose shortlist waits for the family's choice."""
    rows = db.session.execute(
        select(Referral.id, func.min(Match.updated_at).label("since"),
               YoungPerson.first_name, Family.display_name)
        .join(Match, Match.referral_id == Referral.id)
        .outerjoin(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .outerjoin(Family, Family.id == Referral.family_id)
        .where(Referral.caseworker_id == user.id, Match.status == MatchStatus.SHORTLISTED)
        .group_by(Referral.id, YoungPerson.first_name, Family.display_name)
    ).all()
    return [InboxItem(
        title=_("Shortlist for %(name)s is ready",
                name=_seeker_name(row.first_name, row.display_name)),
        url=url_for("matches.choose", referral_id=row.id),
        action=_("Show the family and record their choice"), since=row.since,
    ) for row in rows]


# Changes a caseworker hears of: the volunteer's answer, the start, a pause, the end.
CHANGES_TOLD = (MatchStatus.OFFERED, MatchStatus.ACCEPTED, MatchStatus.DECLINED,
                MatchStatus.ACTIVE, MatchStatus.PAUSED, MatchStatus.CLOSED)


@register(Role.CASEWORKER)
def status_changes(user: User, today: date) -> list[InboxItem]:
    """Recent changes on the caseworker's referrals made by someone else."""
    since = utcnow() - timedelta(days=RECENT_CHANGE_DAYS)
    rows = db.session.execute(
        select(MatchStatusChange.to_status, MatchStatusChange.changed_at, Referral.id,
               YoungPerson.first_name, Family.display_name)
        .join(Match, Match.id == MatchStatusChange.match_id)
        .join(Referral, Referral.id == Match.referral_id)
        .outerjoin(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .outerjoin(Family, Family.id == Referral.family_id)
        .where(Referral.caseworker_id == user.id,
               MatchStatusChange.to_status.in_(CHANGES_TOLD),
               MatchStatusChange.changed_at >= since,
               (MatchStatusChange.changed_by_id != user.id)
               | MatchStatusChange.changed_by_id.is_(None))
        .order_by(MatchStatusChange.changed_at.desc())
        .limit(NAMED_ITEMS)
    ).all()
    return [InboxItem(
        title=_("%(name)s: %(status)s", name=_seeker_name(row.first_name, row.display_name),
                status=enum_label(row.to_status)),
        url=url_for("referrals.detail", referral_id=row.id), action=_("See the referral"),
        since=row.changed_at,
    ) for row in rows]


# --- the volunteer -----------------------------------------------------------------------------


@register(Role.VOLUNTEER)
def volunteer_tasks(user: User, today: date) -> list[InboxItem]:
    """An offer to answer, the running match and its next check-in, a certificate to renew,
    or what screening still waits for."""
    volunteer = user.volunteer
    if volunteer is None:
        return []
    items = []
    rows = db.session.execute(
        select(Match.id, Match.status, Match.updated_at, YoungPerson.first_name,
               Family.display_name)
        .join(Referral, Referral.id == Match.referral_id)
        .outerjoin(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .outerjoin(Family, Family.id == Referral.family_id)
        .where(Match.volunteer_id == volunteer.id,
               Match.status.in_((MatchStatus.OFFERED, MatchStatus.ACCEPTED, *LIVE_STATUSES)))
        .order_by(Match.id)
    ).all()
    next_check_in = dict(db.session.execute(
        select(FollowUp.match_id, func.min(FollowUp.due_on))
        .where(FollowUp.match_id.in_([r.id for r in rows]), FollowUp.done_on.is_(None),
               FollowUp.track == FollowUpTrack.VOLUNTEER)
        .group_by(FollowUp.match_id)
    ).all()) if rows else {}
    for row in rows:
        name = _seeker_name(row.first_name, row.display_name)
        url = url_for("matches.detail", match_id=row.id)
        if row.status == MatchStatus.OFFERED:
            items.append(InboxItem(title=_("A proposal is waiting for your answer"), url=url,
                                   action=_("Read and answer"), since=row.updated_at,
                                   urgent=True))
        elif row.status == MatchStatus.ACCEPTED:
            items.append(InboxItem(
                title=_("You said yes to %(name)s", name=name), url=url,
                action=_("See the match"), since=row.updated_at,
                detail=_("The coordination unit will call you to agree on the start.")))
        else:
            due = next_check_in.get(row.id)
            items.append(InboxItem(
                title=_("Your match with %(name)s", name=name), url=url,
                action=_("Log a meeting"), since=due or row.updated_at,
                detail=_("Next check-in: %(date)s", date=format_date(due))
                if due else ""))
    if volunteer.status in certificates.WATCHED_STATUSES:
        cover = certificates.cover(volunteer, today)
        if cover.needs_renewal and cover.until is not None:
            items.append(InboxItem(
                title=_("Your child certificate expired on %(date)s",
                        date=format_date(cover.until))
                if cover.state == CertificateState.EXPIRED
                else _("Your child certificate runs out on %(date)s",
                       date=format_date(cover.until)),
                url=url_for("volunteers.my_profile"),
                action=_("Accept the new request in Digital Post"), since=cover.until))
    return items


# --- the organisation contact ------------------------------------------------------------------


@register(Role.ORGANISATION_CONTACT)
def organisation_screening_gaps(user: User, today: date) -> list[InboxItem]:
    """The organisation's volunteers whose screening is not complete, each named."""
    if user.organisation_id is None:
        return []
    volunteers = db.session.scalars(
        select(Volunteer)
        .options(selectinload(Volunteer.screening_steps), selectinload(Volunteer.certificates),
                 selectinload(Volunteer.household))
        .where(Volunteer.organisation_id == user.organisation_id,
               Volunteer.status.in_((VolunteerStatus.APPLICANT, VolunteerStatus.IN_SCREENING)))
        .order_by(Volunteer.created_at, Volunteer.id)
    ).all()
    items = []
    for volunteer in volunteers:
        missing = len(volunteer_services.waiting_for(volunteer, today))
        items.append(InboxItem(
            title=_("%(name)s: %(count)d screening steps missing", name=volunteer.full_name,
                    count=missing),
            url=url_for("organisations.my_volunteer", volunteer_id=volunteer.id),
            action=_("See the screening"), since=volunteer.created_at))
    return items


