"""Caseworkers refer young people and families and follow their status."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator import confirmation
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import mark_failed
from coordinator.pagination import requested_page
from coordinator.referrals import services
from coordinator.referrals.forms import (
    FamilyReferralForm,
    ReferralFilterForm,
    YoungPersonReferralForm,
)
from coordinator.security import roles_required

bp = Blueprint("referrals", __name__, url_prefix="/henvisninger")

READERS = (Role.CASEWORKER, *services.SEES_ALL)
KINDS = {"ung": YoungPersonReferralForm, "familie": FamilyReferralForm}


def _flash_fix_fields() -> None:
    mark_failed()


def _readable(referral_id: int):
    referral = services.get_referral_for(current_user, referral_id)
    if referral is None:
        abort(404)
    return referral


def _own(referral_id: int):
    referral = services.get_own_referral(current_user, referral_id)
    if referral is None:
        abort(404)
    return referral


@bp.route("/")
@roles_required(*READERS)
def index():
    """A caseworker's own referrals (all of them for a coordinator), with status in plain words."""
    form = ReferralFilterForm(request.args)
    valid = form.validate()
    if not valid:
        flash(_("Some filters could not be used; the list shows every referral."), "error")
    filters = form.filters() if valid else services.ReferralFilters()
    in_url = form.in_url() if valid else {}
    page = services.list_referrals(current_user, filters, number=requested_page(), shown=in_url)
    return render_template("referrals/index.html", page=page, form=form, in_url=in_url,
                           today=date.today()), (200 if valid else 400)


@bp.route("/ny/ung", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def new_young_person():
    """Refer a young person, with the consent behind the referral."""
    return _new("ung")


@bp.route("/ny/familie", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def new_family():
    """Refer a family, with the consent behind the referral."""
    return _new("familie")


def _new(kind: str):
    form = KINDS[kind]()
    if form.validate_on_submit():
        today = date.today()
        if kind == "ung":
            referral = services.refer_young_person(
                current_user, form.person_data(today), form.referral_data(), form.consent_data())
        else:
            referral = services.refer_family(
                current_user, form.family_data(today), form.referral_data(), form.consent_data())
        db.session.commit()
        flash(_("The referral is sent. You can follow it here."), "success")
        return redirect(url_for("referrals.detail", referral_id=referral.id))
    if form.is_submitted():
        _flash_fix_fields()
        return render_template("referrals/form.html", form=form, kind=kind, referral=None), 400
    return render_template("referrals/form.html", form=form, kind=kind, referral=None)


@bp.route("/<int:referral_id>")
@roles_required(*READERS)
def detail(referral_id: int):
    """One referral: status and timeline in plain words, consent, description, case notes."""
    referral = _readable(referral_id)
    services.record_view(current_user, referral)
    db.session.commit()
    return render_template(
        "referrals/detail.html",
        referral=referral,
        timeline=services.timeline(referral),
        consent=services.latest_consent(referral),
        withdraw_form=ConfirmForm(),
        can_change=(referral.caseworker_id == current_user.id
                    and referral.status in services.CHANGEABLE),
        can_withdraw=(referral.caseworker_id == current_user.id
                      and referral.status in services.WITHDRAWABLE),
        shortlist_waiting=(referral.caseworker_id == current_user.id
                           and services.has_shortlist(referral)),
        today=date.today(),
    )


@bp.route("/<int:referral_id>/rediger", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def edit(referral_id: int):
    """Change one's own referral; a changed consent is kept as a new record."""
    referral = _own(referral_id)
    kind = "ung" if referral.young_person is not None else "familie"
    if referral.status not in services.CHANGEABLE:
        flash(_("This referral is closed and cannot be changed."), "warning")
        return redirect(url_for("referrals.detail", referral_id=referral.id))
    form = KINDS[kind]()
    if form.validate_on_submit():
        today = date.today()
        extra = ({"person": form.person_data(today)} if kind == "ung"
                 else {"family_data": form.family_data(today)})
        services.update_referral(referral, current_user, form.referral_data(),
                                 form.consent_data(), **extra)
        db.session.commit()
        flash(_("The referral is saved."), "success")
        return redirect(url_for("referrals.detail", referral_id=referral.id))
    if form.is_submitted():
        _flash_fix_fields()
        return render_template("referrals/form.html", form=form, kind=kind,
                               referral=referral), 400
    form.fill_from(referral)
    services.record_view(current_user, referral)
    db.session.commit()
    return render_template("referrals/form.html", form=form, kind=kind, referral=referral)


@bp.route("/<int:referral_id>/tilbagekald", methods=["POST"])
@roles_required(Role.CASEWORKER)
def withdraw(referral_id: int):
    """Withdraw one's own referral before it is matched."""
    referral = _own(referral_id)
    back = url_for("referrals.detail", referral_id=referral.id)
    if ConfirmForm().validate_on_submit():
        if not confirmation.confirmed():
            return confirmation.confirm_page(
                title=_("Withdraw the referral?"),
                question=_(
                    "The coordination unit stops looking for a volunteer for %(name)s. To ask "
                    "again later you make a new referral.",
                    name=(referral.young_person.first_name if referral.young_person
                          else referral.family.display_name),
                ),
                action=url_for("referrals.withdraw", referral_id=referral.id),
                back=back,
                button=_("Yes, withdraw the referral"),
            )
        try:
            services.withdraw(referral, current_user)
        except services.NotAllowedNow:
            flash(_("A referral with a running match cannot be withdrawn here. Please contact "
                    "the coordination unit."), "warning")
        else:
            db.session.commit()
            flash(_("The referral is withdrawn."), "info")
    return redirect(url_for("referrals.detail", referral_id=referral.id))
