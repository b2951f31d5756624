"""The caseworker records the volunteer's part in the family's safety plan."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_pages import form_page
from coordinator.matches.services import get_match_for
from coordinator.safety import services
from coordinator.safety.forms import SafetyPlanPartForm
from coordinator.security import roles_required

bp = Blueprint("safety", __name__)

bp.add_app_template_global(services.part_for_viewer, "safety_plan_part_for")
bp.add_app_template_global(services.may_record, "may_record_safety_plan")
bp.add_app_template_global(services.family_has_safety_plan, "family_has_safety_plan")


@bp.route("/match/<int:match_id>/sikkerhedsplan", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def edit_part(match_id: int):
    """Record what the volunteer does in the family's safety plan, whom they call, and when."""
    match = get_match_for(current_user, match_id)
    if match is None:
        abort(404)
    if not services.may_record(current_user, match):
        abort(403)
    part = services.part_of(match)
    form = SafetyPlanPartForm(obj=part)
    if form.validate_on_submit():
        services.record_part(current_user, match, what_to_do=form.what_to_do.data,
                             whom_to_call=form.whom_to_call.data,
                             when_to_act=form.when_to_act.data)
        db.session.commit()
        flash(_("The volunteer's part in the safety plan is saved; the volunteer sees it on "
                "the match."), "success")
        return redirect(url_for("matches.detail", match_id=match.id))
    if not form.is_submitted():
        return render_template("safety/form.html", form=form, match=match)
    return form_page("safety/form.html", form, match=match)
