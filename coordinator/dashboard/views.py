"""The knowledge-bank dashboard and its CSV exports."""

import csv
import io
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator.audit import services as audit
from coordinator.auth.models import Role
from coordinator.dashboard import charts, services
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.matches import learned_weights
from coordinator.security import roles_required

bp = Blueprint("dashboard", __name__, url_prefix="/vidensbank")

STAFF = (Role.COORDINATOR, Role.ADMIN)


@bp.route("/")
@roles_required(*STAFF)
def index():
    """Show the knowledge bank: match length first, then supply, demand and follow-up."""
    today = date.today()
    bank = services.knowledge_bank(today)
    return render_template(
        "dashboard/index.html",
        tables=bank.tables,
        survival=bank.survival,
        survival_chart=charts.survival_chart(bank.survival.curve),
        status_chart=charts.bar_chart(bank.tables["volunteers"][1]),
        closure_chart=charts.bar_chart(bank.tables["closures"][1]),
        gap=bank.gap,
        overdue=services.overdue_check_ins(today),
        expiring=services.certificates_expiring(today),
        overrides=services.override_count(),
        weights=_weights_view(today),
        weights_form=ConfirmForm(),
    )


def _signal_label(name: str) -> str:
    return {
        "needs": _("Needs the volunteer helps with"),
        "interests": _("Shared interests"),
        "distance": _("Distance"),
        "availability": _("Shared times of the week"),
        "language": _("Shared home language"),
        "lived_experience": _("Lived experience"),
        "about_text": _("What they write about themselves"),
    }[name]


def _weights_view(today: date) -> dict:
    """Which signals predicted lasting matches, beside the weights in force and the defaults."""
    evidence = learned_weights.evidence(today)
    version = learned_weights.current()
    in_force = learned_weights.weights_of(version)
    defaults = evidence.prior
    predicted, overrated = set(evidence.predicted()), set(evidence.overrated())
    undecided = set(evidence.undecided())
    rows = []
    for name in evidence.low:
        learned = getattr(evidence.weights, name)
        if not evidence.n_matches:
            verdict = "–"
        elif name in predicted:
            verdict = _("Mattered more than assumed")
        elif name in overrated:
            verdict = _("Mattered less than assumed")
        elif name in undecided:
            verdict = _("Too little variation among the matches to tell")
        else:
            verdict = _("As assumed, as far as the matches show")
        rows.append(
            {
                "label": _signal_label(name),
                "default": getattr(defaults, name),
                "in_force": getattr(in_force, name),
                "learned": learned,
                "low": evidence.low[name],
                "high": evidence.high[name],
                "verdict": verdict,
            }
        )
    return {"evidence": evidence, "rows": rows, "version": version,
            "versions": learned_weights.versions()}  # fmt: skip


@bp.route("/vaegte/laerte", methods=["POST"])
@roles_required(*STAFF)
def adopt_learned_weights():
    """Put the weights learned from the unit's own matches in force for the matcher."""
    if ConfirmForm().validate_on_submit():
        try:
            learned_weights.adopt_learned(by=current_user, today=date.today())
        except learned_weights.NothingToLearn:
            flash(_("No match has started yet, so there is nothing to learn from."), "warning")
        else:
            db.session.commit()
            flash(_("The matcher now uses the weights learned from your matches."), "info")
    return redirect(url_for("dashboard.index", _anchor="weights"))


@bp.route("/vaegte/standard", methods=["POST"])
@roles_required(*STAFF)
def restore_default_weights():
    """Put the library's default weights back in force."""
    if ConfirmForm().validate_on_submit():
        learned_weights.restore_defaults(by=current_user)
        db.session.commit()
        flash(_("The matcher uses the default weights again."), "info")
    return redirect(url_for("dashboard.index", _anchor="weights"))


@bp.route("/<name>.csv")
@roles_required(*STAFF)
def export(name: str):
    """Download one dashboard table as CSV (semicolon-separated, as Danish Excel expects)."""
    build = services.TABLES.get(name)
    if build is None:
        abort(404)
    header, rows = build(date.today())
    audit.record(current_user, "dashboard.exported", detail={"table": name})
    db.session.commit()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        "\ufeff" + buffer.getvalue(),  # a BOM so Excel reads æøå correctly
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="vidensbank-{name}.csv"'},
    )
