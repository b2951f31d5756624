"""The knowledge-bank dashboard and its CSV exports."""

import csv
import io
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from coordinator import vocabulary
from coordinator.audit import services as audit
from coordinator.auth.models import Role
from coordinator.dashboard import charts, services
from coordinator.extensions import db
from coordinator.form_helpers import ConfirmForm
from coordinator.i18n import decimal, percent
from coordinator.labels import enum_label
from coordinator.matches import learned_weights
from coordinator.security import roles_required
from coordinator.volunteers.models import Gender

bp = Blueprint("dashboard", __name__, url_prefix="/vidensbank")

STAFF = (Role.COORDINATOR, Role.ADMIN)


def _gap_label(code: str, detail: str) -> str:
    if code == "all_busy":
        return _("Every volunteer who fits is busy")
    if code == "gender":
        gender = enum_label(Gender(detail)) if detail in Gender._value2member_map_ else detail
        return _("Waiting for a volunteer of the wished gender (%(gender)s)", gender=gender.lower())
    if code == "certificate":
        return _("Under 15: no volunteer with a valid child certificate fits")
    return _("No volunteer offers: %(type)s", type=vocabulary.label("match_types", detail))


def dashboard_data(today: date):
    """Every dashboard table as (header, rows), for the page and the CSV export alike,
    with the survival estimate and the supply gap the charts draw."""
    by_status = services.volunteers_by_status()
    waiting = services.waiting(today)
    active = services.active_by_phase_and_type()
    survival = services.survival(today)
    closures = services.closure_reasons()
    gap = services.supply_gap(today)
    return (
        {
            "volunteers": (
                [_("Status"), _("Volunteers")],
                [[enum_label(status), count] for status, count in by_status.items()],
            ),
            "waiting": (
                [_("Figure"), _("Value")],
                [
                    [_("Referrals waiting"), waiting.count],
                    [
                        _("Median days waiting"),
                        decimal(waiting.median_days) if waiting.median_days is not None else "–",
                    ],
                    [
                        _("Longest wait (days)"),
                        waiting.longest_days if waiting.longest_days is not None else "–",
                    ],
                    [
                        _("Median days to a match"),
                        decimal(waiting.median_days_to_match)
                        if waiting.median_days_to_match is not None
                        else "–",
                    ],
                ],
            ),
            "active": (
                [_("Phase"), _("Match type"), _("Running matches")],
                [
                    [
                        vocabulary.label("phases", phase) if phase else "–",
                        vocabulary.label("match_types", kind),
                        count,
                    ]
                    for (phase, kind), count in sorted(active.items())
                ],
            ),
            "match_length": (
                [_("Months"), _("Share of matches reaching it")],
                [
                    [months, percent(share) if share is not None else _("too early to say")]
                    for months, share in survival.milestones.items()
                ],
            ),
            "closures": (
                [_("Reason"), _("Closed matches")],
                [
                    [vocabulary.label("closure_reasons", reason), count]
                    for reason, count in sorted(closures.items(), key=lambda item: -item[1])
                ],
            ),
            "supply_gap": (
                [_("Why no volunteer fits"), _("Referrals")],
                [
                    [_gap_label(code, detail), count]
                    for (code, detail), count in sorted(
                        gap.by_reason.items(), key=lambda item: -item[1]
                    )
                ]
                + [
                    [_("District: %(town)s", town=town), count]
                    for town, count in sorted(gap.by_district.items(), key=lambda item: -item[1])
                ]
                + [
                    [_("Speaks: %(language)s", language=vocabulary.label("languages", code)), count]
                    for code, count in sorted(gap.by_language.items(), key=lambda item: -item[1])
                ],
            ),
        },
        survival,
        gap,
    )


@bp.route("/")
@roles_required(*STAFF)
def index():
    """Show the knowledge bank: match length first, then supply, demand and follow-up."""
    today = date.today()
    table_map, survival, gap = dashboard_data(today)
    return render_template(
        "dashboard/index.html",
        tables=table_map,
        survival=survival,
        survival_chart=charts.survival_chart(survival.curve),
        status_chart=charts.bar_chart(table_map["volunteers"][1]),
        closure_chart=charts.bar_chart(table_map["closures"][1]),
        gap=gap,
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
    table_map, _survival, _gap = dashboard_data(date.today())
    if name not in table_map:
        abort(404)
    audit.record(current_user, "dashboard.exported", detail={"table": name})
    db.session.commit()
    header, rows = table_map[name]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        "\ufeff" + buffer.getvalue(),  # a BOM so Excel reads æøå correctly
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="vidensbank-{name}.csv"'},
    )
