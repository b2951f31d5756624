"""Records the course tests share."""

from datetime import UTC, datetime, timedelta

from coordinator.courses.models import Course, CourseKind, CourseSignup, CourseSignupStatus
from coordinator.extensions import db


def make_course(**fields) -> Course:
    course = Course(
        kind=fields.pop("kind", CourseKind.INTRODUCTION),
        title=fields.pop("title", "Introduktion for nye frivillige"),
        starts_at=fields.pop("starts_at", datetime.now(UTC) + timedelta(days=7)),
        duration_minutes=fields.pop("duration_minutes", 150),
        location=fields.pop("location", "Gentofte Rådhus"),
        places=fields.pop("places", 10),
        **fields,
    )
    db.session.add(course)
    db.session.flush()
    return course


def attended(course: Course, volunteer) -> CourseSignup:
    """A volunteer who came to a course."""
    signup = CourseSignup(course=course, volunteer=volunteer,
                          status=CourseSignupStatus.REGISTERED, attended=True)
    db.session.add(signup)
    db.session.flush()
    return signup
