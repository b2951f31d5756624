"""Matching and following up: the coordinator's proposals and decisions, the caseworker's
record of the family's choice, the volunteer's answer, meetings and concerns."""

from datetime import date
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from coordinator import confirmation, locking
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_helpers import AppForm, ConfirmForm
from coordinator.form_pages import mark_failed
from coordinator.jobs.models import JobRunStatus
from coordinator.labels import enum_label
from coordinator.matches import follow_up, proposals, reasons, services, signals
from coordinator.matches import jobs as matching_jobs
from coordinator.matches.forms import (
    PAUSE_PREFIX,
    ActivateForm,
    CheckInForm,
    CloseForm,
    ConcernForm,
    MeetingForm,
    NameSearchForm,
    NoneOfThemForm,
    ProposalFilterForm,
    ReasonForm,
    ResolveConcernForm,
    RespondForm,
    ShortlistForm,
    check_in_prefix,
    resolve_prefix,
)
from coordinator.matches.models import Concern, FollowUp, InvalidTransition, Match
from coordinator.pagination import paginate, requested_page
from coordinator.referrals.models import Referral, ReferralStatus
from coordinator.security import roles_required
from coordinator.vocabulary import ClosureReason, ConcernType, MatchType

bp = Blueprint("matches", __name__, url_prefix="/match")

STAFF = (Role.COORDINATOR, Role.ADMIN)
ANYONE_IN_A_MATCH = (Role.COORDINATOR, Role.ADMIN, Role.CASEWORKER, Role.VOLUNTEER)


@bp.app_template_global()
def describe_reasons(rows):
    """Render stored (code, value) reasons as plain sentences."""
    return reasons.describe_all(rows or [])


def _match_or_404(match_id: int):
    match = services.get_match_for(current_user, match_id)
    if match is None:
        abort(404)
    return match


def _referral_or_404(referral_id: int) -> Referral:
    referral = services.get_referral_for_staff(current_user, referral_id)
    if referral is None:
        abort(404)
    return referral


def _refused(error: Exception, target: str):
    """A step the workflow does not allow: say so and go back; nothing is stored."""
    db.session.rollback()
    if isinstance(error, InvalidTransition):
        flash(_("That step is not possible for this match any more."), "error")
    else:
        flash(str(error), "error")
    return redirect(target)


# -- the coordinator's lists ----------------------------------------------------------------


@bp.route("/henvisninger")
@roles_required(*STAFF)
def waiting():
    """List referrals waiting for a match, longest waiting first."""
    page = services.list_waiting(current_user, number=requested_page())
    return render_template("matches/waiting.html", page=page, today=date.today())


@bp.route("/henvisninger/<int:referral_id>")
@roles_required(*STAFF)
def referral(referral_id: int):
    """Show a referral with the matcher's proposals, the shortlist and the match history."""
    referral = _referral_or_404(referral_id)
    filters = ProposalFilterForm(request.args)
    candidates = []
    weak_fits_only = False
    if referral.status in (ReferralStatus.WAITING, ReferralStatus.IN_PROGRESS):
        valid = filters.validate()
        match_type = (
            MatchType(filters.match_type.data) if valid and filters.match_type.data else None
        )
        candidates = proposals.candidates_for(
            referral,
            date.today(),
            match_type=match_type,
            max_km=float(filters.max_km.data)
            if valid and filters.max_km.data is not None
            else None,
            language=(filters.language.data or None) if valid else None,
        )
        if not candidates:
            weak_fits_only = proposals.has_weak_fits(
                referral, date.today(), match_type=match_type
            )
    name_form = NameSearchForm(request.args)
    found = (
        services.find_volunteers_by_name(name_form.find.data or "")
        if name_form.validate()
        else services.NameSearch([], 0)
    )
    services.view_referral(current_user, referral)
    db.session.commit()
    return render_template(
        "matches/referral.html",
        referral=referral,
        filters=filters,
        name_form=name_form,
        found=found,
        candidates=candidates,
        weak_fits_only=weak_fits_only,
        matches=services.matches_of_referral(referral),
        shortlist_form=ShortlistForm(),
        action_form=ConfirmForm(),
        today=date.today(),
    )


@bp.route("/henvisninger/<int:referral_id>/kortliste", methods=["POST"])
@roles_required(*STAFF)
def shortlist(referral_id: int):
    """Put one to three volunteers on the shortlist."""
    referral = _referral_or_404(referral_id)
    form = ShortlistForm()
    back = url_for("matches.referral", referral_id=referral.id)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(back)
    try:
        choices = services.shortlist_choices(
            list(form.volunteer_ids.data or []),
            override_id=form.override_volunteer_id.data,
            override_reason=form.override_reason.data,
        )
        services.shortlist(referral, choices, by=current_user, today=date.today())
    except (services.WorkflowError, InvalidTransition) as error:
        return _refused(error, back)
    db.session.commit()
    flash(_("The shortlist is ready; the caseworker has been told."), "success")
    return redirect(back)


@bp.route("/alle-ventende", methods=["GET", "POST"])
@roles_required(*STAFF)
def all_waiting():
    """Suggest the best overall volunteer for every waiting referral (a background run with a
    progress bar), and list the suggestions for review."""
    form = ConfirmForm()
    if form.validate_on_submit():
        run = matching_jobs.start_assign_all(by=current_user)
        db.session.commit()
        return redirect(url_for("matches.all_waiting", koersel=run.id))
    run = matching_jobs.run_for(request.args.get("koersel", ""))
    if run is not None and run.status == JobRunStatus.DONE:
        count = (run.result or {}).get("suggestions", 0)
        flash(ngettext("%(num)d suggestion is ready for review.",
                       "%(num)d suggestions are ready for review.", count), "success")
    elif run is not None and run.status == JobRunStatus.FAILED:
        flash(_("Matching all waiting referrals failed. Please try again."), "error")
    running = run if run is not None and run.status in matching_jobs.UNFINISHED else None
    page = services.list_suggestions(current_user, number=requested_page())
    return render_template(
        "matches/all_waiting.html",
        page=page,
        form=form,
        run=running,
    )


@bp.route("/alle-ventende/kortliste", methods=["POST"])
@roles_required(*STAFF)
def shortlist_selected():
    """Shortlist every selected suggestion in one action, each for its own referral."""
    back = _back_to(request.form.get("tilbage"))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    match_ids = [
        int(value) for value in request.form.getlist("match_ids")
        if value.isdigit() and 0 < int(value) <= services.MAX_ID
    ]
    if not match_ids:
        flash(_("Select at least one suggestion."), "error")
        return redirect(back)
    result = services.shortlist_suggestions(match_ids, by=current_user, today=date.today())
    db.session.commit()
    if result.done:
        flash(
            ngettext(
                "%(num)d suggestion is on its shortlist; the caseworker has been told.",
                "%(num)d suggestions are on their shortlists; the caseworkers have been told.",
                len(result.done),
            ),
            "success",
        )
    for _match, message in result.refused:
        flash(message, "error")
    return redirect(back)


@bp.route("/koersler/<run_id>")
@roles_required(*STAFF)
def run_status(run_id: str):
    """How far a background run has come (polled by the progress bar)."""
    run = matching_jobs.run_for(run_id)
    if run is None:
        abort(404)
    return {"status": run.status.value, "progress": run.progress}


@bp.route("/<int:match_id>/kassér", methods=["POST"])
@roles_required(*STAFF)
def discard(match_id: int):
    """Set a suggestion or shortlist entry aside, after a confirmation step; it can be undone
    for a few minutes."""
    match = _match_or_404(match_id)
    form = ReasonForm()
    back = _back_to(request.form.get("tilbage"))
    if not form.validate_on_submit():
        flash(_("The reason is too long."), "error")
        return redirect(back)
    if not confirmation.confirmed():
        return confirmation.confirm_page(
            title=_("Set the proposal aside?"),
            question=_(
                "%(volunteer)s is no longer proposed for %(seeker)s. You can undo this for "
                "%(minutes)s minutes afterwards.",
                volunteer=match.volunteer.full_name if match.volunteer else _seeker_name(match),
                seeker=_seeker_name(match),
                minutes=services.UNDO_MINUTES,
            ),
            action=url_for("matches.discard", match_id=match.id),
            back=back,
            carry={"tilbage": back},
            button=_("Yes, set it aside"),
        )
    try:
        services.discard(match, by=current_user, reason=form.reason.data or "")
    except InvalidTransition as error:
        return _refused(error, back)
    db.session.commit()
    return redirect(url_for("matches.discarded", match_id=match.id, tilbage=back))


@bp.route("/<int:match_id>/kasseret")
@roles_required(*STAFF)
def discarded(match_id: int):
    """Say that a proposal was set aside, with a button to undo it while that is still possible."""
    match = _match_or_404(match_id)
    back = _back_to(request.args.get("tilbage"))
    if not services.can_undo_discard(match, by=current_user):
        return redirect(back)
    return render_template(
        "matches/discarded.html",
        match=match,
        seeker_name=_seeker_name(match),
        back=back,
        form=ConfirmForm(),
        minutes=services.UNDO_MINUTES,
    )


@bp.route("/<int:match_id>/fortryd-kassering", methods=["POST"])
@roles_required(*STAFF)
def undo_discard(match_id: int):
    """Bring back a proposal that was set aside a moment ago."""
    match = _match_or_404(match_id)
    back = _back_to(request.form.get("tilbage"))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.undo_discard(match, by=current_user)
    except services.WorkflowError as error:
        return _refused(error, back)
    db.session.commit()
    flash(_("Undone: the proposal is back."), "success")
    return redirect(back)


def _back_to(url: str | None) -> str:
    """Where to return after acting on a proposal: a page of this site, else the suggestions."""
    if url and url.startswith("/") and not url.startswith(("//", "/\\")):
        return url
    if request.referrer and _same_site(request.referrer):
        parts = urlsplit(request.referrer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return url_for("matches.all_waiting")


def _seeker_name(match: Match) -> str:
    """Whom a match is for, by first name (a family by its display name)."""
    if match.referral is not None:
        if match.referral.young_person is not None:
            return match.referral.young_person.first_name
        if match.referral.family is not None:
            return match.referral.family.display_name
    if match.friend_a is not None and match.friend_b is not None:
        return f"{match.friend_a.first_name} & {match.friend_b.first_name}"
    return ""


def _same_site(url: str | None) -> bool:
    return url is not None and url.startswith(request.host_url)


# -- one match ------------------------------------------------------------------------------


@bp.route("/<int:match_id>")
@roles_required(*ANYONE_IN_A_MATCH)
def detail(match_id: int):
    """Show one match, as much of it as the viewer's role may see."""
    match = _match_or_404(match_id)
    # The caseworker sees what the concern says here, not only in an e-mail.
    concerns = services.view_match(current_user, match)
    db.session.commit()
    today = date.today()
    context = {
        "match": match,
        "today": today,
        "action_form": ConfirmForm(),
        "concern_form": ConcernForm(),
        "length_days": services.match_length_days(match, today),
        "open_concerns": services.open_concerns(match),
    }
    if current_user.role == Role.VOLUNTEER:
        return render_template(
            "matches/volunteer_match.html",
            seeker=services.seeker_summary(match.referral, today),
            respond_form=RespondForm(),
            meeting_form=MeetingForm(met_on=today),
            **context,
        )
    if current_user.role == Role.CASEWORKER:
        return render_template(
            "matches/caseworker_match.html", concern_list=concerns, **context
        )
    return _coordinator_page(match)


@bp.route("/<int:match_id>/aktiver", methods=["POST"])
@roles_required(*STAFF)
def activate(match_id: int):
    """Start an accepted match with its written agreement."""
    match = _match_or_404(match_id)
    form = ActivateForm()
    back = url_for("matches.detail", match_id=match.id)
    if not form.validate_on_submit():
        return _render_coordinator_form(match, activate_form=form)
    try:
        services.activate(
            match,
            by=current_user,
            start_date=form.start_date.data,
            frequency=form.frequency.data,
            activities=form.activities.data,
            duration=form.duration.data,
            contact=form.contact.data,
            today=date.today(),
        )
        db.session.commit()
    except (services.WorkflowError, InvalidTransition, locking.Busy) as error:
        return _refused(error, back)
    flash(_("The match has started. Check-ins are planned."), "success")
    return redirect(back)


def _coordinator_page(
    match: Match,
    *,
    failed_check_in: tuple[int, CheckInForm] | None = None,
    failed_resolve: tuple[int, ResolveConcernForm] | None = None,
    **failed: AppForm,
):
    """The coordinator's match page. A form that failed is passed in by name and shown open,
    with its errors and what was typed; every other form is fresh. Row forms (a check-in, a
    concern to resolve) carry the row's id in their prefix, so ids never repeat on the page."""
    today = date.today()
    show_all = request.args.get("alle") == "1"
    check_ins = follow_up.check_ins_to_show(match, today, show_all=show_all)
    if failed_check_in is not None and all(f.id != failed_check_in[0] for f in check_ins.upcoming):
        check_ins = follow_up.check_ins_to_show(match, today, show_all=True)

    def check_in_form(item: FollowUp) -> CheckInForm:
        if failed_check_in is not None and failed_check_in[0] == item.id:
            return failed_check_in[1]
        return CheckInForm(formdata=None, prefix=check_in_prefix(item.id), done_on=today)

    def resolve_form(concern: Concern) -> ResolveConcernForm:
        if failed_resolve is not None and failed_resolve[0] == concern.id:
            return failed_resolve[1]
        return ResolveConcernForm(formdata=None, prefix=resolve_prefix(concern.id))

    forms: dict[str, AppForm] = {
        "activate_form": ActivateForm(formdata=None, start_date=today),
        "close_form": CloseForm(formdata=None),
        "reason_form": ReasonForm(formdata=None, prefix=PAUSE_PREFIX),
        "concern_form": ConcernForm(formdata=None),
    }
    forms.update(failed)
    return render_template(
        "matches/coordinator_match.html",
        match=match,
        today=today,
        action_form=ConfirmForm(),
        length_days=services.match_length_days(match, today),
        open_concerns=services.open_concerns(match),
        check_ins=check_ins,
        show_all=show_all,
        check_in_form=check_in_form,
        resolve_form=resolve_form,
        # The row form that failed, for the error summary (base.html) to link its fields.
        failed_row_form=(failed_check_in or failed_resolve or (None, None))[1],
        **forms,
    )


def _render_coordinator_form(match: Match, **forms):
    """Show the match page again with the form that had errors open, keeping what was typed."""
    mark_failed()
    return _coordinator_page(match, **forms), 400


@bp.route("/<int:match_id>/pause", methods=["POST"])
@roles_required(*STAFF)
def pause(match_id: int):
    """Pause a running match."""
    match = _match_or_404(match_id)
    form = ReasonForm(prefix=PAUSE_PREFIX)
    if not form.validate_on_submit():
        return _render_coordinator_form(match, reason_form=form)
    try:
        services.pause(match, by=current_user, reason=form.reason.data or "")
    except InvalidTransition as error:
        return _refused(error, url_for("matches.detail", match_id=match.id))
    db.session.commit()
    flash(_("The match is paused."), "info")
    return redirect(url_for("matches.detail", match_id=match.id))


@bp.route("/<int:match_id>/genoptag", methods=["POST"])
@roles_required(*STAFF)
def resume(match_id: int):
    """Resume a paused match."""
    match = _match_or_404(match_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.resume(match, by=current_user)
    except (services.WorkflowError, InvalidTransition) as error:
        return _refused(error, url_for("matches.detail", match_id=match.id))
    db.session.commit()
    flash(_("The match is running again."), "success")
    return redirect(url_for("matches.detail", match_id=match.id))


@bp.route("/<int:match_id>/afslut", methods=["POST"])
@roles_required(*STAFF)
def close(match_id: int):
    """Close a match with its reason and the closing checklist."""
    match = _match_or_404(match_id)
    form = CloseForm()
    if not form.validate_on_submit():
        return _render_coordinator_form(match, close_form=form)
    back = url_for("matches.detail", match_id=match.id)
    if not confirmation.confirmed():
        return confirmation.confirm_page(
            title=_("Close the match?"),
            question=_(
                "The match between %(volunteer)s and %(seeker)s ends today. This cannot be "
                "undone.",
                volunteer=match.volunteer.full_name if match.volunteer else "",
                seeker=_seeker_name(match),
            ),
            details=[(str(form.reason.label.text), enum_label(ClosureReason(form.reason.data)))],
            action=url_for("matches.close", match_id=match.id),
            back=back,
            button=_("Yes, close the match"),
        )
    closure = services.Closure(
        reason=ClosureReason(form.reason.data),
        note=form.note.data or "",
        planned=form.planned.data,
        talk_volunteer=form.talk_volunteer.data,
        talk_young_person=form.talk_young_person.data,
        talk_caregiver=form.talk_caregiver.data,
        contact_after=form.contact_after.data or "",
        volunteer_rematch_from=form.volunteer_rematch_from.data,
        seeker_rematch_from=form.seeker_rematch_from.data,
    )
    try:
        services.close(match, closure, by=current_user, today=date.today())
    except InvalidTransition as error:
        return _refused(error, url_for("matches.detail", match_id=match.id))
    db.session.commit()
    flash(_("The match is closed."), "info")
    return redirect(url_for("matches.detail", match_id=match.id))


@bp.route("/<int:match_id>/opfoelgning/<int:follow_up_id>", methods=["POST"])
@roles_required(*STAFF)
def check_in(match_id: int, follow_up_id: int):
    """Record a check-in."""
    match = _match_or_404(match_id)
    item = db.session.get(FollowUp, follow_up_id)
    if item is None or item.match_id != match.id:
        abort(404)
    form = CheckInForm(prefix=check_in_prefix(item.id))
    if not form.validate_on_submit():
        return _render_coordinator_form(match, failed_check_in=(item.id, form))
    follow_up.record_check_in(
        item,
        by=current_user,
        done_on=form.done_on.data,
        with_whom=form.with_whom.data,
        rating=form.rating.data,
        notes=form.notes.data or "",
    )
    if form.safety_plan_holds.data in ("yes", "no"):
        signals.safety_plan_checked.send(match, by=current_user,
                                         holds=form.safety_plan_holds.data == "yes",
                                         today=date.today())
    db.session.commit()
    flash(_("The check-in is recorded."), "success")
    return redirect(url_for("matches.detail", match_id=match.id))


@bp.route("/opfoelgning")
@roles_required(*STAFF)
def overdue():
    """List check-ins that are overdue."""
    page = paginate(follow_up.overdue(date.today()))
    return render_template("matches/overdue.html", page=page, today=date.today())


# -- the caseworker: the family chooses -----------------------------------------------------


@bp.route("/henvisning/<int:referral_id>/valg", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def choose(referral_id: int):
    """Show the shortlist to present to the family, and record their choice."""
    referral = _referral_or_404(referral_id)
    shortlist = services.shortlist_of(referral)
    form = ConfirmForm()
    if form.validate_on_submit():
        chosen_id = request.form.get("match_id", type=int)
        match = next((m for m in shortlist if m.id == chosen_id), None)
        if match is None:
            flash(_("Choose one of the volunteers on the shortlist."), "error")
        else:
            try:
                services.record_choice(match, by=current_user, today=date.today())
            except (services.WorkflowError, InvalidTransition) as error:
                return _refused(error, url_for("matches.choose", referral_id=referral.id))
            db.session.commit()
            flash(_("The choice is recorded and offered to the volunteer."), "success")
            return redirect(url_for("matches.detail", match_id=match.id))
    services.view_shortlist(current_user, referral)
    db.session.commit()
    return render_template(
        "matches/choose.html",
        referral=referral,
        shortlist=shortlist,
        form=form,
        none_form=NoneOfThemForm(formdata=None),
        today=date.today(),
    )


@bp.route("/henvisning/<int:referral_id>/ingen", methods=["POST"])
@roles_required(Role.CASEWORKER)
def none_of_them(referral_id: int):
    """The family chose none of the shortlist: it goes back to the coordinator with the reason."""
    referral = _referral_or_404(referral_id)
    form = NoneOfThemForm()
    if not form.validate_on_submit():
        mark_failed()
        return render_template(
            "matches/choose.html",
            referral=referral,
            shortlist=services.shortlist_of(referral),
            form=ConfirmForm(),
            none_form=form,
            today=date.today(),
        ), 400
    try:
        services.reject_shortlist(referral, by=current_user, reason=form.reason.data)
    except services.WorkflowError as error:
        return _refused(error, url_for("matches.choose", referral_id=referral.id))
    db.session.commit()
    flash(_("Thank you. The coordinator looks for other volunteers."), "success")
    return redirect(url_for("referrals.detail", referral_id=referral.id))


# -- the volunteer ---------------------------------------------------------------------------


@bp.route("/mine")
@roles_required(Role.VOLUNTEER)
def mine():
    """The volunteer's offered and running matches."""
    today = date.today()
    items = services.volunteer_matches(current_user, today)
    return render_template(
        "matches/mine.html", items=items, ended_on=services.ended_on, today=today
    )


@bp.route("/<int:match_id>/svar", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def respond(match_id: int):
    """The volunteer accepts or declines an offered match."""
    match = _match_or_404(match_id)
    form = RespondForm()
    back = url_for("matches.detail", match_id=match.id)
    if not form.validate_on_submit():
        mark_failed()
        return _render_volunteer(match, respond_form=form)
    accept = form.answer.data == "accept"
    if not accept and not confirmation.confirmed():
        return confirmation.confirm_page(
            title=_("Say no thank you?"),
            question=_(
                "We will tell the coordination unit that you do not wish to be matched with "
                "%(name)s. You cannot change your answer afterwards.",
                name=services.seeker_summary(match.referral, date.today())["first_name"],
            ),
            details=[(_("Your reason"), form.reason.data)] if form.reason.data else [],
            action=url_for("matches.respond", match_id=match.id),
            back=back,
            button=_("Yes, say no thank you"),
        )
    try:
        services.respond(
            match,
            by=current_user,
            accept=accept,
            reason=form.reason.data or "",
        )
    except InvalidTransition as error:
        return _refused(error, back)
    db.session.commit()
    flash(_("Thank you for your answer."), "success")
    return redirect(back)


def _render_volunteer(match, **forms):
    today = date.today()
    context = {
        "respond_form": RespondForm(formdata=None),
        "meeting_form": MeetingForm(formdata=None, met_on=today),
        "concern_form": ConcernForm(formdata=None),
    }
    context.update(forms)
    return (
        render_template(
            "matches/volunteer_match.html",
            match=match,
            today=today,
            seeker=services.seeker_summary(match.referral, today),
            action_form=ConfirmForm(),
            length_days=services.match_length_days(match, today),
            **context,
        ),
        400,
    )


@bp.route("/<int:match_id>/moede", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def log_meeting(match_id: int):
    """The volunteer logs a meeting."""
    match = _match_or_404(match_id)
    form = MeetingForm()
    if not form.validate_on_submit():
        mark_failed()
        return _render_volunteer(match, meeting_form=form)
    try:
        services.log_meeting(
            match,
            by=current_user,
            met_on=form.met_on.data,
            activity=form.activity.data,
            minutes=form.minutes.data,
        )
    except services.WorkflowError as error:
        return _refused(error, url_for("matches.detail", match_id=match.id))
    db.session.commit()
    flash(_("The meeting is logged. Thank you!"), "success")
    return redirect(url_for("matches.detail", match_id=match.id))


# -- concerns ---------------------------------------------------------------------------------


@bp.route("/<int:match_id>/bekymring", methods=["POST"])
@roles_required(*ANYONE_IN_A_MATCH)
def raise_concern(match_id: int):
    """Raise a concern: the match pauses and the caseworker is told at once."""
    match = _match_or_404(match_id)
    form = ConcernForm()
    if not form.validate_on_submit():
        if current_user.role == Role.VOLUNTEER:
            mark_failed()
            return _render_volunteer(match, concern_form=form)
        if current_user.role == Role.CASEWORKER:
            flash(_("Please describe the concern."), "error")
            return redirect(url_for("matches.detail", match_id=match.id))
        return _render_coordinator_form(match, concern_form=form)
    services.raise_concern(
        match,
        by=current_user,
        concern_type=ConcernType(form.concern_type.data),
        description=form.description.data,
    )
    db.session.commit()
    flash(_("Thank you. The concern is recorded and the caseworker has been told."), "success")
    return redirect(url_for("matches.detail", match_id=match.id))


@bp.route("/bekymring/<int:concern_id>/loes", methods=["POST"])
@roles_required(*STAFF)
def resolve_concern(concern_id: int):
    """Record how a concern was resolved."""
    concern = db.session.get(Concern, concern_id)
    if concern is None:
        abort(404)
    form = ResolveConcernForm(prefix=resolve_prefix(concern.id))
    if not form.validate_on_submit():
        return _render_coordinator_form(concern.match, failed_resolve=(concern.id, form))
    try:
        services.resolve_concern(
            concern, by=current_user, resolution=form.resolution.data, resume_match=form.resume.data
        )
    except InvalidTransition as error:
        return _refused(error, url_for("matches.detail", match_id=concern.match_id))
    db.session.commit()
    flash(_("The concern is resolved."), "success")
    return redirect(url_for("matches.detail", match_id=concern.match_id))
