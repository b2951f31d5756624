"""A volunteer signs up online, confirms by e-mail, and only then reaches their page."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from coordinator.volunteers.models import Volunteer, VolunteerKind, VolunteerStatus
from coordinator.volunteers.services import PRIVACY_NOTICE_VERSION
from tests import factories
from tests.volunteers.helpers import SIGNUP, confirmation_link, signup_data


def test_signup_page_is_in_danish_and_starts_at_step_one(client):
    html = client.get(SIGNUP).get_data(as_text=True)
    assert "Bliv frivillig" in html
    assert "Trin 1 af 4" in html
    assert 'name="first_name"' in html
    # The account, the privacy note and the consent come in the last step.
    assert 'name="privacy_consent"' not in html


def test_signup_then_confirm_by_email_from_a_real_smtp_server(app, client, smtp_server):
    response = client.post(SIGNUP, data=signup_data())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/frivillig/tilmeld/sendt")
    assert "Se din e-mail" in client.get("/frivillig/tilmeld/sendt").get_data(as_text=True)
    # Signed in before confirming, the applicant only sees "confirm your e-mail".
    client.post("/konto/log-ind", data={"email": "mette@test.example.dk",
                                         "password": "et-godt-kodeord-2026"})
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
    client.post("/konto/log-ind", data={"email": "mette@test.example.dk",
                                         "password": "et-godt-kodeord-2026"})
    response = client.post("/frivillig/send-bekraeftelse-igen")
    assert response.status_code == 302
    assert len(smtp_server.messages) == 2


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN])
def test_sign_up_answers_the_same_for_a_known_and_an_unknown_address(app, client, role):
    with app.app_context():
        factories.make_user(role, email="mette@test.example.dk", name="Mette Hansen")
        db.session.commit()
    known = client.post(SIGNUP, data=signup_data())
    unknown = client.post(SIGNUP, data=signup_data(email="ny@test.example.dk"))
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert known.headers.get("Set-Cookie") is None  # nobody is signed in by a sign-up
    # Even with every other field empty, the page says nothing about the address.
    bare = client.post(SIGNUP, data={"email": "mette@test.example.dk"})
    assert "allerede" not in bare.get_data(as_text=True)
    with app.app_context():
        mails = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
        assert set(mails) == {"mette@test.example.dk", "ny@test.example.dk"}
        assert mails["mette@test.example.dk"].template == "signup_attempt"
        assert "Nogen forsøgte at oprette en konto" in mails["mette@test.example.dk"].subject
        assert mails["ny@test.example.dk"].template == "volunteer_confirm"
        owner = db.session.scalar(select(User).where(User.email == "mette@test.example.dk"))
        assert owner.role == role  # the existing account is untouched


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
