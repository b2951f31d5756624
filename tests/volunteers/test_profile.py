"""Volunteers edit their profile, pause for a holiday, or leave."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.volunteers.models import Volunteer, VolunteerStatus
from tests import factories
from tests.volunteers.helpers import signup_data


def _volunteer_for(app, user, **fields) -> int:
    with app.app_context():
        volunteer = factories.make_volunteer(user=db.session.get(User, user.id), **fields)
        db.session.commit()
        return volunteer.id


def _profile_data(**overrides):
    data = signup_data(**overrides)
    for key in ("email", "password", "password_again", "privacy_consent"):
        data.pop(key, None)
    return data


def test_volunteer_edits_their_profile(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    volunteer_id = _volunteer_for(app, user)
    form = client.get("/frivillig/min-side/rediger").get_data(as_text=True)
    assert 'value="2820"' in form
    response = client.post("/frivillig/min-side/rediger",
                           data=_profile_data(postcode="2900", about="Nyt om mig"))
    assert response.status_code == 302
    with app.app_context():
        volunteer = db.session.get(Volunteer, volunteer_id)
        assert volunteer.postcode == "2900"
        assert volunteer.about == "Nyt om mig"
        assert volunteer.status == VolunteerStatus.APPROVED


def test_bad_profile_input_keeps_what_was_typed(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    _volunteer_for(app, user)
    response = client.post("/frivillig/min-side/rediger",
                           data=_profile_data(postcode="abcd", about="Mit nye tekst"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Skriv et dansk postnummer på fire cifre." in html
    assert "Mit nye tekst" in html


def test_volunteer_pauses_for_a_holiday_and_resumes(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    volunteer_id = _volunteer_for(app, user)
    until = (date.today() + timedelta(days=14)).isoformat()
    assert client.post("/frivillig/min-side/pause", data={"until": until}).status_code == 302
    with app.app_context():
        assert db.session.get(Volunteer, volunteer_id).status == VolunteerStatus.PAUSED
    assert "Du holder pause til og med" in client.get("/frivillig/min-side").get_data(as_text=True)
    client.post("/frivillig/min-side/genoptag")
    with app.app_context():
        volunteer = db.session.get(Volunteer, volunteer_id)
        assert volunteer.status == VolunteerStatus.APPROVED
        assert volunteer.paused_until is None


def test_the_own_page_points_to_an_offer_waiting_for_an_answer(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    volunteer_id = _volunteer_for(app, user)
    with app.app_context():
        match = factories.make_match(factories.make_referral().id, volunteer_id,
                                     MatchStatus.OFFERED)
        db.session.commit()
        match_id = match.id
    page = client.get("/frivillig/min-side").get_data(as_text=True)
    assert "Du er godkendt, og et forslag venter på dit svar." in page
    assert f'href="/match/{match_id}"' in page


def test_a_pause_in_the_past_is_refused(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    _volunteer_for(app, user)
    response = client.post("/frivillig/min-side/pause", data={"until": "2001-01-01"})
    assert response.status_code == 400
    assert "Vælg en dato fra i dag og frem." in response.get_data(as_text=True)


def test_leaving_discards_proposals_keeps_history_and_removes_the_rest(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    volunteer_id = _volunteer_for(app, user, phone="12345678", about="Om mig",
                                  interests_other="Kager")
    with app.app_context():
        volunteer = db.session.get(Volunteer, volunteer_id)
        proposal = Match(match_type="mentor", volunteer=volunteer,
                         referral=factories.make_referral(), status=MatchStatus.PROPOSED)
        live = Match(match_type="mentor", volunteer=volunteer,
                     referral=factories.make_referral(), status=MatchStatus.ACTIVE)
        db.session.add_all([proposal, live])
        factories.make_user(Role.COORDINATOR)
        db.session.commit()
        proposal_id, live_id = proposal.id, live.id
    assert client.post("/frivillig/min-side/stop", data={}).status_code == 400
    response = client.post("/frivillig/min-side/stop", data={"confirm": "y"})
    assert response.status_code == 302
    with app.app_context():
        volunteer = db.session.get(Volunteer, volunteer_id)
        assert volunteer.status == VolunteerStatus.ENDED
        assert volunteer.ended_at is not None
        assert (volunteer.phone, volunteer.about, volunteer.interests_other) == (None, "", "")
        assert volunteer.first_name.startswith("Frivillig")  # the name is kept
        assert volunteer.screening_steps  # the screening record is kept
        assert volunteer.user.active is False
        assert db.session.get(Match, proposal_id).status == MatchStatus.DISCARDED
        assert db.session.get(Match, live_id).status == MatchStatus.ACTIVE  # for the coordinator
    # The login is closed.
    assert client.get("/frivillig/min-side").status_code == 302
    assert auth.login(user.email, factories.PASSWORD).status_code == 400


def test_coordinators_are_told_when_a_volunteer_with_a_live_match_leaves(
    app, client, auth, smtp_server
):
    user = auth.login_as(Role.VOLUNTEER)
    volunteer_id = _volunteer_for(app, user)
    with app.app_context():
        db.session.add(Match(match_type="mentor", volunteer=db.session.get(Volunteer, volunteer_id),
                             referral=factories.make_referral(), status=MatchStatus.ACTIVE))
        coordinator = factories.make_user(Role.COORDINATOR)
        coordinator_email = coordinator.email
        db.session.commit()
    client.post("/frivillig/min-side/stop", data={"confirm": "y"})
    assert [m["To"] for m in smtp_server.messages] == [coordinator_email]


def test_a_volunteer_cannot_open_another_volunteers_record(app, client, auth):
    with app.app_context():
        other_id = factories.make_volunteer(first_name="Anden").id
        db.session.commit()
    user = auth.login_as(Role.VOLUNTEER)
    _volunteer_for(app, user)
    response = client.get(f"/frivillig/{other_id}")
    assert response.status_code == 403
    assert "Anden" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER])
def test_only_volunteers_have_a_my_page(client, auth, role):
    auth.login_as(role)
    assert client.get("/frivillig/min-side").status_code == 403


def test_viewing_the_own_profile_is_audited(app, client, auth):
    from coordinator.audit.models import AuditEntry

    user = auth.login_as(Role.VOLUNTEER)
    volunteer_id = _volunteer_for(app, user)
    client.get("/frivillig/min-side")
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "volunteer.viewed")).one()
        assert (entry.subject_id, entry.actor_id) == (volunteer_id, user.id)
