"""The audit log, readable in the app: who saw or changed what, searchable and exportable."""

import csv
import io

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_login import current_user

from coordinator.audit import services
from coordinator.audit.forms import AuditSearchForm
from coordinator.extensions import db
from coordinator.pagination import requested_page
from coordinator.roles import Role
from coordinator.security import roles_required

bp = Blueprint("audit", __name__, url_prefix="/revisionsspor")

# The administrator answers for data protection here; no other role reads the whole log.
READERS = (Role.ADMIN,)


def _filter(form: AuditSearchForm) -> services.AuditFilter:
    valid = form.validate()
    if not valid:
        return services.AuditFilter()
    return services.AuditFilter(
        subject_type=form.subject_type.data or None,
        subject_id=form.subject_id.data,
        actor=form.actor.data or None,
        action=form.action.data or None,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


@bp.route("/")
@roles_required(*READERS)
def index():
    """Search the audit log ("who has seen this referral", "what did this user open")."""
    form = AuditSearchForm(request.args)
    found = _filter(form)
    page = services.search(current_user, found, asked=request.args.to_dict(),
                           number=requested_page(), refused=bool(form.errors))
    db.session.commit()
    return render_template("audit/index.html", form=form, page=page,
                           query=request.args.to_dict()), (400 if form.errors else 200)


@bp.route("/eksport.csv")
@roles_required(*READERS)
def export():
    """Download the search's entries as CSV (semicolon-separated, with a BOM for Excel)."""
    form = AuditSearchForm(request.args)
    found = _filter(form)
    if form.errors:
        abort(400)
    query = services.export(current_user, found, asked=request.args.to_dict())
    db.session.commit()

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        yield "\ufeff"
        writer.writerow(services.csv_header())
        for row in services.csv_rows(query):
            writer.writerow(row)
            if buffer.tell() > 64_000:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(
        stream_with_context(lines()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="revisionsspor.csv"'},
    )
