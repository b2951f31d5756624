"""Every list or search that shows people's records is logged, with the records it showed."""

import pytest
import sqlalchemy as sa

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.referrals.models import FriendBankStatus
from tests import factories


def _last(app, action: str) -> AuditEntry:
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        ).all()[-1]
        db.session.expunge(entry)
        return entry


@pytest.mark.parametrize(
    ("url", "action", "kind"),
    [
        ("/frivillig/?q=Bo", "volunteers.listed", "volunteer"),
        ("/match/henvisninger", "referrals.waiting_listed", "referral"),
        ("/henvisninger/", "referrals.listed", "referral"),
        ("/vennebank/", "friend_bank.listed", "young_person"),
    ],
)
def test_a_coordinators_list_is_logged_with_the_records_it_showed(
    app, client, auth, url, action, kind
):
    with app.app_context():
        shown = {
            "volunteer": lambda: factories.make_volunteer(first_name="Bo"),
            "referral": lambda: factories.make_referral(factories.make_user(Role.CASEWORKER)),
            "young_person": lambda: factories.make_young_person(
                friend_bank_status=FriendBankStatus.VERIFIED
            ),
        }[kind]()
        db.session.commit()
        shown_id = shown.id
    user = auth.login_as(Role.COORDINATOR)
    assert client.get(url).status_code == 200
    entry = _last(app, action)
    assert entry.actor_id == user.id
    assert shown_id in entry.detail["ids"]


def test_the_volunteer_search_logs_what_was_searched_for(app, client, auth):
    with app.app_context():
        factories.make_volunteer(first_name="Bo")
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.get("/frivillig/?q=Bo")
    assert _last(app, "volunteers.listed").detail["q"] == "Bo"


def test_a_calendar_feed_download_is_logged(app, client):
    with app.app_context():
        volunteer = factories.make_volunteer()
        volunteer.calendar_token = "t" * 40
        db.session.commit()
        volunteer_id = volunteer.id
    response = client.get(f"/kalender/{'t' * 40}.ics")
    assert response.status_code == 200
    response.close()
    entry = _last(app, "calendar_feed.read")
    assert entry.subject_id == volunteer_id


def test_a_knowledge_bank_export_is_logged(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    response = client.get("/vidensbank/closures.csv")
    assert response.status_code == 200
    assert _last(app, "dashboard.exported").detail == {"table": "closures"}
