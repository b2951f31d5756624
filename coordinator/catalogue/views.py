"""The offers catalogue: the need-based search, keeping offers, and the public list by theme."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectField
from wtforms.validators import InputRequired

from coordinator.auth.models import Role
from coordinator.catalogue import services
from coordinator.catalogue.forms import MUNICIPAL, OfferFilterForm, OfferForm, SearchForm
from coordinator.extensions import db
from coordinator.form_helpers import AppForm
from coordinator.form_pages import form_page, mark_failed
from coordinator.pagination import paginate
from coordinator.security import public, roles_required

bp = Blueprint("catalogue", __name__)
# Referral and match pages include catalogue/_offers_for_referral.html, which calls this.
bp.add_app_template_global(services.offers_for_referral, "offers_for_referral")

KEEPERS = (Role.COORDINATOR, Role.ADMIN)
SEARCHERS = (Role.ADMIN, Role.COORDINATOR, Role.CASEWORKER, Role.VOLUNTEER)


class ActiveForm(AppForm):
    """Retire an offer or bring it back (a POST with CSRF)."""

    active = SelectField(validators=[InputRequired()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.active.choices = [("1", "1"), ("0", "0")]


@bp.route("/tilbud")
@public
def public_list():
    """List the active offers by theme for families, young people and volunteers."""
    return render_template("catalogue/public.html", themes=services.public_offers_by_theme())


@bp.route("/katalog/soeg")
@roles_required(*SEARCHERS)
def search():
    """Find the offers that fit a need typed in everyday Danish."""
    form = SearchForm(request.args)
    hits = None
    status = 200
    if request.args:
        if form.validate():
            hits = services.search_offers(form.q.data, age=form.age.data, k=10)
        else:
            mark_failed()
            status = 400
    catalogue_empty = hits == [] and not services.has_active_offers()
    return render_template(
        "catalogue/search.html", form=form, hits=hits, catalogue_empty=catalogue_empty
    ), status


@bp.route("/katalog")
@roles_required(*KEEPERS)
def offers():
    """List the offers, active and retired, for the coordination unit to keep: filtered by
    theme, age and target group, a page at a time."""
    form = OfferFilterForm(request.args)
    valid = form.validate()
    if not valid:
        flash(_("Some filters could not be used; the list shows every offer."), "error")
    in_url = form.in_url() if valid else {}
    page = paginate(services.offer_list(form.filters() if valid else None))
    return render_template(
        "catalogue/offers.html", page=page, form=form, in_url=in_url, active_form=ActiveForm()
    ), (200 if valid else 400)


@bp.route("/katalog/<int:offer_id>")
@roles_required(*SEARCHERS)
def offer(offer_id: int):
    """Show one offer; a retired one only to the staff who keep the catalogue."""
    item = _offer_or_404(offer_id)
    if not item.active and current_user.role not in KEEPERS:
        abort(404)
    return render_template("catalogue/offer.html", offer=item, active_form=ActiveForm())


@bp.route("/katalog/nyt", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def create_offer():
    """Add an offer to the catalogue."""
    form = OfferForm()
    if form.validate_on_submit():
        item = services.create_offer(current_user, form.values())
        db.session.commit()
        flash(_("The offer %(name)s was added.", name=item.name), "success")
        return redirect(url_for("catalogue.offer", offer_id=item.id))
    return form_page("catalogue/offer_form.html", form, offer=None)


@bp.route("/katalog/<int:offer_id>/rediger", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def edit_offer(offer_id: int):
    """Change an offer."""
    item = _offer_or_404(offer_id)
    form = OfferForm(obj=item)
    if request.method == "GET":
        form.provider_id.data = str(item.provider_id) if item.provider_id else MUNICIPAL
    if form.validate_on_submit():
        services.update_offer(current_user, item, form.values())
        db.session.commit()
        flash(_("The offer %(name)s was saved.", name=item.name), "success")
        return redirect(url_for("catalogue.offer", offer_id=item.id))
    return form_page("catalogue/offer_form.html", form, offer=item)


@bp.route("/katalog/<int:offer_id>/aktiv", methods=["POST"])
@roles_required(*KEEPERS)
def set_active(offer_id: int):
    """Retire an offer, or bring a retired one back."""
    item = _offer_or_404(offer_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    active = form.active.data == "1"
    services.set_offer_active(current_user, item, active)
    db.session.commit()
    if active:
        flash(_("The offer %(name)s is active again.", name=item.name), "success")
    else:
        flash(_("The offer %(name)s was retired.", name=item.name), "success")
    return redirect(url_for("catalogue.offer", offer_id=item.id))


def _offer_or_404(offer_id: int):
    item = services.get_offer(offer_id)
    if item is None:
        abort(404)
    return item
