"""The audit trail is complete and readable: changed fields, list reads, append-only rows."""

import re

import pytest
import sqlalchemy as sa

from coordinator.audit import services as audit
from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from tests import factories


def _entries(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)))
        db.session.expunge_all()
        return rows


def test_an_update_records_the_fields_that_changed_and_masks_free_text(app_context):
    volunteer = factories.make_volunteer(postcode="2820", about="Jeg kan lide skak")
    db.session.commit()
    assert volunteer.postcode == "2820"  # loaded, as the form showing it loads it
    volunteer.postcode = "2900"
    volunteer.about = "Jeg kan lide fodbold"
    entry = audit.record(None, "volunteer.profile_updated", subject=volunteer)
    assert entry.detail["changed"]["postcode"] == ["2820", "2900"]
    assert entry.detail["changed"]["about"] == "•••"  # that it changed, not what it says
    assert "Jeg kan lide" not in str(entry.detail)


def test_a_read_records_no_changes(app_context):
    volunteer = factories.make_volunteer()
    db.session.commit()
    entry = audit.record(None, "volunteer.viewed", subject=volunteer)
    assert "changed" not in entry.detail


def test_a_caseworkers_referral_edit_is_logged_with_its_changes(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    with app.app_context():
        referral = factories.make_referral(
            db.session.get(factories.User, caseworker.id),
            young_person=factories.make_young_person(first_name="Ali"),
        )
        db.session.commit()
        referral_id = referral.id
    edit = client.get(f"/henvisninger/{referral_id}/rediger")
    assert edit.status_code == 200
    data = _form_values(edit.get_data(as_text=True))
    data["first_name"] = "Alia"
    data["case_notes"] = "Ny note om familien"
    data["consent_form_location"] = data.get("consent_form_location") or "Sagsmappe 12"
    response = client.post(f"/henvisninger/{referral_id}/rediger", data=data)
    errors = re.findall(r'-error"[^>]*>([^<]*)', response.get_data(as_text=True))
    assert response.status_code == 302, errors
    [person_entry] = _entries(app, "young_person.updated")
    assert person_entry.detail["changed"]["first_name"] == ["Ali", "Alia"]
    [referral_entry] = _entries(app, "referral.updated")
    assert referral_entry.detail["changed"]["case_notes"] == "•••"


def _form_values(html: str) -> dict:
    """What a browser would send back for the page's main form, unchanged."""
    from html.parser import HTMLParser

    values: dict = {}

    class Collect(HTMLParser):
        select: str | None = None
        textarea: str | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            name = a.get("name")
            if tag == "input" and name and a.get("type") not in ("submit", "button"):
                if a.get("type") in ("checkbox", "radio"):
                    if "checked" in a:
                        values.setdefault(name, []).append(a.get("value", "on"))
                else:
                    values[name] = a.get("value", "")
            elif tag == "select" and name:
                self.select = name
            elif tag == "option" and self.select and "selected" in a:
                values[self.select] = a.get("value", "")
            elif tag == "textarea" and name:
                self.textarea = name
                values[name] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                values[self.textarea] += data

    Collect().feed(html)
    return values


@pytest.fixture
def postgres_audit(postgres_app):
    with postgres_app.app_context():
        user = factories.make_user(Role.COORDINATOR)
        audit.record(user, "volunteer.viewed")
        db.session.commit()
        yield postgres_app, user.id


def test_on_postgresql_an_audit_row_cannot_be_changed(postgres_audit):
    app, _user_id = postgres_audit
    with app.app_context(), pytest.raises(sa.exc.DBAPIError, match="append-only"):
        db.session.execute(sa.update(AuditEntry).values(action="something.else"))


def test_on_postgresql_an_audit_row_cannot_be_deleted_except_by_retention(postgres_audit):
    app, _user_id = postgres_audit
    with app.app_context():
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.execute(sa.delete(AuditEntry))
        db.session.rollback()
        audit.allow_deleting_audit_rows()
        db.session.execute(sa.delete(AuditEntry))
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_on_postgresql_removing_an_account_keeps_its_audit_rows(postgres_audit):
    app, user_id = postgres_audit
    with app.app_context():
        db.session.execute(sa.delete(factories.User).where(factories.User.id == user_id))
        db.session.commit()
        entry = db.session.scalars(sa.select(AuditEntry)).one()
        assert entry.actor_id is None
        assert entry.actor_label  # still says who


def test_the_administrator_finds_who_has_seen_a_referral_and_exports_it(app, client, auth):
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER, email="sara@test.example.dk")
        referral = factories.make_referral(caseworker)
        audit.record(caseworker, "referral.viewed", subject=referral)
        other = factories.make_referral(caseworker)
        audit.record(caseworker, "referral.viewed", subject=other)
        db.session.commit()
        referral_id = referral.id
    auth.login_as(Role.ADMIN)
    page = client.get("/revisionsspor/", query_string={
        "subject_type": "Referral", "subject_id": referral_id, "actor": "sara@",
    })
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 post<" in html  # singular after 1
    assert "sara@test.example.dk" in html
    export = client.get("/revisionsspor/eksport.csv", query_string={
        "subject_type": "Referral", "subject_id": referral_id,
    })
    body = export.get_data(as_text=True)
    assert export.mimetype == "text/csv"
    assert body.startswith("\ufeffTidspunkt;Bruger;Handling")
    assert body.count("referral.viewed") == 1
    # Reading the log is logged too.
    assert _entries(app, "audit.searched")
    assert _entries(app, "audit.exported")


def test_a_bad_filter_is_explained_not_a_500(app, client, auth):
    auth.login_as(Role.ADMIN)
    page = client.get("/revisionsspor/", query_string={"subject_id": "tolv", "date_from": "i går"})
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "Skriv et helt tal." in html
    assert "Skriv en dato (åååå-mm-dd)." in html
    assert 'value="tolv"' in html  # what was typed is kept
    assert "0 poster" in html  # an unreadable filter shows nothing, not the whole log
    assert client.get("/revisionsspor/eksport.csv", query_string={"subject_id": "tolv"}
                      ).status_code == 400


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.CASEWORKER, Role.VOLUNTEER, Role.ORGANISATION_CONTACT]
)
def test_only_the_administrator_reads_the_audit_log(app, client, auth, role):
    auth.login_as(role)
    assert client.get("/revisionsspor/").status_code == 403
    assert client.get("/revisionsspor/eksport.csv").status_code == 403
