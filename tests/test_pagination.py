"""Every list pages: nothing beyond the first page is silently cut off."""

import pytest

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.pagination import PER_PAGE
from tests import factories


def _referrals(n):
    caseworker = factories.make_user(Role.CASEWORKER)
    people = [factories.make_young_person(first_name=f"Barn{i:03d}") for i in range(n)]
    return [factories.make_referral(caseworker, young_person=person) for person in people]


def _volunteers(n):
    return [factories.make_volunteer(first_name=f"Frivillig{i:03d}") for i in range(n)]


@pytest.mark.parametrize(
    ("url", "make", "first_made_shown_last"),
    [
        ("/henvisninger/", _referrals, True),  # newest first: the first made is on the last page
        ("/frivillig/", _volunteers, False),  # oldest first
    ],
)
def test_a_list_longer_than_a_page_has_a_pager_and_the_rest_on_page_two(
    app, client, auth, url, make, first_made_shown_last
):
    with app.app_context():
        names = [
            item.young_person.first_name if hasattr(item, "young_person") else item.first_name
            for item in make(PER_PAGE + 1)
        ]
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    first = client.get(url).get_data(as_text=True)
    assert "Side 1 af 2" in first
    assert "side=2" in first
    second = client.get(f"{url}?side=2").get_data(as_text=True)
    on_page_two = names[0] if first_made_shown_last else names[-1]
    assert on_page_two in second
    assert on_page_two not in first
