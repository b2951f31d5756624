"""A concern is on the staff's own pages, not only in an e-mail: the caseworker reads it at home
and on the match, the coordinator's home names the child and links to the match."""

from datetime import date

from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Concern, MatchStatus
from tests import factories
from tests.matches.conftest import login

CONCERN_TEXT = "Ali fortalte om råb og slag derhjemme."


def _concern_on_active_match(app, scene) -> int:
    with app.app_context():
        match = factories.make_match(
            scene.referral_id, scene.volunteer_ids[0], MatchStatus.ACTIVE, start_date=date.today()
        )
        db.session.commit()
        match_id = match.id
    return match_id


def _raise(client, scene, match_id: int) -> None:
    login(client, scene.volunteer_emails[0])
    response = client.post(
        f"/match/{match_id}/bekymring",
        data={"concern_type": "child_safety", "description": CONCERN_TEXT},
    )
    assert response.status_code == 302


def _viewed(app, actor_email: str) -> list[AuditEntry]:
    with app.app_context():
        return db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "concern.viewed", AuditEntry.actor_label == actor_email
            )
        ).all()


def test_caseworker_reads_the_concern_on_their_home_page(app, client, scene):
    match_id = _concern_on_active_match(app, scene)
    _raise(client, scene, match_id)
    login(client, scene.caseworker_email)
    page = client.get("/hjem").get_data(as_text=True)
    assert "Bekymring om Ali" in page  # an item of their inbox, named
    assert CONCERN_TEXT in page
    assert f'href="/match/{match_id}"' in page
    (entry,) = _viewed(app, scene.caseworker_email)
    assert entry.detail["page"] == "home"
    assert len(entry.detail["concerns"]) == 1


def test_caseworker_reads_the_concern_on_the_match_page(app, client, scene):
    match_id = _concern_on_active_match(app, scene)
    _raise(client, scene, match_id)
    login(client, scene.caseworker_email)
    page = client.get(f"/match/{match_id}").get_data(as_text=True)
    assert CONCERN_TEXT in page
    assert "indtil koordineringsenheden har løst bekymringen" in page
    assert [e.detail["page"] for e in _viewed(app, scene.caseworker_email)] == ["match"]


def test_another_caseworker_sees_nothing_of_the_concern(app, client, scene):
    match_id = _concern_on_active_match(app, scene)
    _raise(client, scene, match_id)
    with app.app_context():
        other = factories.make_user(Role.CASEWORKER)
        # The other caseworker has a case of their own, so their home page is not empty.
        factories.make_referral(other)
        db.session.commit()
        other_email = other.email
    login(client, other_email)
    home = client.get("/hjem").get_data(as_text=True)
    assert CONCERN_TEXT not in home
    assert "Bekymring om" not in home
    assert client.get(f"/match/{match_id}").status_code == 404
    assert _viewed(app, other_email) == []


def test_resolved_concern_leaves_the_caseworkers_home_page(app, client, scene):
    match_id = _concern_on_active_match(app, scene)
    _raise(client, scene, match_id)
    with app.app_context():
        concern = db.session.scalar(select(Concern).where(Concern.match_id == match_id))
        concern.resolved_at = concern.raised_at
        db.session.commit()
    login(client, scene.caseworker_email)
    assert CONCERN_TEXT not in client.get("/hjem").get_data(as_text=True)


def test_coordinators_home_names_the_child_and_links_to_the_match(app, client, auth, scene):
    match_id = _concern_on_active_match(app, scene)
    _raise(client, scene, match_id)
    auth.login_as(Role.COORDINATOR)
    page = client.get("/hjem").get_data(as_text=True)
    assert (f'<a href="/match/{match_id}"><strong>Bekymring om Ali: '
            "Bekymring for barnets trivsel eller sikkerhed</strong></a>") in page
    # The list names the child, not what happened: that is read (and logged) on the match.
    assert CONCERN_TEXT not in page


def test_volunteers_home_has_no_list_of_concerns(app, client, scene):
    match_id = _concern_on_active_match(app, scene)
    _raise(client, scene, match_id)
    page = client.get("/hjem").get_data(as_text=True)  # still signed in as the volunteer
    assert "Bekymring om" not in page
