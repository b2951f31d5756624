"""Who may see and do what in the match workflow: the denied side."""

import pytest

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.vocabulary import MatchType
from tests import factories
from tests.matches.conftest import find_match, login

COORDINATOR_PAGES = [
    ("get", "/match/henvisninger"),
    ("get", "/match/henvisninger/{referral}"),
    ("post", "/match/henvisninger/{referral}/kortliste"),
    ("get", "/match/alle-ventende"),
    ("get", "/match/vennebank"),
    ("get", "/match/opfoelgning"),
    ("get", "/vidensbank/"),
    ("get", "/vidensbank/waiting.csv"),
]


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.CASEWORKER, Role.ORGANISATION_CONTACT])
@pytest.mark.parametrize(("method", "url"), COORDINATOR_PAGES)
def test_coordinator_pages_are_refused_to_other_roles(client, auth, scene, role, method, url):
    auth.login_as(role)
    response = getattr(client, method)(url.format(referral=scene.referral_id))
    assert response.status_code == 403


def _shortlisted(app, client, auth, scene) -> int:
    auth.login_as(Role.COORDINATOR)
    client.post(
        f"/match/henvisninger/{scene.referral_id}/kortliste",
        data={"volunteer_ids": [scene.volunteer_ids[0]]},
    )
    return find_match(app, scene.referral_id, scene.volunteer_ids[0])


def test_volunteer_cannot_see_a_match_before_it_is_offered_to_them(app, client, auth, scene):
    match_id = _shortlisted(app, client, auth, scene)
    login(client, scene.volunteer_emails[0])
    assert client.get(f"/match/{match_id}").status_code == 404
    assert f"/match/{match_id}" not in client.get("/match/mine").get_data(as_text=True)


def test_volunteer_cannot_see_another_volunteers_match(app, client, auth, scene):
    match_id = _shortlisted(app, client, auth, scene)
    login(client, scene.caseworker_email)
    client.post(f"/match/henvisning/{scene.referral_id}/valg", data={"match_id": match_id})
    login(client, scene.volunteer_emails[1])
    assert client.get(f"/match/{match_id}").status_code == 404
    assert client.post(f"/match/{match_id}/svar", data={"answer": "accept"}).status_code == 404
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.OFFERED


def test_caseworker_cannot_open_another_caseworkers_shortlist_or_match(app, client, auth, scene):
    match_id = _shortlisted(app, client, auth, scene)
    auth.login_as(Role.CASEWORKER)
    assert client.get(f"/match/henvisning/{scene.referral_id}/valg").status_code == 404
    assert client.get(f"/match/{match_id}").status_code == 404
    response = client.post(
        f"/match/henvisning/{scene.referral_id}/valg", data={"match_id": match_id}
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.SHORTLISTED


def test_caseworker_cannot_choose_a_volunteer_outside_the_shortlist(app, client, auth, scene):
    _shortlisted(app, client, auth, scene)
    with app.app_context():
        stray = Match(
            match_type=MatchType.MENTOR,
            referral_id=scene.referral_id,
            volunteer_id=scene.volunteer_ids[2],
            status=MatchStatus.PROPOSED,
        )
        db.session.add(stray)
        db.session.commit()
        stray_id = stray.id
    login(client, scene.caseworker_email)
    client.post(f"/match/henvisning/{scene.referral_id}/valg", data={"match_id": stray_id})
    with app.app_context():
        assert db.session.get(Match, stray_id).status == MatchStatus.PROPOSED


def test_volunteer_view_never_shows_case_notes_or_where_the_family_lives(app, client, auth, scene):
    match_id = _shortlisted(app, client, auth, scene)
    login(client, scene.caseworker_email)
    client.post(f"/match/henvisning/{scene.referral_id}/valg", data={"match_id": match_id})
    login(client, scene.volunteer_emails[0])
    page = client.get(f"/match/{match_id}").get_data(as_text=True)
    assert "FORTROLIGT SAGSNOTAT" not in page
    assert "2900" not in page  # the young person's postcode
    assert "Hellerup" not in page


def test_volunteer_cannot_start_or_close_their_own_match(app, client, auth, scene):
    match_id = _shortlisted(app, client, auth, scene)
    login(client, scene.volunteer_emails[0])
    assert client.post(f"/match/{match_id}/aktiver", data={}).status_code == 403
    assert client.post(f"/match/{match_id}/afslut", data={}).status_code == 403


def test_unknown_match_is_a_404_for_staff_too(client, auth):
    auth.login_as(Role.COORDINATOR)
    assert client.get("/match/999999").status_code == 404
    assert client.get("/match/henvisninger/999999").status_code == 404


def test_viewing_a_referral_and_a_match_is_audited(app, client, auth, scene):
    from sqlalchemy import select

    from coordinator.audit.models import AuditEntry

    match_id = _shortlisted(app, client, auth, scene)
    client.get(f"/match/henvisninger/{scene.referral_id}")
    client.get(f"/match/{match_id}")
    with app.app_context():
        entries = db.session.execute(
            select(AuditEntry.action, AuditEntry.subject_type, AuditEntry.subject_id)
        ).all()
    assert ("referral.viewed", "Referral", scene.referral_id) in entries
    assert ("match.viewed", "Match", match_id) in entries


def test_organisation_contact_cannot_see_matches(app, client, auth, scene):
    match_id = _shortlisted(app, client, auth, scene)
    with app.app_context():
        factories.make_user(Role.ORGANISATION_CONTACT, email="org@test.example.dk")
        db.session.commit()
    login(client, "org@test.example.dk")
    assert client.get(f"/match/{match_id}").status_code == 403
