"""Privacy: a person's own data (readable page and JSON), erasure on request, privacy pages."""

import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_pages import form_page
from coordinator.privacy import labels, services
from coordinator.privacy.forms import ErasureForm
from coordinator.retention import policy
from coordinator.security import public, roles_required
from coordinator.volunteers import services as volunteers
from coordinator.volunteers.services import PRIVACY_NOTICE_VERSION

bp = Blueprint("privacy", __name__)

STAFF_EXPORTERS = services.EXPORTERS
STAFF_ERASERS = services.ERASERS


def _answer(export: dict, title: str, as_json: bool, filename: str, *, own: bool = False):
    if as_json:
        body = json.dumps(export, ensure_ascii=False, indent=2)
        return Response(body, mimetype="application/json", headers={
            "Content-Disposition": f'attachment; filename="{filename}.json"',
            "Cache-Control": "no-store",
        })
    # `own`: the volunteer reads their own data, so the page speaks to them ("du").
    return render_template("privacy/export.html", export=export, title=title, own=own,
                           label=labels.label, value_text=labels.value_text)


def _own_data(as_json: bool):
    volunteer = volunteers.own_volunteer(current_user)
    if volunteer is None:
        abort(404)
    export = services.volunteer_export(volunteer, current_user)
    db.session.commit()
    return _answer(export, _("My information"), as_json, "mine-oplysninger", own=True)


@bp.route("/frivillig/min-side/mine-oplysninger")
@roles_required(Role.VOLUNTEER)
def my_data():
    """Show everything we hold about the signed-in volunteer."""
    return _own_data(as_json=False)


@bp.route("/frivillig/min-side/mine-oplysninger.json")
@roles_required(Role.VOLUNTEER)
def my_data_json():
    """Download everything we hold about the signed-in volunteer."""
    return _own_data(as_json=True)


def _young_person_data(person_id: int, as_json: bool):
    person = services.get_young_person_for(current_user, person_id)
    if person is None:
        abort(404)
    export = services.young_person_export(person, current_user)
    db.session.commit()
    return _answer(export, _("Information about %(name)s", name=person.first_name), as_json,
                   f"ung-{person_id}")


@bp.route("/privatliv/ung/<int:person_id>/oplysninger")
@roles_required(*STAFF_EXPORTERS)
def young_person_data(person_id: int):
    """Show everything we hold about a young person or child (on their request)."""
    return _young_person_data(person_id, as_json=False)


@bp.route("/privatliv/ung/<int:person_id>/oplysninger.json")
@roles_required(*STAFF_EXPORTERS)
def young_person_data_json(person_id: int):
    """Download everything we hold about a young person or child (on their request)."""
    return _young_person_data(person_id, as_json=True)


def _family_data(family_id: int, as_json: bool):
    family = services.get_family_for(current_user, family_id)
    if family is None:
        abort(404)
    export = services.family_export(family, current_user)
    db.session.commit()
    return _answer(export, _("Information about %(name)s", name=family.display_name), as_json,
                   f"familie-{family_id}")


@bp.route("/privatliv/familie/<int:family_id>/oplysninger")
@roles_required(*STAFF_EXPORTERS)
def family_data(family_id: int):
    """Show everything we hold about a family (on their request)."""
    return _family_data(family_id, as_json=False)


@bp.route("/privatliv/familie/<int:family_id>/oplysninger.json")
@roles_required(*STAFF_EXPORTERS)
def family_data_json(family_id: int):
    """Download everything we hold about a family (on their request)."""
    return _family_data(family_id, as_json=True)


def _erasure_page(kind: str, name: str, check, form, erase, back: str):
    if not check.allowed:
        return render_template("privacy/erase.html", kind=kind, name=name, check=check,
                               form=form, label=labels.label, back=back)
    if form.validate_on_submit():
        erase(form.reason.data)
        db.session.commit()
        flash(_("The record has been erased."), "info")
        return redirect(url_for("main.home"))
    return form_page("privacy/erase.html", form, kind=kind, name=name, check=check,
                     label=labels.label, back=back)


@bp.route("/privatliv/frivillig/<int:volunteer_id>/slet", methods=["GET", "POST"])
@roles_required(*STAFF_ERASERS)
def erase_volunteer(volunteer_id: int):
    """Erase a volunteer on request where the law allows; otherwise say what is kept."""
    volunteer = volunteers.get_volunteer_for(current_user, volunteer_id)
    if volunteer is None:
        abort(404)
    return _erasure_page(
        "volunteer", volunteer.full_name, services.volunteer_erasure(volunteer), ErasureForm(),
        lambda reason: services.erase_volunteer(volunteer, current_user, reason),
        url_for("volunteers.screening", volunteer_id=volunteer_id),
    )


@bp.route("/privatliv/ung/<int:person_id>/slet", methods=["GET", "POST"])
@roles_required(*STAFF_ERASERS)
def erase_young_person(person_id: int):
    """Erase a friend-bank sign-up on request; a young person with a case is kept."""
    person = services.get_young_person_for(current_user, person_id)
    if person is None:
        abort(404)
    return _erasure_page(
        "young_person", person.first_name, services.young_person_erasure(person), ErasureForm(),
        lambda reason: services.erase_young_person(person, current_user, reason),
        url_for("friendbank.detail", person_id=person_id),
    )


@bp.route("/privatliv")
@public
def privacy_policy():
    """The privacy policy for volunteers, young people and families, from the retention settings."""
    return render_template(
        "privacy/policy.html",
        schedule=policy.schedule(current_app.config),
        version=PRIVACY_NOTICE_VERSION,
    )
