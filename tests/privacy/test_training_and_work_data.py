"""A volunteer's courses, guide acknowledgements, proposed workplaces and job-search ticks are
part of their data export, and erasing the volunteer leaves nothing of them pointing at anyone."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from coordinator.auth.models import Role, User
from coordinator.courses.models import CourseSignup
from coordinator.extensions import db
from coordinator.library.models import Guide, GuideAcknowledgement, GuideVersion
from coordinator.matches.models import MatchStatus
from coordinator.volunteers.models import Volunteer
from coordinator.workplaces.models import (
    MilestoneEntry,
    MilestoneStep,
    Workplace,
    WorkplaceStatus,
)
from tests import factories
from tests.courses.helpers import attended, make_course


def _guide_version(title: str) -> GuideVersion:
    guide = Guide(slug="tavshedspligt", requires_acknowledgement=True)
    version = GuideVersion(guide=guide, number=1, title_da=title, body_da="Tekst")
    db.session.add_all([guide, version])
    db.session.flush()
    return version


def _training_and_work(volunteer: Volunteer, *, with_milestone: bool) -> None:
    attended(make_course(title="Introduktion for nye frivillige",
                         starts_at=datetime(2026, 3, 4, 17, tzinfo=UTC)), volunteer)
    db.session.add(GuideAcknowledgement(version_id=_guide_version("Tavshedspligt i praksis").id,
                                        volunteer_id=volunteer.id))
    place = Workplace(name="Cykelværkstedet Hellerup", sector="Detail", postcode="2900",
                      offers=["leisure_job"], status=WorkplaceStatus.PROPOSED,
                      proposed_by_id=volunteer.user_id)
    db.session.add(place)
    db.session.flush()
    if with_milestone:
        match = factories.make_match(factories.make_referral().id, volunteer.id,
                                     MatchStatus.ACTIVE)
        db.session.add(MilestoneEntry(match_id=match.id, step=MilestoneStep.CV_WRITTEN,
                                      done_on=date(2026, 4, 1), workplace_id=place.id,
                                      recorded_by_id=volunteer.user_id))
    db.session.flush()


def test_the_export_lists_courses_guides_workplaces_and_milestones_in_danish(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    with app.app_context():
        volunteer = factories.make_volunteer(user=db.session.get(User, user.id))
        _training_and_work(volunteer, with_milestone=True)
        db.session.commit()

    data = client.get("/frivillig/min-side/mine-oplysninger.json").get_json()
    [signup] = data["course_signups"]
    assert signup["title"] == "Introduktion for nye frivillige"
    assert signup["attended"] is True
    assert data["guide_acknowledgements"][0]["title"] == "Tavshedspligt i praksis"
    assert data["proposed_workplaces"][0]["name"] == "Cykelværkstedet Hellerup"
    [tick] = data["job_milestones"]
    assert (tick["milestone"], tick["done_on"], tick["workplace"]) == (
        "cv_written", "2026-04-01", "Cykelværkstedet Hellerup")

    html = client.get("/frivillig/min-side/mine-oplysninger").get_data(as_text=True)
    assert "Tilmeldinger til kurser og supervision" in html
    assert "Mødte op" in html
    assert ">Ja<" in html
    assert "Vejledninger læst og kvitteret for" in html
    assert "Foreslåede arbejdspladser" in html
    assert "Foreslået" in html
    assert "Milepæle i jobsøgningen" in html
    assert "CV skrevet" in html  # the milestone by its label, not "cv_written"
    assert "cv_written" not in html
    assert "waitlisted" not in html


def test_erasing_a_volunteer_leaves_no_row_that_points_at_them(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer()
        _training_and_work(volunteer, with_milestone=False)
        volunteer_id, user_id = volunteer.id, volunteer.user_id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/privatliv/frivillig/{volunteer_id}/slet",
                           data={"reason": "Bedt om det på mail"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Volunteer, volunteer_id) is None
        assert db.session.get(User, user_id) is None
        for model, column in ((CourseSignup, CourseSignup.volunteer_id),
                              (GuideAcknowledgement, GuideAcknowledgement.volunteer_id)):
            assert db.session.scalar(select(func.count()).select_from(model)
                                     .where(column == volunteer_id)) == 0
        # The workplace itself is a business and stays, proposed by no one.
        place = db.session.scalar(select(Workplace))
        assert place.name == "Cykelværkstedet Hellerup"
        assert place.proposed_by_id is None


def test_anonymising_a_volunteer_keeps_the_figures_without_who_it_was(app):
    from coordinator.retention import services as retention

    with app.app_context():
        volunteer = factories.make_volunteer(first_name="Karoline")
        _training_and_work(volunteer, with_milestone=True)
        retention.anonymise_volunteer(volunteer, datetime.now(UTC))
        db.session.commit()
        user = db.session.get(User, volunteer.user_id)
        assert "Karoline" not in (user.name or "")
        assert volunteer.first_name != "Karoline"
        # Attendance and ticks stay for the unit's figures, tied only to the anonymous row.
        assert db.session.scalar(select(func.count()).select_from(CourseSignup)) == 1
        assert db.session.scalar(select(func.count()).select_from(MilestoneEntry)) == 1
