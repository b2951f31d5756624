"""Partner organisations and agreements (staff), and an organisation contact's own volunteers."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_pages import form_page
from coordinator.organisations import services
from coordinator.organisations.forms import AgreementForm, OrganisationForm
from coordinator.security import roles_required

bp = Blueprint("organisations", __name__)

STAFF = (Role.COORDINATOR, Role.ADMIN)


@bp.route("/organisationer")
@roles_required(*STAFF)
def organisations():
    """List the partner organisations and the agreements that run out soon."""
    return render_template(
        "organisations/list.html",
        organisations=services.list_organisations(),
        ending=services.agreements_ending(date.today()),
        within_days=services.REMINDER_DAYS,
        today=date.today(),
    )


@bp.route("/organisationer/ny", methods=["GET", "POST"])
@roles_required(*STAFF)
def create():
    """Add a partner organisation."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(current_user, form.values())
        except services.NameTaken:
            form.name.errors = [_("An organisation with this name already exists.")]
        else:
            db.session.commit()
            flash(_("%(name)s was added.", name=organisation.name), "success")
            return redirect(url_for("organisations.organisation", organisation_id=organisation.id))
    return form_page("organisations/organisation_form.html", form, organisation=None)


@bp.route("/organisationer/<int:organisation_id>")
@roles_required(*STAFF)
def organisation(organisation_id: int):
    """Show an organisation: its details, agreements, contacts and volunteers."""
    item = _organisation_or_404(organisation_id)
    statuses = services.view_organisation(current_user, item)
    db.session.commit()
    return render_template(
        "organisations/organisation.html",
        organisation=item,
        statuses=statuses,
        today=date.today(),
        within_days=services.REMINDER_DAYS,
    )


@bp.route("/organisationer/<int:organisation_id>/rediger", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(organisation_id: int):
    """Change an organisation's details."""
    item = _organisation_or_404(organisation_id)
    form = OrganisationForm(obj=item)
    if form.validate_on_submit():
        try:
            services.update_organisation(current_user, item, form.values())
        except services.NameTaken:
            form.name.errors = [_("An organisation with this name already exists.")]
        else:
            db.session.commit()
            flash(_("%(name)s was saved.", name=item.name), "success")
            return redirect(url_for("organisations.organisation", organisation_id=item.id))
    return form_page("organisations/organisation_form.html", form, organisation=item)


@bp.route("/organisationer/<int:organisation_id>/aftaler/ny", methods=["GET", "POST"])
@roles_required(*STAFF)
def add_agreement(organisation_id: int):
    """Record a partnership agreement with the organisation."""
    item = _organisation_or_404(organisation_id)
    form = AgreementForm()
    if form.validate_on_submit():
        services.add_agreement(current_user, item, form.values())
        db.session.commit()
        flash(_("The agreement was saved."), "success")
        return redirect(url_for("organisations.organisation", organisation_id=item.id))
    return form_page("organisations/agreement_form.html", form, organisation=item, agreement=None)


@bp.route(
    "/organisationer/<int:organisation_id>/aftaler/<int:agreement_id>/rediger",
    methods=["GET", "POST"],
)
@roles_required(*STAFF)
def edit_agreement(organisation_id: int, agreement_id: int):
    """Change a partnership agreement, e.g. renew its period."""
    item = _organisation_or_404(organisation_id)
    agreement = services.get_agreement(item, agreement_id)
    if agreement is None:
        abort(404)
    form = AgreementForm(obj=agreement)
    if form.validate_on_submit():
        services.update_agreement(current_user, agreement, form.values())
        db.session.commit()
        flash(_("The agreement was saved."), "success")
        return redirect(url_for("organisations.organisation", organisation_id=item.id))
    return form_page(
        "organisations/agreement_form.html", form, organisation=item, agreement=agreement
    )


@bp.route("/min-organisation")
@roles_required(Role.ORGANISATION_CONTACT)
def my_volunteers():
    """Show the contact person the screening status of their own organisation's volunteers."""
    statuses = services.screening_overview_for(current_user)
    db.session.commit()  # the audit entry of this view
    return render_template(
        "organisations/my_volunteers.html",
        organisation=current_user.organisation,
        statuses=statuses,
    )


@bp.route("/min-organisation/frivillige/<int:volunteer_id>")
@roles_required(Role.ORGANISATION_CONTACT)
def my_volunteer(volunteer_id: int):
    """Show one of the organisation's volunteers' screening status (others are not found)."""
    volunteer = services.get_volunteer_for_contact(current_user, volunteer_id)
    if volunteer is None:
        abort(404)
    db.session.commit()  # the audit entry of this view
    return render_template(
        "organisations/my_volunteer.html", status=services.screening_status(volunteer)
    )


def _organisation_or_404(organisation_id: int):
    item = services.get_organisation(organisation_id)
    if item is None:
        abort(404)
    return item
