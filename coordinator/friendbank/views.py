"""The friend bank: young people join, coordinators verify them into the pool, pair them with
each other, approve the pairs and suggest an event as a pair's first meeting.

The URLs are older than this package (the pairs lived with the matches, the first meeting with
the events) and are bookmarked, so each route spells out its whole path.
"""

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from coordinator import locking, throttle
from coordinator.auth.models import Role
from coordinator.events.services import SignupRefused
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import form_page, mark_failed
from coordinator.friendbank import pairs, services
from coordinator.friendbank.forms import (
    MemberFilterForm,
    PairSignupForm,
    SelfSignupForm,
    StaffSignupForm,
    StartFriendPairForm,
)
from coordinator.matches.models import InvalidTransition, Match
from coordinator.matches.services import WorkflowError
from coordinator.pagination import requested_page
from coordinator.referrals.models import FriendBankStatus
from coordinator.security import public, roles_required

bp = Blueprint("friendbank", __name__)

STAFF_SIGNUP = (Role.CASEWORKER, Role.COORDINATOR)
# Who pairs young people, approves the pairs and signs a pair up for a first meeting.
PAIRERS = (Role.COORDINATOR, Role.ADMIN)
RUNNING = "loebende"  # the pairs page's second list pages by its own URL parameter


def _flash_fix_fields() -> None:
    mark_failed()


def _member(person_id: int):
    person = services.get_member_for(current_user, person_id)
    if person is None:
        abort(404)
    return person


@bp.route("/vennebank/tilmeld", methods=["GET", "POST"])
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


@bp.route("/vennebank/tak")
@public
def thanks():
    """Tell the young person what happens next."""
    return render_template("friendbank/thanks.html")


@bp.route("/vennebank/bekraeft/<token>")
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


@bp.route("/vennebank/tilmeld-ung", methods=["GET", "POST"])
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


@bp.route("/vennebank/mine")
@roles_required(*STAFF_SIGNUP)
def mine():
    """The young people this caseworker signed up for the friend bank, with their status."""
    own = services.own_young_people(current_user, number=requested_page())
    return render_template("friendbank/mine.html", page=own.page, paired=own.paired,
                           today=date.today())


@bp.route("/vennebank/")
@roles_required(*services.VERIFIERS)
def index():
    """The friend bank's members, those waiting for verification first."""
    form = MemberFilterForm(request.args)
    status = FriendBankStatus(form.status.data) if form.validate() and form.status.data else None
    page = services.member_list(current_user, status, number=requested_page())
    return render_template(
        "friendbank/index.html", form=form, page=page, status=status, today=date.today()
    ), (200 if not form.errors else 400)


@bp.route("/vennebank/<int:person_id>")
@roles_required(*services.VERIFIERS)
def detail(person_id: int):
    """One member: what they told us, their consent, and verification."""
    person = services.view_member(current_user, person_id)
    if person is None:
        abort(404)
    db.session.commit()
    return render_template("friendbank/detail.html", person=person, form=ConfirmForm(),
                           today=date.today())


@bp.route("/vennebank/<int:person_id>/godkend", methods=["POST"])
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


@bp.route("/vennebank/<int:person_id>/udmeld", methods=["POST"])
@roles_required(*services.VERIFIERS)
def leave(person_id: int):
    """Take a member out of the pool."""
    person = _member(person_id)
    if ConfirmForm().validate_on_submit():
        services.mark_left(person, current_user)
        db.session.commit()
        flash(_("%(name)s is no longer in the friend bank.", name=person.first_name), "info")
    return redirect(url_for("friendbank.detail", person_id=person.id))


# -- pairs ----------------------------------------------------------------------------------


def _pair_or_404(match_id: int) -> Match:
    match = pairs.get_pair_for(current_user, match_id)
    if match is None:
        abort(404)
    return match


def _pair_name(match: Match) -> str:
    """The two first names of a pair, e.g. for a message about it."""
    names = [person.first_name for person in (match.friend_a, match.friend_b) if person]
    return " & ".join(names)


@bp.route("/match/vennebank", methods=["GET", "POST"], endpoint="pairs")
@roles_required(*PAIRERS)
def pairs_page():
    """Pair verified young people in the friend bank and review the pairs."""
    form = ConfirmForm()
    if form.validate_on_submit():
        made = pairs.store_friend_pairs(by=current_user, today=date.today())
        db.session.commit()
        if made:
            flash(ngettext("%(num)d pair is ready for review.",
                           "%(num)d pairs are ready for review.", len(made)), "success")
        else:
            flash(_("No two young people in the friend bank fit each other well enough to be "
                    "paired right now."), "info")
        return redirect(url_for("friendbank.pairs"))
    return _pairs_page()


def _pairs_page(
    errors: dict[int, str] | None = None, status: int = 200, *, keep_typed: bool = False
):
    """The pairs page; after a refused approval it keeps what was typed and says why next to
    each refused pair."""
    lists = pairs.pair_lists(current_user, proposed_page=requested_page(),
                             running_page=requested_page(RUNNING))
    typed = request.form if keep_typed else {}
    if keep_typed:
        start_form = StartFriendPairForm()
        start_form.validate()  # show what is wrong with the typed date, if anything
    else:
        start_form = StartFriendPairForm(start_date=date.today())
    return render_template(
        "friendbank/pairs.html",
        pairs=lists.proposed,
        crosses_adulthood=pairs.pair_crosses_adulthood,
        running=lists.running,
        running_param=RUNNING,
        pool_size=lists.pool_size,
        # A fresh CSRF-only form for the page's buttons (never the one that was just posted).
        form=ConfirmForm(formdata=None),
        start_form=start_form,
        today=date.today(),
        errors=errors or {},
        typed=typed,
        max_reason=pairs.ADULTHOOD_REASON_MAX,
    ), status


def _pair_reason(match_id: int) -> str:
    """The written reason typed for one pair across the age of 18 (empty if none)."""
    return request.form.get(f"reason-{match_id}", "")


@bp.route("/match/vennebank/<int:match_id>/godkend", methods=["POST"])
@roles_required(*PAIRERS)
def approve_pair(match_id: int):
    """Approve a friend-bank pair; they meet from the given date."""
    match = _pair_or_404(match_id)
    form = StartFriendPairForm()
    if not form.validate_on_submit():
        message = _("Enter the date of the first meeting.")
        flash(message, "error")
        return _pairs_page({match_id: message}, 400, keep_typed=True)
    try:
        pairs.approve_friend_pair(
            match, by=current_user, start_date=form.start_date.data,
            reason=_pair_reason(match_id), today=date.today(),
        )
    except (WorkflowError, InvalidTransition, locking.Busy) as error:
        db.session.rollback()
        message = (_("That step is not possible for this match any more.")
                   if isinstance(error, InvalidTransition) else str(error))
        flash(message, "error")
        return _pairs_page({match_id: message}, 400, keep_typed=True)
    db.session.commit()
    flash(_("The pair is approved."), "success")
    return redirect(url_for("friendbank.pairs"))


@bp.route("/match/vennebank/godkend-valgte", methods=["POST"])
@roles_required(*PAIRERS)
def approve_pairs():
    """Approve the ticked friend-bank pairs, each on its own; name the ones refused."""
    form = StartFriendPairForm()
    chosen = [int(value) for value in request.form.getlist("pairs") if value.isdigit()]
    if not form.validate_on_submit():
        flash(_("Enter the date of the first meeting."), "error")
        return _pairs_page({}, 400, keep_typed=True)
    if not chosen:
        flash(_("Tick at least one pair to approve."), "error")
        return redirect(url_for("friendbank.pairs"))
    result = pairs.approve_friend_pairs(
        chosen, by=current_user, start_date=form.start_date.data,
        reasons={match_id: _pair_reason(match_id) for match_id in chosen}, today=date.today(),
    )
    db.session.commit()
    if result.done:
        flash(ngettext("%(num)d pair is approved.", "%(num)d pairs are approved.",
                       len(result.done)), "success")
    if not result.refused:
        return redirect(url_for("friendbank.pairs"))
    for match, message in result.refused:
        flash(_("%(pair)s: %(why)s", pair=_pair_name(match), why=message), "error")
    return _pairs_page(
        {match.id: message for match, message in result.refused}, 400, keep_typed=True
    )


@bp.route("/arrangementer/vennepar/<int:match_id>", methods=["GET", "POST"])
@roles_required(*PAIRERS)
def pair_suggestions(match_id: int):
    """Suggest coming events as a friend-bank pair's first meeting, and sign both up."""
    match = pairs.get_friend_pair(match_id)
    # A friend deleted at the end of retention leaves a pair with nobody to suggest for.
    if match is None or match.friend_a is None or match.friend_b is None:
        abort(404)
    today = date.today()
    suggestions = pairs.suggest_events_for_pair(match.friend_a, match.friend_b, today)
    form = PairSignupForm(suggestions)
    if form.validate_on_submit():
        chosen = next(e for e in suggestions if str(e.id) == form.event_id.data)
        try:
            pairs.sign_up_pair(current_user, chosen, match, today)
        except (SignupRefused, locking.Busy) as refused:
            db.session.rollback()
            flash(str(refused.message), "error")
            return redirect(url_for("friendbank.pair_suggestions", match_id=match_id)), 303
        db.session.commit()
        flash(_("Both are signed up for %(title)s.", title=chosen.title), "success")
        return redirect(url_for("events.event", event_id=chosen.id))
    pairs.view_first_meeting(current_user, match)
    db.session.commit()
    return form_page(
        "friendbank/pair_suggestions.html",
        form,
        message=_("Please choose one of the suggested events."),
        match=match,
        suggestions=suggestions,
        today=today,
    )
