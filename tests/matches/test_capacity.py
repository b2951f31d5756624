"""A volunteer's capacity is never exceeded and a seeker is never matched twice, even in a race."""

import threading
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches import services
from coordinator.matches.models import Match, MatchStatus
from coordinator.vocabulary import MatchType
from tests import factories

AGREEMENT = {
    "frequency": "Hver uge",
    "activities": "Fodbold",
    "duration": "Et år",
    "contact": "Enheden",
}


def _accepted(referral, volunteer) -> Match:
    match = Match(
        match_type=MatchType.MENTOR,
        referral=referral,
        volunteer=volunteer,
        status=MatchStatus.ACCEPTED,
    )
    db.session.add(match)
    db.session.flush()
    return match


def _activate_in_page(client, match_id):
    return client.post(
        f"/match/{match_id}/aktiver",
        data={"start_date": date.today().isoformat(), **AGREEMENT},
    )


def test_a_full_volunteer_cannot_be_started_on_a_second_match(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer(capacity=1)
        first = _accepted(factories.make_referral(), volunteer)
        second = _accepted(factories.make_referral(), volunteer)
        db.session.commit()
        first_id, second_id = first.id, second.id
    auth.login_as(Role.COORDINATOR)
    assert _activate_in_page(client, first_id).status_code == 302
    _activate_in_page(client, second_id)
    page = client.get(f"/match/{second_id}").get_data(as_text=True)
    assert "Den frivillige har ingen ledig plads." in page
    with app.app_context():
        assert db.session.get(Match, second_id).status == MatchStatus.ACCEPTED


def test_a_seeker_is_never_started_on_two_matches(app, client, auth):
    with app.app_context():
        referral = factories.make_referral()
        first = _accepted(referral, factories.make_volunteer())
        second = _accepted(referral, factories.make_volunteer())
        db.session.commit()
        first_id, second_id = first.id, second.id
    auth.login_as(Role.COORDINATOR)
    _activate_in_page(client, first_id)
    _activate_in_page(client, second_id)
    with app.app_context():
        assert db.session.get(Match, first_id).status == MatchStatus.ACTIVE
        assert db.session.get(Match, second_id).status == MatchStatus.ACCEPTED


def test_the_database_itself_refuses_a_second_live_match_for_a_referral(app):
    with app.app_context():
        referral = factories.make_referral()
        for volunteer in (factories.make_volunteer(), factories.make_volunteer()):
            db.session.add(
                Match(
                    match_type=MatchType.MENTOR,
                    referral=referral,
                    volunteer=volunteer,
                    status=MatchStatus.ACTIVE,
                )
            )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def _race(app, match_ids: list[int], coordinator_id: int) -> list[str]:
    """Start every match at the same moment from its own thread; return what each got."""
    barrier = threading.Barrier(len(match_ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def start(match_id: int) -> None:
        with app.app_context():
            match = db.session.get(Match, match_id)
            by = db.session.get(factories.User, coordinator_id)
            barrier.wait()
            try:
                services.activate(match, by=by, start_date=date.today(), **AGREEMENT)
                db.session.commit()
                result = "started"
            except services.WorkflowError:
                db.session.rollback()
                result = "refused"
            except (IntegrityError, DBAPIError):
                db.session.rollback()
                result = "conflict"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=start, args=(match_id,)) for match_id in match_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgres
def test_racing_coordinators_never_exceed_a_volunteers_capacity(postgres_app):
    app = postgres_app
    with app.app_context():
        volunteer = factories.make_volunteer(capacity=2)
        matches = [_accepted(factories.make_referral(), volunteer) for _ in range(6)]
        coordinator = factories.make_user(Role.COORDINATOR)
        db.session.commit()
        ids, coordinator_id, volunteer_id = [m.id for m in matches], coordinator.id, volunteer.id
    outcomes = _race(app, ids, coordinator_id)
    assert outcomes.count("started") == 2
    with app.app_context():
        live = db.session.scalar(
            select(func.count())
            .select_from(Match)
            .where(Match.volunteer_id == volunteer_id, Match.status == MatchStatus.ACTIVE)
        )
    assert live == 2


@pytest.mark.postgres
def test_racing_coordinators_never_match_a_seeker_twice(postgres_app):
    app = postgres_app
    with app.app_context():
        referral = factories.make_referral()
        matches = [_accepted(referral, factories.make_volunteer(capacity=3)) for _ in range(4)]
        coordinator = factories.make_user(Role.COORDINATOR)
        db.session.commit()
        ids, coordinator_id, referral_id = [m.id for m in matches], coordinator.id, referral.id
    outcomes = _race(app, ids, coordinator_id)
    assert outcomes.count("started") == 1
    with app.app_context():
        live = db.session.scalar(
            select(func.count())
            .select_from(Match)
            .where(Match.referral_id == referral_id, Match.status == MatchStatus.ACTIVE)
        )
    assert live == 1
