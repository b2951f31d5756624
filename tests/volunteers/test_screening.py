"""Coordinators screen applicants to approved; volunteers see it in plain words."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.volunteers.models import (
    ChildCertificate,
    HouseholdMember,
    Volunteer,
    VolunteerKind,
    VolunteerStatus,
)
from tests import factories


def _applicant(app, **fields) -> int:
    with app.app_context():
        volunteer = factories.make_volunteer(status=VolunteerStatus.APPLICANT, **fields)
        db.session.commit()
        return volunteer.id


def _status(app, volunteer_id):
    with app.app_context():
        return db.session.get(Volunteer, volunteer_id).status


def test_coordinator_screens_an_applicant_to_approved(app, client, auth):
    volunteer_id = _applicant(app)
    auth.login_as(Role.COORDINATOR)
    page = client.get(f"/frivillig/{volunteer_id}")
    assert page.status_code == 200
    assert "Screening" in page.get_data(as_text=True)
    today = date.today().isoformat()
    for step in ("interview", "references", "confidentiality", "training"):
        response = client.post(f"/frivillig/{volunteer_id}/screening",
                               data={"step": step, "completed_on": today, "notes": "OK"})
        assert response.status_code == 302
    assert _status(app, volunteer_id) == VolunteerStatus.IN_SCREENING
    client.post(f"/frivillig/{volunteer_id}/boerneattest",
                data={"holder": "", "requested_on": today})
    with app.app_context():
        certificate_id = db.session.scalars(select(ChildCertificate.id)).one()
    response = client.post(
        f"/frivillig/{volunteer_id}/boerneattest/{certificate_id}",
        data={f"cert{certificate_id}-received_on": today,
              f"cert{certificate_id}-assessment": "no_remarks",
              f"cert{certificate_id}-note": "Ingen anmærkninger"},
    )
    assert response.status_code == 302
    assert _status(app, volunteer_id) == VolunteerStatus.APPROVED
    with app.app_context():
        certificate = db.session.get(ChildCertificate, certificate_id)
        # The unit's renewal policy: two years by default.
        assert certificate.valid_until == date.today().replace(year=date.today().year + 2)
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert "volunteer.viewed" in actions
        assert "volunteer.certificate_assessed" in actions


def test_family_member_of_16_needs_own_certificate_before_approval(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer(kind=VolunteerKind.FAMILY)
        volunteer.household.append(
            HouseholdMember(first_name="Ida", birth_year=date.today().year - 16))
        db.session.flush()
        from coordinator.volunteers.services import refresh_status

        refresh_status(volunteer, date.today())
        db.session.commit()
        volunteer_id, member_id = volunteer.id, volunteer.household[0].id
        assert volunteer.status == VolunteerStatus.IN_SCREENING
    auth.login_as(Role.COORDINATOR)
    html = client.get(f"/frivillig/{volunteer_id}").get_data(as_text=True)
    # The coordinator's page says what the coordinator must do (not the volunteer's wording).
    assert "Bestil en børneattest for Ida." in html
    today = date.today().isoformat()
    client.post(f"/frivillig/{volunteer_id}/boerneattest",
                data={"holder": str(member_id), "requested_on": today})
    with app.app_context():
        cert = db.session.scalars(
            select(ChildCertificate).where(ChildCertificate.household_member_id == member_id)
        ).one()
        cert_id = cert.id
    client.post(f"/frivillig/{volunteer_id}/boerneattest/{cert_id}",
                data={f"cert{cert_id}-received_on": today,
                      f"cert{cert_id}-assessment": "remarks_suitable"})
    assert _status(app, volunteer_id) == VolunteerStatus.APPROVED


def test_volunteer_sees_in_plain_words_that_we_wait_for_the_certificate(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    with app.app_context():
        volunteer = factories.make_volunteer(status=VolunteerStatus.IN_SCREENING,
                                             user=db.session.get(type(user), user.id))
        volunteer.certificates.append(ChildCertificate(requested_on=date.today()))
        db.session.commit()
    html = client.get("/frivillig/min-side").get_data(as_text=True)
    assert "Vi venter på din børneattest" in html


def test_staff_notes_never_reach_the_volunteer(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    with app.app_context():
        volunteer = factories.make_volunteer(user=db.session.get(type(user), user.id))
        volunteer.screening_steps[0].notes = "HEMMELIGT SAMTALENOTAT"
        db.session.commit()
    assert "HEMMELIGT SAMTALENOTAT" not in client.get("/frivillig/min-side").get_data(as_text=True)


def test_applicant_list_filters_by_status(app, client, auth):
    _applicant(app, first_name="Anna")
    with app.app_context():
        factories.make_volunteer(first_name="Bent")
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    html = client.get("/frivillig/?status=applicant").get_data(as_text=True)
    assert "Anna" in html
    assert "Bent" not in html
    html = client.get("/frivillig/?q=bent").get_data(as_text=True)
    assert "Bent" in html
    assert "Anna" not in html
    assert client.get("/frivillig/?status=nonsense").status_code == 400


def test_warnings_list_expiring_unanswered_and_waiting(app, client, auth):
    today = date.today()
    with app.app_context():
        expiring = factories.make_volunteer(first_name="Udløber")
        expiring.certificates[0].valid_until = today + timedelta(days=10)
        waiting = factories.make_volunteer(first_name="Venter", status=VolunteerStatus.APPLICANT)
        waiting.created_at = datetime.now(UTC) - timedelta(days=20)
        silent = factories.make_volunteer(first_name="Tavs", status=VolunteerStatus.IN_SCREENING)
        silent.certificates.append(ChildCertificate(requested_on=today - timedelta(days=15)))
        factories.make_volunteer(first_name="Frisk", status=VolunteerStatus.APPLICANT)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    html = client.get("/frivillig/advarsler").get_data(as_text=True)
    for name in ("Udløber", "Venter", "Tavs"):
        assert name in html
    assert "Frisk" not in html


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("screening", {"step": "juggling", "completed_on": "2026-01-01"},
         "Vælg en af mulighederne."),
        ("screening", {"step": "interview", "completed_on": "i går"},
         "Skriv en dato (åååå-mm-dd)."),
        ("screening", {"step": "interview", "completed_on": "2099-01-01"},
         "Datoen kan ikke ligge i fremtiden."),
        ("screening", {"step": "interview", "completed_on": "2026-01-01", "notes": "x" * 5001},
         "Højst 5000 tegn."),
        ("boerneattest", {"holder": "424242", "requested_on": "2026-01-01"},
         "Vælg en af mulighederne."),
        ("boerneattest", {}, "Skriv datoen."),
    ],
)
def test_bad_screening_input_gets_a_danish_message(app, client, auth, path, data, message):
    volunteer_id = _applicant(app)
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/frivillig/{volunteer_id}/{path}", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_bad_certificate_answer_gets_a_message_next_to_the_field(app, client, auth):
    volunteer_id = _applicant(app)
    with app.app_context():
        volunteer = db.session.get(Volunteer, volunteer_id)
        volunteer.certificates.append(ChildCertificate(requested_on=date.today()))
        db.session.commit()
        cert_id = volunteer.certificates[0].id
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/frivillig/{volunteer_id}/boerneattest/{cert_id}",
                           data={f"cert{cert_id}-received_on": date.today().isoformat(),
                                 f"cert{cert_id}-assessment": "maybe"})
    assert response.status_code == 400
    assert "Vælg en af mulighederne." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.CASEWORKER, Role.ORGANISATION_CONTACT])
def test_only_coordinators_open_the_screening_pages(app, client, auth, role):
    volunteer_id = _applicant(app)
    auth.login_as(role)
    assert client.get(f"/frivillig/{volunteer_id}").status_code == 403
    assert client.get("/frivillig/").status_code == 403
    assert client.post(f"/frivillig/{volunteer_id}/screening",
                       data={"step": "interview", "completed_on": "2026-01-01"}).status_code == 403


def test_unknown_volunteer_or_certificate_is_404(app, client, auth):
    volunteer_id = _applicant(app)
    auth.login_as(Role.COORDINATOR)
    assert client.get("/frivillig/999999").status_code == 404
    assert client.post(f"/frivillig/{volunteer_id}/boerneattest/999999", data={}).status_code == 404
