"""Courses and supervision: planning sessions, volunteers signing themselves up and cancelling,
waiting lists, attendance (which marks the introductory-course screening step), hours attended,
and the volunteers who have had no supervision for a while.

Places and the waiting list are the shared `coordinator.waiting_list` (as for events): signing
up, cancelling and changing a course lock its row while they count, so places are never
overfilled.
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from coordinator.audit.services import record as audit_record
from coordinator.auth.models import User
from coordinator.courses.models import Course, CourseKind, CourseSignup, CourseSignupStatus
from coordinator.extensions import db
from coordinator.matches.models import Match, MeetingLog
from coordinator.vocabulary import ScreeningStepKind
from coordinator.volunteers import services as volunteer_services
from coordinator.volunteers.models import Volunteer, VolunteerStatus
from coordinator.waiting_list import WaitingList

ACTIVE_SIGNUP = (CourseSignupStatus.REGISTERED, CourseSignupStatus.WAITLISTED)
COURSE_FIELDS = ("kind", "theme", "title", "description", "starts_at", "duration_minutes",
                 "location", "places", "cancelled")


class SignupRefused(Exception):
    """A sign-up or cancellation the rules do not allow; `message` says why to the user."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def _aware(moment: datetime) -> datetime:
    # SQLite gives naive values back; they are stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _record(actor: User, change: str, signup: CourseSignup, detail: dict[str, Any]) -> None:
    audit_record(actor, f"course.{change}", subject=signup.volunteer,
                 detail={"course_id": signup.course_id, **detail})


WAITING_LIST = WaitingList(Course, CourseSignup, CourseSignup.course_id, CourseSignupStatus,
                           _record)


# --- planning -------------------------------------------------------------------------------


def create_course(actor: User, values: dict[str, Any]) -> Course:
    """Plan a course or supervision session."""
    course = Course(created_by_id=actor.id)
    _apply(course, values)
    db.session.add(course)
    db.session.flush()
    audit_record(actor, "course.created", subject=course)
    return course


def update_course(actor: User, course: Course, values: dict[str, Any]) -> Course:
    """Change a course; extra places let waiting volunteers in, in the order they came."""
    locked = WAITING_LIST.update(actor, course, lambda locked: _apply(locked, values))
    audit_record(actor, "course.updated", subject=locked)
    return locked


def _apply(course: Course, values: dict[str, Any]) -> None:
    for name in COURSE_FIELDS:
        if name in values:
            setattr(course, name, values[name])
    if course.kind != CourseKind.THEME:
        course.theme = None


def get_course(course_id: int) -> Course | None:
    return db.session.get(Course, course_id)


def upcoming_courses(now: datetime | None = None) -> Select:
    """Courses that have not yet ended, soonest first (a query to page)."""
    now = now or datetime.now(UTC)
    return (
        select(Course)
        .where(Course.starts_at >= now - timedelta(hours=12))
        .order_by(Course.starts_at, Course.id)
    )


def past_courses(now: datetime | None = None) -> Select:
    """Courses that have taken place, newest first (for recording attendance)."""
    now = now or datetime.now(UTC)
    return (
        select(Course)
        .where(Course.starts_at < now)
        .order_by(Course.starts_at.desc(), Course.id.desc())
    )


def registered_count(course: Course) -> int:
    return WAITING_LIST.registered_count(course)


def active_signups(course: Course) -> list[CourseSignup]:
    """Registered and waiting sign-ups, in the order they came."""
    return [signup for signup in course.signups if signup.status in ACTIVE_SIGNUP]


def signup_of(course: Course, volunteer: Volunteer) -> CourseSignup | None:
    """The volunteer's registered or waiting sign-up for this course, if any."""
    return db.session.scalar(
        select(CourseSignup).where(
            CourseSignup.course_id == course.id,
            CourseSignup.volunteer_id == volunteer.id,
            CourseSignup.status.in_(ACTIVE_SIGNUP),
        )
    )


def my_signups(volunteer: Volunteer) -> dict[int, CourseSignup]:
    """The volunteer's active sign-ups by course id (one query)."""
    rows = db.session.scalars(
        select(CourseSignup).where(
            CourseSignup.volunteer_id == volunteer.id, CourseSignup.status.in_(ACTIVE_SIGNUP)
        )
    )
    return {signup.course_id: signup for signup in rows}


# --- signing up, cancelling, the waiting list -------------------------------------------------


def may_sign_up(volunteer: Volunteer | None) -> bool:
    """Volunteers who have not left may sign up (the introduction comes during screening)."""
    return volunteer is not None and volunteer.status != VolunteerStatus.ENDED


def sign_up(actor: User, course: Course, volunteer: Volunteer, now: datetime) -> CourseSignup:
    """Sign a volunteer up: a place if one is free, else the waiting list."""

    def check(locked: Course) -> None:
        if not may_sign_up(volunteer):
            raise SignupRefused(_l("Only active volunteers can sign up."))
        if locked.cancelled:
            raise SignupRefused(_l("The course is cancelled."))
        if _aware(locked.starts_at) < now:
            raise SignupRefused(_l("The course has already started."))
        if signup_of(locked, volunteer) is not None:
            raise SignupRefused(_l("You are already signed up."))

    return WAITING_LIST.sign_up(
        actor, course, check,
        lambda locked, status: CourseSignup(course=locked, volunteer=volunteer, status=status),
    )


def cancel(actor: User, signup: CourseSignup) -> CourseSignup | None:
    """Cancel a sign-up; a freed place goes to the first on the waiting list (returned)."""
    return WAITING_LIST.cancel(actor, signup)


# --- attendance and the record ------------------------------------------------------------------


def record_attendance(actor: User, course: Course, attended_ids: set[int], today: date) -> int:
    """Record who came (by sign-up id); an introductory course marks each attendee's screening
    step "training" done on the course's day. Returns how many steps were marked."""
    day = _aware(course.starts_at).date()
    marked = 0
    for signup in course.signups:
        if signup.status != CourseSignupStatus.REGISTERED:
            continue
        signup.attended = signup.id in attended_ids
        done = volunteer_services.steps_done(signup.volunteer)
        if (signup.attended and course.kind == CourseKind.INTRODUCTION
                and ScreeningStepKind.TRAINING not in done):
            volunteer_services.record_step(
                signup.volunteer, actor, ScreeningStepKind.TRAINING, day,
                str(_l("Attended the introductory course %(title)s", title=course.title)),
                today,
            )
            marked += 1
    course.attendance_recorded_at = datetime.now(UTC)
    db.session.flush()
    audit_record(actor, "course.attendance_recorded", subject=course,
                 detail={"attended": sorted(attended_ids)})
    return marked


@dataclass(frozen=True)
class Attended:
    """One course or supervision session a volunteer attended."""

    title: str
    kind: CourseKind
    day: date
    minutes: int


@dataclass(frozen=True)
class TrainingRecord:
    """What a volunteer attended: every session, and hours of courses and of supervision."""

    sessions: list[Attended]
    course_minutes: int
    supervision_minutes: int

    @property
    def course_hours(self) -> float:
        return round(self.course_minutes / 60, 1)

    @property
    def supervision_hours(self) -> float:
        return round(self.supervision_minutes / 60, 1)


def training_record(volunteer: Volunteer, since: date | None = None) -> TrainingRecord:
    """Courses and supervision the volunteer attended (optionally from a day on), newest first."""
    query = (
        select(Course.title, Course.kind, Course.starts_at, Course.duration_minutes)
        .join(CourseSignup, CourseSignup.course_id == Course.id)
        .where(CourseSignup.volunteer_id == volunteer.id, CourseSignup.attended.is_(True))
        .order_by(Course.starts_at.desc())
    )
    sessions = [
        Attended(title, kind, _aware(starts_at).date(), minutes)
        for title, kind, starts_at, minutes in db.session.execute(query)
        if since is None or _aware(starts_at).date() >= since
    ]
    supervision = sum(s.minutes for s in sessions if s.kind == CourseKind.SUPERVISION)
    courses = sum(s.minutes for s in sessions if s.kind != CourseKind.SUPERVISION)
    return TrainingRecord(sessions, courses, supervision)


@dataclass(frozen=True)
class VolunteerRecord:
    """What a volunteer has done this year, for their page and their statement: meetings and
    hours, courses and supervision, and how long their child certificate is valid. Nothing
    about the children or families they met."""

    year: int
    meetings: int
    meeting_minutes: int
    training: TrainingRecord
    certificate_valid_until: date | None
    volunteer_since: date

    @property
    def meeting_hours(self) -> float:
        return round(self.meeting_minutes / 60, 1)


def volunteer_record(volunteer: Volunteer, today: date) -> VolunteerRecord:
    """The volunteer's own record for this calendar year (three queries)."""
    start = date(today.year, 1, 1)
    meetings, minutes = db.session.execute(
        select(func.count(MeetingLog.id), func.coalesce(func.sum(MeetingLog.minutes), 0))
        .join(Match, Match.id == MeetingLog.match_id)
        .where(Match.volunteer_id == volunteer.id, MeetingLog.met_on >= start,
               MeetingLog.met_on <= today)
    ).one()
    return VolunteerRecord(
        year=today.year,
        meetings=int(meetings),
        meeting_minutes=int(minutes),
        training=training_record(volunteer, since=start),
        certificate_valid_until=volunteer_services.certificate_valid_until(volunteer, today),
        volunteer_since=_aware(volunteer.created_at).date(),
    )


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the last day of a shorter month)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_supervision_query() -> Select:
    """Each volunteer's latest attended supervision session (volunteer id, time)."""
    return (
        select(CourseSignup.volunteer_id, func.max(Course.starts_at).label("last"))
        .join(Course, Course.id == CourseSignup.course_id)
        .where(Course.kind == CourseKind.SUPERVISION, CourseSignup.attended.is_(True))
        .group_by(CourseSignup.volunteer_id)
    )


def without_supervision(today: date, months: int) -> Select:
    """Approved volunteers with no supervision attended in the last `months` months (never
    supervised included), longest without first; rows are (Volunteer, last supervision or None).

    A query to page: the coordinator's inbox and list show it.
    """
    cutoff = months_before(today, months)
    cutoff_at = datetime(cutoff.year, cutoff.month, cutoff.day, tzinfo=UTC)
    last = last_supervision_query().subquery()
    return (
        select(Volunteer, last.c.last)
        .outerjoin(last, last.c.volunteer_id == Volunteer.id)
        .where(
            Volunteer.status == VolunteerStatus.APPROVED,
            (last.c.last.is_(None)) | (last.c.last < cutoff_at),
        )
        .order_by(last.c.last.is_not(None), last.c.last, Volunteer.id)
    )


def count_without_supervision(today: date, months: int) -> int:
    """How many approved volunteers are due for supervision (one query)."""
    return db.session.scalar(
        select(func.count()).select_from(without_supervision(today, months).subquery())
    ) or 0


def volunteers_of(signups: Sequence[CourseSignup]) -> list[Volunteer]:
    return [signup.volunteer for signup in signups]
