"""The friend bank pairs verified young people: suggested for review, never below the matcher's
relevance floor, with a wish for a friend of the same gender respected, a pair across 18 flagged,
and nobody who left the pool."""

from datetime import date

import pytest
from sqlalchemy import func, select

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.friendbank import pairs
from coordinator.matches.models import Match, MatchStatus
from coordinator.referrals.models import FriendBankStatus, YoungPerson
from coordinator.vocabulary import MatchType
from coordinator.volunteers.models import Gender
from tests import factories


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


def test_friend_bank_pairs_nobody_below_the_floor_and_says_so(app, client, auth):
    with app.app_context():
        for name, postcode, interests, slots in (
            ("Asta", "2820", ["chess"], ["weekend"]),
            ("Bo", "2950", ["dance"], ["weekday_day"]),
        ):
            factories.make_young_person(
                first_name=name, birth_year=date.today().year - 15, postcode=postcode,
                interests=interests, availability=slots,
                friend_bank_status=FriendBankStatus.VERIFIED,
            )  # fmt: skip
        db.session.commit()
        assert pairs.friend_pairs(date.today()) == []
    auth.login_as(Role.COORDINATOR)
    response = client.post("/match/vennebank", follow_redirects=True)
    assert "Ingen to unge i vennebanken passer godt nok sammen" in response.get_data(as_text=True)


def test_a_young_person_who_leaves_the_friend_bank_is_not_paired(app, client, auth):
    with app.app_context():
        pair = [
            factories.make_young_person(
                first_name=name,
                birth_year=date.today().year - 16,
                friend_bank_status=FriendBankStatus.VERIFIED,
            )
            for name in ("Asta", "Bea")
        ]
        db.session.commit()
        asta_id = pair[0].id
    auth.login_as(Role.COORDINATOR)
    client.post("/match/vennebank")
    with app.app_context():
        match_id = db.session.scalar(select(Match.id))
    client.post(f"/vennebank/{asta_id}/udmeld")
    client.post(
        f"/match/vennebank/{match_id}/godkend", data={"start_date": date.today().isoformat()}
    )
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.DISCARDED
        assert db.session.get(YoungPerson, asta_id).friend_bank_status == FriendBankStatus.LEFT
