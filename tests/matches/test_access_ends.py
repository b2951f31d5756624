"""Access ends: a volunteer keeps a family's details for 30 days after a match ends, then sees
only the date; a caseworker never sees the matcher's unapproved proposals."""

from datetime import date, timedelta

import pytest

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import MatchStatus
from tests import factories
from tests.matches.conftest import login


def _closed_match(app, scene, days_ago: int) -> int:
    with app.app_context():
        match = factories.make_match(
            scene.referral_id, scene.volunteer_ids[0], MatchStatus.CLOSED,
            start_date=date.today() - timedelta(days=400),
            end_date=date.today() - timedelta(days=days_ago),
        )
        db.session.commit()
        return match.id


def test_a_volunteer_still_sees_the_family_29_days_after_the_match_ended(app, client, scene):
    match_id = _closed_match(app, scene, days_ago=29)
    login(client, scene.volunteer_emails[0])
    assert client.get(f"/match/{match_id}").status_code == 200
    assert "Ali" in client.get("/match/mine").get_data(as_text=True)


def test_a_volunteer_sees_only_the_end_date_31_days_after_the_match_ended(app, client, scene):
    match_id = _closed_match(app, scene, days_ago=31)
    login(client, scene.volunteer_emails[0])
    assert client.get(f"/match/{match_id}").status_code == 404
    mine = client.get("/match/mine").get_data(as_text=True)
    assert "Ali" not in mine
    assert "Et match, der sluttede den" in mine


def test_the_period_is_the_units_setting(app, client, scene):
    match_id = _closed_match(app, scene, days_ago=10)
    app.config["VOLUNTEER_ACCESS_AFTER_END_DAYS"] = 7
    try:
        login(client, scene.volunteer_emails[0])
        assert client.get(f"/match/{match_id}").status_code == 404
    finally:
        app.config["VOLUNTEER_ACCESS_AFTER_END_DAYS"] = 30


@pytest.mark.parametrize("status", [MatchStatus.PROPOSED, MatchStatus.DISCARDED])
def test_a_caseworker_never_sees_a_proposal_no_coordinator_approved(app, client, scene, status):
    with app.app_context():
        match = factories.make_match(scene.referral_id, scene.volunteer_ids[1], status)
        db.session.commit()
        match_id = match.id
    login(client, scene.caseworker_email)
    assert client.get(f"/match/{match_id}").status_code == 404


def test_a_caseworker_sees_a_shortlisted_entry_on_their_referral(app, client, scene):
    with app.app_context():
        match = factories.make_match(
            scene.referral_id, scene.volunteer_ids[1], MatchStatus.SHORTLISTED
        )
        db.session.commit()
        match_id = match.id
    login(client, scene.caseworker_email)
    assert client.get(f"/match/{match_id}").status_code == 200


def test_the_volunteers_own_match_list_is_logged(app, client, scene):
    from coordinator.audit.models import AuditEntry

    match_id = _closed_match(app, scene, days_ago=1)
    login(client, scene.volunteer_emails[0])
    client.get("/match/mine")
    with app.app_context():
        entry = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == "match.list_viewed")
        ).one()
        assert entry.detail == {"ids": [match_id]}


def test_a_coordinator_always_sees_a_closed_match(app, client, auth, scene):
    match_id = _closed_match(app, scene, days_ago=400)
    auth.login_as(Role.COORDINATOR)
    assert client.get(f"/match/{match_id}").status_code == 200
