"""Courses and supervision: signing up, the waiting list, attendance, hours, who is due."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role, User
from coordinator.courses import services
from coordinator.courses.models import Course, CourseKind, CourseSignup, CourseSignupStatus
from coordinator.extensions import db
from coordinator.vocabulary import ScreeningStepKind
from coordinator.volunteers.models import ScreeningStep, Volunteer, VolunteerStatus
from tests import factories
from tests.courses.helpers import attended, make_course

NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()


def _volunteer_login(app, auth, **fields) -> int:
    with app.app_context():
        volunteer = factories.make_volunteer(**fields)
        email, volunteer_id = volunteer.user.email, volunteer.id
        db.session.commit()
    auth.login(email, factories.PASSWORD)
    return volunteer_id


def _statuses(app, course_id: int) -> list[CourseSignupStatus]:
    with app.app_context():
        return list(db.session.scalars(
            select(CourseSignup.status).where(CourseSignup.course_id == course_id)
            .order_by(CourseSignup.id)
        ))


def test_coordinator_plans_a_theme_course(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    response = client.post("/kurser/nyt", data={
        "kind": "theme", "theme": "confidentiality", "title": "Tavshedspligt i praksis",
        "day": NEXT_WEEK, "start_time": "17:00", "duration_minutes": "120",
        "location": "Rådhuset", "places": "15",
    })
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tavshedspligt i praksis" in page
    assert "Temakursus: Tavshedspligt" in page


def test_a_theme_course_without_a_theme_is_refused_and_keeps_what_was_typed(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    response = client.post("/kurser/nyt", data={
        "kind": "theme", "title": "Etik", "day": NEXT_WEEK, "start_time": "17:00",
        "duration_minutes": "mange", "location": "Rådhuset", "places": "15",
    })
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vælg temaet for et temakursus." in page
    assert "Skriv længden i minutter, fra 15 til 600." in page
    assert 'value="Rådhuset"' in page


def test_volunteer_signs_up_then_waits_when_full_and_gets_the_place_after_a_cancel(
    app, client, auth
):
    with app.app_context():
        course_id = make_course(places=1).id
        first = factories.make_volunteer()
        db.session.add(CourseSignup(course_id=course_id, volunteer=first,
                                    status=CourseSignupStatus.REGISTERED))
        first_email = first.user.email
        db.session.commit()
    _volunteer_login(app, auth)
    response = client.post(f"/kurser/{course_id}/tilmeld", follow_redirects=True)
    assert "Kurset er fuldt: du er på ventelisten." in response.get_data(as_text=True)
    assert _statuses(app, course_id) == [CourseSignupStatus.REGISTERED,
                                         CourseSignupStatus.WAITLISTED]
    again = client.post(f"/kurser/{course_id}/tilmeld", follow_redirects=True)
    assert "Du er allerede tilmeldt." in again.get_data(as_text=True)
    auth.login(first_email, factories.PASSWORD)
    client.post(f"/kurser/{course_id}/afmeld")
    assert _statuses(app, course_id) == [CourseSignupStatus.CANCELLED,
                                         CourseSignupStatus.REGISTERED]


def test_a_volunteer_cannot_cancel_someone_elses_sign_up(app, client, auth):
    with app.app_context():
        course_id = make_course().id
        other = factories.make_volunteer()
        db.session.add(CourseSignup(course_id=course_id, volunteer=other,
                                    status=CourseSignupStatus.REGISTERED))
        db.session.commit()
    _volunteer_login(app, auth)
    assert client.post(f"/kurser/{course_id}/afmeld").status_code == 404
    assert _statuses(app, course_id) == [CourseSignupStatus.REGISTERED]


def test_a_volunteer_who_left_cannot_sign_up(app, client, auth):
    with app.app_context():
        course_id = make_course().id
        db.session.commit()
    _volunteer_login(app, auth, status=VolunteerStatus.ENDED)
    response = client.post(f"/kurser/{course_id}/tilmeld", follow_redirects=True)
    assert "Kun aktive frivillige kan tilmelde sig." in response.get_data(as_text=True)
    assert _statuses(app, course_id) == []


@pytest.mark.parametrize(
    ("role", "url", "method"),
    [
        (Role.CASEWORKER, "/kurser", "get"),
        (Role.ORGANISATION_CONTACT, "/kurser", "get"),
        (Role.VOLUNTEER, "/kurser/nyt", "get"),
        (Role.VOLUNTEER, "/kurser/{id}/fremmoede", "get"),
        (Role.VOLUNTEER, "/kurser/supervision-mangler", "get"),
        (Role.CASEWORKER, "/kurser/{id}/tilmeld", "post"),
        (Role.COORDINATOR, "/kurser/{id}/tilmeld", "post"),
    ],
)
def test_who_may_not_use_courses(app, client, auth, role, url, method):
    with app.app_context():
        course_id = make_course().id
        db.session.commit()
    auth.login_as(role)
    response = getattr(client, method)(url.format(id=course_id))
    assert response.status_code == 403


def test_coordinator_sees_who_signed_up_and_the_view_is_audited(app, client, auth):
    with app.app_context():
        course_id = make_course().id
        volunteer = factories.make_volunteer(first_name="Yasmin")
        db.session.add(CourseSignup(course_id=course_id, volunteer=volunteer,
                                    status=CourseSignupStatus.REGISTERED))
        volunteer_id = volunteer.id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    assert "Yasmin" in client.get(f"/kurser/{course_id}").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "course.signups_viewed")
        ).one()
        assert entry.detail["ids"] == [volunteer_id]


def test_attending_the_introductory_course_marks_screening_and_approves(app, client, auth):
    with app.app_context():
        course = make_course(starts_at=datetime.now(UTC) - timedelta(days=1))
        volunteer = factories.make_volunteer()
        training = next(s for s in volunteer.screening_steps
                        if s.step == ScreeningStepKind.TRAINING)
        volunteer.screening_steps.remove(training)
        volunteer.status = VolunteerStatus.IN_SCREENING
        other = factories.make_volunteer()
        came = CourseSignup(course=course, volunteer=volunteer,
                            status=CourseSignupStatus.REGISTERED)
        absent = CourseSignup(course=course, volunteer=other,
                              status=CourseSignupStatus.REGISTERED)
        db.session.add_all([came, absent])
        db.session.commit()
        course_id, came_id, absent_id, volunteer_id = course.id, came.id, absent.id, volunteer.id
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/kurser/{course_id}/fremmoede", data={"attended": [str(came_id)]},
                           follow_redirects=True)
    assert "Introduktionskurset er markeret som gennemført" in response.get_data(as_text=True)
    with app.app_context():
        volunteer = db.session.get(Volunteer, volunteer_id)
        step = db.session.scalars(select(ScreeningStep).where(
            ScreeningStep.volunteer_id == volunteer_id,
            ScreeningStep.step == ScreeningStepKind.TRAINING)).one()
        assert step.completed_on == (date.today() - timedelta(days=1))
        assert volunteer.status == VolunteerStatus.APPROVED
        assert db.session.get(CourseSignup, absent_id).attended is False


def test_a_theme_course_does_not_mark_the_screening_step(app):
    with app.app_context():
        course = make_course(kind=CourseKind.THEME, starts_at=datetime.now(UTC))
        volunteer = factories.make_volunteer(status=VolunteerStatus.IN_SCREENING)
        signup = CourseSignup(course=course, volunteer=volunteer,
                              status=CourseSignupStatus.REGISTERED)
        db.session.add(signup)
        db.session.flush()
        actor = factories.make_user()
        assert services.record_attendance(actor, course, {signup.id}, date.today()) == 0
        assert ScreeningStepKind.TRAINING not in {s.step for s in volunteer.screening_steps}


def test_volunteers_page_and_record_show_hours_of_courses_and_supervision(app, client, auth):
    volunteer_id = _volunteer_login(app, auth)
    with app.app_context():
        volunteer = db.session.get(Volunteer, volunteer_id)
        past = datetime.now(UTC) - timedelta(days=20)
        attended(make_course(title="Introduktion", starts_at=past, duration_minutes=150),
                 volunteer)
        attended(make_course(kind=CourseKind.SUPERVISION, title="Gruppesupervision maj",
                             starts_at=past, duration_minutes=90), volunteer)
        db.session.commit()
    page = client.get("/frivillig/min-side").get_data(as_text=True)
    assert "Kurser: 2,5 timer. Supervision: 1,5 timer." in page
    assert "Gruppesupervision maj" in page
    auth.login_as(Role.COORDINATOR)
    record = client.get(f"/frivillig/{volunteer_id}").get_data(as_text=True)
    assert "Kurser: 2,5 timer. Supervision: 1,5 timer." in record


def test_the_no_supervision_list_names_who_is_due(app, client, auth):
    today = date.today()
    with app.app_context():
        recent = factories.make_volunteer(first_name="Nylig")
        old = factories.make_volunteer(first_name="Længesiden")
        factories.make_volunteer(first_name="Aldrig")
        factories.make_volunteer(first_name="Pauset", status=VolunteerStatus.PAUSED)
        applicant_never = factories.make_volunteer(first_name="Ansøger",
                                                   status=VolunteerStatus.APPLICANT)
        db.session.flush()
        def session(days_ago: int):
            return make_course(kind=CourseKind.SUPERVISION,
                               starts_at=datetime.now(UTC) - timedelta(days=days_ago))
        attended(session(30), recent)
        attended(session(300), old)
        # A supervision signed up for but not attended does not count.
        db.session.add(CourseSignup(course=session(10), volunteer=old,
                                    status=CourseSignupStatus.REGISTERED, attended=False))
        db.session.commit()
        rows = db.session.execute(services.without_supervision(today, 6)).all()
        assert [volunteer.first_name for volunteer, _last in rows] == ["Aldrig", "Længesiden"]
        assert services.count_without_supervision(today, 6) == 2
        assert services.count_without_supervision(today, 12) == 1
        assert applicant_never.id not in {volunteer.id for volunteer, _ in rows}
    auth.login_as(Role.COORDINATOR)
    page = client.get("/kurser/supervision-mangler").get_data(as_text=True)
    assert "Aldrig" in page
    assert "Længesiden" in page
    assert "Nylig" not in page


def test_the_coordinators_inbox_counts_who_is_due_for_supervision(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    page = client.get("/hjem").get_data(as_text=True)
    assert 'href="/kurser/supervision-mangler"' not in page  # nobody is due: no item
    with app.app_context():
        factories.make_volunteer(first_name="Aldrig")
        factories.make_volunteer(first_name="Heller")
        db.session.commit()
    page = client.get("/hjem").get_data(as_text=True)
    assert "2 frivillige har ikke haft supervision i 6 måneder" in page
    assert 'href="/kurser/supervision-mangler"' in page


def test_months_before_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert services.months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert services.months_before(date(2026, 3, 15), 6) == date(2025, 9, 15)


# Enough rounds that a check-then-write without the lock overfills the course on SQLite.
TRIALS = 8


def _sign_up_at_once(app, course_id: int, volunteer_ids: list[int]) -> list[Exception]:
    barrier = threading.Barrier(len(volunteer_ids))
    errors: list[Exception] = []

    def sign_up(volunteer_id: int) -> None:
        try:
            with app.app_context():
                course = db.session.get(Course, course_id)
                volunteer = db.session.get(Volunteer, volunteer_id)
                actor = db.session.get(User, volunteer.user_id)
                barrier.wait(timeout=30)
                services.sign_up(actor, course, volunteer, datetime.now(UTC))
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=sign_up, args=(v,)) for v in volunteer_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_simultaneous_sign_ups_for_the_last_places_fill_them_and_wait_the_rest(race_app):
    app = race_app
    for trial in range(TRIALS):
        with app.app_context():
            course_id = make_course(places=2).id
            volunteer_ids = [factories.make_volunteer().id for _ in range(5)]
            db.session.commit()
        errors = _sign_up_at_once(app, course_id, volunteer_ids)
        assert errors == [], trial
        with app.app_context():
            counts = dict(db.session.execute(
                select(CourseSignup.status, func.count())
                .where(CourseSignup.course_id == course_id)
                .group_by(CourseSignup.status)
            ).all())
        assert counts == {CourseSignupStatus.REGISTERED: 2,
                          CourseSignupStatus.WAITLISTED: 3}, trial
