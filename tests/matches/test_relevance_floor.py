"""The app passes the matcher's relevance floor through: weak fits are not proposed, and the
coordinator is told in Danish that nobody fits well (not that nobody meets the rules)."""

from datetime import date

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches import proposals
from tests import factories


def _referral():
    person = factories.make_young_person(postcode="2820", interests=["chess"],
                                         availability=["weekend"])  # fmt: skip
    return factories.make_referral(young_person=person, needs=["homework"],
                                   description_for_volunteer="")  # fmt: skip


def _weak_volunteer():
    """Meets every rule, shares nothing, lives 13 km away."""
    return factories.make_volunteer(first_name="Svag", postcode="2950", interests=["dance"],
                                    helps_with=["cv"], availability=["weekday_day"])  # fmt: skip


def test_a_weak_fit_is_not_proposed_and_the_page_says_nobody_fits_well(app, client, auth):
    with app.app_context():
        referral = _referral()
        _weak_volunteer()
        db.session.commit()
        referral_id = referral.id
        assert proposals.candidates_for(referral, date.today()) == []
        assert proposals.has_weak_fits(referral, date.today())
    auth.login_as(Role.COORDINATOR)
    page = client.get(f"/match/henvisninger/{referral_id}").get_data(as_text=True)
    assert "Ingen frivillig passer godt nok til denne henvisning" in page
    assert "Svag" not in page


def test_a_good_fit_is_still_proposed_beside_a_weak_one(app, client, auth):
    with app.app_context():
        referral = _referral()
        _weak_volunteer()
        good = factories.make_volunteer(
            first_name="God", postcode="2820", interests=["chess"], helps_with=["homework"],
            availability=["weekend"],
        )
        db.session.commit()
        shown = proposals.candidates_for(referral, date.today())
        assert [c.volunteer.id for c in shown] == [good.id]
        assert shown[0].score >= app.config["PROPOSAL_MIN_SCORE"]
        referral_id = referral.id
    auth.login_as(Role.COORDINATOR)
    page = client.get(f"/match/henvisninger/{referral_id}").get_data(as_text=True)
    assert "God" in page
    assert "Ingen frivillig passer godt nok" not in page


def test_with_nobody_under_the_rules_the_page_says_so(app, client, auth):
    with app.app_context():
        referral_id = _referral().id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    page = client.get(f"/match/henvisninger/{referral_id}").get_data(as_text=True)
    assert "Ingen frivillig passer godt nok" not in page
