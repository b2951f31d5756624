"""A volunteer signs up online, confirms by e-mail, and only then reaches their page."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import User
from coordinator.extensions import db
from coordinator.volunteers.models import Volunteer, VolunteerKind, VolunteerStatus
from coordinator.volunteers.services import PRIVACY_NOTICE_VERSION
from tests import factories
from tests.volunteers.helpers import SIGNUP, confirmation_link, signup_data


def test_signup_page_is_in_danish_with_the_privacy_note(client):
    html = client.get(SIGNUP).get_data(as_text=True)
    assert "Bliv frivillig" in html
    assert "Privatlivserklæring" in html
    assert 'name="privacy_consent"' in html


def test_signup_then_confirm_by_email_from_a_real_smtp_server(app, client, smtp_server):
    response = client.post(SIGNUP, data=signup_data())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/konto/bekraeft-email")
    # Until confirmed, the applicant only sees "confirm your e-mail".
    assert client.get("/frivillig/min-side").headers["Location"].endswith("/konto/bekraeft-email")

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "mette@test.example.dk"
    assert "Bekræft" in message["Subject"]
    link = confirmation_link(message)

    response = client.get(urlsplit(link).path)
    assert response.status_code == 302
    page = client.get("/frivillig/min-side")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Ansøger" in html
    assert "Vi inviterer dig til en samtale." in html


def test_signup_stores_profile_consent_time_and_version(app, client):
    client.post(SIGNUP, data=signup_data(kind="family", **{
        "member1-first_name": "Ole", "member1-age": "45",
        "member2-first_name": "Sofie", "member2-age": "12",
    }))
    with app.app_context():
        volunteer = db.session.scalars(select(Volunteer)).one()
        assert volunteer.first_name == "Mette"
        assert volunteer.birth_year == date.today().year - 42
        assert volunteer.kind == VolunteerKind.FAMILY
        assert [(m.first_name, date.today().year - m.birth_year) for m in volunteer.household] == [
            ("Ole", 45), ("Sofie", 12)]
        assert volunteer.offers == ["mentor", "events"]
        assert volunteer.capacity == 2
        assert volunteer.status == VolunteerStatus.APPLICANT
        assert volunteer.privacy_consent_at is not None
        assert volunteer.privacy_consent_version == PRIVACY_NOTICE_VERSION
        assert volunteer.user.email_confirmed_at is None
        assert "volunteer.signed_up" in db.session.scalars(select(AuditEntry.action)).all()


def test_birth_year_is_accepted_as_well_as_age(app, client):
    client.post(SIGNUP, data=signup_data(age_or_birth_year="1980"))
    with app.app_context():
        assert db.session.scalars(select(Volunteer.birth_year)).one() == 1980


def test_a_tampered_link_is_refused_with_a_clear_page(client):
    response = client.get("/frivillig/bekraeft/not-a-real-token")
    assert response.status_code == 400
    assert "Linket virker ikke" in response.get_data(as_text=True)


def test_an_expired_link_says_so(app, client, smtp_server):
    client.post(SIGNUP, data=signup_data())
    link = confirmation_link(smtp_server.messages[0])
    app.config["EMAIL_CONFIRM_MAX_AGE"] = -1
    try:
        response = client.get(urlsplit(link).path)
    finally:
        app.config["EMAIL_CONFIRM_MAX_AGE"] = 3 * 24 * 3600
    assert response.status_code == 400
    assert "udløbet" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(User)).one().email_confirmed_at is None


def test_unconfirmed_volunteer_can_ask_for_the_mail_again(app, client, smtp_server):
    client.post(SIGNUP, data=signup_data())
    response = client.post("/frivillig/send-bekraeftelse-igen")
    assert response.status_code == 302
    assert len(smtp_server.messages) == 2


def test_an_email_already_in_use_gets_a_message_and_keeps_the_typed_values(app, client):
    with app.app_context():
        factories.make_user(email="mette@test.example.dk")
        db.session.commit()
    response = client.post(SIGNUP, data=signup_data())
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Der findes allerede en konto med denne e-mailadresse" in html
    assert 'value="Hansen"' in html
    assert "et-godt-kodeord-2026" not in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_name": ""}, "Skriv dit fornavn."),
        ({"postcode": "282"}, "Skriv et dansk postnummer på fire cifre."),
        ({"postcode": "２８２０"}, "Skriv et dansk postnummer på fire cifre."),
        ({"age_or_birth_year": "fyrre"}, "Skriv et helt tal."),
        ({"age_or_birth_year": "12"}, "Skriv din alder (18 til 99) eller dit fødselsår."),
        ({"capacity": "9"}, "Skriv et tal fra 1 til 5."),
        ({"offers": ["astronaut"]}, "Vælg kun blandt de viste muligheder."),
        ({"offers": None}, "Vælg mindst én måde at hjælpe på."),
        ({"kind": "robot"}, "Vælg en af mulighederne."),
        ({"kind": "family"}, "Skriv de personer i din husstand, der skal være med."),
        ({"member1-first_name": "Ole"}, "Skriv alderen."),
        ({"privacy_consent": None}, "Vi kan kun tage imod din tilmelding med dit samtykke."),
        ({"password_again": "noget-andet-123"}, "De to adgangskoder er ikke ens."),
        ({"about": "x" * 2001}, "Højst 2000 tegn."),
        ({"email": "ikke-en-email"}, "Skriv en gyldig e-mailadresse."),
        ({"organisation_id": "999"}, "Vælg en af mulighederne."),
    ],
)
def test_bad_signup_input_gets_a_danish_message_next_to_the_field(client, overrides, message):
    response = client.post(SIGNUP, data=signup_data(**overrides))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Ret venligst de markerede felter nedenfor." in html
