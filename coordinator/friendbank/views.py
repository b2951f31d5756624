"""Young people join the friend bank; coordinators verify them before they enter the pool."""

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator import throttle
from coordinator.audit import services as audit
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import mark_failed
from coordinator.friendbank import services
from coordinator.friendbank.forms import MemberFilterForm, SelfSignupForm, StaffSignupForm
from coordinator.pagination import paginate
from coordinator.referrals.models import FriendBankStatus
from coordinator.security import public, roles_required

bp = Blueprint("friendbank", __name__, url_prefix="/vennebank")

STAFF_SIGNUP = (Role.CASEWORKER, Role.COORDINATOR)


def _flash_fix_fields() -> None:
    mark_failed()


def _member(person_id: int):
    person = services.get_member_for(current_user, person_id)
    if person is None:
        abort(404)
    return person


@bp.route("/tilmeld", methods=["GET", "POST"])
@public
@throttle.limit("signup")
def signup():
    """A young person of 15 to 23 joins the friend bank with their own consent."""
    form = SelfSignupForm()
    if form.validate_on_submit():
        services.sign_up_self(form.friend_data(date.today()), date.today())
        db.session.commit()
        return redirect(url_for("friendbank.thanks"))
    days = current_app.config["RETENTION_FRIENDBANK_UNVERIFIED_DAYS"]
    if form.is_submitted():
        _flash_fix_fields()
        return render_template("friendbank/signup.html", form=form, days=days), 400
    return render_template("friendbank/signup.html", form=form, days=days)


@bp.route("/tak")
@public
def thanks():
    """Tell the young person what happens next."""
    return render_template("friendbank/thanks.html")


@bp.route("/bekraeft/<token>")
@public
def confirm_email(token: str):
    """Confirm a friend-bank sign-up's e-mail address from the signed link."""
    try:
        services.confirm_email(token[:2000])
    except services.ConfirmationFailed:
        db.session.rollback()
        return render_template("friendbank/confirmed.html", ok=False), 400
    db.session.commit()
    return render_template("friendbank/confirmed.html", ok=True)


@bp.route("/tilmeld-ung", methods=["GET", "POST"])
@roles_required(*STAFF_SIGNUP)
def staff_signup():
    """A caseworker or pedagogue signs up a young person (from 13) with consent."""
    form = StaffSignupForm()
    if form.validate_on_submit():
        scope = str(_("Joining the friend bank; sharing first name, age and interests with "
                      "another young person when a friendship is proposed."))
        services.sign_up_by_staff(current_user, form.friend_data(date.today()),
                                  form.consent_data(scope))
        db.session.commit()
        flash(_("The young person is signed up. A coordinator verifies them before they join "
                "the pool."), "success")
        return redirect(url_for("main.home"))
    if form.is_submitted():
        _flash_fix_fields()
        return render_template("friendbank/staff_signup.html", form=form), 400
    return render_template("friendbank/staff_signup.html", form=form)


@bp.route("/mine")
@roles_required(*STAFF_SIGNUP)
def mine():
    """The young people this caseworker signed up for the friend bank, with their status."""
    page = paginate(services.signed_up_by(current_user))
    paired = services.in_running_pair([person.id for person in page.items])
    audit.record_list(current_user, "friend_bank.own_listed", page.items, page=page.number)
    return render_template("friendbank/mine.html", page=page, paired=paired, today=date.today())


@bp.route("/")
@roles_required(*services.VERIFIERS)
def index():
    """The friend bank's members, those waiting for verification first."""
    form = MemberFilterForm(request.args)
    status = FriendBankStatus(form.status.data) if form.validate() and form.status.data else None
    page = paginate(services.members(status))
    audit.record_list(current_user, "friend_bank.listed", page.items,
                      status=status.value if status else None, page=page.number)
    return render_template(
        "friendbank/index.html", form=form, page=page, status=status, today=date.today()
    ), (200 if not form.errors else 400)


@bp.route("/<int:person_id>")
@roles_required(*services.VERIFIERS)
def detail(person_id: int):
    """One member: what they told us, their consent, and verification."""
    person = _member(person_id)
    services.record_view(current_user, person)
    db.session.commit()
    return render_template("friendbank/detail.html", person=person, form=ConfirmForm(),
                           today=date.today())


@bp.route("/<int:person_id>/godkend", methods=["POST"])
@roles_required(*services.VERIFIERS)
def verify(person_id: int):
    """Verify a member so they enter the pool."""
    person = _member(person_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.verify(person, current_user)
        except services.NotReachable:
            db.session.rollback()
            flash(_("%(name)s cannot be verified yet: the e-mail address is not confirmed and "
                    "there is no phone number.", name=person.first_name), "error")
            return redirect(url_for("friendbank.detail", person_id=person_id))
        db.session.commit()
        flash(_("%(name)s is verified and in the friend bank.", name=person.first_name),
              "success")
    return redirect(url_for("friendbank.detail", person_id=person.id))


@bp.route("/<int:person_id>/udmeld", methods=["POST"])
@roles_required(*services.VERIFIERS)
def leave(person_id: int):
    """Take a member out of the pool."""
    person = _member(person_id)
    if ConfirmForm().validate_on_submit():
        services.mark_left(person, current_user)
        db.session.commit()
        flash(_("%(name)s is no longer in the friend bank.", name=person.first_name), "info")
    return redirect(url_for("friendbank.detail", person_id=person.id))
