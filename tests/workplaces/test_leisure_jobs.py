"""The leisure-job track: workplaces, milestones with history, suggestions, the figures."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from coordinator.auth.models import Role
from coordinator.events.models import Event, EventKind
from coordinator.extensions import db
from coordinator.matches.models import MatchStatus
from coordinator.retention import services as retention
from coordinator.vocabulary import MatchType
from coordinator.workplaces import services
from coordinator.workplaces.models import (
    MilestoneEntry,
    MilestoneStep,
    Workplace,
    WorkplaceStatus,
)
from tests import factories

GOOD = {"name": "Bageriet på Hovedgaden", "sector": "Bageri", "postcode": "2820",
        "offers": ["leisure_job", "trial_work"], "interests": ["cooking"], "min_age": "14",
        "contact_name": "Lone Bager", "contact_phone": "39 12 34 56"}


def workplace(**fields) -> Workplace:
    place = Workplace(name=fields.pop("name", "Butik"), sector=fields.pop("sector", "Detail"),
                      postcode=fields.pop("postcode", "2820"),
                      offers=fields.pop("offers", ["leisure_job"]),
                      interests=fields.pop("interests", []),
                      status=fields.pop("status", WorkplaceStatus.APPROVED), **fields)
    db.session.add(place)
    db.session.flush()
    return place


@dataclass
class Scene:
    match_id: int
    volunteer_email: str


@pytest.fixture
def scene(app) -> Scene:
    with app.app_context():
        volunteer = factories.make_volunteer(offers=["leisure_job"])
        person = factories.make_young_person(first_name="Sara", interests=["cooking", "animals"],
                                             birth_year=date.today().year - 15,
                                             postcode="2820")
        referral = factories.make_referral(young_person=person,
                                           match_type=MatchType.LEISURE_JOB)
        match = factories.make_match(referral.id, volunteer.id, MatchStatus.ACTIVE,
                                     match_type=MatchType.LEISURE_JOB,
                                     start_date=date.today() - timedelta(days=40))
        db.session.commit()
        return Scene(match.id, volunteer.user.email)


def test_coordinator_adds_an_approved_workplace(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    assert client.post("/arbejdspladser/ny", data=GOOD).status_code == 302
    page = client.get("/arbejdspladser").get_data(as_text=True)
    assert "Bageriet på Hovedgaden" in page
    assert "Lone Bager" in page
    with app.app_context():
        place = db.session.scalars(select(Workplace)).one()
        assert place.status == WorkplaceStatus.APPROVED
        assert place.contact_confirmed_at is not None


def test_a_volunteers_proposal_waits_for_a_coordinator(app, client, auth):
    with app.app_context():
        proposer = factories.make_volunteer()
        other = factories.make_volunteer()
        emails = proposer.user.email, other.user.email
        db.session.commit()
    auth.login(emails[0], factories.PASSWORD)
    client.post("/arbejdspladser/ny", data=GOOD)
    auth.login(emails[1], factories.PASSWORD)
    assert "Bageriet" not in client.get("/arbejdspladser").get_data(as_text=True)
    assert client.post("/arbejdspladser/1/godkend").status_code in (403, 404)
    auth.login_as(Role.COORDINATOR)
    with app.app_context():
        place_id = db.session.scalar(select(Workplace.id))
    assert "Foreslået" in client.get("/arbejdspladser").get_data(as_text=True)
    client.post(f"/arbejdspladser/{place_id}/godkend")
    auth.login(emails[1], factories.PASSWORD)
    assert "Bageriet" in client.get("/arbejdspladser").get_data(as_text=True)


def test_a_workplace_without_offers_is_refused_and_keeps_what_was_typed(client, auth):
    auth.login_as(Role.COORDINATOR)
    response = client.post("/arbejdspladser/ny", data=dict(GOOD, offers=[], min_age="4"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vælg mindst én ting, de tilbyder." in page
    assert "Skriv en alder fra 10 til 30." in page
    assert 'value="Bageriet på Hovedgaden"' in page


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ORGANISATION_CONTACT])
def test_workplaces_are_not_for_other_roles(client, auth, role):
    auth.login_as(role)
    assert client.get("/arbejdspladser").status_code == 403
    assert client.get("/arbejdspladser/ny").status_code == 403


def test_the_volunteer_ticks_milestones_and_the_history_keeps_every_change(app, client, auth,
                                                                             scene):
    auth.login(scene.volunteer_email, factories.PASSWORD)
    week_ago = (date.today() - timedelta(days=7)).isoformat()
    client.post(f"/match/{scene.match_id}/fritidsjob/cv_written",
                data={"m-cv_written-step": "cv_written", "m-cv_written-done_on": week_ago})
    client.post(f"/match/{scene.match_id}/fritidsjob/cv_written",
                data={"m-cv_written-step": "cv_written", "undo": "1"})
    client.post(f"/match/{scene.match_id}/fritidsjob/cv_written",
                data={"m-cv_written-step": "cv_written",
                      "m-cv_written-done_on": date.today().isoformat()})
    future = client.post(f"/match/{scene.match_id}/fritidsjob/application_sent",
                         data={"m-application_sent-step": "application_sent",
                               "m-application_sent-done_on":
                                   (date.today() + timedelta(days=3)).isoformat()},
                         follow_redirects=True)
    assert "Datoen kan ikke ligge i fremtiden." in future.get_data(as_text=True)
    with app.app_context():
        entries = db.session.scalars(select(MilestoneEntry).order_by(MilestoneEntry.id)).all()
        assert [(e.step, e.done_on) for e in entries] == [
            (MilestoneStep.CV_WRITTEN, date.today() - timedelta(days=7)),
            (MilestoneStep.CV_WRITTEN, None),
            (MilestoneStep.CV_WRITTEN, date.today()),
        ]
        assert set(services.current_state(entries)) == {MilestoneStep.CV_WRITTEN}
    page = client.get(f"/match/{scene.match_id}").get_data(as_text=True)
    assert "Jobsøgningen" in page
    assert page.count("CV skrevet —") == 3
    assert 'id="m-application_sent-done_on"' in page  # one id per step's form


def test_only_the_matched_volunteer_ticks(app, client, auth, scene):
    data = {"m-cv_written-step": "cv_written", "m-cv_written-done_on": date.today().isoformat()}
    with app.app_context():
        other = factories.make_volunteer().user.email
        db.session.commit()
    auth.login(other, factories.PASSWORD)
    assert client.post(f"/match/{scene.match_id}/fritidsjob/cv_written",
                       data=data).status_code == 404
    auth.login_as(Role.COORDINATOR)
    assert client.post(f"/match/{scene.match_id}/fritidsjob/cv_written",
                       data=data).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(MilestoneEntry)) is None


def test_the_match_page_suggests_workplaces_ranked_by_the_matching_library(app, client, auth,
                                                                           scene):
    with app.app_context():
        workplace(name="Dyrehandlen", interests=["animals", "cooking"], postcode="2900")
        workplace(name="Kantinen", interests=["cooking"], postcode="2820")
        workplace(name="Værkstedet", interests=["cars"], postcode="2820", min_age=18)
        workplace(name="Forslaget", status=WorkplaceStatus.PROPOSED)
        db.session.commit()
    auth.login(scene.volunteer_email, factories.PASSWORD)
    page = client.get(f"/match/{scene.match_id}").get_data(as_text=True)
    suggestions = page[page.index('id="workplace-suggestions"'):]
    assert suggestions.index("Dyrehandlen") < suggestions.index("Kantinen")
    assert "Værkstedet" not in suggestions
    assert "Forslaget" not in suggestions


def test_the_knowledge_bank_counts_jobs_reached_and_how_long_it_took(app, client, auth):
    today = date.today()
    with app.app_context():
        actor = factories.make_user()
        volunteer = factories.make_volunteer(capacity=5, offers=["leisure_job"])
        matches = []
        for started_days_ago in (100, 60, 30):
            referral = factories.make_referral(match_type=MatchType.LEISURE_JOB)
            matches.append(factories.make_match(
                referral.id, volunteer.id, MatchStatus.ACTIVE, match_type=MatchType.LEISURE_JOB,
                start_date=today - timedelta(days=started_days_ago)))
        step = MilestoneStep.JOB_STARTED
        services.set_milestone(actor, matches[0], step, today - timedelta(days=10), today)
        services.set_milestone(actor, matches[1], step, today - timedelta(days=40), today)
        # Ticked by mistake and taken back: it does not count.
        services.set_milestone(actor, matches[2], step, today, today)
        services.set_milestone(actor, matches[2], step, None, today)
        db.session.commit()
        outcomes = services.leisure_job_outcomes()
        assert (outcomes.matches, outcomes.reached_job) == (3, 2)
        assert outcomes.median_days == 55.0  # 90 and 20 days
    auth.login_as(Role.COORDINATOR)
    page = client.get("/vidensbank/").get_data(as_text=True)
    assert "2 af 3 startede fritidsjob-match nåede et job eller en praktik." in page
    assert "Mediantid fra matchets start: 55 dage." in page


def test_retention_removes_a_contact_person_nobody_confirmed(app):
    now = datetime.now(UTC)
    with app.app_context():
        old = workplace(name="Gammel", contact_name="Ole", contact_phone="1234",
                        contact_confirmed_at=now - timedelta(days=800))
        fresh = workplace(name="Ny", contact_name="Nina",
                          contact_confirmed_at=now - timedelta(days=10))
        db.session.flush()
        retention.run(now, app.config)
        db.session.commit()
        assert (old.name, old.contact_name, old.contact_phone) == ("Gammel", None, None)
        assert fresh.contact_name == "Nina"


def test_an_information_meeting_at_a_placement_site_is_its_own_kind_of_event(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    client.post("/arrangementer/nyt", data={
        "kind": "info_meeting", "title": "Fritidsjob: mød Netto", "day":
        (date.today() + timedelta(days=5)).isoformat(), "start_time": "16:00",
        "location": "Opholdsstedet Solgården", "places": "12",
    })
    with app.app_context():
        assert db.session.scalars(select(Event.kind)).one() == EventKind.INFO_MEETING
    page = client.get("/arrangementer").get_data(as_text=True)
    assert "Informationsmøde på et anbringelsessted (fritidsjob)" in page
