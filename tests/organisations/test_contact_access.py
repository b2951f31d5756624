"""An organisation's contact person sees their own volunteers' screening status, nothing else."""

from datetime import date

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.vocabulary import ScreeningStepKind
from coordinator.volunteers.models import ScreeningStep, VolunteerStatus
from tests import factories


@pytest.fixture
def setup(app, auth):
    with app.app_context():
        own = factories.make_organisation(name="Egen Forening")
        other = factories.make_organisation(name="Anden Forening")
        approved = factories.make_volunteer(first_name="Anna", organisation=own)
        approved.screening_steps[0].notes = "HEMMELIG INTERVIEWNOTE"
        approved.certificates[0].note = "HEMMELIG ATTESTNOTE"
        in_screening = factories.make_volunteer(
            first_name="Bo", organisation=own, status=VolunteerStatus.IN_SCREENING
        )
        in_screening.screening_steps.append(
            ScreeningStep(step=ScreeningStepKind.INTERVIEW, completed_on=date(2026, 1, 5),
                          notes="ANDEN HEMMELIG NOTE")
        )
        stranger = factories.make_volunteer(first_name="Carl", organisation=other)
        loner = factories.make_volunteer(first_name="Dina")
        referral = factories.make_referral(young_person=factories.make_young_person(
            first_name="Ungenavn"))
        ids = {
            "own": own.id, "approved": approved.id, "in_screening": in_screening.id,
            "stranger": stranger.id, "loner": loner.id, "referral": referral.id,
        }
        db.session.commit()
    contact = auth.login_as(Role.ORGANISATION_CONTACT, organisation_id=ids["own"])
    ids["contact"] = contact.id
    return ids


def test_contact_sees_own_volunteers_with_screening_status(client, setup):
    html = client.get("/min-organisation").get_data(as_text=True)
    assert "Egen Forening" in html
    assert "Anna Jensen" in html
    assert "Godkendt" in html
    assert "Bo Jensen" in html
    assert "1 / 5" in html
    assert "Carl" not in html
    assert "Dina" not in html


def test_contact_sees_the_steps_of_one_volunteer_but_never_notes(client, setup):
    html = client.get(f"/min-organisation/frivillige/{setup['in_screening']}").get_data(
        as_text=True
    )
    assert "Bo Jensen" in html
    assert "5. jan. 2026" in html
    assert "ANDEN HEMMELIG NOTE" not in html
    approved = client.get(f"/min-organisation/frivillige/{setup['approved']}").get_data(
        as_text=True
    )
    assert "HEMMELIG" not in approved
    assert "Ingen anmærkninger" not in approved  # the certificate's assessment stays with staff


@pytest.mark.parametrize("key", ["stranger", "loner"])
def test_another_organisations_volunteer_is_not_found(client, setup, key):
    assert client.get(f"/min-organisation/frivillige/{setup[key]}").status_code == 404


def test_an_unknown_volunteer_is_not_found(client, setup):
    assert client.get("/min-organisation/frivillige/999999").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/organisationer",
        "/organisationer/{own}",
        "/katalog",
        "/katalog/soeg?q=ensom",
        "/arrangementer",
    ],
)
def test_contact_is_refused_staff_pages(client, setup, url):
    assert client.get(url.format(**setup)).status_code in (403, 404)
    if not url.startswith("/arrangementer"):
        assert client.get(url.format(**setup)).status_code == 403


def test_contact_never_sees_young_people(client, setup):
    for url in ("/hjem", "/min-organisation",
                f"/min-organisation/frivillige/{setup['approved']}"):
        assert "Ungenavn" not in client.get(url).get_data(as_text=True)


def test_contact_without_an_organisation_sees_nobody(app, client, auth):
    with app.app_context():
        factories.make_volunteer(first_name="Anna", organisation=factories.make_organisation())
        db.session.commit()
    auth.login_as(Role.ORGANISATION_CONTACT)
    html = client.get("/min-organisation").get_data(as_text=True)
    assert "Anna" not in html
    assert "ikke knyttet til en organisation" in html


def test_the_contacts_views_are_audited(app, client, setup):
    client.get("/min-organisation")
    client.get(f"/min-organisation/frivillige/{setup['approved']}")
    with app.app_context():
        entries = db.session.execute(
            select(AuditEntry.action, AuditEntry.subject_id)
            .where(AuditEntry.actor_id == setup["contact"])
            .order_by(AuditEntry.id)
        ).all()
    assert ("organisation.volunteers_viewed", setup["own"]) in entries
    assert ("volunteer.screening_viewed", setup["approved"]) in entries


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.VOLUNTEER])
def test_other_roles_cannot_open_the_contacts_pages(client, auth, role):
    auth.login_as(role)
    assert client.get("/min-organisation").status_code == 403
    assert client.get("/min-organisation/frivillige/1").status_code == 403
