"""Volunteers sign up, confirm their e-mail and keep their profile; coordinators screen them."""

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from werkzeug.datastructures import MultiDict
from wtforms import FormField

from coordinator import locking, throttle
from coordinator.auth import sessions
from coordinator.auth.models import Role
from coordinator.auth.services import EmailTaken
from coordinator.drafts import services as drafts
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import mark_failed
from coordinator.i18n import select_locale
from coordinator.pagination import requested_page
from coordinator.security import allow_unconfirmed, public, roles_required
from coordinator.vocabulary import ScreeningStepKind
from coordinator.volunteers import certificates, services
from coordinator.volunteers.forms import (
    SIGNUP_STEPS,
    CertificateAnswerForm,
    CertificateRequestForm,
    DecisionForm,
    LeaveForm,
    PauseForm,
    ProfileForm,
    ScreeningStepForm,
    SignupForm,
    VolunteerFilterForm,
    first_signup_step_with_errors,
    offer_label,
    signup_step_errors,
    signup_step_of,
)
from coordinator.volunteers.models import CertificateAssessment

bp = Blueprint("volunteers", __name__, url_prefix="/frivillig")


@bp.app_context_processor
def _volunteer_helpers():
    return {
        "privacy_version": services.PRIVACY_NOTICE_VERSION,
        "offer_label": offer_label,
    }

SCREENERS = services.STAFF_WHO_SCREEN


def flash_fix_fields() -> None:
    mark_failed()


def _invalid(template: str, **context):
    flash_fix_fields()
    return render_template(template, **context), 400


def _load(volunteer_id: int):
    volunteer = services.get_volunteer_for(current_user, volunteer_id)
    if volunteer is None:
        abort(404)
    return volunteer


def _own():
    volunteer = services.own_volunteer(current_user)
    if volunteer is None:
        abort(404)
    return volunteer


# --- sign-up and confirmation --------------------------------------------------------------


@bp.route("/tilmeld", methods=["GET", "POST"])
@public
@throttle.limit("signup", counts=lambda: _is_final_signup_post())
def signup():
    """Sign up as a volunteer in four steps: who you are, household, what you offer, account
    and consent. What was typed is kept on the server between the steps (see `drafts`)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    draft = drafts.find(session.get(SIGNUP_DRAFT), drafts.SIGNUP)
    if request.method == "GET":
        step = _requested_step(request.args.get("trin"))
        if step > _steps_reachable(draft):
            return _refuse_skipping(draft)
        return _render_step(_signup_form(draft.data if draft else None), step)
    step = _requested_step(request.form.get("step")) if "step" in request.form else None
    if step is None:
        # Everything in one request (a browser with an old page, or a client that sends the
        # whole form): checked as a whole, the same as the last step.
        return _finish_signup(SignupForm(), draft, request.form)
    if step > _steps_reachable(draft):
        return _refuse_skipping(draft)
    data = _merged(draft.data if draft else {}, request.form, step)
    form = _signup_form(data)
    if request.form.get("go") == "back":
        # Back keeps what was typed on this step, checked or not.
        _keep(draft, data, steps_done=draft.steps_done if draft else 0)
        db.session.commit()
        return redirect(url_for("volunteers.signup", trin=max(step - 1, 1)))
    form.validate()
    if step < len(SIGNUP_STEPS):
        if signup_step_errors(form, step):
            _keep(draft, data, steps_done=min(draft.steps_done if draft else 0, step - 1))
            db.session.commit()
            flash_fix_fields()
            return _render_step(form, step, status=400)
        _keep(draft, data, steps_done=max(draft.steps_done if draft else 0, step))
        db.session.commit()
        return redirect(url_for("volunteers.signup", trin=step + 1))
    return _finish_signup(form, draft, data)


SIGNUP_DRAFT = "signup_draft"


def _is_final_signup_post() -> bool:
    # Only the post that creates the account is throttled: the steps before it create nothing.
    step = request.form.get("step")
    return step is None or step == str(len(SIGNUP_STEPS))


def _requested_step(value) -> int:
    try:
        step = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(step, 1), len(SIGNUP_STEPS))


def _steps_reachable(draft) -> int:
    """The furthest step one may open: the one after the last step completed."""
    return min((draft.steps_done if draft else 0) + 1, len(SIGNUP_STEPS))


def _refuse_skipping(draft):
    flash(_("Please fill in the steps in order: this is where you got to."), "info")
    return redirect(url_for("volunteers.signup", trin=_steps_reachable(draft)))


def _signup_form(data: dict | None) -> SignupForm:
    """The whole sign-up form, filled from kept values (or empty)."""
    if data is None:
        return SignupForm(formdata=None)
    filled = MultiDict([(k, v) for k, values in data.items() for v in values])
    # A step never posted yet shows its defaults (one match at a time, on your own): with form
    # data present, WTForms would otherwise read its fields as left empty.
    posted = {signup_step_of(key) for key in data}
    blank = SignupForm(formdata=None)
    for number, (_title, fields) in enumerate(SIGNUP_STEPS, start=1):
        if number in posted:
            continue
        for name in fields:
            default = blank[name].data
            if isinstance(default, str | int) and not isinstance(default, bool) and default != "":
                filled.add(name, str(default))
    return SignupForm(formdata=filled)


def _merged(kept: dict, posted, step: int) -> dict:
    """The kept values with this step's fields replaced by what was just posted (an unticked
    checkbox is simply absent from the post, so the step's old values go first)."""
    data = {key: values for key, values in kept.items() if signup_step_of(key) != step}
    for key in posted:
        if signup_step_of(key) == step or key == "csrf_token":
            data[key] = posted.getlist(key)
    return data


def _keep(draft, data: dict, *, steps_done: int):
    """Keep the typed values (never the password or the CSRF token) for the next request."""
    values = drafts.without_secrets(
        MultiDict([(k, v) for k, vs in data.items() for v in vs]))
    if draft is None:
        draft, token = drafts.create(drafts.SIGNUP, values)
        session[SIGNUP_DRAFT] = token
    drafts.update(draft, values, steps_done=steps_done)
    return draft


def _render_step(form: SignupForm, step: int, status: int = 200):
    # Only this step's messages are shown: the other steps' fields are not on the page.
    for number, (_title, fields) in enumerate(SIGNUP_STEPS, start=1):
        if number == step:
            continue
        for name in fields:
            field = form[name]
            for inner in (field.form if isinstance(field, FormField) else [field]):
                inner.errors = []
    return render_template("volunteers/signup.html", form=form, step=step,
                           steps=SIGNUP_STEPS), status


def _finish_signup(form: SignupForm, draft, data):
    """The last step: check the whole form and create the volunteer exactly as before."""
    if form.validate_on_submit():
        try:
            services.sign_up(
                email=form.email.data,
                password=form.password.data,
                profile=form.profile(date.today()),
                locale=_current_locale(),
            )
        except EmailTaken:
            # The page must not reveal that the address has an account: the same answer as a
            # new sign-up, and the holder of the address is told by e-mail instead.
            services.tell_owner_of_signup_attempt(form.email.data)
        except locking.Busy as busy:
            db.session.rollback()
            flash(str(busy), "error")
            return _render_step(form, len(SIGNUP_STEPS), status=503)
        drafts.discard(draft)
        session.pop(SIGNUP_DRAFT, None)
        db.session.commit()
        return redirect(url_for("volunteers.signup_sent"))
    # Nothing typed is lost: keep it, and show the first step with something to correct.
    step = first_signup_step_with_errors(form) or len(SIGNUP_STEPS)
    if not isinstance(data, dict):
        data = {key: data.getlist(key) for key in data}
    _keep(draft, data, steps_done=step - 1)
    db.session.commit()
    flash_fix_fields()
    return _render_step(form, step, status=400)


@bp.route("/tilmeld/sendt")
@public
def signup_sent():
    """After a sign-up: look in your inbox (said the same whether or not the address was new)."""
    return render_template("volunteers/signup_sent.html")


def _current_locale() -> str:
    return select_locale()


@bp.route("/bekraeft/<token>")
@public
@allow_unconfirmed
def confirm_email(token: str):
    """Confirm the e-mail address from the signed link in the confirmation e-mail."""
    try:
        user = services.confirm_email(token[:2000])
    except services.ConfirmationFailed as failure:
        db.session.rollback()
        return render_template("volunteers/confirm_failed.html", expired=failure.expired), 400
    db.session.commit()
    flash(_("Thank you, your e-mail address is confirmed."), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("volunteers.my_profile"))
    return redirect(url_for("auth.login"))


@bp.route("/send-bekraeftelse-igen", methods=["POST"])
@allow_unconfirmed
@roles_required(Role.VOLUNTEER)
@throttle.limit("resend")
def resend_confirmation():
    """Send the confirmation e-mail once more."""
    form = ConfirmForm()
    if form.validate_on_submit() and current_user.email_confirmed_at is None:
        services.send_confirmation(current_user)
        db.session.commit()
        flash(_("We have sent the e-mail again."), "info")
    return redirect(url_for("auth.confirm_pending"))


# --- the volunteer's own pages ---------------------------------------------------------------


@bp.route("/min-side")
@roles_required(Role.VOLUNTEER)
def my_profile():
    """Show the volunteer their profile and, in plain words, where their screening stands."""
    volunteer = _own()
    today = date.today()
    services.record_view(current_user, volunteer, "own profile")
    db.session.commit()
    return render_template(
        "volunteers/my_profile.html",
        volunteer=volunteer,
        waiting=services.waiting_for(volunteer, today),
        situation=services.situation(volunteer),
        today=today,
        pause_form=PauseForm(),
        resume_form=ConfirmForm(),
    )


@bp.route("/min-side/rediger", methods=["GET", "POST"])
@roles_required(Role.VOLUNTEER)
def edit_profile():
    """Change what the volunteer has told us about themselves."""
    volunteer = _own()
    today = date.today()
    form = ProfileForm()
    if form.validate_on_submit():
        services.update_profile(volunteer, current_user, form.profile(today), today)
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("volunteers.my_profile"))
    if form.is_submitted():
        return _invalid("volunteers/edit_profile.html", form=form, volunteer=volunteer)
    form.fill_from(volunteer, today)
    services.record_view(current_user, volunteer, "edit profile")
    db.session.commit()
    return render_template("volunteers/edit_profile.html", form=form, volunteer=volunteer)


@bp.route("/min-side/pause", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def pause():
    """Pause (e.g. for a holiday): no new proposals until the date, or until resuming."""
    volunteer = _own()
    today = date.today()
    form = PauseForm()
    if volunteer.ended_at is not None:
        abort(404)
    if not form.validate_on_submit():
        return _invalid(
            "volunteers/my_profile.html", volunteer=volunteer, today=today,
            waiting=services.waiting_for(volunteer, today), pause_form=form,
            situation=services.situation(volunteer),
            resume_form=ConfirmForm(),
        )
    services.pause(volunteer, current_user, form.until.data, today)
    db.session.commit()
    flash(_("You are paused. We will not propose new matches to you meanwhile."), "success")
    return redirect(url_for("volunteers.my_profile"))


@bp.route("/min-side/genoptag", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def resume():
    """End a pause now."""
    volunteer = _own()
    if ConfirmForm().validate_on_submit() and volunteer.ended_at is None:
        services.resume(volunteer, current_user, date.today())
        db.session.commit()
        flash(_("Welcome back: your pause has ended."), "success")
    return redirect(url_for("volunteers.my_profile"))


@bp.route("/min-side/stop", methods=["GET", "POST"])
@roles_required(Role.VOLUNTEER)
def leave():
    """Stop as a volunteer: ends open proposals, removes what we need not keep, signs out."""
    volunteer = _own()
    form = LeaveForm()
    if form.validate_on_submit():
        services.leave(volunteer, current_user)
        # The account is closed: no browser of it may stay signed in.
        sessions.end_all(current_user, reason="volunteer.left")
        db.session.commit()
        logout_user()
        sessions.reset_cookie_session()
        flash(_("You have stopped as a volunteer. Thank you for your help."), "info")
        return redirect(url_for("main.index"))
    if form.is_submitted():
        return _invalid("volunteers/leave.html", form=form, volunteer=volunteer)
    return render_template("volunteers/leave.html", form=form, volunteer=volunteer)


# --- screening (coordinators) -----------------------------------------------------------------


@bp.route("/")
@roles_required(*SCREENERS)
def index():
    """List volunteers by status, with filters; applicants first by default."""
    form = VolunteerFilterForm(request.args)
    valid = form.validate()
    if not valid:
        flash(_("Some filters could not be used; the list shows every volunteer."), "error")
    in_url = form.in_url() if valid else {}
    page = services.list_volunteers(
        current_user, form.filters() if valid else services.VolunteerFilters(),
        number=requested_page(), shown=in_url,
    )
    return render_template(
        "volunteers/index.html",
        form=form,
        page=page,
        filters=in_url,
        counts=services.status_counts(),
    ), (200 if valid else 400)


@bp.route("/advarsler")
@roles_required(*SCREENERS)
def warnings():
    """Certificates running out, unanswered certificate requests, applicants kept waiting."""
    return render_template(
        "volunteers/warnings.html",
        warnings=services.screening_warnings(date.today(), current_app.config),
        config=current_app.config,
    )


def _screening_page(volunteer, status=200, **forms):
    today = date.today()
    context = {
        "step_form": ScreeningStepForm(formdata=None),
        "request_form": CertificateRequestForm(
            formdata=None, household=_needing_certificate(volunteer)
        ),
    }
    answer_forms = {
        cert.id: CertificateAnswerForm(formdata=None, prefix=f"cert{cert.id}")
        for cert in volunteer.certificates
        if cert.received_on is None
    }
    answer_forms.update(forms.pop("answer_forms", {}))
    decisions = services.decisions_open_to(volunteer, today)
    decision_forms = {d.value: DecisionForm(d.value, formdata=None) for d in decisions}
    decision_forms.update(forms.pop("decision_forms", {}))
    context.update(forms)
    return render_template(
        "volunteers/screening.html",
        volunteer=volunteer,
        today=today,
        steps={step.step: step for step in volunteer.screening_steps},
        step_kinds=list(ScreeningStepKind),
        holders=services.certificate_holders(volunteer, today),
        latest=lambda holder: services.latest_certificate(volunteer, holder),
        waiting=services.waiting_for(volunteer, today),
        cover=certificates.cover(volunteer, today),
        answer_forms=answer_forms,
        decisions=decisions,
        decision_forms=decision_forms,
        **context,
    ), status


@bp.route("/<int:volunteer_id>")
@roles_required(*SCREENERS)
def screening(volunteer_id: int):
    """A volunteer's record and screening page."""
    volunteer = _load(volunteer_id)
    services.record_view(current_user, volunteer, "screening")
    db.session.commit()
    return _screening_page(volunteer)


@bp.route("/<int:volunteer_id>/screening", methods=["POST"])
@roles_required(*SCREENERS)
def record_step(volunteer_id: int):
    """Record a screening step with date and notes."""
    volunteer = _load(volunteer_id)
    form = ScreeningStepForm()
    if not form.validate_on_submit():
        flash_fix_fields()
        return _screening_page(volunteer, 400, step_form=form)
    services.record_step(volunteer, current_user, ScreeningStepKind(form.step.data),
                         form.completed_on.data, form.notes.data or "", date.today())
    db.session.commit()
    flash(_("The screening step is recorded."), "success")
    return redirect(url_for("volunteers.screening", volunteer_id=volunteer.id))


def _needing_certificate(volunteer):
    """Household members a certificate can be asked for: those aged 15 or more (the rule)."""
    return [m for m in certificates.certificate_holders(volunteer, date.today()) if m is not None]


@bp.route("/<int:volunteer_id>/boerneattest", methods=["POST"])
@roles_required(*SCREENERS)
def request_certificate(volunteer_id: int):
    """Record that a child certificate was requested for the volunteer or a household member."""
    volunteer = _load(volunteer_id)
    form = CertificateRequestForm(household=_needing_certificate(volunteer))
    if not form.validate_on_submit():
        flash_fix_fields()
        return _screening_page(volunteer, 400, request_form=form)
    holder = services.find_household_member(
        volunteer, int(form.holder.data) if form.holder.data else None
    )
    services.request_certificate(volunteer, current_user, holder, form.requested_on.data,
                                 date.today())
    db.session.commit()
    flash(_("The request is recorded. The person answers in Digital Post within 14 days."),
          "success")
    return redirect(url_for("volunteers.screening", volunteer_id=volunteer.id))


@bp.route("/<int:volunteer_id>/boerneattest/<int:certificate_id>", methods=["POST"])
@roles_required(*SCREENERS)
def record_certificate(volunteer_id: int, certificate_id: int):
    """Record that a child certificate arrived, and its assessment."""
    volunteer = _load(volunteer_id)
    certificate = services.get_certificate(volunteer, certificate_id)
    if certificate is None:
        abort(404)
    form = CertificateAnswerForm(prefix=f"cert{certificate.id}")
    if not form.validate_on_submit():
        flash_fix_fields()
        return _screening_page(volunteer, 400, answer_forms={certificate.id: form})
    services.record_certificate_answer(
        volunteer, current_user, certificate,
        received_on=form.received_on.data,
        assessment=CertificateAssessment(form.assessment.data),
        note=form.note.data or "",
        valid_until=form.valid_until.data,
        today=date.today(),
    )
    db.session.commit()
    flash(_("The child certificate is recorded."), "success")
    return redirect(url_for("volunteers.screening", volunteer_id=volunteer.id))


DECISION_DONE = {
    services.Decision.APPROVE: _l("The volunteer is approved and has been told."),
    services.Decision.REJECT: _l("The application is rejected and the volunteer has been told."),
    services.Decision.HOLD: _l("The application is on hold and the volunteer has been told."),
    services.Decision.RESUME: _l("The application is taken off hold; screening goes on."),
    services.Decision.END: _l("The application is ended."),
}


@bp.route("/<int:volunteer_id>/beslutning/<decision>", methods=["POST"])
@roles_required(*SCREENERS)
def decide(volunteer_id: int, decision: str):
    """Approve, reject, put on hold, take off hold or end an application, after a confirm step
    (a second POST of the same fields, so it works without JavaScript)."""
    volunteer = _load(volunteer_id)
    try:
        kind = services.Decision(decision)
    except ValueError:
        abort(404)
    today = date.today()
    if kind not in services.decisions_open_to(volunteer, today):
        flash(_("This decision cannot be made on this volunteer now."), "error")
        return _screening_page(volunteer, 409)
    form = DecisionForm(kind.value)
    if not form.validate_on_submit():
        flash_fix_fields()
        return _screening_page(volunteer, 400, decision_forms={kind.value: form})
    if form.confirmed.data != "yes":
        return render_template("volunteers/decision_confirm.html", volunteer=volunteer,
                               form=form, decision=kind, today=today)
    try:
        services.decide(volunteer, current_user, kind, today, reason=form.reason.data or None,
                        until=form.until.data, note=form.note.data or "")
    except services.DecisionRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return _screening_page(volunteer, 400, decision_forms={kind.value: form})
    db.session.commit()
    flash(str(DECISION_DONE[kind]), "success")
    return redirect(url_for("volunteers.screening", volunteer_id=volunteer.id))
