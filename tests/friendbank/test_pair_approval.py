"""Approving friend-bank pairs: a pair across the age of 18 needs the coordinator's written
reason, and several pairs can be approved at once, each on its own."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.referrals.models import FriendBankStatus
from coordinator.vocabulary import MatchType
from tests import factories

REFUSED = "Den ene er under 18, og den anden er 18 eller ældre: skriv, hvorfor parret er det"


def _young(first_name: str, age: int):
    return factories.make_young_person(
        first_name=first_name,
        birth_year=date.today().year - age,
        friend_bank_status=FriendBankStatus.VERIFIED,
    )


def _pair(first, second) -> Match:
    match = Match(
        match_type=MatchType.FRIEND_BANK, friend_a=first, friend_b=second,
        status=MatchStatus.PROPOSED, score=0.8, reasons=[],
    )
    db.session.add(match)
    db.session.flush()
    return match


def _pairs(app, *ages: tuple[tuple[str, int], tuple[str, int]]) -> list[int]:
    """Proposed pairs of new young people, by (name, age) twice; their match ids."""
    with app.app_context():
        ids = [_pair(_young(*a), _young(*b)).id for a, b in ages]
        db.session.commit()
    return ids


def _status(app, match_id: int) -> MatchStatus:
    with app.app_context():
        return db.session.get(Match, match_id).status


def test_a_pair_across_18_shows_a_reason_field_and_a_pair_of_minors_does_not(app, client, auth):
    cross, minors = _pairs(app, (("Sara", 17), ("Mona", 19)), (("Ida", 16), ("Eva", 17)))
    auth.login_as(Role.COORDINATOR)
    page = client.get("/match/vennebank").get_data(as_text=True)
    assert f'name="reason-{cross}"' in page
    assert f'name="reason-{minors}"' not in page
    assert "Hvorfor er parret det rigtige?" in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_approving_a_pair_across_18_without_a_reason_is_refused_and_keeps_the_date(
    app, client, auth, reason
):
    (match_id,) = _pairs(app, (("Sara", 17), ("Mona", 18)))
    auth.login_as(Role.COORDINATOR)
    first_meeting = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(
        f"/match/vennebank/{match_id}/godkend",
        data={"start_date": first_meeting, f"reason-{match_id}": reason},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert REFUSED in page
    assert f'value="{first_meeting}"' in page  # what was typed is still there
    assert f'id="reason-{match_id}-error"' in page  # the message sits at the pair
    assert _status(app, match_id) == MatchStatus.PROPOSED


def test_a_pair_across_18_with_a_reason_is_approved_and_the_reason_is_kept_and_shown(
    app, client, auth
):
    (match_id,) = _pairs(app, (("Sara", 17), ("Mona", 18)))
    auth.login_as(Role.COORDINATOR)
    reason = "De går i samme klub og kender hinanden i forvejen."
    response = client.post(
        f"/match/vennebank/{match_id}/godkend",
        data={"start_date": date.today().isoformat(), f"reason-{match_id}": f"  {reason} "},
    )
    assert response.status_code == 302
    with app.app_context():
        match = db.session.get(Match, match_id)
        assert match.status == MatchStatus.ACTIVE
        assert match.adulthood_reason == reason
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "friend_pair.approved")
        ).one()
        assert entry.detail["adulthood_reason"] == reason
    page = client.get(f"/match/{match_id}").get_data(as_text=True)
    assert "Koordinatorens begrundelse" in page
    assert reason in page


def test_a_pair_of_two_minors_needs_no_reason(app, client, auth):
    (match_id,) = _pairs(app, (("Ida", 16), ("Eva", 17)))
    auth.login_as(Role.COORDINATOR)
    client.post(f"/match/vennebank/{match_id}/godkend",
                data={"start_date": date.today().isoformat()})
    with app.app_context():
        match = db.session.get(Match, match_id)
        assert match.status == MatchStatus.ACTIVE
        assert match.adulthood_reason is None


def test_several_pairs_are_approved_at_once_and_a_refused_one_is_named(app, client, auth):
    minors, cross_with, cross_without = _pairs(
        app,
        (("Ida", 16), ("Eva", 17)),
        (("Sara", 17), ("Mona", 19)),
        (("Omar", 15), ("Ali", 20)),
    )
    auth.login_as(Role.COORDINATOR)
    response = client.post("/match/vennebank/godkend-valgte", data={
        "start_date": date.today().isoformat(),
        "pairs": [str(minors), str(cross_with), str(cross_without)],
        f"reason-{cross_with}": "Samme interesser og bor tæt på hinanden.",
        f"reason-{cross_without}": "",
    })
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "2 par er godkendt." in page
    assert f"Omar &amp; Ali: {REFUSED}" in page
    assert f'value="{cross_without}" id="pair-{cross_without}" ' in page
    assert f'id="pair-{cross_without}" aria-label="Vælg Omar &amp; Ali" checked' in page
    assert _status(app, minors) == MatchStatus.ACTIVE
    assert _status(app, cross_with) == MatchStatus.ACTIVE
    assert _status(app, cross_without) == MatchStatus.PROPOSED
    with app.app_context():
        assert db.session.get(Match, cross_with).adulthood_reason.startswith("Samme")


def test_two_ticked_pairs_sharing_a_young_person_start_only_the_first(app, client, auth):
    with app.app_context():
        ida = _young("Ida", 16)
        first = _pair(ida, _young("Eva", 17)).id
        second = _pair(ida, _young("Liv", 16)).id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    response = client.post("/match/vennebank/godkend-valgte", data={
        "start_date": date.today().isoformat(), "pairs": [str(first), str(second)],
    })
    assert "Ida &amp; Liv: " in response.get_data(as_text=True)
    assert _status(app, first) == MatchStatus.ACTIVE
    assert _status(app, second) == MatchStatus.PROPOSED


def test_approving_none_ticked_says_so(app, client, auth):
    _pairs(app, (("Ida", 16), ("Eva", 17)))
    auth.login_as(Role.COORDINATOR)
    response = client.post("/match/vennebank/godkend-valgte",
                           data={"start_date": date.today().isoformat()}, follow_redirects=True)
    assert "Sæt flueben ved mindst ét par" in response.get_data(as_text=True)


def test_a_bad_date_in_a_bulk_approval_approves_nothing_and_keeps_the_ticks(app, client, auth):
    (match_id,) = _pairs(app, (("Ida", 16), ("Eva", 17)))
    auth.login_as(Role.COORDINATOR)
    response = client.post("/match/vennebank/godkend-valgte",
                           data={"start_date": "i morgen", "pairs": [str(match_id)]})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Skriv datoen for det første møde." in page
    assert 'aria-label="Vælg Ida &amp; Eva" checked' in page
    assert _status(app, match_id) == MatchStatus.PROPOSED


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.ORGANISATION_CONTACT, Role.CASEWORKER])
def test_only_coordinators_approve_friend_pairs(app, client, auth, role):
    (match_id,) = _pairs(app, (("Ida", 16), ("Eva", 17)))
    auth.login_as(role)
    day = date.today().isoformat()
    assert client.post(f"/match/vennebank/{match_id}/godkend",
                       data={"start_date": day}).status_code == 403
    assert client.post("/match/vennebank/godkend-valgte",
                       data={"start_date": day, "pairs": [str(match_id)]}).status_code == 403
    assert _status(app, match_id) == MatchStatus.PROPOSED
