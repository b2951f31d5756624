"""A young person's own data follows the retention rules and the export and erasure pages."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.matches.models import MatchStatus
from coordinator.privacy import services as privacy
from coordinator.retention import services as retention
from coordinator.young import accounts
from coordinator.young.models import (
    CheckInGiver,
    SignalKind,
    SignInToken,
    YoungCheckIn,
    YoungSignal,
)
from tests import factories
from tests.young.helpers import known_young_person, young_account


def test_erasing_a_friend_bank_sign_up_removes_the_own_account(app):
    with app.test_request_context():
        person = known_young_person(email="slet@test.example.dk")
        accounts.request_sign_in(person.email, date.today())
        assert person.user_id is not None
        user_id = person.user_id
        privacy.erase_young_person(person, factories.make_user(Role.COORDINATOR), "ønsket")
        assert db.session.get(User, user_id) is None
        assert db.session.scalar(select(func.count()).select_from(SignInToken)) == 0
        # Asking again for a link sends nothing and makes no account.
        accounts.request_sign_in("slet@test.example.dk", date.today())
        assert db.session.scalar(select(func.count()).select_from(User).where(
            User.email == "slet@test.example.dk")) == 0


def test_anonymising_a_closed_match_removes_the_young_persons_words(app_context):
    _user, person = young_account()
    referral = factories.make_referral(young_person=person)
    match = factories.make_match(referral.id, factories.make_volunteer().id, MatchStatus.CLOSED)
    db.session.add_all([
        YoungCheckIn(match_id=match.id, young_person_id=person.id,
                     given_by=CheckInGiver.YOUNG_PERSON, how_was_it=2, together_well=3,
                     message="Det er svært"),
        YoungSignal(match_id=match.id, young_person_id=person.id,
                    kind=SignalKind.WANTS_TO_STOP, message="Jeg vil stoppe"),
    ])
    db.session.flush()
    retention.anonymise_match(match, datetime.now(UTC))
    db.session.expire_all()
    check_in = db.session.scalar(select(YoungCheckIn))
    assert check_in.message == ""
    assert (check_in.how_was_it, check_in.together_well) == (2, 3)  # the figures stay
    assert db.session.scalar(select(YoungSignal)).message == ""


def test_anonymising_a_young_person_closes_their_sign_in(app_context):
    user, person = young_account()
    retention.anonymise_young_person(person, datetime.now(UTC))
    assert not user.active
    assert user.email.endswith("@slettet.invalid")


def test_the_export_holds_what_the_young_person_said(app):
    with app.test_request_context():
        user, person = young_account()
        referral = factories.make_referral(young_person=person)
        match = factories.make_match(referral.id, factories.make_volunteer().id,
                                     MatchStatus.ACTIVE)
        db.session.add(YoungCheckIn(match_id=match.id, young_person_id=person.id,
                                    given_by=CheckInGiver.YOUNG_PERSON, how_was_it=3,
                                    together_well=3, message="Godt"))
        db.session.flush()
        export = privacy.young_person_export(person, factories.make_user(Role.COORDINATOR))
        assert export["own_account"]["email"] == user.email
        assert export["check_ins"][0]["message"] == "Godt"
