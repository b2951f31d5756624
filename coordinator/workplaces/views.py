"""The leisure-job track: the list of local workplaces, adding and proposing them, approving
proposals, and the volunteer's job-search milestones on a leisure-job match."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import form_page
from coordinator.matches.services import get_match_for
from coordinator.pagination import requested_page
from coordinator.security import roles_required
from coordinator.workplaces import services
from coordinator.workplaces.forms import OFFER_LABELS, STEP_LABELS, MilestoneForm, WorkplaceForm
from coordinator.workplaces.models import MilestoneStep, Workplace, WorkplaceStatus

bp = Blueprint("workplaces", __name__)

STAFF = (Role.COORDINATOR, Role.ADMIN)
USERS = (*STAFF, Role.VOLUNTEER)


@bp.app_context_processor
def _labels() -> dict:
    return {"workplace_offer_labels": OFFER_LABELS, "milestone_labels": STEP_LABELS,
            "milestone_steps": list(MilestoneStep)}


@bp.app_template_global()
def leisure_job_track(match) -> dict | None:
    """What the match page shows of the job search (None for other matches), with a form per
    step whose ids carry the step, so each label works its own field."""
    if not services.is_leisure_job_match(match) or not current_user.is_authenticated:
        return None
    entries = services.history(match)
    can_tick = services.may_tick(current_user, match)
    return {
        "history": entries,
        "state": services.current_state(entries),
        "can_tick": can_tick,
        "forms": {step: MilestoneForm(formdata=None, prefix=f"m-{step.value}",
                                      step=step.value, done_on=date.today())
                  for step in MilestoneStep} if can_tick else {},
        "suggestions": services.suggestions_for(match, date.today()),
    }


@bp.app_template_global()
def leisure_job_outcomes() -> services.LeisureJobOutcomes:
    """The knowledge bank's figures of the leisure-job track."""
    return services.leisure_job_outcomes()


@bp.route("/arbejdspladser")
@roles_required(*USERS)
def index():
    """List the local workplaces (staff also see proposals waiting for approval)."""
    page = services.list_workplaces(current_user, number=requested_page())
    return render_template("workplaces/index.html", page=page, is_staff=current_user.role in STAFF,
                           form=ConfirmForm())


@bp.route("/arbejdspladser/ny", methods=["GET", "POST"])
@roles_required(*USERS)
def add():
    """Add a workplace (coordinators) or propose one (volunteers)."""
    form = WorkplaceForm()
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in services.FIELDS}
        workplace = services.add_workplace(current_user, values)
        db.session.commit()
        if workplace.status == WorkplaceStatus.APPROVED:
            flash(_("The workplace %(name)s was added.", name=workplace.name), "success")
        else:
            flash(_("Thank you: a coordinator will look at %(name)s.", name=workplace.name),
                  "success")
        return redirect(url_for("workplaces.index"))
    return form_page("workplaces/form.html", form)


@bp.route("/arbejdspladser/<int:workplace_id>/<decision>", methods=["POST"])
@roles_required(*STAFF)
def decide(workplace_id: int, decision: str):
    """Approve or reject a volunteer's proposed workplace."""
    workplace = db.session.get(Workplace, workplace_id)
    if workplace is None or decision not in ("godkend", "afvis"):
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.decide(current_user, workplace, approve=decision == "godkend")
    db.session.commit()
    flash(_("The workplace is approved.") if decision == "godkend"
          else _("The workplace is rejected."), "success")
    return redirect(url_for("workplaces.index"), 303)


@bp.route("/match/<int:match_id>/fritidsjob/<step>", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def milestone(match_id: int, step: str):
    """Tick a job-search step with the day it happened, or take the tick back."""
    match = get_match_for(current_user, match_id)
    if match is None:
        abort(404)
    if not services.may_tick(current_user, match) or step not in set(MilestoneStep):
        abort(403)
    kind = MilestoneStep(step)
    form = MilestoneForm(prefix=f"m-{kind.value}")
    back = url_for("matches.detail", match_id=match.id)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(back, 303)
    undo = bool(request.form.get("undo"))
    done_on = None if undo else (form.done_on.data or date.today())
    services.set_milestone(current_user, match, kind, done_on, date.today())
    db.session.commit()
    flash(_("The step is taken back.") if undo else _("The step is ticked."), "success")
    return redirect(back, 303)
