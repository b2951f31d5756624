"""The young person's own voice: check-ins the volunteer never reads, and a private signal that
reaches the coordination unit at once ("jeg er bekymret" follows the concern routine)."""

from datetime import date

from sqlalchemy import select

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from coordinator.matches.models import Concern, Match, MatchStatus, MeetingLog
from coordinator.vocabulary import MatchType
from coordinator.young.models import CheckInGiver, SignalKind, YoungCheckIn, YoungSignal
from tests import factories
from tests.events.helpers import friend_bank_member
from tests.young.helpers import sign_in, young_account

SECRET = "Han kommer altid for sent"


def _mentor_match(app, age: int = 16, n: int = 1):
    """A young person (with an account if 15+) in a running mentor match."""
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER, email=f"sagsbehandler{n}@test.example.dk")
        volunteer_user = factories.make_user(Role.VOLUNTEER)
        volunteer = factories.make_volunteer(user=volunteer_user, first_name="Karen")
        if age >= 15:
            user, person = young_account(age=age)
            email = user.email
        else:
            person = factories.make_young_person(birth_year=date.today().year - age)
            email = None
        referral = factories.make_referral(caseworker=caseworker, young_person=person)
        match = factories.make_match(referral.id, volunteer.id, MatchStatus.ACTIVE)
        factories.make_user(Role.COORDINATOR, email=f"koordinator{n}@test.example.dk")
        db.session.commit()
        return {"match": match.id, "young": email, "volunteer": volunteer_user.email,
                "caseworker": caseworker.email}


def test_a_check_in_is_never_shown_to_the_volunteer(app, client, auth):
    world = _mentor_match(app)
    sign_in(client, app, world["young"])
    page = client.get(f"/ung/match/{world['match']}/tjek-ind").get_data(as_text=True)
    for question in ("Hvordan var det?", "Har I det godt sammen?",
                     "Er der noget, du vil sige til os?"):
        assert question in page
    response = client.post(f"/ung/match/{world['match']}/tjek-ind",
                           data={"how_was_it": "1", "together_well": "2", "message": SECRET})
    assert response.status_code == 302
    auth.login(world["volunteer"], factories.PASSWORD)
    html = client.get(f"/match/{world['match']}").get_data(as_text=True)
    assert "Den unge har givet 1 tilbagemelding" in html
    assert SECRET not in html
    assert "Ikke godt" not in html
    assert client.get(f"/ung/koordinator/match/{world['match']}/tjek-ind").status_code == 403
    # The coordinator reads it, and the reading is audited.
    auth.login_as(Role.COORDINATOR)
    staff = client.get(f"/ung/koordinator/match/{world['match']}/tjek-ind")
    assert SECRET in staff.get_data(as_text=True)


def test_after_a_meeting_the_page_asks_how_it_went_until_answered(app, client):
    world = _mentor_match(app)
    sign_in(client, app, world["young"])
    assert "Vi vil gerne høre" not in client.get("/ung/").get_data(as_text=True)
    with app.app_context():
        match = db.session.get(Match, world["match"])
        match.meetings.append(MeetingLog(met_on=date.today(), activity="Bowling", minutes=90))
        db.session.commit()
    assert "Vi vil gerne høre" in client.get("/ung/").get_data(as_text=True)
    client.post(f"/ung/match/{world['match']}/tjek-ind",
                data={"how_was_it": "3", "together_well": "3"})
    assert "Vi vil gerne høre" not in client.get("/ung/").get_data(as_text=True)


def test_a_check_in_without_smileys_is_refused_and_keeps_the_text(app, client):
    world = _mentor_match(app)
    sign_in(client, app, world["young"])
    response = client.post(f"/ung/match/{world['match']}/tjek-ind",
                           data={"how_was_it": "7", "message": SECRET})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert SECRET in html
    assert "Vælg en smiley." in html or "Vælg en af mulighederne" in html
    with app.app_context():
        assert db.session.scalar(select(YoungCheckIn)) is None


def test_i_am_worried_pauses_the_match_and_reaches_the_caseworker(app, client):
    world = _mentor_match(app)
    sign_in(client, app, world["young"])
    response = client.post(f"/ung/match/{world['match']}/sig-til",
                           data={"kind": "worried", "message": "Jeg er utryg"})
    assert response.status_code == 302
    with app.app_context():
        match = db.session.get(Match, world["match"])
        assert match.status == MatchStatus.PAUSED
        concern = db.session.scalar(select(Concern))
        assert concern.description == "Jeg er utryg"
        recipients = set(db.session.scalars(select(OutboxMessage.recipient).where(
            OutboxMessage.template == "concern_raised")))
        assert {world["caseworker"], "koordinator1@test.example.dk"} <= recipients
        assert world["volunteer"] not in recipients


def test_i_would_like_to_stop_reaches_the_coordinators_and_the_at_risk_list(app, client,
                                                                              auth):
    world = _mentor_match(app)
    sign_in(client, app, world["young"])
    client.post(f"/ung/match/{world['match']}/sig-til", data={"kind": "wants_to_stop"})
    with app.app_context():
        assert db.session.get(Match, world["match"]).status == MatchStatus.ACTIVE
        sent = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.template == "young_signal"))
        assert sent.recipient == "koordinator1@test.example.dk"
    auth.login(world["volunteer"], factories.PASSWORD)
    assert "gerne stoppe" not in client.get(f"/match/{world['match']}").get_data(as_text=True)
    auth.login("koordinator1@test.example.dk", factories.PASSWORD)
    assert "Jeg vil gerne stoppe" in client.get("/ung/koordinator").get_data(as_text=True)
    assert "Den unge har bedt om at stoppe" in client.get(
        "/ung/koordinator/matcher-i-risiko").get_data(as_text=True)
    with app.app_context():
        signal_id = db.session.scalar(select(YoungSignal.id))
    client.post(f"/ung/koordinator/signal/{signal_id}/haandteret")
    assert "Den unge har bedt om at stoppe" not in client.get(
        "/ung/koordinator/matcher-i-risiko").get_data(as_text=True)


def test_a_worry_in_a_friend_pair_reaches_the_caseworker_who_signed_them_up(app, client):
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER, email="cw@test.example.dk")
        user, person = young_account(age=16)
        person.signed_up_by_id = caseworker.id
        friend = friend_bank_member(16)
        pair = Match(match_type=MatchType.FRIEND_BANK, friend_a=person, friend_b=friend,
                     status=MatchStatus.ACTIVE)
        db.session.add(pair)
        db.session.commit()
        pair_id, email = pair.id, user.email
    sign_in(client, app, email)
    client.post(f"/ung/match/{pair_id}/sig-til", data={"kind": "worried"})
    with app.app_context():
        assert db.session.get(Match, pair_id).status == MatchStatus.PAUSED
        assert db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.recipient == "cw@test.example.dk",
            OutboxMessage.template == "concern_raised")) is not None


def test_a_custody_holder_answers_for_a_child_under_15_through_the_caseworkers_link(
        app, client, auth):
    world = _mentor_match(app, age=11)
    auth.login(world["caseworker"], factories.PASSWORD)
    assert "Link til tilbagemelding" in client.get(f"/match/{world['match']}").get_data(
        as_text=True)
    page = client.get(f"/ung/personale/match/{world['match']}/foraeldre-link")
    assert page.status_code == 200
    link = page.get_data(as_text=True).split('id="custody-link">')[1].split("<")[0]
    path = link.split("localhost", 1)[1]
    auth.logout()
    assert client.get(path).status_code == 200
    done = client.post(path, data={"how_was_it": "3", "together_well": "3", "message": "Fint"})
    assert done.status_code == 200
    with app.app_context():
        check_in = db.session.scalar(select(YoungCheckIn))
        assert check_in.given_by == CheckInGiver.CUSTODY_HOLDER
        assert check_in.match_id == world["match"]
    assert client.get("/ung/foraelder/not-a-real-token").status_code == 410


def test_no_custody_link_for_a_young_person_of_15_or_for_another_caseworker(app, client, auth):
    older = _mentor_match(app, age=16)
    auth.login(older["caseworker"], factories.PASSWORD)
    assert client.get(f"/ung/personale/match/{older['match']}/foraeldre-link").status_code == 404
    with app.app_context():
        other = factories.make_user(Role.CASEWORKER)
        db.session.commit()
        other_email = other.email
    younger = _mentor_match(app, age=10, n=2)
    auth.login(other_email, factories.PASSWORD)
    assert client.get(
        f"/ung/personale/match/{younger['match']}/foraeldre-link").status_code == 404
    auth.login(younger["volunteer"], factories.PASSWORD)
    assert client.get(
        f"/ung/personale/match/{younger['match']}/foraeldre-link").status_code == 403


def test_signal_kinds_are_only_the_two(app, client):
    world = _mentor_match(app)
    sign_in(client, app, world["young"])
    assert client.post(f"/ung/match/{world['match']}/sig-til",
                       data={"kind": "message to volunteer"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(YoungSignal)) is None
        assert {kind.value for kind in SignalKind} == {"wants_to_stop", "worried"}
