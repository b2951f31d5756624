"""Events against loneliness: arranging, signing up, attendance, calendars."""

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator import locking
from coordinator.audit import services as audit
from coordinator.auth.models import Role
from coordinator.events import services
from coordinator.events.forms import (
    EVENT_KIND_LABELS,
    AttendanceForm,
    EventForm,
    SignupForm,
)
from coordinator.events.models import SignupStatus
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import form_page, mark_failed
from coordinator.security import public, roles_required

bp = Blueprint("events", __name__)


@bp.app_context_processor
def _event_kinds() -> dict:
    return {"event_kind_labels": EVENT_KIND_LABELS}

VIEWERS = (Role.ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.VOLUNTEER)
ORGANISERS = (Role.COORDINATOR, Role.ADMIN)


@bp.route("/arrangementer")
@roles_required(*VIEWERS)
def events():
    """List the coming events (and, for organisers, recent ones to record attendance)."""
    return render_template(
        "events/list.html",
        upcoming=services.upcoming_events(),
        past=services.past_events() if current_user.role in ORGANISERS else [],
        can_create=services.can_create_events(current_user),
    )


@bp.route("/arrangementer/nyt", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR, Role.ADMIN, Role.VOLUNTEER)
def create():
    """Arrange a new event (coordinators and approved volunteers)."""
    if not services.can_create_events(current_user):
        abort(403)
    form = EventForm()
    if form.validate_on_submit():
        event = services.create_event(current_user, _event_values(form))
        db.session.commit()
        flash(_("The event %(title)s was created.", title=event.title), "success")
        return redirect(url_for("events.event", event_id=event.id))
    return form_page("events/event_form.html", form, event=None)


@bp.route("/arrangementer/<int:event_id>/rediger", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR, Role.ADMIN, Role.VOLUNTEER)
def edit(event_id: int):
    """Change an event (its organiser or a coordinator)."""
    event = _event_or_404(event_id)
    if not services.can_edit_event(current_user, event):
        abort(403)
    form = EventForm(obj=event)
    if not form.is_submitted():
        start = services.to_local(event.starts_at)
        form.day.data, form.start_time.data = start.date(), start.time()
        form.end_time.data = services.to_local(event.ends_at).time() if event.ends_at else None
    if form.validate_on_submit():
        services.update_event(current_user, event, _event_values(form))
        db.session.commit()
        flash(_("The event %(title)s was saved.", title=event.title), "success")
        return redirect(url_for("events.event", event_id=event.id))
    return form_page("events/event_form.html", form, event=event)


@bp.route("/arrangementer/<int:event_id>")
@roles_required(*VIEWERS)
def event(event_id: int):
    """Show an event, its places, and the sign-ups the user may see."""
    item = _event_or_404(event_id)
    people = services.eligible_young_people(current_user, item, date.today())
    return _event_page(item, SignupForm(people) if people else None)


def _event_page(item, signup_form, status: int = 200):
    signups = services.visible_signups(current_user, item)
    # The sign-up list names young people: seeing it is logged like any view of their records.
    audit.record(
        current_user,
        "event.viewed",
        subject=item,
        detail={"young_people": [s.young_person_id for s in signups if s.young_person_id]},
    )
    db.session.commit()
    return render_template(
        "events/event.html",
        event=item,
        registered=services.registered_count(item),
        signups=signups,
        signup_form=signup_form,
        confirm_form=ConfirmForm(),
        can_edit=services.can_edit_event(current_user, item),
    ), status


@bp.route("/arrangementer/<int:event_id>/tilmeld", methods=["POST"])
@roles_required(*VIEWERS)
def sign_up(event_id: int):
    """Sign a young person up; a full event puts them on the waiting list."""
    item = _event_or_404(event_id)
    # Every young person of this user is looked up, not only those the page offered, so a
    # stale page gets the rule's own message ("outside the age range") from the service.
    people = {str(person.id): person for person in services.eligible_young_people(current_user)}
    form = SignupForm(people.values())
    if not form.validate_on_submit():
        mark_failed()
        return _event_page(item, form, 400)
    person = people[form.young_person_id.data]
    try:
        signup = services.sign_up(current_user, item, person, date.today())
    except (services.SignupRefused, locking.Busy) as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
        return redirect(url_for("events.event", event_id=event_id)), 303
    db.session.commit()
    if signup.status == SignupStatus.REGISTERED:
        flash(_("%(name)s is signed up.", name=person.first_name), "success")
    else:
        flash(
            _("The event is full: %(name)s is on the waiting list.", name=person.first_name),
            "warning",
        )
    return redirect(url_for("events.event", event_id=event_id))


@bp.route("/arrangementer/tilmeldinger/<int:signup_id>/afmeld", methods=["POST"])
@roles_required(*VIEWERS)
def cancel_signup(signup_id: int):
    """Cancel a sign-up; the first on the waiting list gets the place."""
    signup = services.get_signup_for(current_user, signup_id)
    if signup is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    event_id = signup.event_id
    services.cancel_signup(current_user, signup)
    db.session.commit()
    flash(_("The sign-up was cancelled."), "success")
    return redirect(url_for("events.event", event_id=event_id))


@bp.route("/arrangementer/<int:event_id>/fremmoede", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def attendance(event_id: int):
    """Record who came to an event that has taken place."""
    item = _event_or_404(event_id)
    registered = [s for s in item.signups if s.status == SignupStatus.REGISTERED]
    form = AttendanceForm(registered)
    if not form.is_submitted():
        form.attended.data = [str(s.id) for s in registered if s.attended]
    if form.validate_on_submit():
        # No box ticked means nobody came; WTForms leaves the data empty (None) then.
        came = {int(signup_id) for signup_id in form.attended.data or []}
        services.record_attendance(current_user, item, came)
        db.session.commit()
        flash(_("Attendance is recorded."), "success")
        return redirect(url_for("events.event", event_id=item.id))
    return form_page("events/attendance.html", form, event=item)


@bp.route("/arrangementer/<int:event_id>/kalender.ics")
@roles_required(*VIEWERS)
def event_ics(event_id: int):
    """Download the event for a calendar app."""
    item = _event_or_404(event_id)
    return _ics(services.event_ics(item), f"arrangement-{item.id}.ics")


@bp.route("/arrangementer/min-kalender")
@roles_required(Role.VOLUNTEER)
def my_calendar():
    """Show the volunteer their personal calendar feed address."""
    volunteer = current_user.volunteer
    if volunteer is None:
        abort(404)
    feed_url = (
        url_for("events.calendar_feed", token=volunteer.calendar_token, _external=True)
        if volunteer.calendar_token
        else None
    )
    return render_template("events/my_calendar.html", feed_url=feed_url, form=ConfirmForm())


@bp.route("/arrangementer/min-kalender/nulstil", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def reset_calendar():
    """Create or replace the volunteer's secret calendar address."""
    volunteer = current_user.volunteer
    if volunteer is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    had_one = volunteer.calendar_token is not None
    services.reset_calendar_token(current_user, volunteer)
    db.session.commit()
    if had_one:
        flash(_("You have a new calendar address. The old one no longer works."), "success")
    else:
        flash(_("Your calendar address is ready."), "success")
    return redirect(url_for("events.my_calendar"))


@bp.route("/kalender/<token>.ics")
@public  # the secret token in the address is the key; a volunteer can reset it
def calendar_feed(token: str):
    """Serve a volunteer's events and meetings to their calendar app."""
    volunteer = services.volunteer_for_token(token)
    if volunteer is None:
        abort(404)
    # The feed names the young people the volunteer meets: a read of their records.
    audit.record(None, "calendar_feed.read", subject=volunteer, actor_label="calendar feed")
    db.session.commit()
    response = _ics(services.volunteer_feed(volunteer), "kalender.ics", inline=True)
    response.headers["Cache-Control"] = "private, max-age=900"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _event_values(form: EventForm) -> dict:
    starts_at = services.local_to_utc(form.day.data, form.start_time.data)
    ends_at = (
        services.local_to_utc(form.day.data, form.end_time.data) if form.end_time.data else None
    )
    return {
        "title": form.title.data,
        "description": form.description.data or "",
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": form.location.data,
        "min_age": form.min_age.data,
        "max_age": form.max_age.data,
        "places": form.places.data,
        "cancelled": form.cancelled.data,
        "kind": form.kind.data or "general",
    }


def _event_or_404(event_id: int):
    item = services.get_event(event_id)
    if item is None:
        abort(404)
    return item


def _ics(body: str, filename: str, *, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'{disposition}; filename="{filename}"'},
    )
