"""Caseworkers refer young people and families with consent, and follow their own referrals."""

from datetime import date

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.referrals.models import (
    Consent,
    ConsentGiver,
    Family,
    Referral,
    ReferralStatus,
    YoungPerson,
)
from tests import factories

YOUNG = "/henvisninger/ny/ung"
FAMILY = "/henvisninger/ny/familie"


def referral_data(**overrides) -> dict:
    data = {
        "first_name": "Mads",
        "age": "13",
        "gender": "male",
        "postcode": "2820",
        "phase": "during",
        "match_type": "mentor",
        "needs": ["homework", "trusted_adult"],
        "interests": ["football"],
        "languages": ["da"],
        "availability": ["weekend"],
        "volunteer_gender_wish": "",
        "description_for_volunteer": "Mads er glad for fodbold.",
        "case_notes": "FORTROLIGT: anbragt i plejefamilie.",
        "consent_given_by": "custody_holder",
        "consent_giver_name": "Lene (mor)",
        "consent_given_on": date.today().isoformat(),
        "consent_scope": "Henvisning og deling af fornavn, alder og interesser.",
        "consent_form_location": "Sag 2026-123",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def family_data(**overrides) -> dict:
    data = referral_data(match_type="family_to_family", display_name="Sara og børnene",
                         **{"child1-first_name": "Ali", "child1-age": "6"})
    for key in ("first_name", "age", "gender"):
        data.pop(key)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _referral_of(app, caseworker=None, **fields) -> int:
    with app.app_context():
        owner = db.session.get(User, caseworker.id) if caseworker else None
        referral = factories.make_referral(caseworker=owner, **fields)
        db.session.commit()
        return referral.id


def test_caseworker_refers_a_young_person_with_consent(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    response = client.post(YOUNG, data=referral_data())
    assert response.status_code == 302
    with app.app_context():
        referral = db.session.scalars(select(Referral)).one()
        assert referral.caseworker_id == caseworker.id
        assert referral.status == ReferralStatus.WAITING
        assert referral.young_person.first_name == "Mads"
        assert referral.young_person.birth_year == date.today().year - 13
        consent = referral.consents[0]
        assert (consent.given_by, consent.giver_name, consent.form_location) == (
            ConsentGiver.CUSTODY_HOLDER, "Lene (mor)", "Sag 2026-123")
        assert consent.young_person_id == referral.young_person_id
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert {"referral.created", "young_person.created"} <= set(actions)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Venter på et match" in page
    assert "Du henviste" in page


def test_caseworker_refers_a_family(app, client, auth):
    auth.login_as(Role.CASEWORKER)
    response = client.post(FAMILY, data=family_data())
    assert response.status_code == 302
    with app.app_context():
        family = db.session.scalars(select(Family)).one()
        assert family.display_name == "Sara og børnene"
        assert [(c.first_name, date.today().year - c.birth_year) for c in family.children] == [
            ("Ali", 6)]


def test_my_referrals_lists_only_my_own(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    with app.app_context():
        factories.make_referral(caseworker=db.session.get(User, caseworker.id),
                                young_person=factories.make_young_person(first_name="Egen"))
        factories.make_referral(young_person=factories.make_young_person(first_name="Fremmed"))
        db.session.commit()
    html = client.get("/henvisninger/").get_data(as_text=True)
    assert "Egen" in html
    assert "Fremmed" not in html


def test_another_caseworkers_referral_is_404(app, client, auth):
    other_id = _referral_of(app)
    auth.login_as(Role.CASEWORKER)
    for method, url in [("get", f"/henvisninger/{other_id}"),
                        ("get", f"/henvisninger/{other_id}/rediger"),
                        ("post", f"/henvisninger/{other_id}/rediger"),
                        ("post", f"/henvisninger/{other_id}/tilbagekald")]:
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert "FORTROLIGT" not in response.get_data(as_text=True)
    assert client.get("/henvisninger/999999").status_code == 404


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.ORGANISATION_CONTACT])
def test_volunteers_and_organisations_never_open_a_referral(app, client, auth, role):
    referral_id = _referral_of(app)
    auth.login_as(role)
    for url in (f"/henvisninger/{referral_id}", "/henvisninger/", YOUNG):
        response = client.get(url)
        assert response.status_code == 403
        assert "FORTROLIGT" not in response.get_data(as_text=True)


def test_coordinator_reads_any_referral_but_cannot_edit_it(app, client, auth):
    referral_id = _referral_of(app)
    auth.login_as(Role.COORDINATOR)
    assert client.get(f"/henvisninger/{referral_id}").status_code == 200
    assert client.get(f"/henvisninger/{referral_id}/rediger").status_code == 403


def test_caseworker_edits_own_referral_and_a_new_consent_is_kept_beside_the_old(
    app, client, auth
):
    caseworker = auth.login_as(Role.CASEWORKER)
    referral_id = _referral_of(app, caseworker)
    form = client.get(f"/henvisninger/{referral_id}/rediger").get_data(as_text=True)
    assert "FORTROLIGT SAGSNOTAT" in form
    response = client.post(f"/henvisninger/{referral_id}/rediger",
                           data=referral_data(age="15", consent_given_by="young_person",
                                              consent_giver_name="Mads selv"))
    assert response.status_code == 302
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.young_person.first_name == "Mads"
        assert len(referral.consents) == 2
        assert "referral.updated" in db.session.scalars(select(AuditEntry.action)).all()


def test_caseworker_withdraws_and_open_proposals_are_discarded(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    referral_id = _referral_of(app, caseworker)
    with app.app_context():
        match = Match(match_type="mentor", referral_id=referral_id,
                      volunteer=factories.make_volunteer(), status=MatchStatus.PROPOSED)
        db.session.add(match)
        db.session.commit()
        match_id = match.id
    asked = client.post(f"/henvisninger/{referral_id}/tilbagekald")
    assert "Træk henvisningen tilbage?" in asked.get_data(as_text=True)
    with app.app_context():  # nothing happens before the caseworker confirms
        assert db.session.get(Referral, referral_id).status == ReferralStatus.WAITING
    response = client.post(f"/henvisninger/{referral_id}/tilbagekald", data={"bekraeftet": "ja"})
    assert response.status_code == 302
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == ReferralStatus.WITHDRAWN
        assert referral.withdrawn_at is not None
        assert db.session.get(Match, match_id).status == MatchStatus.DISCARDED
    html = client.get(f"/henvisninger/{referral_id}").get_data(as_text=True)
    assert "Henvisningen blev trukket tilbage." in html


def test_timeline_tells_the_caseworker_in_plain_words(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    referral_id = _referral_of(app, caseworker)
    with app.app_context():
        match = Match(match_type="mentor", referral_id=referral_id,
                      volunteer=factories.make_volunteer(), status=MatchStatus.PROPOSED)
        db.session.add(match)
        match.transition(MatchStatus.SHORTLISTED, by=None)
        db.session.commit()
    html = client.get(f"/henvisninger/{referral_id}").get_data(as_text=True)
    assert "En kortliste med frivillige er klar" in html


def test_no_cpr_number_field_exists(client, auth):
    auth.login_as(Role.CASEWORKER)
    html = client.get(YOUNG).get_data(as_text=True).lower()
    assert 'name="cpr' not in html


@pytest.mark.parametrize(
    ("url", "overrides", "message"),
    [
        (YOUNG, {"first_name": ""}, "Skriv fornavnet."),
        (YOUNG, {"age": "tretten"}, "Skriv et helt tal."),
        (YOUNG, {"age": "40"}, "Skriv en alder mellem 0 og 25."),
        (YOUNG, {"phase": "soon"}, "Vælg en af mulighederne."),
        (YOUNG, {"match_type": "friend_bank"}, "Vælg en af mulighederne."),
        (YOUNG, {"needs": None}, "Vælg mindst ét behov."),
        (YOUNG, {"needs": ["flying"]}, "Vælg kun blandt de viste muligheder."),
        (YOUNG, {"consent_given_by": "young_person"},
         "Under 15 år skal forældremyndighedsindehaveren give samtykke."),
        (YOUNG, {"consent_given_on": "2099-01-01"}, "Datoen kan ikke ligge i fremtiden."),
        (YOUNG, {"consent_scope": ""}, "Beskriv, hvad samtykket dækker."),
        (YOUNG, {"postcode": "DK-2820"}, "Skriv et dansk postnummer på fire cifre."),
        # The caseworker types the family's postcode, not "dit" (their own).
        (FAMILY, {"postcode": ""}, "Skriv postnummeret."),
        (YOUNG, {"description_for_volunteer": "é" * 2001}, "Højst 2000 tegn."),
        (FAMILY, {"display_name": ""}, "Giv familien et navn i sagen"),
        (FAMILY, {"consent_given_by": "young_person"},
         "For en familie skal forældremyndighedsindehaveren give samtykke."),
        (FAMILY, {"child1-age": ""}, "Skriv alderen."),
    ],
)
def test_bad_referral_input_gets_a_danish_message_and_keeps_the_text(
    client, auth, url, overrides, message
):
    auth.login_as(Role.CASEWORKER)
    data = referral_data(**overrides) if url == YOUNG else family_data(**overrides)
    response = client.post(url, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Sag 2026-123" in html


def test_referral_pages_render_in_english_too(client, auth):
    auth.login_as(Role.CASEWORKER, locale="en")
    html = client.get(YOUNG).get_data(as_text=True)
    assert "Refer a young person" in html
    assert "Consent" in html


def test_consent_records_are_never_deleted_on_edit(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    referral_id = _referral_of(app, caseworker)
    client.post(f"/henvisninger/{referral_id}/rediger", data=referral_data())
    with app.app_context():
        assert db.session.scalar(
            select(Consent).where(Consent.referral_id == referral_id).limit(1)) is not None
        assert db.session.scalars(select(YoungPerson)).one().first_name == "Mads"
