"""Concerns pause a match and reach the caseworker at once; each step mails the right person."""

from datetime import date

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Concern, Match, MatchStatus
from tests import factories
from tests.matches.conftest import find_match, login


def _active_match(app, scene) -> int:
    with app.app_context():
        match = factories.make_match(
            scene.referral_id, scene.volunteer_ids[0], MatchStatus.ACTIVE, start_date=date.today()
        )
        db.session.commit()
        return match.id


def test_volunteers_concern_pauses_the_match_and_mails_the_caseworker_at_once(
    app, client, scene, smtp_server
):
    match_id = _active_match(app, scene)
    login(client, scene.volunteer_emails[0])
    response = client.post(
        f"/match/{match_id}/bekymring",
        data={"concern_type": "child_safety", "description": "Ali havde blå mærker på armen."},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.PAUSED
        concern = db.session.scalar(db.select(Concern).where(Concern.match_id == match_id))
        assert concern.description == "Ali havde blå mærker på armen."
    recipients = [message["To"] for message in smtp_server.messages]
    assert scene.caseworker_email in recipients
    mail = next(m for m in smtp_server.messages if m["To"] == scene.caseworker_email)
    assert mail["Subject"] == "Bekymring om et match – handl nu"
    # The mail points to the match; it does not repeat the details in an inbox.
    assert "blå mærker" not in mail.get_body(("plain",)).get_content()


def test_concern_without_a_description_is_refused_and_the_match_runs_on(app, client, scene):
    match_id = _active_match(app, scene)
    login(client, scene.volunteer_emails[0])
    response = client.post(
        f"/match/{match_id}/bekymring", data={"concern_type": "nonsense", "description": ""}
    )
    assert response.status_code == 400
    assert "Feltet skal udfyldes." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.ACTIVE


def test_coordinator_resolves_a_concern_and_resumes_the_match(app, client, auth, scene):
    match_id = _active_match(app, scene)
    login(client, scene.caseworker_email)
    client.post(
        f"/match/{match_id}/bekymring",
        data={"concern_type": "no_contact", "description": "Ingen kontakt i en måned"},
    )
    with app.app_context():
        concern_id = db.session.scalar(db.select(Concern.id).where(Concern.match_id == match_id))
    auth.login_as(Role.COORDINATOR)
    client.post(
        f"/match/bekymring/{concern_id}/loes",
        data={
            f"resolve-{concern_id}-resolution": "Talt med begge; de mødes igen",
            f"resolve-{concern_id}-resume": "y",
        },
    )
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.ACTIVE
        assert db.session.get(Concern, concern_id).resolved_at is not None


def test_each_step_mails_the_right_person_in_their_own_language(
    app, client, auth, scene, smtp_server
):
    with app.app_context():
        volunteer_user = factories.User.query.filter_by(email=scene.volunteer_emails[0]).one()
        volunteer_user.locale = "en"
        factories.make_user(Role.COORDINATOR, email="karen@test.example.dk")
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post(
        f"/match/henvisninger/{scene.referral_id}/kortliste",
        data={"volunteer_ids": [scene.volunteer_ids[0]]},
    )
    match_id = find_match(app, scene.referral_id, scene.volunteer_ids[0])
    login(client, scene.caseworker_email)
    client.post(f"/match/henvisning/{scene.referral_id}/valg", data={"match_id": match_id})
    login(client, scene.volunteer_emails[0])
    client.post(f"/match/{match_id}/svar", data={"answer": "accept"})
    sent = [(message["To"], message["Subject"]) for message in smtp_server.messages]
    assert (scene.caseworker_email, "Der er en kortliste klar til din henvisning") in sent
    assert (scene.volunteer_emails[0], "We have a proposal for you") in sent
    assert ("karen@test.example.dk", "En frivillig har sagt ja til et match") in sent
    offered = next(m for m in smtp_server.messages if m["To"] == scene.volunteer_emails[0])
    assert f"/match/{match_id}" in offered.get_body(("plain",)).get_content()
    assert f"/match/{match_id}" in offered.get_body(("html",)).get_content()
