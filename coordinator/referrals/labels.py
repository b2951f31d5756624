"""Interface labels of the referrals' states and categories (see coordinator.labels)."""

from flask_babel import lazy_gettext as _l

from coordinator.referrals.models import ConsentGiver, FriendBankStatus, ReferralStatus

LABELS = {
    ReferralStatus.WAITING: _l("Waiting for a match"),
    ReferralStatus.IN_PROGRESS: _l("Match under way"),
    ReferralStatus.MATCHED: _l("Matched"),
    ReferralStatus.CLOSED: _l("Closed"),
    ReferralStatus.WITHDRAWN: _l("Withdrawn"),
    ConsentGiver.CUSTODY_HOLDER: _l("Custody holder"),
    ConsentGiver.YOUNG_PERSON: _l("The young person (15 or older)"),
    FriendBankStatus.PENDING: _l("Waiting for verification"),
    FriendBankStatus.VERIFIED: _l("Verified"),
    FriendBankStatus.LEFT: _l("Has left"),
}
