"""The volunteers list filtered by certificate state, by the one certificate rule."""

from datetime import date, timedelta

import pytest

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.volunteers import certificates
from coordinator.volunteers.models import HouseholdMember, Volunteer
from tests import factories
from tests.test_list_filters import _count_statements

STATES = ("valid", "running_out", "expired", "missing")


def _volunteers_in_every_state(app) -> dict[str, int]:
    """One approved volunteer per certificate state; their ids by state."""
    today = date.today()
    with app.app_context():
        valid = factories.make_volunteer(first_name="Gyda")
        running_out = factories.make_volunteer(first_name="Snorre")
        running_out.certificates[0].valid_until = today + timedelta(days=5)
        expired = factories.make_volunteer(first_name="Udo")
        expired.certificates[0].valid_until = today - timedelta(days=30)
        # Missing: the volunteer's own is fine, but a 16-year-old at home has none.
        missing = factories.make_volunteer(first_name="Mangus")
        missing.household.append(
            HouseholdMember(first_name="Teo", birth_year=today.year - 16)
        )
        db.session.commit()
        return {"valid": valid.id, "running_out": running_out.id, "expired": expired.id,
                "missing": missing.id}


NAMES = {"valid": "Gyda", "running_out": "Snorre", "expired": "Udo", "missing": "Mangus"}


@pytest.mark.parametrize("state", STATES)
def test_the_list_shows_only_volunteers_whose_certificate_is_in_that_state(
    app, client, auth, state
):
    ids = _volunteers_in_every_state(app)
    auth.login_as(Role.COORDINATOR)
    response = client.get(f"/frivillig/?status=approved&certificate={state}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert {name for name in NAMES.values() if name in page} == {NAMES[state]}
    with app.app_context():  # the list agrees with the one rule
        volunteer = db.session.get(Volunteer, ids[state])
        assert certificates.cover(volunteer, date.today()).state == state


def test_the_pager_keeps_the_certificate_filter(app, client, auth):
    with app.app_context():
        for _ in range(55):
            factories.make_volunteer().certificates[0].valid_until = date.today() - timedelta(1)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    page = client.get("/frivillig/?certificate=expired").get_data(as_text=True)
    assert "55 frivillige" in page
    assert "certificate=expired" in page.split("Side 1 af", 1)[1]


@pytest.mark.parametrize("value", ["forever", "%00", "VALID"])
def test_a_bad_certificate_value_gets_a_danish_message_not_a_500(client, auth, value):
    auth.login_as(Role.COORDINATOR)
    response = client.get(f"/frivillig/?certificate={value}")
    assert response.status_code == 400
    assert "Nogle filtre kunne ikke bruges" in response.get_data(as_text=True)


def _grow(app, n: int) -> None:
    with app.app_context():
        for _ in range(n):
            volunteer = factories.make_volunteer()
            volunteer.certificates[0].valid_until = date.today() + timedelta(days=3)
            volunteer.household.append(
                HouseholdMember(first_name="Sofus", birth_year=date.today().year - 10)
            )
        db.session.commit()


def test_the_certificate_filter_makes_the_same_number_of_sql_statements_at_any_size(
    app, client, auth
):
    auth.login_as(Role.COORDINATOR)
    url = "/frivillig/?status=approved&certificate=running_out"
    _grow(app, 3)
    small = _count_statements(app, client, url)
    _grow(app, 60)
    large = _count_statements(app, client, url)
    assert small == large, (small, large)
    assert "Side 1 af 2" in client.get(url).get_data(as_text=True)


def test_a_volunteer_cannot_filter_the_volunteers_list(client, auth):
    auth.login_as(Role.VOLUNTEER)
    assert client.get("/frivillig/?certificate=expired").status_code == 403
