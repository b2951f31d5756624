"""The young people's own place (/ung): sign-in by link or code, their page, the club, their voice.

Staff pages for the same (invitations, approving club activities, contact exchanges, signals and
the matches at risk) live here too, each declaring its roles. There is no messaging of any kind.
"""

from datetime import UTC, date, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from coordinator import locking, throttle
from coordinator.auth.models import Role, User
from coordinator.auth.views import sign_in
from coordinator.db_types import utcnow
from coordinator.events.models import Event, SignupStatus
from coordinator.events.services import SignupRefused, local_to_utc
from coordinator.extensions import db, login_manager
from coordinator.form_helpers import ConfirmForm
from coordinator.form_pages import form_page
from coordinator.matches.models import Match
from coordinator.referrals.models import Referral, YoungPerson
from coordinator.security import public, roles_required
from coordinator.young import accounts, club, health, page, voice
from coordinator.young import inbox as _inbox  # noqa: F401 - registers the at-risk provider
from coordinator.young.forms import (
    KIND_LABELS,
    ApproveForm,
    AskForLinkForm,
    CheckInForm,
    CodeForm,
    ProposalForm,
    SignalForm,
)
from coordinator.young.models import (
    ActivityKind,
    CheckInGiver,
    ClubActivity,
    ContactExchange,
    SignalKind,
    YoungSignal,
)

bp = Blueprint("young", __name__)
# A visitor who is not signed in is sent to the young people's own sign-in, not the staff one
# (the page links to the staff sign-in too).
bp.record_once(
    lambda _state: login_manager.blueprint_login_views.update({"young": "young.sign_in_start"})
)

YOUNG = Role.YOUNG_PERSON
UNIT = (Role.COORDINATOR, Role.ADMIN)
INVITERS = (Role.COORDINATOR, Role.ADMIN, Role.CASEWORKER)
ICON_DIR = "icons"


def _me() -> YoungPerson:
    person = accounts.person_of(current_user)
    if person is None:
        abort(403)
    return person


@bp.app_template_global()
def young_check_in_count(match: Match) -> tuple[int, datetime | None]:
    """What a volunteer may see of the young person's check-ins: how many, and when."""
    return voice.check_in_count(match)


@bp.app_template_global()
def young_custody_link_allowed(match: Match) -> bool:
    """Whether the signed-in caseworker may hand a custody holder a check-in link."""
    return voice.may_make_custody_link(current_user, match, date.today())


@bp.app_template_global()
def young_ratings_by_month() -> list[tuple[str, int, float]]:
    """The knowledge bank's line on how young people rate their matches, month by month."""
    return health.ratings_by_month()


@bp.app_template_global()
def young_early_warning() -> health.EarlyWarning:
    """The knowledge bank's answer to "did the warning come before the early endings?"."""
    return health.early_warning()


@bp.app_template_global()
def risk_label(reason: health.RiskReason) -> str:
    """Why a match is on the at-risk list, in the reader's language."""
    if reason == health.RiskReason.NO_RECENT_MEETING:
        return _("No meeting logged for %(days)d days",
                 days=int(current_app.config["AT_RISK_NO_MEETING_DAYS"]))
    if reason == health.RiskReason.FALLING_CHECK_INS:
        return _("The young person's check-in answers are falling")
    if reason == health.RiskReason.ASKED_TO_STOP:
        return _("The young person asked to stop")
    return _("A follow-up is overdue")


@bp.app_template_global()
def activity_kind_label(kind: ActivityKind) -> str:
    return str(KIND_LABELS[kind])


# --- the installable web app: manifest, icons, favicon, service worker, offline page ----------


@bp.route("/favicon.ico")
@public
def favicon():
    """The app's icon for every page (browsers ask for /favicon.ico by themselves)."""
    return send_from_directory(current_app.static_folder or "", f"{ICON_DIR}/favicon.ico",
                               mimetype="image/x-icon", max_age=86400)


@bp.route("/ung/manifest.webmanifest")
@public
def manifest():
    """The web app manifest: the young people's pages can be installed on a phone."""
    icons = [
        {"src": url_for("static", filename=f"{ICON_DIR}/icon-192.png"), "sizes": "192x192",
         "type": "image/png"},
        {"src": url_for("static", filename=f"{ICON_DIR}/icon-512.png"), "sizes": "512x512",
         "type": "image/png"},
        {"src": url_for("static", filename=f"{ICON_DIR}/icon.svg"), "sizes": "any",
         "type": "image/svg+xml"},
    ]
    body = {
        "name": _("Our place – the coordination unit"),
        "short_name": _("Our place"),
        "start_url": url_for("young.home"),
        "scope": "/ung/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d6a96",
        "lang": "da",
        "icons": icons,
    }
    response = current_app.response_class(
        current_app.json.dumps(body), mimetype="application/manifest+json"
    )
    return response


@bp.route("/ung/sw.js")
@public
def service_worker():
    """The service worker, served from /ung/ so its scope is the young people's pages only."""
    response = send_from_directory(current_app.static_folder or "", "js/young-sw.js",
                                   mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/ung/"
    return response


@bp.route("/ung/offline")
@public
def offline():
    """What the installed app shows when the phone has no connection."""
    return render_template("young/offline.html")


# --- sign-in by one-time link or code ----------------------------------------------------------


@bp.route("/ung/log-ind", methods=["GET", "POST"])
@public
@throttle.limit("young_link")
def sign_in_start():
    """Ask for a sign-in link and code; the answer is the same for every address."""
    if current_user.is_authenticated and current_user.role == YOUNG:
        return redirect(url_for("young.home"))
    form = AskForLinkForm()
    if form.validate_on_submit():
        accounts.request_sign_in(form.email.data, date.today())
        db.session.commit()
        code_form = CodeForm(formdata=None, email=form.email.data)
        return render_template("young/link_sent.html", form=code_form)
    return form_page("young/sign_in.html", form)


@bp.route("/ung/log-ind/kode", methods=["POST"])
@public
@throttle.limit("young_code")
def sign_in_code():
    """Sign in with the 6-digit code from the e-mail."""
    form = CodeForm()
    if form.validate_on_submit():
        try:
            user = accounts.sign_in_with_code(form.email.data, form.code.data)
        except accounts.InvalidSignIn:
            db.session.commit()  # keep the count of wrong codes
            form.code.errors = [_("The code is wrong or has run out. Ask for a new one.")]
        else:
            db.session.commit()
            sign_in(user)
            db.session.commit()
            return redirect(url_for("young.home"))
    return form_page("young/link_sent.html", form)


@bp.route("/ung/log-ind/<token>", methods=["GET", "POST"])
@public
@throttle.limit("young_code")
def sign_in_link(token: str):
    """Open the link from the e-mail; a button signs in (so a mail scanner cannot use it)."""
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            user = accounts.sign_in_with_link(token)
        except accounts.InvalidSignIn:
            db.session.rollback()
            return render_template("young/link_invalid.html"), 410
        db.session.commit()
        sign_in(user)
        db.session.commit()
        return redirect(url_for("young.home"))
    if not accounts.token_is_valid(token):
        return render_template("young/link_invalid.html"), 410
    return render_template("young/link_confirm.html", form=form, token=token)


# --- their page ----------------------------------------------------------------------------------


@bp.route("/ung/")
@roles_required(YOUNG)
def home():
    """The young person's own page: friend, mentor, events for their age, what is new."""
    person = _me()
    mine = page.my_page(current_user, person, date.today())
    html = render_template("young/home.html", page=mine, confirm_form=ConfirmForm(),
                           signal_form=SignalForm())
    db.session.commit()
    return html


@bp.route("/ung/vennen/<int:match_id>/kontakt", methods=["POST"])
@roles_required(YOUNG)
def contact_yes(match_id: int):
    """Say yes to swapping contact details with a friend (shown after both say yes and a
    coordinator approves)."""
    person = _me()
    match = voice.get_own_match(person, match_id)
    if match is None or match.friend_a_id is None or not ConfirmForm().validate_on_submit():
        abort(404)
    page.say_yes_to_contact(person, current_user, match)
    db.session.commit()
    flash(_("Thank you. When your friend also says yes and a coordinator has approved, you "
            "will see each other's contact details here."), "success")
    return redirect(url_for("young.home"))


# --- the club ------------------------------------------------------------------------------------


@bp.route("/ung/klub")
@roles_required(YOUNG)
def club_page():
    """Events and club activities for the young person's age, and their own proposals."""
    person = _me()
    today = date.today()
    found = club.events_for(person, today)
    proposals = club.own_activities(person)
    return render_template("young/club.html", events=found, signups=club.my_signups(person),
                           proposals=proposals, editable=club.editable_ids(proposals, utcnow()),
                           confirm_form=ConfirmForm())


def _values(form: ProposalForm) -> dict:
    return {
        "kind": ActivityKind(form.kind.data),
        "title": form.title.data,
        "description": form.description.data or "",
        "starts_at": local_to_utc(form.day.data, form.start_time.data),
        "location": form.location.data,
        "min_age": form.min_age.data,
        "max_age": form.max_age.data,
        "places": form.places.data,
    }


@bp.route("/ung/klub/foreslaa", methods=["GET", "POST"])
@roles_required(YOUNG)
def propose():
    """Propose a club activity; a coordinator approves it and names an adult host."""
    person = _me()
    form = ProposalForm()
    if form.validate_on_submit():
        club.propose(person, current_user, _values(form))
        db.session.commit()
        flash(_("Thank you! A coordinator looks at your idea and finds an adult host. Others "
                "see it once it is approved."), "success")
        return redirect(url_for("young.club_page"))
    return form_page("young/propose.html", form, editing=None)


@bp.route("/ung/klub/forslag/<int:activity_id>", methods=["GET", "POST"])
@roles_required(YOUNG)
def edit_proposal(activity_id: int):
    """Change one's own club activity until it starts."""
    person = _me()
    activity = club.get_own_activity(person, activity_id)
    if activity is None:
        abort(404)
    if request.method == "GET":
        from coordinator.events.services import to_local

        local = to_local(activity.starts_at)
        form = ProposalForm(obj=activity, day=local.date(), start_time=local.time(),
                            kind=activity.kind.value)
    else:
        form = ProposalForm()
    if form.validate_on_submit():
        try:
            club.edit(person, current_user, activity, _values(form))
        except (club.ClubRefused, locking.Busy) as refused:
            db.session.rollback()
            flash(str(getattr(refused, "message", refused)), "error")
            return redirect(url_for("young.club_page")), 303
        db.session.commit()
        flash(_("Your activity is updated."), "success")
        return redirect(url_for("young.club_page"))
    return form_page("young/propose.html", form, editing=activity)


def _event_for_me(person: YoungPerson, event_id: int) -> Event:
    event = club.get_event_for(person, event_id, date.today())
    if event is None:
        abort(404)
    return event


@bp.route("/ung/arrangementer/<int:event_id>/tilmeld", methods=["POST"])
@roles_required(YOUNG)
def sign_up(event_id: int):
    """Sign oneself up: a place if one is free, else the waiting list."""
    person = _me()
    event = _event_for_me(person, event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        signup = club.sign_up_self(person, current_user, event, date.today())
    except (SignupRefused, locking.Busy) as refused:
        db.session.rollback()
        flash(str(getattr(refused, "message", refused)), "error")
        return redirect(url_for("young.club_page")), 303
    db.session.commit()
    if signup.status == SignupStatus.REGISTERED:
        flash(_("You are signed up."), "success")
    else:
        flash(_("It is full: you are on the waiting list."), "warning")
    return redirect(url_for("young.club_page"))


@bp.route("/ung/arrangementer/<int:event_id>/afmeld", methods=["POST"])
@roles_required(YOUNG)
def cancel(event_id: int):
    """Cancel one's own sign-up; the first on the waiting list gets the place."""
    person = _me()
    event = _event_for_me(person, event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        club.cancel_own(person, current_user, event)
    except (club.ClubRefused, locking.Busy) as refused:
        db.session.rollback()
        flash(str(getattr(refused, "message", refused)), "error")
        return redirect(url_for("young.club_page")), 303
    db.session.commit()
    flash(_("You are no longer signed up."), "success")
    return redirect(url_for("young.club_page"))


# --- their voice ---------------------------------------------------------------------------------


@bp.route("/ung/match/<int:match_id>/tjek-ind", methods=["GET", "POST"])
@roles_required(YOUNG)
def check_in(match_id: int):
    """Three questions with smileys about one's own match; only the unit reads the answers."""
    person = _me()
    match = voice.get_own_match(person, match_id)
    if match is None:
        abort(404)
    form = CheckInForm()
    if form.validate_on_submit():
        voice.give_check_in(match, person=person, actor=current_user,
                            giver=CheckInGiver.YOUNG_PERSON,
                            how_was_it=int(form.how_was_it.data),
                            together_well=int(form.together_well.data),
                            message=form.message.data or "")
        db.session.commit()
        flash(_("Thank you for telling us."), "success")
        return redirect(url_for("young.home"))
    return form_page("young/check_in.html", form, match=match, custody=False)


@bp.route("/ung/match/<int:match_id>/sig-til", methods=["POST"])
@roles_required(YOUNG)
def signal(match_id: int):
    """Say privately 'I want to stop' or 'I am worried': it reaches the coordinators at once."""
    person = _me()
    match = voice.get_own_match(person, match_id)
    if match is None:
        abort(404)
    form = SignalForm()
    if not form.validate_on_submit():
        abort(400)
    voice.raise_signal(match, person=person, actor=current_user,
                       kind=SignalKind(form.kind.data), message=form.message.data or "")
    db.session.commit()
    flash(_("Thank you for telling us. A coordinator will contact you soon."), "success")
    return redirect(url_for("young.home"))


@bp.route("/ung/foraelder/<token>", methods=["GET", "POST"])
@public
@throttle.limit("young_code")
def custody_check_in(token: str):
    """The custody holder's short check-in for a child under 15, from the caseworker's link."""
    try:
        match = voice.match_for_custody_token(token)
    except voice.NotAllowed:
        return render_template("young/link_invalid.html"), 410
    form = CheckInForm()
    if form.validate_on_submit():
        voice.give_check_in(match, person=None, actor=None, giver=CheckInGiver.CUSTODY_HOLDER,
                            how_was_it=int(form.how_was_it.data),
                            together_well=int(form.together_well.data),
                            message=form.message.data or "")
        db.session.commit()
        return render_template("young/thanks.html")
    return form_page("young/check_in.html", form, match=None, custody=True)


# --- staff ---------------------------------------------------------------------------------------


def _person_for_inviter(user: User, person_id: int) -> YoungPerson:
    person = db.session.get(YoungPerson, person_id)
    if person is None:
        abort(404)
    if user.role == Role.CASEWORKER:
        own = person.signed_up_by_id == user.id or db.session.scalar(
            select(Referral.id).where(Referral.young_person_id == person.id,
                                      Referral.caseworker_id == user.id).limit(1)
        ) is not None
        if not own:
            abort(404)
    return person


@bp.route("/ung/inviter/<int:person_id>", methods=["GET", "POST"])
@roles_required(*INVITERS)
def invite(person_id: int):
    """Invite a young person (15 or over) to their own page by e-mail."""
    person = _person_for_inviter(current_user, person_id)
    form = ConfirmForm()
    today = date.today()
    problem = None
    if not accounts.old_enough(person, today):
        problem = _("%(name)s is under 15: the custody holder and the caseworker speak for "
                    "them.", name=person.first_name)
    elif not person.email:
        problem = _("%(name)s has no e-mail address.", name=person.first_name)
    if request.method == "POST" and form.validate_on_submit() and problem is None:
        try:
            accounts.invite(current_user, person, today)
        except (accounts.TooYoung, accounts.NoEmail):
            db.session.rollback()
            problem = _("The e-mail address is already used by another account.")
        else:
            db.session.commit()
            flash(_("%(name)s has been invited by e-mail.", name=person.first_name), "success")
            return redirect(url_for("young.invite", person_id=person.id))
    accounts.view_invitation(current_user, person)
    db.session.commit()
    status = 400 if request.method == "POST" else 200
    return render_template("young/invite.html", person=person, form=form, problem=problem,
                           has_account=person.user_id is not None), status


@bp.route("/ung/personale/match/<int:match_id>/foraeldre-link", methods=["GET"])
@roles_required(Role.CASEWORKER, *UNIT)
def custody_link(match_id: int):
    """A link the caseworker gives the custody holder of a child under 15 for a check-in."""
    match = db.session.get(Match, match_id)
    if match is None or not voice.may_make_custody_link(current_user, match, date.today()):
        abort(404)
    token = voice.custody_link_token(current_user, match)
    db.session.commit()
    link = url_for("young.custody_check_in", token=token, _external=True)
    return render_template("young/custody_link.html", match=match, link=link)


@bp.route("/ung/koordinator")
@roles_required(*UNIT)
def unit_inbox():
    """The young people's matters for the unit: proposals, contact wishes, signals."""
    matters = page.unit_matters(current_user)
    forms = {a.id: ApproveForm(matters.hosts, prefix=f"a{a.id}", formdata=None)
             for a in matters.proposals}
    return render_template("young/unit_inbox.html", proposals=matters.proposals, forms=forms,
                           exchanges=matters.exchanges, signals=matters.signals,
                           confirm_form=ConfirmForm(), kind_labels=KIND_LABELS)


@bp.route("/ung/koordinator/forslag/<int:activity_id>/godkend", methods=["POST"])
@roles_required(*UNIT)
def approve(activity_id: int):
    """Approve a club activity with an adult host; it becomes an event others can join."""
    activity = db.session.get(ClubActivity, activity_id)
    if activity is None:
        abort(404)
    form = ApproveForm(club.possible_hosts(), prefix=f"a{activity_id}")
    if not form.validate_on_submit():
        flash(_("Choose an adult host: a screened volunteer or a member of staff."), "error")
        return redirect(url_for("young.unit_inbox")), 303
    host = db.session.get(User, int(form.host_id.data))
    try:
        club.approve(activity, by=current_user, host=host)
    except (club.ClubRefused, locking.Busy) as refused:
        db.session.rollback()
        flash(str(getattr(refused, "message", refused)), "error")
        return redirect(url_for("young.unit_inbox")), 303
    db.session.commit()
    flash(_("The activity is approved and open for sign-up."), "success")
    return redirect(url_for("young.unit_inbox"))


@bp.route("/ung/koordinator/forslag/<int:activity_id>/afvis", methods=["POST"])
@roles_required(*UNIT)
def reject(activity_id: int):
    """Say no to a club activity (talk to the young person about why)."""
    activity = db.session.get(ClubActivity, activity_id)
    if activity is None or not ConfirmForm().validate_on_submit():
        abort(404)
    try:
        club.reject(activity, by=current_user)
    except club.ClubRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
        return redirect(url_for("young.unit_inbox")), 303
    db.session.commit()
    flash(_("The activity was not approved."), "success")
    return redirect(url_for("young.unit_inbox"))


@bp.route("/ung/koordinator/kontakt/<int:exchange_id>/godkend", methods=["POST"])
@roles_required(*UNIT)
def approve_contact(exchange_id: int):
    """Approve that two friends who both said yes see each other's contact details."""
    exchange = db.session.get(ContactExchange, exchange_id)
    if exchange is None or not ConfirmForm().validate_on_submit():
        abort(404)
    try:
        page.approve_exchange(exchange, by=current_user)
    except voice.NotAllowed:
        abort(404)
    db.session.commit()
    flash(_("The friends can now see each other's contact details."), "success")
    return redirect(url_for("young.unit_inbox"))


@bp.route("/ung/koordinator/signal/<int:signal_id>/haandteret", methods=["POST"])
@roles_required(*UNIT)
def signal_handled(signal_id: int):
    """Mark a young person's signal as handled (after talking with them)."""
    found = db.session.get(YoungSignal, signal_id)
    if found is None or not ConfirmForm().validate_on_submit():
        abort(404)
    voice.mark_handled(found, by=current_user, now=datetime.now(UTC))
    db.session.commit()
    return redirect(url_for("young.unit_inbox"))


@bp.route("/ung/koordinator/matcher-i-risiko")
@roles_required(*UNIT)
def at_risk():
    """Running matches at risk of an early ending, with the reasons."""
    found = health.review_at_risk(current_user, date.today())
    db.session.commit()
    return render_template("young/at_risk.html", found=found)


@bp.route("/ung/koordinator/match/<int:match_id>/tjek-ind")
@roles_required(*UNIT)
def staff_check_ins(match_id: int):
    """The young person's own check-ins and signals on a match: staff only, audited."""
    match = db.session.get(Match, match_id)
    if match is None:
        abort(404)
    found = voice.view_check_ins(current_user, match)
    db.session.commit()
    return render_template("young/staff_check_ins.html", match=match, check_ins=found)

