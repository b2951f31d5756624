"""Coordinators keep partner organisations and their agreements, and are reminded in time."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.organisations.models import PartnerOrganisation, PartnershipAgreement
from tests import factories

GOOD = {
    "name": "Red Barnet Gentofte",
    "contact_name": "Ole Olsen",
    "contact_email": "Ole@RedBarnet.example.dk",
    "contact_phone": "12 34 56 78",
    "description": "Mentorer og lektiehjælp.",
    "match_types": ["mentor", "family_to_family"],
    "active": "y",
}
AGREEMENT = {
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "organisation_role": "Rekrutterer frivillige.",
    "unit_role": "Screener og matcher.",
    "contact_points": "Koordineringsenheden",
    "document_reference": "SAG-2026-1",
}


def _organisation(app, name="Red Barnet Gentofte") -> PartnerOrganisation:
    with app.app_context():
        organisation = db.session.scalars(
            select(PartnerOrganisation).where(PartnerOrganisation.name == name)
        ).one()
        db.session.expunge(organisation)
        return organisation


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_coordinator_adds_an_organisation_with_its_match_types(app, client, auth, role):
    auth.login_as(role)
    response = client.post("/organisationer/ny", data=GOOD)
    assert response.status_code == 302
    organisation = _organisation(app)
    assert organisation.match_types == ["mentor", "family_to_family"]
    assert organisation.contact_email == "ole@redbarnet.example.dk"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Red Barnet Gentofte blev tilføjet." in page
    assert "Familie til familie" in page


def test_coordinator_edits_an_organisation(app, client, auth):
    with app.app_context():
        organisation_id = factories.make_organisation(name="Gammelt navn").id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    assert 'value="Gammelt navn"' in client.get(
        f"/organisationer/{organisation_id}/rediger"
    ).get_data(as_text=True)
    response = client.post(f"/organisationer/{organisation_id}/rediger", data=GOOD)
    assert response.status_code == 302
    assert _organisation(app).id == organisation_id


def test_two_organisations_cannot_share_a_name(app, client, auth):
    with app.app_context():
        factories.make_organisation(name="Red Barnet Gentofte")
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    response = client.post("/organisationer/ny", data={**GOOD, "name": "red barnet gentofte"})
    assert response.status_code == 400
    assert "Der findes allerede en organisation med dette navn." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Giv organisationen et navn."),
        ({"name": "n" * 201}, "Højst 200 tegn."),
        ({"contact_email": "ikke-en-email"}, "Skriv en gyldig e-mailadresse."),
        ({"contact_phone": "1" * 31}, "Højst 30 tegn."),
        ({"match_types": ["mentor", "hacker"]}, "Vælg kun blandt de viste muligheder."),
        ({"description": "d" * 5001}, "Højst 5000 tegn."),
    ],
)
def test_bad_organisation_input_gets_a_danish_message(app, client, auth, changes, message):
    auth.login_as(Role.COORDINATOR)
    response = client.post("/organisationer/ny", data={**GOOD, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert "Ret venligst de markerede felter nedenfor." in html
    if "name" not in changes:
        assert f'value="{GOOD["name"]}"' in html  # what was typed is kept
    with app.app_context():
        assert db.session.scalar(select(PartnerOrganisation.id)) is None


def test_coordinator_records_and_renews_an_agreement(app, client, auth):
    with app.app_context():
        organisation_id = factories.make_organisation().id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/organisationer/{organisation_id}/aftaler/ny", data=AGREEMENT)
    assert response.status_code == 302
    with app.app_context():
        agreement_id = db.session.scalar(select(PartnershipAgreement.id))
    client.post(
        f"/organisationer/{organisation_id}/aftaler/{agreement_id}/rediger",
        data={**AGREEMENT, "ends_on": "2027-12-31"},
    )
    with app.app_context():
        agreement = db.session.get(PartnershipAgreement, agreement_id)
        assert agreement.ends_on == date(2027, 12, 31)
        assert agreement.document_reference == "SAG-2026-1"
    page = client.get(f"/organisationer/{organisation_id}").get_data(as_text=True)
    assert "Rekrutterer frivillige." in page
    assert "SAG-2026-1" in page


def test_an_agreement_of_another_organisation_is_not_found_under_this_one(app, client, auth):
    with app.app_context():
        first = factories.make_organisation()
        other = factories.make_organisation()
        other.agreements.append(PartnershipAgreement(starts_on=date(2026, 1, 1)))
        db.session.flush()
        first_id, agreement_id = first.id, other.agreements[0].id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    url = f"/organisationer/{first_id}/aftaler/{agreement_id}/rediger"
    assert client.get(url).status_code == 404
    assert client.get("/organisationer/999999").status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_on": ""}, "Skriv startdatoen."),
        ({"starts_on": "31-12-2026"}, "Skriv en dato (åååå-mm-dd)."),
        ({"ends_on": "i morgen"}, "Skriv en dato (åååå-mm-dd)."),
        ({"ends_on": "2025-12-31"}, "Aftalen kan ikke slutte, før den begynder."),
        ({"document_reference": "r" * 201}, "Højst 200 tegn."),
        ({"starts_on": "2026-02-30"}, "Skriv en dato (åååå-mm-dd)."),
    ],
)
def test_bad_agreement_input_gets_a_danish_message(app, client, auth, changes, message):
    with app.app_context():
        organisation_id = factories.make_organisation().id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    response = client.post(
        f"/organisationer/{organisation_id}/aftaler/ny", data={**AGREEMENT, **changes}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert "Rekrutterer frivillige." in html
    with app.app_context():
        assert db.session.scalar(select(PartnershipAgreement.id)) is None


def test_the_organisation_page_lists_agreements_ending_within_60_days(app, client, auth):
    today = date.today()
    with app.app_context():
        soon = factories.make_organisation(name="Snart Slut")
        soon.agreements.append(
            PartnershipAgreement(starts_on=today - timedelta(days=300),
                                 ends_on=today + timedelta(days=20))
        )
        later = factories.make_organisation(name="Lang Tid")
        later.agreements.append(
            PartnershipAgreement(starts_on=today, ends_on=today + timedelta(days=200))
        )
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    html = client.get("/organisationer").get_data(as_text=True)
    start = html.index('id="agreements-ending"')
    section = html[start:html.index("</section>", start)]
    assert "Snart Slut" in section
    assert "(om 20 dage)" in section
    assert "Lang Tid" not in section


def test_remind_agreements_mails_every_coordinator(app, runner, smtp_server):
    today = date.today()
    with app.app_context():
        factories.make_user(Role.COORDINATOR, email="k1@test.example.dk")
        factories.make_user(Role.COORDINATOR, email="k2@test.example.dk", locale="en")
        factories.make_user(Role.CASEWORKER, email="s@test.example.dk")
        organisation = factories.make_organisation(name="Snart Slut")
        organisation.agreements.append(
            PartnershipAgreement(starts_on=today - timedelta(days=300),
                                 ends_on=today + timedelta(days=10), document_reference="SAG-9")
        )
        far = factories.make_organisation(name="Lang Tid")
        far.agreements.append(PartnershipAgreement(starts_on=today,
                                                   ends_on=today + timedelta(days=300)))
        db.session.commit()
    result = runner.invoke(args=["remind-agreements"])
    assert result.exit_code == 0, result.output
    assert "queued: 2" in result.output
    by_recipient = {message["To"]: message for message in smtp_server.messages}
    assert set(by_recipient) == {"k1@test.example.dk", "k2@test.example.dk"}
    danish = by_recipient["k1@test.example.dk"]
    assert danish["Subject"] == "Samarbejdsaftaler, der udløber"
    body = danish.get_body(("plain",)).get_content()
    assert "Snart Slut" in body
    assert "SAG-9" in body
    assert "Lang Tid" not in body
    assert by_recipient["k2@test.example.dk"]["Subject"] == "Partnership agreements running out"


def test_remind_agreements_sends_nothing_when_nothing_runs_out(app, runner, smtp_server):
    with app.app_context():
        factories.make_user(Role.COORDINATOR)
        db.session.commit()
    result = runner.invoke(args=["remind-agreements"])
    assert result.exit_code == 0
    assert smtp_server.messages == []


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VOLUNTEER, Role.ORGANISATION_CONTACT])
def test_only_coordinators_and_admins_keep_organisations(app, client, auth, role):
    with app.app_context():
        organisation = factories.make_organisation()
        organisation.agreements.append(PartnershipAgreement(starts_on=date(2026, 1, 1)))
        db.session.flush()
        organisation_id, agreement_id = organisation.id, organisation.agreements[0].id
        db.session.commit()
    auth.login_as(role)
    for url in (
        "/organisationer",
        "/organisationer/ny",
        f"/organisationer/{organisation_id}",
        f"/organisationer/{organisation_id}/rediger",
        f"/organisationer/{organisation_id}/aftaler/ny",
        f"/organisationer/{organisation_id}/aftaler/{agreement_id}/rediger",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post("/organisationer/ny", data=GOOD).status_code == 403
