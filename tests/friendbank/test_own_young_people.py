"""A caseworker's own list of the young people they signed up for the friend bank."""

from datetime import date

import pytest

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.referrals.models import FriendBankStatus
from coordinator.vocabulary import MatchType
from tests import factories

MINE = "/vennebank/mine"


def _signed_up(first_name: str, by_id: int, status=FriendBankStatus.VERIFIED):
    return factories.make_young_person(
        first_name=first_name, birth_year=date.today().year - 16,
        friend_bank_status=status, signed_up_by_id=by_id,
    )


def test_a_caseworker_sees_only_the_young_people_they_signed_up_with_status(app, client, auth):
    with app.app_context():
        colleague = factories.make_user(Role.CASEWORKER)
        db.session.commit()
        colleague_id = colleague.id
    caseworker = auth.login_as(Role.CASEWORKER)
    with app.app_context():
        asta = _signed_up("Asta", caseworker.id)
        _signed_up("Bodil", caseworker.id, FriendBankStatus.PENDING)
        friend = _signed_up("Cecilie", colleague_id)
        _signed_up("Dorte", colleague_id, FriendBankStatus.PENDING)
        db.session.add(Match(match_type=MatchType.FRIEND_BANK, friend_a=asta, friend_b=friend,
                             status=MatchStatus.ACTIVE, start_date=date.today()))
        db.session.commit()
    response = client.get(MINE)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Asta" in page
    assert "Bodil" in page
    assert "Cecilie" not in page  # a colleague's young person, even as Asta's friend
    assert "Dorte" not in page
    assert "2 unge" in page
    assert "I et igangværende venskab" in page  # Asta
    assert "Ikke parret endnu" in page  # Bodil, waiting for verification
    assert "Venter på godkendelse" in page  # Bodil's status


def test_the_caseworkers_home_links_to_their_young_people(client, auth):
    auth.login_as(Role.CASEWORKER)
    assert f'href="{MINE}"' in client.get("/hjem").get_data(as_text=True)


def test_a_caseworker_with_nobody_signed_up_is_told_so(client, auth):
    auth.login_as(Role.CASEWORKER)
    assert "Du har ikke tilmeldt nogen til vennebanken endnu." in client.get(MINE).get_data(
        as_text=True
    )


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.ORGANISATION_CONTACT])
def test_volunteers_and_organisation_contacts_have_no_such_list(client, auth, role):
    auth.login_as(role)
    assert client.get(MINE).status_code == 403
