"""Match health: the at-risk list names each running match that may end early, and why."""

from datetime import UTC, date, datetime, timedelta

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import FollowUp, FollowUpTrack, MatchStatus, MeetingLog
from coordinator.young.health import RiskReason, at_risk_matches, ratings_by_month
from coordinator.young.models import CheckInGiver, SignalKind, YoungCheckIn, YoungSignal
from tests import factories

TODAY = date.today()


def _match(first_name: str, started_days_ago: int = 90, status=MatchStatus.ACTIVE,
           met_days_ago: int | None = 5):
    person = factories.make_young_person(first_name=first_name)
    referral = factories.make_referral(young_person=person)
    match = factories.make_match(referral.id, factories.make_volunteer().id, status,
                                 start_date=TODAY - timedelta(days=started_days_ago))
    if met_days_ago is not None:
        match.meetings.append(MeetingLog(met_on=TODAY - timedelta(days=met_days_ago),
                                         activity="Biograf", minutes=120))
    db.session.flush()
    return match


def _check_in(match, how: int, together: int, days_ago: int) -> None:
    db.session.add(YoungCheckIn(match_id=match.id, given_by=CheckInGiver.YOUNG_PERSON,
                                how_was_it=how, together_well=together,
                                created_at=datetime.now(UTC) - timedelta(days=days_ago)))
    db.session.flush()


def _fixtures():
    healthy = _match("Rask")
    _check_in(healthy, 3, 3, 20)
    _check_in(healthy, 3, 3, 2)
    quiet = _match("Stille", met_days_ago=45)
    never_met = _match("Aldrig", met_days_ago=None)
    too_new = _match("Ny", started_days_ago=10, met_days_ago=None)
    falling = _match("Faldende")
    _check_in(falling, 3, 3, 30)
    _check_in(falling, 2, 2, 3)
    sad = _match("Trist")
    _check_in(sad, 1, 1, 1)
    stop = _match("Stop")
    db.session.add(YoungSignal(match_id=stop.id, kind=SignalKind.WANTS_TO_STOP))
    overdue = _match("Forsinket")
    overdue.follow_ups.append(FollowUp(track=FollowUpTrack.YOUNG_PERSON,
                                       due_on=TODAY - timedelta(days=3)))
    closed = _match("Lukket", status=MatchStatus.CLOSED, met_days_ago=200)
    paused = _match("Pause", status=MatchStatus.PAUSED, met_days_ago=100)
    db.session.flush()
    return {name: m.id for name, m in {
        "healthy": healthy, "quiet": quiet, "never_met": never_met, "too_new": too_new,
        "falling": falling, "sad": sad, "stop": stop, "overdue": overdue, "closed": closed,
        "paused": paused}.items()}


def test_the_at_risk_list_names_each_match_with_its_reasons(app_context):
    ids = _fixtures()
    found = {item.match_id: item.reasons for item in at_risk_matches(TODAY)}
    assert found == {
        ids["quiet"]: [RiskReason.NO_RECENT_MEETING],
        ids["never_met"]: [RiskReason.NO_RECENT_MEETING],
        ids["falling"]: [RiskReason.FALLING_CHECK_INS],
        ids["sad"]: [RiskReason.FALLING_CHECK_INS],
        ids["stop"]: [RiskReason.ASKED_TO_STOP],
        ids["overdue"]: [RiskReason.OVERDUE_FOLLOW_UP],
    }


def test_a_match_with_several_reasons_comes_first(app_context):
    _fixtures()
    worst = _match("Værst", met_days_ago=60)
    _check_in(worst, 1, 2, 1)
    db.session.add(YoungSignal(match_id=worst.id, kind=SignalKind.WANTS_TO_STOP))
    db.session.flush()
    first = at_risk_matches(TODAY)[0]
    assert first.match_id == worst.id
    assert first.seeker_name == "Værst"
    assert first.reasons == [RiskReason.NO_RECENT_MEETING, RiskReason.FALLING_CHECK_INS,
                             RiskReason.ASKED_TO_STOP]


def test_the_coordinator_sees_the_list_and_the_home_page_links_to_it(app, client, auth):
    with app.app_context():
        _fixtures()
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    assert "/ung/koordinator/matcher-i-risiko" in client.get("/hjem").get_data(as_text=True)
    html = client.get("/ung/koordinator/matcher-i-risiko").get_data(as_text=True)
    for name in ("Stille", "Aldrig", "Faldende", "Trist", "Stop", "Forsinket"):
        assert name in html
    for name in ("Rask", "Lukket", "Pause", ">Ny<"):
        assert name not in html
    assert "Intet møde registreret i 30 dage" in html


def test_caseworkers_and_volunteers_do_not_see_the_list(client, auth):
    for role in (Role.CASEWORKER, Role.VOLUNTEER):
        auth.login_as(role)
        assert client.get("/ung/koordinator/matcher-i-risiko").status_code == 403


def test_the_knowledge_bank_shows_ratings_over_time(app, client, auth):
    with app.app_context():
        match = _match("Mål")
        _check_in(match, 3, 2, 0)
        _check_in(match, 1, 2, 0)
        db.session.commit()
        assert ratings_by_month() == [(datetime.now(UTC).strftime("%Y-%m"), 2, 2.0)]
    auth.login_as(Role.COORDINATOR)
    html = client.get("/vidensbank/").get_data(as_text=True)
    assert "Sådan vurderer de unge deres match" in html
