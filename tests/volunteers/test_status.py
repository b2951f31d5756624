"""The volunteer's status is derived from the screening record, never typed in."""

from datetime import date, timedelta

from coordinator.extensions import db
from coordinator.vocabulary import ScreeningStepKind
from coordinator.volunteers import services
from coordinator.volunteers.models import (
    CertificateAssessment,
    ChildCertificate,
    HouseholdMember,
    ScreeningStep,
    VolunteerKind,
    VolunteerStatus,
)
from tests import factories

TODAY = date(2026, 11, 22)


def _certificate(member=None, assessment=CertificateAssessment.NO_REMARKS, valid=700):
    return ChildCertificate(
        household_member=member,
        requested_on=TODAY - timedelta(days=20),
        received_on=TODAY - timedelta(days=10),
        assessment=assessment,
        valid_until=TODAY + timedelta(days=valid),
    )


def _all_steps():
    return [ScreeningStep(step=step, completed_on=TODAY) for step in ScreeningStepKind]


def test_new_volunteer_is_an_applicant(app_context):
    volunteer = factories.make_volunteer(status=VolunteerStatus.APPLICANT)
    assert services.derive_status(volunteer, TODAY) == VolunteerStatus.APPLICANT


def test_one_recorded_step_means_in_screening(app_context):
    volunteer = factories.make_volunteer(status=VolunteerStatus.APPLICANT)
    volunteer.screening_steps.append(ScreeningStep(step=ScreeningStepKind.INTERVIEW,
                                                   completed_on=TODAY))
    assert services.derive_status(volunteer, TODAY) == VolunteerStatus.IN_SCREENING


def test_all_steps_and_a_certificate_mean_approved(app_context):
    volunteer = factories.make_volunteer(status=VolunteerStatus.APPLICANT)
    volunteer.screening_steps.extend(_all_steps())
    volunteer.certificates.append(_certificate())
    assert services.refresh_status(volunteer, TODAY) == VolunteerStatus.APPROVED
    assert volunteer.status == VolunteerStatus.APPROVED
    assert services.certificate_valid_until(volunteer, TODAY) == TODAY + timedelta(days=700)


def test_a_not_suitable_certificate_never_approves(app_context):
    volunteer = factories.make_volunteer(status=VolunteerStatus.APPLICANT)
    volunteer.screening_steps.extend(_all_steps())
    volunteer.certificates.append(_certificate(assessment=CertificateAssessment.NOT_SUITABLE))
    assert services.derive_status(volunteer, TODAY) == VolunteerStatus.IN_SCREENING
    assert services.certificate_valid_until(volunteer, TODAY) is None


def test_a_family_needs_a_certificate_for_every_member_aged_15_or_more(app_context):
    volunteer = factories.make_volunteer(status=VolunteerStatus.APPLICANT,
                                         kind=VolunteerKind.FAMILY)
    teenager = HouseholdMember(first_name="Ida", birth_year=TODAY.year - 16)
    child = HouseholdMember(first_name="Bo", birth_year=TODAY.year - 9)
    volunteer.household.extend([teenager, child])
    volunteer.screening_steps.extend(_all_steps())
    volunteer.certificates.append(_certificate())
    db.session.flush()
    assert services.derive_status(volunteer, TODAY) == VolunteerStatus.IN_SCREENING
    assert services.certificate_valid_until(volunteer, TODAY) is None
    volunteer.certificates.append(_certificate(member=teenager, valid=100))
    db.session.flush()
    assert services.derive_status(volunteer, TODAY) == VolunteerStatus.APPROVED
    # The matcher gets the earliest date among the certificates the family needs.
    assert services.certificate_valid_until(volunteer, TODAY) == TODAY + timedelta(days=100)


def test_a_pause_until_a_date_ends_by_itself(app_context):
    volunteer = factories.make_volunteer()
    volunteer.paused_until = TODAY + timedelta(days=7)
    assert services.derive_status(volunteer, TODAY) == VolunteerStatus.PAUSED
    assert services.derive_status(volunteer, TODAY + timedelta(days=8)) == VolunteerStatus.APPROVED


def test_ended_wins_over_everything(app_context):
    volunteer = factories.make_volunteer()
    volunteer.ended_at = factories.datetime.now(factories.UTC)
    assert services.derive_status(volunteer, TODAY) == VolunteerStatus.ENDED
