"""A volunteer's capacity is never exceeded and a seeker is never matched twice, even in a race."""

import threading
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from coordinator import locking
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.friendbank import pairs
from coordinator.matches import services
from coordinator.matches.models import InvalidTransition, Match, MatchStatus
from coordinator.referrals.models import FriendBankStatus
from coordinator.vocabulary import MatchType
from tests import factories

AGREEMENT = {
    "frequency": "Hver uge",
    "activities": "Fodbold",
    "duration": "Et år",
    "contact": "Enheden",
}


def _accepted(referral, volunteer) -> Match:
    return factories.make_match(referral.id, volunteer.id, MatchStatus.ACCEPTED)


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


# Enough rounds that the old code (FOR UPDATE alone, a no-op on SQLite) failed every time.
TRIALS = 20


def _start(match: Match, by) -> None:
    services.activate(match, by=by, start_date=date.today(), **AGREEMENT)


def _approve_pair(match: Match, by) -> None:
    pairs.approve_friend_pair(match, by=by, start_date=date.today())


def _race(app, match_ids: list[int], coordinator_id: int, act=_start) -> list[str]:
    """Start every match at the same moment from its own thread; return what each got."""
    barrier = threading.Barrier(len(match_ids))
    outcomes: list[str] = []
    lock = threading.Lock()

    def start(match_id: int) -> None:
        with app.app_context():
            match = db.session.get(Match, match_id)
            by = db.session.get(factories.User, coordinator_id)
            barrier.wait(timeout=30)
            try:
                act(match, by)
                db.session.commit()
                result = "started"
            except (services.WorkflowError, InvalidTransition):
                db.session.rollback()
                result = "refused"
            except locking.Busy:
                db.session.rollback()
                result = "busy"
            except (IntegrityError, DBAPIError) as error:
                db.session.rollback()
                result = f"conflict: {error.orig!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=start, args=(match_id,)) for match_id in match_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racing thread never finished"
    assert len(outcomes) == len(match_ids)
    return outcomes


def _live(app, **where) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(Match)
            .filter_by(**where)
            .where(Match.status == MatchStatus.ACTIVE)
        )


def test_racing_coordinators_never_exceed_a_volunteers_capacity(race_app):
    app = race_app
    with app.app_context():
        coordinator_id = factories.make_user(Role.COORDINATOR).id
        db.session.commit()
    for trial in range(TRIALS):
        with app.app_context():
            volunteer = factories.make_volunteer(capacity=2)
            matches = [_accepted(factories.make_referral(), volunteer) for _ in range(6)]
            db.session.commit()
            ids, volunteer_id = [m.id for m in matches], volunteer.id
        outcomes = _race(app, ids, coordinator_id)
        # Every coordinator gets an answer: two starts, four refusals, never an error page.
        assert sorted(outcomes) == ["refused"] * 4 + ["started"] * 2, (trial, outcomes)
        assert _live(app, volunteer_id=volunteer_id) == 2, trial


def test_racing_coordinators_never_match_a_seeker_twice(race_app):
    app = race_app
    with app.app_context():
        coordinator_id = factories.make_user(Role.COORDINATOR).id
        db.session.commit()
    for trial in range(TRIALS):
        with app.app_context():
            referral = factories.make_referral()
            matches = [_accepted(referral, factories.make_volunteer(capacity=3)) for _ in range(4)]
            db.session.commit()
            ids, referral_id = [m.id for m in matches], referral.id
        outcomes = _race(app, ids, coordinator_id)
        assert sorted(outcomes) == ["refused"] * 3 + ["started"], (trial, outcomes)
        assert _live(app, referral_id=referral_id) == 1, trial


def test_racing_coordinators_starting_one_match_start_it_once(race_app):
    app = race_app
    with app.app_context():
        coordinator_id = factories.make_user(Role.COORDINATOR).id
        db.session.commit()
    for trial in range(TRIALS // 2):
        with app.app_context():
            match_id = _accepted(factories.make_referral(), factories.make_volunteer(capacity=3)).id
            db.session.commit()
        outcomes = _race(app, [match_id] * 3, coordinator_id)
        assert sorted(outcomes) == ["refused"] * 2 + ["started"], (trial, outcomes)
        with app.app_context():
            started = db.session.get(Match, match_id).history
            assert [change.to_status for change in started] == [MatchStatus.ACTIVE], trial


def _proposed_pair(first, second) -> Match:
    match = Match(
        match_type=MatchType.FRIEND_BANK,
        friend_a=first,
        friend_b=second,
        status=MatchStatus.PROPOSED,
    )
    db.session.add(match)
    db.session.flush()
    return match


def _friend_bank_member():
    return factories.make_young_person(
        birth_year=date.today().year - 16, friend_bank_status=FriendBankStatus.VERIFIED
    )


def test_a_young_person_in_a_running_friendship_is_not_paired_again(app):
    with app.app_context():
        anna, bo, cecilie = (_friend_bank_member() for _ in range(3))
        first, second = _proposed_pair(anna, bo), _proposed_pair(cecilie, anna)
        coordinator = factories.make_user(Role.COORDINATOR)
        pairs.approve_friend_pair(first, by=coordinator, start_date=date.today())
        with pytest.raises(services.SeekerAlreadyMatched):
            pairs.approve_friend_pair(second, by=coordinator, start_date=date.today())
        db.session.rollback()


def test_racing_coordinators_never_put_a_young_person_in_two_friendships(race_app):
    app = race_app
    with app.app_context():
        coordinator_id = factories.make_user(Role.COORDINATOR).id
        db.session.commit()
    for trial in range(TRIALS // 2):
        with app.app_context():
            shared = _friend_bank_member()
            pairs = [_proposed_pair(shared, _friend_bank_member()) for _ in range(3)]
            db.session.commit()
            ids = [pair.id for pair in pairs]
        outcomes = _race(app, ids, coordinator_id, act=_approve_pair)
        assert sorted(outcomes) == ["refused", "refused", "started"], (trial, outcomes)


def _choose(match: Match, by) -> None:
    services.record_choice(match, by=by, today=date.today())


def test_two_caseworkers_recording_different_choices_at_once_offer_only_one(race_app):
    app = race_app
    with app.app_context():
        caseworker_id = factories.make_user(Role.CASEWORKER).id
        db.session.commit()
    for trial in range(TRIALS):
        with app.app_context():
            referral = factories.make_referral()
            shortlisted = [
                factories.make_match(referral.id, factories.make_volunteer().id,
                                     MatchStatus.SHORTLISTED)
                for _ in range(2)
            ]
            db.session.commit()
            ids, referral_id = [m.id for m in shortlisted], referral.id
        outcomes = _race(app, ids, caseworker_id, act=_choose)
        assert sorted(outcomes) == ["refused", "started"], (trial, outcomes)
        with app.app_context():
            offered = db.session.scalar(
                select(func.count()).where(
                    Match.referral_id == referral_id, Match.status == MatchStatus.OFFERED
                )
            )
        assert offered == 1, trial
