"""One child-certificate rule: the matcher adapter, the knowledge bank, the daily reminder and
the screening warnings agree after a renewal and after expiry, and pages say "expired"."""

from datetime import date, timedelta

import matching
from coordinator.auth.models import Role
from coordinator.dashboard import services as dashboard
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from coordinator.matches import adapter, reminders
from coordinator.volunteers import certificates
from coordinator.volunteers import services as volunteer_services
from coordinator.volunteers.certificates import CertificateState
from coordinator.volunteers.models import CertificateAssessment, ChildCertificate, HouseholdMember
from tests import factories

TODAY = date.today()


def _four_places(app) -> dict[str, dict[str, set[int]]]:
    """What each of the four places says is expired and running out, by volunteer id."""
    days = app.config["CERTIFICATE_EXPIRY_WARNING_DAYS"]
    horizon = TODAY + timedelta(days=days)
    records = adapter.matchable_volunteers(TODAY, include_full=True)
    matcher = {"expired": set(), "running_out": set()}
    for record in records:
        until = record["child_certificate_until"]
        if until is not None and until < TODAY:
            matcher["expired"].add(record["id"])
        elif until is not None and until <= horizon:
            matcher["running_out"].add(record["id"])
    reminder = reminders.expiring_certificates(TODAY)
    warnings = volunteer_services.screening_warnings(TODAY, app.config)
    return {
        "matcher": matcher,
        "reminders": {state: {a.volunteer_id for a in reminder if a.state == state}
                      for state in ("expired", "running_out")},
        "warnings": {state: {a.volunteer_id for a in warnings.renewal if a.state == state}
                     for state in ("expired", "running_out")},
        # the knowledge bank shows counts
        "bank": dashboard.certificates_expiring(TODAY),
    }


def test_the_four_places_agree_after_a_renewal_and_after_expiry(app, app_context):
    renewed = factories.make_volunteer(first_name="Fornyet")
    renewed.certificates[0].valid_until = TODAY + timedelta(days=10)
    renewed.certificates.append(ChildCertificate(
        requested_on=TODAY - timedelta(days=5), received_on=TODAY - timedelta(days=1),
        assessment=CertificateAssessment.NO_REMARKS, valid_until=TODAY + timedelta(days=730)))
    expired = factories.make_volunteer(first_name="Udløbet")
    expired.certificates[0].valid_until = TODAY - timedelta(days=30)
    running_out = factories.make_volunteer(first_name="Snart")
    running_out.certificates[0].valid_until = TODAY + timedelta(days=10)
    factories.make_volunteer(first_name="Gyldig")
    db.session.flush()

    places = _four_places(app)

    expected = {"expired": {expired.id}, "running_out": {running_out.id}}
    assert places["matcher"] == expected
    assert places["reminders"] == expected
    assert places["warnings"] == expected
    assert places["bank"] == {"expired": 1, "running_out": 1}
    # The renewal replaced the old certificate everywhere.
    assert certificates.cover(renewed, TODAY).state == CertificateState.VALID


def test_the_matcher_refuses_the_volunteer_the_rule_calls_expired(app, app_context):
    expired = factories.make_volunteer()
    expired.certificates[0].valid_until = TODAY - timedelta(days=1)
    valid = factories.make_volunteer()
    db.session.flush()
    records = adapter.volunteer_records([expired.id, valid.id], TODAY)
    seeker = {"id": 1, "age": 10, "match_type": "mentor", "postcode": "2820",
              "interests": ["football"], "availability": ["weekend"], "languages": ["da"]}
    proposed = {p.volunteer_id for p in matching.propose([seeker], list(records.values()),
                                                         today=TODAY)}
    assert certificates.cover(expired, TODAY).state == CertificateState.EXPIRED
    assert proposed == {valid.id}


def test_the_daily_reminder_names_expired_certificates_as_expired(app, app_context):
    factories.make_user(Role.COORDINATOR)
    expired = factories.make_volunteer(first_name="Udløbet")
    expired.certificates[0].valid_until = TODAY - timedelta(days=30)
    db.session.flush()
    reminders.send_daily_reminders(TODAY)
    message = db.session.query(OutboxMessage).filter_by(template="certificate_expiring").one()
    assert "udløb" in message.text
    assert "udløber inden for" not in message.text


def test_pages_say_expired_never_valid_until_a_past_date(app, client, auth):
    with app.app_context():
        organisation = factories.make_organisation()
        volunteer = factories.make_volunteer(first_name="Udløbet", organisation=organisation)
        volunteer.certificates[0].valid_until = TODAY - timedelta(days=30)
        organisation_id, volunteer_id = organisation.id, volunteer.id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    screening = client.get(f"/frivillig/{volunteer_id}").get_data(as_text=True)
    assert "Børneattesten udløb" in screening
    warnings = client.get("/frivillig/advarsler").get_data(as_text=True)
    assert "Børneattesten udløb" in warnings
    auth.logout()
    auth.login_as(Role.ORGANISATION_CONTACT, organisation_id=organisation_id)
    for path in ("/min-organisation", f"/min-organisation/frivillige/{volunteer_id}"):
        html = client.get(path).get_data(as_text=True)
        assert "Børneattesten udløb" in html
        assert "gyldig til" not in html.lower()


def test_a_certificate_is_asked_only_for_household_members_aged_15_or_more(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer(kind="family")
        volunteer.household.append(HouseholdMember(first_name="Lille", birth_year=TODAY.year - 9))
        volunteer.household.append(HouseholdMember(first_name="Store", birth_year=TODAY.year - 16))
        db.session.commit()
        volunteer_id = volunteer.id
        small_id = volunteer.household[0].id
    auth.login_as(Role.COORDINATOR)
    page = client.get(f"/frivillig/{volunteer_id}").get_data(as_text=True)
    form = page[page.index('name="holder"'):]
    form = form[:form.index("</select>")]
    assert "Store" in form
    assert "Lille" not in form
    response = client.post(f"/frivillig/{volunteer_id}/boerneattest",
                           data={"holder": str(small_id), "requested_on": TODAY.isoformat()})
    assert response.status_code == 400
