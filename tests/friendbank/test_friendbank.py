"""Young people join the friend bank; a coordinator verifies each before they enter the pool."""

from datetime import date

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.referrals.models import (
    ConsentGiver,
    FriendBankStatus,
    SignupSource,
    YoungPerson,
)
from coordinator.volunteers.models import Gender
from tests import factories

SIGNUP = "/vennebank/tilmeld"
STAFF = "/vennebank/tilmeld-ung"


def friend_data(**overrides) -> dict:
    data = {
        "first_name": "Laura",
        "age": "16",
        "postcode": "2900",
        "gender": "female",
        "same_gender_friend": "y",
        "email": "laura@test.example.dk",
        "phone": "12 34 56 78",
        "interests": ["dance", "music"],
        "availability": ["weekday_evening"],
        "about": "Jeg elsker at danse.",
        "consent": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def staff_data(**overrides) -> dict:
    data = friend_data(age="13", consent=None, email=None, phone=None)
    data.update({
        "consent_given_by": "custody_holder",
        "consent_giver_name": "Far",
        "consent_given_on": date.today().isoformat(),
        "consent_form_location": "Sag 77",
    })
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_16_year_old_joins_and_is_verified_by_a_coordinator(app, client, auth):
    page = client.get(SIGNUP).get_data(as_text=True)
    assert "Vennebanken" in page
    response = client.post(SIGNUP, data=friend_data())
    assert response.status_code == 302
    assert "Tak for din tilmelding" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    with app.app_context():
        person = db.session.scalars(select(YoungPerson)).one()
        assert person.friend_bank_status == FriendBankStatus.PENDING
        assert person.signup_source == SignupSource.SELF
        assert person.friend_gender_wish == Gender.FEMALE
        assert person.consents[0].given_by == ConsentGiver.YOUNG_PERSON
        person_id = person.id
    auth.login_as(Role.COORDINATOR)
    assert "Laura" in client.get("/vennebank/?status=pending").get_data(as_text=True)
    assert client.post(f"/vennebank/{person_id}/godkend").status_code == 302
    with app.app_context():
        person = db.session.get(YoungPerson, person_id)
        assert person.friend_bank_status == FriendBankStatus.VERIFIED
        assert person.verified_at is not None
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {"young_person.friend_bank_signed_up",
                "young_person.friend_bank_verified"} <= actions


def test_coordinator_opening_a_member_is_audited(app, client, auth):
    client.post(SIGNUP, data=friend_data())
    auth.login_as(Role.COORDINATOR)
    with app.app_context():
        person_id = db.session.scalars(select(YoungPerson.id)).one()
    assert client.get(f"/vennebank/{person_id}").status_code == 200
    with app.app_context():
        assert "young_person.viewed" in db.session.scalars(select(AuditEntry.action)).all()


def test_a_caseworker_signs_up_a_13_year_old_with_the_custody_holders_consent(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    response = client.post(STAFF, data=staff_data())
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalars(select(YoungPerson)).one()
        assert person.signup_source == SignupSource.CASEWORKER
        assert person.signed_up_by_id == caseworker.id
        assert person.consents[0].given_by == ConsentGiver.CUSTODY_HOLDER
        assert person.friend_bank_status == FriendBankStatus.PENDING


def test_a_coordinator_takes_a_member_out_of_the_pool(app, client, auth):
    with app.app_context():
        person = factories.make_young_person(friend_bank_status=FriendBankStatus.VERIFIED)
        db.session.commit()
        person_id = person.id
    auth.login_as(Role.COORDINATOR)
    client.post(f"/vennebank/{person_id}/udmeld")
    with app.app_context():
        assert db.session.get(YoungPerson, person_id).friend_bank_status == FriendBankStatus.LEFT


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.CASEWORKER, Role.ORGANISATION_CONTACT])
def test_only_coordinators_see_the_members(app, client, auth, role):
    with app.app_context():
        person_id = factories.make_young_person(friend_bank_status=FriendBankStatus.PENDING).id
        db.session.commit()
    auth.login_as(role)
    assert client.get("/vennebank/").status_code == 403
    assert client.get(f"/vennebank/{person_id}").status_code == 403
    assert client.post(f"/vennebank/{person_id}/godkend").status_code == 403


def test_a_referred_young_person_is_not_a_friend_bank_member(app, client, auth):
    with app.app_context():
        person_id = factories.make_young_person().id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    assert client.get(f"/vennebank/{person_id}").status_code == 404


def test_volunteers_cannot_use_the_staff_signup(client, auth):
    auth.login_as(Role.VOLUNTEER)
    assert client.get(STAFF).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"age": "14"}, "Vennebanken er for unge fra 15 til 23 år."),
        ({"age": "24"}, "Vennebanken er for unge fra 15 til 23 år."),
        ({"age": "seksten"}, "Skriv et helt tal."),
        ({"first_name": ""}, "Skriv fornavnet."),
        ({"postcode": "29000"}, "Skriv et dansk postnummer på fire cifre."),
        ({"interests": None}, "Vælg mindst én interesse."),
        ({"interests": ["skydiving"]}, "Vælg kun blandt de viste muligheder."),
        ({"gender": ""}, "Fortæl os dit køn"),
        ({"consent": None}, "Vi kan kun tage imod din tilmelding med dit samtykke."),
        ({"about": "ø" * 1001}, "Højst 1000 tegn."),
        ({"email": "laura@"}, "Skriv en gyldig e-mailadresse."),
        ({"email": None, "phone": None}, "Skriv en e-mailadresse eller et telefonnummer"),
        ({"phone": "12"}, "Skriv et telefonnummer, fx 12 34 56 78."),
    ],
)
def test_bad_friend_bank_input_gets_a_danish_message(client, overrides, message):
    response = client.post(SIGNUP, data=friend_data(**overrides))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Jeg elsker at danse." in html or "about" in overrides


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"age": "12"}, "Vennebanken er for unge fra 13 til 23 år."),
        ({"consent_given_by": "young_person"},
         "Under 15 år skal forældremyndighedsindehaveren give samtykke."),
        ({"consent_given_on": "31-12-2025"}, "Skriv en dato (åååå-mm-dd)."),
        ({"consent_form_location": ""}, "Skriv, hvor den underskrevne blanket opbevares."),
    ],
)
def test_bad_staff_signup_input_gets_a_danish_message(client, auth, overrides, message):
    auth.login_as(Role.CASEWORKER)
    response = client.post(STAFF, data=staff_data(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
