"""Courses and supervision: the list, planning, signing up and cancelling, attendance, and the
volunteers who are due for supervision."""

from datetime import UTC, date, datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from coordinator import locking
from coordinator.auth.models import Role
from coordinator.courses import inbox as _inbox  # noqa: F401 - registers the supervision item
from coordinator.courses import services
from coordinator.courses.forms import KIND_LABELS, THEME_LABELS, AttendanceForm, CourseForm
from coordinator.courses.models import Course, CourseSignupStatus
from coordinator.events.services import local_to_utc, to_local
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import form_page
from coordinator.pagination import paginate, requested_page
from coordinator.security import roles_required

bp = Blueprint("courses", __name__)

ORGANISERS = (Role.COORDINATOR, Role.ADMIN)
VIEWERS = (*ORGANISERS, Role.VOLUNTEER)


@bp.app_context_processor
def _labels() -> dict:
    return {"course_kind_labels": KIND_LABELS, "course_theme_labels": THEME_LABELS}


@bp.app_template_filter("hours")
def hours(value: float) -> str:
    """Hours in the reader's notation: 2,5 in Danish, 2.5 in English."""
    return format_decimal(value, format="#,##0.#")


@bp.app_template_global()
def training_record_of(volunteer) -> services.TrainingRecord:
    """Courses and supervision a volunteer attended, for their record (one query)."""
    return services.training_record(volunteer)


@bp.app_template_global()
def volunteer_record_of(volunteer) -> services.VolunteerRecord:
    """The volunteer's year: meetings and hours, courses, supervision, certificate validity."""
    return services.volunteer_record(volunteer, date.today())


@bp.route("/frivillig/min-side/udtalelse")
@roles_required(Role.VOLUNTEER)
def statement():
    """A printable statement (udtalelse) of the volunteer's work, for a job application."""
    volunteer = current_user.volunteer
    if volunteer is None:
        abort(404)
    services.view_statement(current_user, volunteer)
    db.session.commit()
    return render_template(
        "courses/statement.html",
        volunteer=volunteer,
        record=services.volunteer_record(volunteer, date.today()),
        all_training=services.training_record(volunteer),
        unit_name=current_app.config["UNIT_NAME"],
    )


@bp.route("/kurser")
@roles_required(*VIEWERS)
def index():
    """List coming courses and supervision; organisers also see past ones for attendance."""
    upcoming = paginate(services.upcoming_courses())
    volunteer = current_user.volunteer if current_user.role == Role.VOLUNTEER else None
    past = None
    if current_user.role in ORGANISERS:
        past = paginate(services.past_courses(), number=1, per_page=20)
    return render_template(
        "courses/index.html",
        upcoming=upcoming,
        past=past,
        mine=services.my_signups(volunteer) if volunteer is not None else {},
        is_organiser=current_user.role in ORGANISERS,
    )


@bp.route("/kurser/nyt", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def create():
    """Plan a course or a supervision session."""
    form = CourseForm()
    if form.validate_on_submit():
        course = services.create_course(current_user, _values(form))
        db.session.commit()
        flash(_("The course %(title)s was created.", title=course.title), "success")
        return redirect(url_for("courses.course", course_id=course.id))
    return form_page("courses/form.html", form, course=None)


@bp.route("/kurser/<int:course_id>/rediger", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def edit(course_id: int):
    """Change a course; added places go to the waiting list first."""
    course = _course_or_404(course_id)
    form = CourseForm(obj=course)
    if not form.is_submitted():
        start = to_local(course.starts_at)
        form.day.data, form.start_time.data = start.date(), start.time()
        form.kind.data = course.kind.value
        form.theme.data = course.theme.value if course.theme else ""
    if form.validate_on_submit():
        try:
            services.update_course(current_user, course, _values(form))
        except locking.Busy as busy:
            db.session.rollback()
            flash(str(busy), "error")
            return form_page("courses/form.html", form, course=course)
        db.session.commit()
        flash(_("The course %(title)s was saved.", title=course.title), "success")
        return redirect(url_for("courses.course", course_id=course.id))
    return form_page("courses/form.html", form, course=course)


@bp.route("/kurser/<int:course_id>")
@roles_required(*VIEWERS)
def course(course_id: int):
    """Show a course: places, your own sign-up, and (organisers) who is signed up."""
    item = _course_or_404(course_id)
    signups = services.view_signups(current_user, item) if current_user.role in ORGANISERS else []
    volunteer = current_user.volunteer if current_user.role == Role.VOLUNTEER else None
    return render_template(
        "courses/course.html",
        course=item,
        registered=services.registered_count(item),
        signups=signups,
        mine=services.signup_of(item, volunteer) if volunteer is not None else None,
        can_sign_up=services.may_sign_up(volunteer),
        is_organiser=current_user.role in ORGANISERS,
        form=ConfirmForm(),
    )


@bp.route("/kurser/<int:course_id>/tilmeld", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def sign_up(course_id: int):
    """Sign yourself up; a full course puts you on the waiting list."""
    item = _course_or_404(course_id)
    volunteer = current_user.volunteer
    if volunteer is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        signup = services.sign_up(current_user, item, volunteer, datetime.now(UTC))
    except (services.SignupRefused, locking.Busy) as refused:
        db.session.rollback()
        flash(str(getattr(refused, "message", refused)), "error")
        return redirect(url_for("courses.course", course_id=course_id), 303)
    db.session.commit()
    if signup.status == CourseSignupStatus.REGISTERED:
        flash(_("You are signed up."), "success")
    else:
        flash(_("The course is full: you are on the waiting list."), "warning")
    return redirect(url_for("courses.course", course_id=course_id), 303)


@bp.route("/kurser/<int:course_id>/afmeld", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def cancel(course_id: int):
    """Cancel your own sign-up; the first on the waiting list gets the place."""
    item = _course_or_404(course_id)
    volunteer = current_user.volunteer
    signup = services.signup_of(item, volunteer) if volunteer is not None else None
    if signup is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.cancel(current_user, signup)
    except locking.Busy as busy:
        db.session.rollback()
        flash(str(busy), "error")
        return redirect(url_for("courses.course", course_id=course_id), 303)
    db.session.commit()
    flash(_("Your sign-up was cancelled."), "success")
    return redirect(url_for("courses.course", course_id=course_id), 303)


@bp.route("/kurser/<int:course_id>/fremmoede", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def attendance(course_id: int):
    """Record who came; the introductory course marks the screening step done."""
    item = _course_or_404(course_id)
    registered = [s for s in item.signups if s.status == CourseSignupStatus.REGISTERED]
    form = AttendanceForm(registered)
    if not form.is_submitted():
        form.attended.data = [str(s.id) for s in registered if s.attended]
    if form.validate_on_submit():
        came = {int(signup_id) for signup_id in form.attended.data or []}
        marked = services.record_attendance(current_user, item, came, date.today())
        db.session.commit()
        flash(_("Attendance is recorded."), "success")
        if marked:
            flash(ngettext("The introductory course is marked done in screening for "
                           "%(num)d volunteer.",
                           "The introductory course is marked done in screening for "
                           "%(num)d volunteers.", marked), "success")
        return redirect(url_for("courses.course", course_id=item.id))
    return form_page("courses/attendance.html", form, course=item)


@bp.route("/kurser/supervision-mangler")
@roles_required(*ORGANISERS)
def without_supervision():
    """List the active volunteers who have had no supervision for the set number of months."""
    months = int(current_app.config["SUPERVISION_DUE_MONTHS"])
    today = date.today()
    page = services.list_without_supervision(current_user, today, months,
                                             number=requested_page())
    return render_template("courses/without_supervision.html", page=page, rows=page.items,
                           months=months)


def _values(form: CourseForm) -> dict:
    return {
        "kind": form.kind.data,
        "theme": form.theme.data or None,
        "title": form.title.data,
        "description": form.description.data or "",
        "starts_at": local_to_utc(form.day.data, form.start_time.data),
        "duration_minutes": form.duration_minutes.data,
        "location": form.location.data,
        "places": form.places.data,
        "cancelled": form.cancelled.data,
    }


def _course_or_404(course_id: int) -> Course:
    item = services.get_course(course_id)
    if item is None:
        abort(404)
    return item
