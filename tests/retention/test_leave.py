"""Leaving does exactly what the README's "What we keep when a volunteer leaves" says."""

from datetime import UTC, datetime

from coordinator.auth.models import Role
from coordinator.auth.services import ERASED_DOMAIN
from coordinator.extensions import db
from coordinator.matches.models import MatchStatus
from coordinator.volunteers import services
from coordinator.volunteers.models import Gender, HouseholdMember, VolunteerKind, VolunteerStatus
from tests import factories


def _family_volunteer():
    volunteer = factories.make_volunteer(
        kind=VolunteerKind.FAMILY, gender=Gender.FEMALE, phone="12345678",
        languages=["da", "ar"], lived_experience=["formerly_placed"], about="Om os",
        interests_other="Kager", calendar_token="tok", postcode="2900", birth_year=1980,
    )
    volunteer.household.append(HouseholdMember(first_name="Sofie", birth_year=2008))
    volunteer.privacy_consent_at = datetime.now(UTC)
    volunteer.privacy_consent_version = "2026-11"
    db.session.flush()
    return volunteer


def test_leaving_removes_everything_the_readme_says_and_keeps_the_rest(app_context):
    volunteer = _family_volunteer()
    actor = volunteer.user
    services.leave(volunteer, actor)
    # Removed at once.
    assert volunteer.phone is None
    assert volunteer.about == ""
    assert volunteer.interests_other == ""
    assert volunteer.calendar_token is None
    assert volunteer.gender is None
    assert volunteer.languages == []
    assert volunteer.lived_experience == []
    assert volunteer.interests == []
    assert volunteer.helps_with == []
    assert volunteer.offers == []
    assert volunteer.availability == []
    assert [m.first_name for m in volunteer.household] == [""]
    assert volunteer.user.email.endswith(ERASED_DOMAIN)
    assert volunteer.user.active is False
    # Kept, to document the work with children.
    assert volunteer.first_name.startswith("Frivillig")
    assert volunteer.last_name == "Jensen"
    assert (volunteer.birth_year, volunteer.postcode) == (1980, "2900")
    assert [m.birth_year for m in volunteer.household] == [2008]
    assert volunteer.screening_steps
    assert volunteer.certificates
    assert volunteer.privacy_consent_version == "2026-11"
    assert volunteer.status == VolunteerStatus.ENDED


def test_with_a_running_match_the_e_mail_stays_for_the_closing_talk(app_context):
    volunteer = _family_volunteer()
    email = volunteer.user.email
    factories.make_match(factories.make_referral().id, volunteer.id, MatchStatus.ACTIVE)
    factories.make_user(Role.COORDINATOR)
    result = services.leave(volunteer, volunteer.user)
    assert len(result.live_matches) == 1
    assert volunteer.user.email == email
    assert volunteer.user.active is False
    assert volunteer.phone is None
