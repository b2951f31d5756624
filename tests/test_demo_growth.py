"""The demo data shows courses, guides, workplaces and a safety-plan part on the first run."""

from sqlalchemy import func, select

from coordinator.courses.models import Course, CourseSignup, CourseSignupStatus
from coordinator.extensions import db
from coordinator.library import services as library
from coordinator.library.models import Guide
from coordinator.safety.models import SafetyPlanPart
from coordinator.workplaces.models import Workplace, WorkplaceStatus


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_has_courses_guides_workplaces_and_matchable_volunteers(demo_database):
    # The fixture ran `flask seed-demo` once on an empty database (exit code 0 checked there).
    with demo_database.app.app_context():
        assert count(Course) >= 5
        assert count(CourseSignup, CourseSignup.status == CourseSignupStatus.WAITLISTED) == 2
        assert count(CourseSignup, CourseSignup.attended.is_(True)) >= 10
        assert {g.slug for g in db.session.scalars(select(Guide))} >= {"tavshedspligt",
                                                                        "bekymring"}
        assert "Barnets Lov" in library.guide_by_slug("bekymring").current.body_da
        assert count(Workplace, Workplace.status == WorkplaceStatus.APPROVED) >= 5
        assert count(Workplace, Workplace.status == WorkplaceStatus.PROPOSED) == 1
        assert count(SafetyPlanPart) == 1
        # Most approved volunteers have acknowledged the required guides; two have not.
        assert len(library.approved_volunteers_missing_acknowledgement()) == 2
