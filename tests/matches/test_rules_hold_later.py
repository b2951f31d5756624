"""The rules hold at every step, not only when the shortlist is made (found in review)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Concern, MatchStatus
from coordinator.vocabulary import ConcernType
from coordinator.volunteers.models import (
    CertificateAssessment,
    ChildCertificate,
    Volunteer,
    VolunteerStatus,
)
from tests import factories
from tests.matches.conftest import login, match_status

AGREEMENT = {
    "frequency": "Hver uge",
    "activities": "Fodbold",
    "duration": "Et år",
    "contact": "Enheden",
}


def _accepted(app, scene) -> int:
    with app.app_context():
        match = factories.make_match(
            scene.referral_id, scene.volunteer_ids[0], MatchStatus.ACCEPTED
        )
        db.session.commit()
        return match.id


def _activate(client, match_id, start=None):
    return client.post(
        f"/match/{match_id}/aktiver",
        data={"start_date": (start or date.today()).isoformat(), **AGREEMENT},
    )


def test_a_volunteer_assessed_not_suitable_after_the_shortlist_cannot_be_started(
    app, client, auth, scene
):
    match_id = _accepted(app, scene)
    with app.app_context():
        volunteer = db.session.get(Volunteer, scene.volunteer_ids[0])
        volunteer.certificates.append(
            ChildCertificate(
                requested_on=date.today(),
                received_on=date.today(),
                assessment=CertificateAssessment.NOT_SUITABLE,
                valid_until=date.today(),
            )
        )
        volunteer.status = VolunteerStatus.IN_SCREENING
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    _activate(client, match_id)
    assert match_status(app, match_id) == MatchStatus.ACCEPTED
    page = client.get(f"/match/{match_id}").get_data(as_text=True)
    assert "opfylder ikke længere reglerne" in page


def test_an_open_concern_blocks_the_start_and_the_resumption(app, client, auth, scene):
    match_id = _accepted(app, scene)
    login(client, scene.volunteer_emails[0])
    client.post(
        f"/match/{match_id}/bekymring",
        data={"concern_type": "child_safety", "description": "Noget var galt"},
    )
    auth.login_as(Role.COORDINATOR)
    _activate(client, match_id)
    assert match_status(app, match_id) == MatchStatus.ACCEPTED
    with app.app_context():
        concern_id = db.session.scalar(select(Concern.id).where(Concern.match_id == match_id))
    client.post(
        f"/match/bekymring/{concern_id}/loes", data={f"resolve-{concern_id}-resolution": "Afklaret"}
    )
    _activate(client, match_id)
    assert match_status(app, match_id) == MatchStatus.ACTIVE


def test_resolving_one_of_two_concerns_does_not_resume_the_match(app, client, auth, scene):
    with app.app_context():
        match = factories.make_match(
            scene.referral_id, scene.volunteer_ids[0], MatchStatus.PAUSED, start_date=date.today()
        )
        match.concerns = [
            Concern(concern_type=ConcernType.CHILD_SAFETY, description="a"),
            Concern(concern_type=ConcernType.BOUNDARIES, description="b"),
        ]
        db.session.commit()
        match_id, first_id = match.id, match.concerns[0].id
    auth.login_as(Role.COORDINATOR)
    client.post(f"/match/{match_id}/genoptag")
    assert match_status(app, match_id) == MatchStatus.PAUSED
    client.post(
        f"/match/bekymring/{first_id}/loes",
        data={f"resolve-{first_id}-resolution": "ok", f"resolve-{first_id}-resume": "y"},
    )
    assert match_status(app, match_id) == MatchStatus.PAUSED
    page = client.get(f"/match/{match_id}").get_data(as_text=True)
    assert "Matchet kan genoptages, når alle bekymringer er løst." in page


def test_a_concern_before_the_start_mails_that_it_cannot_start(app, client, scene, smtp_server):
    match_id = _accepted(app, scene)
    login(client, scene.volunteer_emails[0])
    client.post(
        f"/match/{match_id}/bekymring",
        data={"concern_type": "boundaries", "description": "Usikker"},
    )
    body = next(m for m in smtp_server.messages if m["To"] == scene.caseworker_email)
    text = body.get_body(("plain",)).get_content()
    assert "kan ikke starte" in text
    assert "sat på pause" not in text


def test_a_holiday_pause_ends_by_itself_with_the_daily_run(app, runner):
    with app.app_context():
        volunteer = factories.make_volunteer(first_name="Ferie")
        volunteer.status = VolunteerStatus.PAUSED
        volunteer.paused_until = date.today() - timedelta(days=1)
        db.session.commit()
        volunteer_id = volunteer.id
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 volunteer statuses brought up to date" in result.output
    with app.app_context():
        assert db.session.get(Volunteer, volunteer_id).status == VolunteerStatus.APPROVED


def test_a_renewal_request_keeps_a_volunteer_approved_while_the_old_certificate_holds(app):
    from coordinator.volunteers.services import derive_status

    with app.app_context():
        volunteer = factories.make_volunteer()
        volunteer.certificates.append(ChildCertificate(requested_on=date.today()))
        db.session.flush()
        assert derive_status(volunteer, date.today()) == VolunteerStatus.APPROVED
        db.session.rollback()


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (date(9999, 12, 1), "Skriv en dato mellem 1900 og 2100."),
        (date(1990, 1, 1), "Vælg en dato inden for cirka et år fra i dag."),
    ],
)
def test_an_impossible_start_date_gets_a_message(app, client, auth, scene, start, message):
    match_id = _accepted(app, scene)
    auth.login_as(Role.COORDINATOR)
    response = _activate(client, match_id, start)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert match_status(app, match_id) == MatchStatus.ACCEPTED


def test_a_meeting_cannot_be_logged_in_the_future(app, client, scene):
    with app.app_context():
        match = factories.make_match(
            scene.referral_id, scene.volunteer_ids[0], MatchStatus.ACTIVE, start_date=date.today()
        )
        db.session.commit()
        match_id = match.id
    login(client, scene.volunteer_emails[0])
    response = client.post(
        f"/match/{match_id}/moede",
        data={"met_on": "9999-12-31", "activity": "Fodbold", "minutes": "60"},
    )
    assert response.status_code == 400
    response = client.post(
        f"/match/{match_id}/moede",
        data={
            "met_on": (date.today() + timedelta(days=3)).isoformat(),
            "activity": "Fodbold",
            "minutes": "60",
        },
    )
    assert "Datoen kan ikke ligge i fremtiden." in response.get_data(as_text=True)


def test_a_volunteer_number_beyond_the_id_range_in_the_checkboxes_is_refused(client, auth, scene):
    auth.login_as(Role.COORDINATOR)
    response = client.post(
        f"/match/henvisninger/{scene.referral_id}/kortliste",
        data={"volunteer_ids": ["99999999999999"]},
    )
    assert response.status_code == 302
    page = client.get(f"/match/henvisninger/{scene.referral_id}").get_data(as_text=True)
    assert "Der er ingen frivillig med det nummer." in page
