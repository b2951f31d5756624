"""Interface labels of the volunteers' states and categories (see coordinator.labels)."""

from flask_babel import lazy_gettext as _l

from coordinator.volunteers.models import (
    CertificateAssessment,
    Gender,
    VolunteerKind,
    VolunteerStatus,
)

LABELS = {
    VolunteerStatus.APPLICANT: _l("Applicant"),
    VolunteerStatus.IN_SCREENING: _l("In screening"),
    VolunteerStatus.APPROVED: _l("Approved"),
    VolunteerStatus.PAUSED: _l("Paused"),
    VolunteerStatus.ENDED: _l("Ended"),
    VolunteerStatus.REJECTED: _l("Rejected"),
    VolunteerStatus.ON_HOLD: _l("On hold"),
    VolunteerKind.PERSON: _l("On my own"),
    VolunteerKind.FAMILY: _l("As a family"),
    Gender.FEMALE: _l("Female"),
    Gender.MALE: _l("Male"),
    Gender.OTHER: _l("Other"),
    CertificateAssessment.NO_REMARKS: _l("No remarks"),
    CertificateAssessment.REMARKS_SUITABLE: _l("Remarks, assessed suitable"),
    CertificateAssessment.NOT_SUITABLE: _l("Not suitable"),
}
