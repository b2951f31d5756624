"""Data-subject access (a volunteer's own data; staff for a young person or family), erasure
on request where the law allows, and the privacy policy built from the retention settings."""

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.matches.models import MatchStatus
from coordinator.referrals.models import FriendBankStatus, SignupSource, YoungPerson
from coordinator.volunteers.models import Volunteer
from tests import factories


def _own_volunteer(app, user, **fields) -> int:
    with app.app_context():
        volunteer = factories.make_volunteer(user=db.session.get(User, user.id), **fields)
        db.session.commit()
        return volunteer.id


def _audit(app, action):
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_volunteer_downloads_their_own_data_as_json_and_reads_the_same_on_a_page(
    app, client, auth
):
    user = auth.login_as(Role.VOLUNTEER)
    volunteer_id = _own_volunteer(app, user, phone="12345678", about="Jeg elsker skak",
                                  interests=["chess"])
    with app.app_context():
        db.session.get(Volunteer, volunteer_id).screening_steps[0].notes = "REFERENCE SAID"
        referral = factories.make_referral()
        factories.make_match(referral.id, volunteer_id, MatchStatus.ACTIVE)
        db.session.commit()
    client.get("/frivillig/min-side")  # a view, so the record has a reader to list
    response = client.get("/frivillig/min-side/mine-oplysninger.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data["profile"]["phone"] == "12345678"
    assert data["account"]["email"] == user.email
    assert len(data["screening_steps"]) >= 1
    assert data["child_certificates"][0]["assessment"] == "no_remarks"
    assert data["matches"][0]["status"] == "active"
    assert "privacy_consent_version" in data["consent"]
    assert any(v["action"] == "volunteer.viewed" for v in data["who_has_seen_the_record"])
    # Nothing about the child reaches the volunteer through the export.
    assert "FORTROLIGT" not in response.get_data(as_text=True)
    assert "REFERENCE SAID" not in response.get_data(as_text=True)  # staff notes on request

    page = client.get("/frivillig/min-side/mine-oplysninger")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Jeg elsker skak" in html
    assert "12345678" in html
    assert "Screeningstrin" in html  # Danish headings
    assert "Interesser" in html
    assert "Skak" in html  # the vocabulary by its label, not "chess"
    assert ">chess<" not in html
    assert len(_audit(app, "volunteer.exported")) == 2


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.ADMIN])
def test_only_a_volunteer_has_own_data_to_download(client, auth, role):
    auth.login_as(role)
    assert client.get("/frivillig/min-side/mine-oplysninger.json").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get("/frivillig/min-side/mine-oplysninger").status_code == 302
    assert client.get("/privatliv/ung/1/oplysninger").status_code == 302


def test_coordinator_produces_a_young_persons_data_in_one_click_and_it_is_audited(
    app, client, auth
):
    with app.app_context():
        referral = factories.make_referral()
        person_id = referral.young_person_id
        referral_id = referral.id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    page = client.get(f"/henvisninger/{referral_id}")
    assert f"/privatliv/ung/{person_id}/oplysninger" in page.get_data(as_text=True)
    data = client.get(f"/privatliv/ung/{person_id}/oplysninger.json").get_json()
    assert data["referrals"][0]["case_notes"] == "FORTROLIGT SAGSNOTAT"
    assert data["referrals"][0]["consents"][0]["giver_name"] == "Mor"
    assert client.get(f"/privatliv/ung/{person_id}/oplysninger").status_code == 200
    entries = _audit(app, "young_person.exported")
    assert [(e.subject_type, e.subject_id) for e in entries] == [("YoungPerson", person_id)] * 2


def test_family_data_is_produced_for_its_caseworker(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    with app.app_context():
        family = factories.make_family()
        factories.make_referral(caseworker=db.session.get(User, caseworker.id), family=family)
        family_id = family.id
        db.session.commit()
    data = client.get(f"/privatliv/familie/{family_id}/oplysninger.json").get_json()
    assert data["children"] == [{"first_name": "Ali", "birth_year": 2018}]
    assert len(_audit(app, "family.exported")) == 1


def test_another_caseworker_cannot_produce_the_data_nor_a_volunteer(app, client, auth):
    with app.app_context():
        referral = factories.make_referral()
        person_id, family_id = referral.young_person_id, factories.make_family().id
        db.session.commit()
    auth.login_as(Role.CASEWORKER)
    assert client.get(f"/privatliv/ung/{person_id}/oplysninger.json").status_code == 404
    assert client.get(f"/privatliv/familie/{family_id}/oplysninger.json").status_code == 404
    auth.login_as(Role.VOLUNTEER)
    assert client.get(f"/privatliv/ung/{person_id}/oplysninger.json").status_code == 403
    assert _audit(app, "young_person.exported") == []


def test_a_volunteer_who_never_matched_is_erased_with_a_reason(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer()
        volunteer_id, user_id = volunteer.id, volunteer.user_id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    url = f"/privatliv/frivillig/{volunteer_id}/slet"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"reason": ""})
    assert response.status_code == 400  # a reason is required
    with app.app_context():
        assert db.session.get(Volunteer, volunteer_id) is not None
    response = client.post(url, data={"reason": "Bedt om det pr. telefon"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Volunteer, volunteer_id) is None
        assert db.session.get(User, user_id) is None
    [entry] = _audit(app, "volunteer.erased")
    assert entry.detail == {"reason": "Bedt om det pr. telefon"}


def test_a_volunteer_with_a_match_is_kept_and_the_page_says_what_is_kept(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer()
        factories.make_match(factories.make_referral().id, volunteer.id, MatchStatus.CLOSED)
        volunteer_id = volunteer.id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    url = f"/privatliv/frivillig/{volunteer_id}/slet"
    html = client.get(url).get_data(as_text=True)
    assert "kan ikke slettes" in html
    assert "Screeningstrin" in html
    assert "Fødselsår" in html
    client.post(url, data={"reason": "Ønsker det"})
    with app.app_context():
        assert db.session.get(Volunteer, volunteer_id) is not None
    assert _audit(app, "volunteer.erased") == []


def test_a_friend_bank_sign_up_is_erased_but_a_referred_young_person_is_kept(app, client, auth):
    with app.app_context():
        signup = factories.make_young_person(friend_bank_status=FriendBankStatus.PENDING,
                                             signup_source=SignupSource.SELF)
        referred = factories.make_referral().young_person
        signup_id, referred_id = signup.id, referred.id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post(f"/privatliv/ung/{referred_id}/slet", data={"reason": "Ønsker det"})
    response = client.post(f"/privatliv/ung/{signup_id}/slet", data={"reason": "Ønsker det"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(YoungPerson, signup_id) is None
        assert db.session.get(YoungPerson, referred_id) is not None


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VOLUNTEER, Role.ORGANISATION_CONTACT])
def test_only_coordinators_and_admins_erase(app, client, auth, role):
    with app.app_context():
        volunteer_id = factories.make_volunteer().id
        db.session.commit()
    auth.login_as(role)
    url = f"/privatliv/frivillig/{volunteer_id}/slet"
    assert client.post(url, data={"reason": "x"}).status_code == 403
    with app.app_context():
        assert db.session.get(Volunteer, volunteer_id) is not None


@pytest.mark.parametrize("language", ["da", "en"])
def test_privacy_policy_is_public_and_generated_from_the_retention_settings(
    make_app, language
):
    other = make_app(RETENTION_OUTBOX_DAYS=77, RETENTION_FRIENDBANK_UNVERIFIED_DAYS=12)
    client = other.test_client()
    client.get(f"/sprog/{language}")
    html = client.get("/privatliv").get_data(as_text=True)
    assert "77" in html
    assert "12" in html
    heading = "Privatlivspolitik" if language == "da" else "Privacy policy"
    assert heading in html
