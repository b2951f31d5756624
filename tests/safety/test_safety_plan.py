"""The volunteer's part in a safety plan: recorded by the caseworker, seen by the matched
volunteer only, checked at follow-up."""

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import FollowUp, FollowUpTrack, MatchStatus
from coordinator.safety.models import SafetyPlanPart
from tests import factories

PART = {
    "what_to_do": "Tag Mikkel med hjem til dig og bliv der",
    "whom_to_call": "Mormor Inge, 22 33 44 55",
    "when_to_act": "Hvis far er beruset når du henter",
}


@dataclass
class Scene:
    match_id: int
    caseworker_email: str
    volunteer_email: str
    other_volunteer_email: str
    organisation_id: int


@pytest.fixture
def scene(app) -> Scene:
    with app.app_context():
        organisation = factories.make_organisation(name="Forening")
        caseworker = factories.make_user(Role.CASEWORKER)
        volunteer = factories.make_volunteer(organisation=organisation)
        other = factories.make_volunteer(organisation=organisation)
        referral = factories.make_referral(caseworker, needs=["safety_plan", "homework"])
        match = factories.make_match(referral.id, volunteer.id, MatchStatus.ACTIVE,
                                     start_date=date.today())
        db.session.commit()
        return Scene(match.id, caseworker.email, volunteer.user.email, other.user.email,
                     organisation.id)


def _record(client, scene: Scene):
    return client.post(f"/match/{scene.match_id}/sikkerhedsplan", data=PART)


def test_caseworker_records_the_part_and_the_matched_volunteer_sees_it(app, client, auth,
                                                                       scene):
    auth.login(scene.caseworker_email, factories.PASSWORD)
    page = client.get(f"/match/{scene.match_id}").get_data(as_text=True)
    assert "Skriv den frivilliges del af sikkerhedsplanen" in page
    assert _record(client, scene).status_code == 302
    auth.login(scene.volunteer_email, factories.PASSWORD)
    page = client.get(f"/match/{scene.match_id}").get_data(as_text=True)
    assert "Din del af familiens sikkerhedsplan" in page
    assert "Mormor Inge, 22 33 44 55" in page
    assert "Hvis far er beruset" in page
    with app.app_context():
        assert db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action == "safety_plan.part_recorded")).all() == [
            "safety_plan.part_recorded"]


def test_another_volunteer_and_an_organisation_contact_never_see_the_part(app, client, auth,
                                                                          scene):
    auth.login(scene.caseworker_email, factories.PASSWORD)
    _record(client, scene)
    auth.login(scene.other_volunteer_email, factories.PASSWORD)
    response = client.get(f"/match/{scene.match_id}")
    assert response.status_code == 404
    assert "Mormor Inge" not in response.get_data(as_text=True)
    assert client.get(f"/match/{scene.match_id}/sikkerhedsplan").status_code == 403
    auth.login_as(Role.ORGANISATION_CONTACT, organisation_id=scene.organisation_id)
    assert client.get(f"/match/{scene.match_id}").status_code == 403
    with app.app_context():
        volunteer_id = db.session.scalar(select(SafetyPlanPart.match_id))
    for url in ("/min-organisation", f"/min-organisation/frivillige/{volunteer_id}"):
        assert "Mormor Inge" not in client.get(url).get_data(as_text=True)


def test_only_the_referrals_caseworker_records_the_part(app, client, auth, scene):
    auth.login_as(Role.CASEWORKER)
    assert _record(client, scene).status_code == 404
    auth.login(scene.volunteer_email, factories.PASSWORD)
    assert _record(client, scene).status_code == 403
    auth.login_as(Role.COORDINATOR)
    assert _record(client, scene).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(SafetyPlanPart)) is None


def test_an_empty_part_is_refused_with_what_was_typed_kept(client, auth, scene):
    auth.login(scene.caseworker_email, factories.PASSWORD)
    response = client.post(f"/match/{scene.match_id}/sikkerhedsplan",
                           data={"what_to_do": "Ring til mig", "whom_to_call": "",
                                 "when_to_act": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Skriv hvem den frivillige ringer til." in page
    assert "Ring til mig" in page


def test_a_check_in_asks_whether_the_plan_holds_and_no_flags_it(app, client, auth, scene):
    auth.login(scene.caseworker_email, factories.PASSWORD)
    _record(client, scene)
    with app.app_context():
        follow_up = FollowUp(match_id=scene.match_id, track=FollowUpTrack.VOLUNTEER,
                             due_on=date.today())
        db.session.add(follow_up)
        db.session.commit()
        follow_up_id = follow_up.id
    auth.login_as(Role.COORDINATOR)
    page = client.get(f"/match/{scene.match_id}").get_data(as_text=True)
    assert "Holder sikkerhedsplanen stadig?" in page
    prefix = f"checkin-{follow_up_id}-"  # each check-in form on the page has its own prefix
    client.post(f"/match/{scene.match_id}/opfoelgning/{follow_up_id}", data={
        prefix + "done_on": date.today().isoformat(), prefix + "with_whom": "Frivillig",
        prefix + "rating": "4", prefix + "safety_plan_holds": "no",
    })
    with app.app_context():
        part = db.session.scalar(select(SafetyPlanPart))
        assert part.needs_review_since == date.today()
    auth.login(scene.caseworker_email, factories.PASSWORD)
    page = client.get(f"/match/{scene.match_id}").get_data(as_text=True)
    assert "planen måske ikke længere holder" in page
    _record(client, scene)
    with app.app_context():
        assert db.session.scalar(select(SafetyPlanPart)).needs_review_since is None
