"""The cached matcher always answers from the current volunteers, refreshed as they change."""

from datetime import date, timedelta

from coordinator.extensions import db
from coordinator.matches import proposals
from coordinator.volunteers.models import VolunteerStatus
from tests import factories

TODAY = date.today()


def _names(referral) -> list[str]:
    return [c.volunteer.first_name for c in proposals.candidates_for(referral, TODAY)]


def test_a_paused_volunteer_leaves_the_proposals_at_once(app):
    with app.app_context():
        referral = factories.make_referral()
        anna = factories.make_volunteer(first_name="Anna")
        factories.make_volunteer(first_name="Berit")
        db.session.commit()
        assert sorted(_names(referral)) == ["Anna", "Berit"]
        anna.status = VolunteerStatus.PAUSED
        db.session.commit()
        assert _names(referral) == ["Berit"]


def test_a_newly_approved_volunteer_and_a_changed_profile_are_seen_at_once(app):
    with app.app_context():
        referral = factories.make_referral()  # the young person likes football
        carl = factories.make_volunteer(first_name="Carl", interests=["chess"])
        db.session.commit()
        assert _names(referral) == ["Carl"]
        factories.make_volunteer(first_name="Dora", interests=["chess"])
        carl.interests = ["football"]
        db.session.commit()
        candidates = proposals.candidates_for(referral, TODAY)
        assert [c.volunteer.first_name for c in candidates][0] == "Carl"
        assert ("shared_interests", "football") in candidates[0].reasons
        assert {c.volunteer.first_name for c in candidates} == {"Carl", "Dora"}


def test_an_expired_certificate_is_noticed_without_a_volunteer_change(app):
    with app.app_context():
        referral = factories.make_referral()  # a 14-year-old: a certificate is needed
        erik = factories.make_volunteer(first_name="Erik")
        db.session.commit()
        assert _names(referral) == ["Erik"]
        erik.certificates[0].valid_until = TODAY - timedelta(days=1)
        db.session.commit()
        assert _names(referral) == []
