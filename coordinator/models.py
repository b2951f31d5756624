"""Every model in one import, so Alembic and the app see the whole schema."""

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import RecoveryCode, Role, User, UserSession
from coordinator.catalogue.models import Offer
from coordinator.courses.models import Course, CourseSignup
from coordinator.drafts.models import FormDraft
from coordinator.events.models import Event, EventSignup
from coordinator.jobs.models import JobRun, StoredResult
from coordinator.library.models import Guide, GuideAcknowledgement, GuideVersion
from coordinator.mail.models import OutboxMessage
from coordinator.matches.models import (
    Concern,
    FollowUp,
    Match,
    MatchStatus,
    MatchStatusChange,
    MeetingLog,
)
from coordinator.notifications.models import Notification
from coordinator.organisations.models import PartnerOrganisation, PartnershipAgreement
from coordinator.referrals.models import Consent, Family, FamilyChild, Referral, YoungPerson
from coordinator.safety.models import SafetyPlanPart
from coordinator.volunteers.models import (
    ChildCertificate,
    HouseholdMember,
    ScreeningStep,
    Volunteer,
)
from coordinator.workplaces.models import MilestoneEntry, Workplace
from coordinator.young.models import (
    ClubActivity,
    ContactExchange,
    SignInToken,
    YoungCheckIn,
    YoungSignal,
)

__all__ = [
    "AuditEntry",
    "ChildCertificate",
    "ClubActivity",
    "ContactExchange",
    "SignInToken",
    "YoungCheckIn",
    "YoungSignal",
    "Concern",
    "Course",
    "CourseSignup",
    "Consent",
    "Event",
    "JobRun",
    "Notification",
    "OutboxMessage",
    "StoredResult",
    "EventSignup",
    "Family",
    "FormDraft",
    "FamilyChild",
    "FollowUp",
    "Guide",
    "GuideAcknowledgement",
    "GuideVersion",
    "HouseholdMember",
    "Match",
    "MatchStatus",
    "MatchStatusChange",
    "MeetingLog",
    "MilestoneEntry",
    "Offer",
    "PartnerOrganisation",
    "PartnershipAgreement",
    "RecoveryCode",
    "Referral",
    "Role",
    "SafetyPlanPart",
    "ScreeningStep",
    "User",
    "UserSession",
    "Volunteer",
    "Workplace",
    "YoungPerson",
]
