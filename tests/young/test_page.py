"""A young person's own page shows their own friend, mentor and events, and nobody else's."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus, MeetingLog
from coordinator.vocabulary import MatchType
from coordinator.young.models import ContactExchange
from tests import factories
from tests.events.helpers import friend_bank_member, make_event
from tests.young.helpers import sign_in, young_account


def _world(app):
    """Asta (16, signed in) with her friend Bertil and her mentor Karen; Cecilie with her own
    friend Dorte and mentor Lars; an event for 18–20-year-olds only."""
    with app.app_context():
        user, asta = young_account(age=16, name="Test Asta")
        asta.first_name = "Asta"
        asta.interests = ["football", "music"]
        bertil = friend_bank_member(17, first_name="Bertil", interests=["music", "gaming"],
                                    email="bertil@test.example.dk", phone="12345678")
        pair = Match(match_type=MatchType.FRIEND_BANK, friend_a=asta, friend_b=bertil,
                     status=MatchStatus.ACTIVE, agreement_activities="I mødes på biblioteket.")
        karen = factories.make_volunteer(first_name="Karen")
        referral = factories.make_referral(young_person=asta)
        mentor = factories.make_match(referral.id, karen.id, MatchStatus.ACTIVE,
                                      agreement_frequency="hver anden uge")
        mentor.meetings.append(MeetingLog(met_on=date.today() + timedelta(days=3),
                                          activity="Svømning", minutes=60))
        cecilie = friend_bank_member(16, first_name="Cecilie")
        dorte = friend_bank_member(16, first_name="Dorte")
        other_pair = Match(match_type=MatchType.FRIEND_BANK, friend_a=cecilie, friend_b=dorte,
                           status=MatchStatus.ACTIVE)
        lars = factories.make_volunteer(first_name="Lars")
        other_referral = factories.make_referral(young_person=cecilie)
        other_mentor = factories.make_match(other_referral.id, lars.id, MatchStatus.ACTIVE)
        db.session.add_all([pair, other_pair])
        make_event(title="Koncert for 18-20", min_age=18, max_age=20)
        make_event(title="Filmaften for alle", min_age=14, max_age=18)
        db.session.commit()
        return {"email": user.email, "pair": pair.id, "mentor": mentor.id,
                "other_pair": other_pair.id, "other_mentor": other_mentor.id,
                "cecilie": cecilie.id}


def test_the_page_shows_my_friend_my_mentor_and_events_for_my_age(app, client):
    world = _world(app)
    sign_in(client, app, world["email"])
    html = client.get("/ung/").get_data(as_text=True)
    assert "Bertil, 17 år" in html
    assert "Musik og koncerter" in html  # what they share
    assert "I mødes på biblioteket." in html
    assert "Karen" in html
    assert "Næste møde" in html
    assert "Filmaften for alle" in html
    for hidden in ("Cecilie", "Dorte", "Lars", "Koncert for 18-20"):
        assert hidden not in html
    # Contact details are not shown before both said yes and a coordinator approved.
    assert "12345678" not in html
    assert "bertil@test.example.dk" not in html
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "young.page_viewed")) is not None


def test_contact_details_need_both_yes_and_a_coordinator(app, client, auth):
    world = _world(app)
    sign_in(client, app, world["email"])
    assert client.post(f"/ung/vennen/{world['pair']}/kontakt").status_code == 302
    assert "12345678" not in client.get("/ung/").get_data(as_text=True)
    with app.app_context():
        exchange = db.session.scalar(select(ContactExchange))
        exchange.friend_b_yes_at = datetime.now(UTC)  # Bertil says yes on his own phone
        db.session.commit()
        exchange_id = exchange.id
    html = client.get("/ung/").get_data(as_text=True)
    assert "12345678" not in html
    assert "En koordinator ser på det snart" in html
    # The young person cannot approve it themselves.
    assert client.post(f"/ung/koordinator/kontakt/{exchange_id}/godkend").status_code == 403
    auth.login_as(Role.COORDINATOR)
    assert "Bertil" in client.get("/ung/koordinator").get_data(as_text=True)
    assert client.post(f"/ung/koordinator/kontakt/{exchange_id}/godkend").status_code == 302
    sign_in(client, app, world["email"])
    assert "12345678" in client.get("/ung/").get_data(as_text=True)


def test_a_young_person_cannot_reach_another_young_persons_match(app, client):
    world = _world(app)
    sign_in(client, app, world["email"])
    for match_id in (world["other_pair"], world["other_mentor"], 99999):
        assert client.get(f"/ung/match/{match_id}/tjek-ind").status_code == 404
        assert client.post(f"/ung/match/{match_id}/tjek-ind",
                           data={"how_was_it": "3", "together_well": "3"}).status_code == 404
        assert client.post(f"/ung/match/{match_id}/sig-til",
                           data={"kind": "worried"}).status_code == 404
        assert client.post(f"/ung/vennen/{match_id}/kontakt").status_code == 404
    with app.app_context():
        assert db.session.get(Match, world["other_mentor"]).status == MatchStatus.ACTIVE


def test_an_event_outside_my_age_cannot_be_signed_up_for(app, client):
    world = _world(app)
    sign_in(client, app, world["email"])
    with app.app_context():
        event_id = make_event(title="Kun for voksne", min_age=18).id
        db.session.commit()
    assert client.post(f"/ung/arrangementer/{event_id}/tilmeld").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/ung/koordinator", "/ung/koordinator/matcher-i-risiko", "/ung/inviter/1",
     "/match/henvisninger", "/vennebank/", "/arrangementer", "/frivillig/"],
)
def test_a_young_person_reaches_no_staff_page(app, client, url):
    world = _world(app)
    sign_in(client, app, world["email"])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.CASEWORKER, Role.COORDINATOR])
def test_other_roles_have_no_young_page(client, auth, role):
    auth.login_as(role)
    assert client.get("/ung/").status_code == 403
    assert client.get("/ung/klub").status_code == 403


def test_the_home_page_sends_a_young_person_to_their_own_page(app, client):
    world = _world(app)
    sign_in(client, app, world["email"])
    response = client.get("/hjem")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/ung/")


def test_the_check_in_of_a_friend_pair_says_the_friend_never_reads_it(app, client):
    """A friend-bank pair has no volunteer, so the promise names the friend; a mentor match
    still promises that the volunteer never reads it."""
    world = _world(app)
    sign_in(client, app, world["email"])
    friend = client.get(f"/ung/match/{world['pair']}/tjek-ind").get_data(as_text=True)
    assert "aldrig din ven fra vennebanken" in friend
    assert "aldrig den frivillige" not in friend
    mentor = client.get(f"/ung/match/{world['mentor']}/tjek-ind").get_data(as_text=True)
    assert "aldrig den frivillige" in mentor
