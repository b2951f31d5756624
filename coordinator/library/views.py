"""The knowledge library: guides for volunteers, written by staff, some to acknowledge."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import form_page
from coordinator.i18n import select_locale
from coordinator.library import services
from coordinator.library.forms import GuideForm
from coordinator.library.models import Guide
from coordinator.library.rendering import render
from coordinator.security import roles_required

bp = Blueprint("library", __name__, url_prefix="/vejledninger")

EDITORS = (Role.COORDINATOR, Role.ADMIN)
READERS = (*EDITORS, Role.CASEWORKER, Role.VOLUNTEER)
TEXT_FIELDS = ("title_da", "title_en", "body_da", "body_en")


@bp.app_template_global()
def guide_url(slug: str) -> str | None:
    """The address of a guide if it exists (the concern form links to the concern guide)."""
    if services.guide_by_slug(slug) is None:
        return None
    return url_for("library.guide", slug=slug)


@bp.app_template_global()
def guides_to_acknowledge(volunteer) -> list[dict]:
    """The required guides the volunteer has still to acknowledge, with titles and addresses."""
    language = select_locale()
    return [
        {"slug": guide.slug, "title": services.text_in(guide.current, language).title}
        for guide in services.missing_acknowledgements(volunteer)
    ]


@bp.route("/")
@roles_required(*READERS)
def index():
    """List the guides; a volunteer sees which they must still acknowledge."""
    language = select_locale()
    guides = services.all_guides()
    volunteer = current_user.volunteer if current_user.role == Role.VOLUNTEER else None
    done = services.acknowledged_version_ids(volunteer) if volunteer is not None else set()
    return render_template(
        "library/index.html",
        guides=[(guide, services.text_in(guide.current, language)) for guide in guides],
        done=done,
        is_volunteer=volunteer is not None,
        can_edit=current_user.role in EDITORS,
    )


@bp.route("/<slug>")
@roles_required(*READERS)
def guide(slug: str):
    """Read a guide in your language, with its version and when it last changed."""
    item = _guide_or_404(slug)
    text = services.text_in(item.current, select_locale())
    volunteer = current_user.volunteer if current_user.role == Role.VOLUNTEER else None
    return render_template(
        "library/guide.html",
        guide=item,
        text=text,
        body=render(text.body),
        acknowledged=services.has_acknowledged(volunteer, item) if volunteer else None,
        can_edit=current_user.role in EDITORS,
        form=ConfirmForm(),
    )


@bp.route("/<slug>/kvitter", methods=["POST"])
@roles_required(Role.VOLUNTEER)
def acknowledge(slug: str):
    """Confirm you have read and understood the guide's current version."""
    item = _guide_or_404(slug)
    volunteer = current_user.volunteer
    if volunteer is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.acknowledge(current_user, volunteer, item)
    db.session.commit()
    flash(_("Thank you: you have confirmed reading %(title)s.",
            title=services.text_in(item.current, select_locale()).title), "success")
    return redirect(url_for("library.guide", slug=slug), 303)


@bp.route("/ny", methods=["GET", "POST"])
@roles_required(*EDITORS)
def create():
    """Write a new guide."""
    form = GuideForm()
    if form.validate_on_submit():
        if services.guide_by_slug(form.slug.data) is not None:
            form.slug.errors = [_("A guide already has this address.")]
            return form_page("library/form.html", form, guide=None)
        item = services.create_guide(current_user, form.slug.data,
                                     form.requires_acknowledgement.data, _texts(form))
        db.session.commit()
        flash(_("The guide was published."), "success")
        return redirect(url_for("library.guide", slug=item.slug))
    return form_page("library/form.html", form, guide=None)


@bp.route("/<slug>/rediger", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(slug: str):
    """Change a guide: a changed text is published as a new version."""
    item = _guide_or_404(slug)
    form = GuideForm()
    if not form.is_submitted():
        for name in TEXT_FIELDS:
            getattr(form, name).data = getattr(item.current, name)
        form.requires_acknowledgement.data = item.requires_acknowledgement
    # The address is fixed once made: links to it must keep working.
    form.slug.data = item.slug
    if form.validate_on_submit():
        new = services.update_guide(current_user, item, form.requires_acknowledgement.data,
                                    _texts(form))
        db.session.commit()
        if new and item.requires_acknowledgement:
            flash(_("Version %(number)s is published; volunteers are asked to acknowledge it "
                    "again.", number=item.current.number), "success")
        elif new:
            flash(_("Version %(number)s is published.", number=item.current.number), "success")
        else:
            flash(_("The guide was saved."), "success")
        return redirect(url_for("library.guide", slug=slug))
    return form_page("library/form.html", form, guide=item)


def _texts(form: GuideForm) -> dict[str, str]:
    return {name: getattr(form, name).data or "" for name in TEXT_FIELDS}


def _guide_or_404(slug: str) -> Guide:
    item = services.guide_by_slug(slug)
    if item is None or not item.versions:
        abort(404)
    return item
