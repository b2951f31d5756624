"""Match all waiting, and the friend bank: suggestions reviewed before anything is decided."""

from datetime import date

import pytest
from sqlalchemy import func, select

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.referrals.models import FriendBankStatus
from coordinator.vocabulary import MatchType
from coordinator.volunteers.models import Gender
from tests import factories


def test_match_all_waiting_suggests_without_deciding_and_respects_capacity(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer(capacity=1, first_name="Eneste")
        referrals = [factories.make_referral() for _ in range(3)]
        db.session.commit()
        referral_ids = [r.id for r in referrals]
        volunteer_id = volunteer.id
    auth.login_as(Role.COORDINATOR)
    client.post("/match/alle-ventende")
    page = client.get("/match/alle-ventende").get_data(as_text=True)
    # One suggestion (the name also labels its checkbox, so its link is counted).
    assert page.count(">Eneste Jensen</a>") == 1
    with app.app_context():
        suggestions = db.session.scalars(
            select(Match).where(Match.volunteer_id == volunteer_id)
        ).all()
        assert [m.status for m in suggestions] == [MatchStatus.PROPOSED]
        assert suggestions[0].referral_id in referral_ids
        assert suggestions[0].reasons


def test_setting_a_suggestion_aside_keeps_the_referral_waiting(app, client, auth):
    with app.app_context():
        factories.make_volunteer()
        factories.make_referral()
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post("/match/alle-ventende")
    with app.app_context():
        match_id = db.session.scalar(select(Match.id))
    client.post(f"/match/{match_id}/kassér", data={"reason": "Kender hinanden", "bekraeftet": "ja"})
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.DISCARDED


def _friend(first_name: str, age: int, gender: Gender, **fields):
    fields.setdefault("friend_bank_status", FriendBankStatus.VERIFIED)
    return factories.make_young_person(
        first_name=first_name, birth_year=date.today().year - age, gender=gender, **fields
    )


def test_friend_bank_pairs_are_suggested_approved_and_not_paired_again(app, client, auth):
    with app.app_context():
        _friend("Sara", 16, Gender.FEMALE, interests=["dance", "music"])
        _friend("Mona", 17, Gender.FEMALE, interests=["dance", "music"])
        _friend("Lone", 16, Gender.FEMALE, friend_bank_status=FriendBankStatus.PENDING)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post("/match/vennebank")
    page = client.get("/match/vennebank").get_data(as_text=True)
    assert "Sara (16) &amp; Mona (17)" in page
    assert "Lone" not in page  # not verified yet: not in the pool
    with app.app_context():
        match_id = db.session.scalar(
            select(Match.id).where(Match.match_type == MatchType.FRIEND_BANK)
        )
    client.post(
        f"/match/vennebank/{match_id}/godkend", data={"start_date": date.today().isoformat()}
    )
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.ACTIVE
    page = client.get("/match/vennebank").get_data(as_text=True)
    assert page.count("Igangværende par") == 1
    assert "<title>Vennebank ·" in page  # the list is in the page, not in its title
    assert f"/arrangementer/vennepar/{match_id}" in page  # an event as their first meeting
    client.post("/match/vennebank")
    with app.app_context():
        pairs = db.session.scalar(
            select(func.count()).select_from(Match).where(Match.match_type == MatchType.FRIEND_BANK)
        )
    assert pairs == 1


def test_friend_bank_respects_a_wish_for_a_friend_of_the_same_gender(app, client, auth):
    with app.app_context():
        _friend("Sara", 16, Gender.FEMALE, friend_gender_wish=Gender.FEMALE)
        _friend("Omar", 16, Gender.MALE)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post("/match/vennebank")
    page = client.get("/match/vennebank").get_data(as_text=True)
    assert "Ingen par at gennemse." in page


@pytest.mark.parametrize(("ages", "flagged"), [((17, 18), True), ((16, 17), False)])
def test_a_pair_of_a_minor_and_an_adult_is_flagged_for_a_second_look(
    app, client, auth, ages, flagged
):
    with app.app_context():
        _friend("Sara", ages[0], Gender.FEMALE, interests=["dance", "music"])
        _friend("Mona", ages[1], Gender.FEMALE, interests=["dance", "music"])
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post("/match/vennebank")
    page = client.get("/match/vennebank").get_data(as_text=True)
    assert f"Sara ({ages[0]}) &amp; Mona ({ages[1]})" in page
    assert ("Den ene er under 18, og den anden er voksen" in page) is flagged
