"""The front page, each role's home page and the language switch."""

from datetime import date

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from coordinator.auth.models import Role
from coordinator.auth.views import safe_next_url
from coordinator.extensions import db
from coordinator.inbox import registry
from coordinator.main import health as health_checks
from coordinator.main import services
from coordinator.matches.services import record_concerns_shown
from coordinator.security import allow_unconfirmed, public, roles_required

bp = Blueprint("main", __name__)


@bp.route("/")
@public
def index():
    """Show the public front page, or send a signed-in user to their home page."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return render_template("main/index.html")


@bp.route("/hjem")
@roles_required(*Role)
def home():
    """Show the signed-in user's home page for their role."""
    if current_user.role == Role.YOUNG_PERSON:
        # The young people's pages live under /ung/, the scope of their installable app.
        return redirect(url_for("young.home"))
    today = date.today()
    overview = services.home_overview(current_user, today)
    items = registry.items_for(current_user, today)
    # The administrator sees the coordinator's overview; every other role has its own page.
    page = Role.COORDINATOR if current_user.role == Role.ADMIN else current_user.role
    html = render_template(f"main/home_{page.value}.html", overview=overview, inbox=items)
    concerns = [item for item in items if item.kind == "concern"]
    if concerns and current_user.role == Role.CASEWORKER:
        # The caseworker's inbox shows what each concern says: a read of the case, logged. The
        # coordinator's names only the child and the kind of concern, as the other lists of
        # referrals do, and the match page it links to logs the read. Committed after
        # rendering, so the commit does not expire what the page still has to show.
        record_concerns_shown(current_user, [item.ref for item in concerns], page="home")
        db.session.commit()
    return html


@bp.route("/sprog/<lang>")
@public
@allow_unconfirmed
def set_language(lang: str):
    """Switch the interface language and return to the page the user came from."""
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated and current_user.locale != lang:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next_url(request.args.get("next")) or url_for("main.index"))


@bp.route("/tilgaengelighed")
@public
def accessibility():
    """Show the accessibility statement the web accessibility act requires of a public body."""
    reviewed_on = date.fromisoformat(str(current_app.config["ACCESSIBILITY_REVIEWED_ON"]))
    return render_template("main/accessibility.html", reviewed_on=reviewed_on)


@bp.route("/sundhed")
@public
def health():
    """Answer the load balancer's health check: 200 "ok", or 503 and what is down."""
    found = health_checks.problems()
    if found:
        return Response("; ".join(found), status=503, mimetype="text/plain")
    return Response("ok", mimetype="text/plain")
