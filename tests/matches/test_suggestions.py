"""Match all waiting: suggestions reviewed before anything is decided."""


from sqlalchemy import select

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from tests import factories


def test_match_all_waiting_suggests_without_deciding_and_respects_capacity(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer(capacity=1, first_name="Eneste")
        referrals = [factories.make_referral() for _ in range(3)]
        db.session.commit()
        referral_ids = [r.id for r in referrals]
        volunteer_id = volunteer.id
    auth.login_as(Role.COORDINATOR)
    client.post("/match/alle-ventende")
    page = client.get("/match/alle-ventende").get_data(as_text=True)
    # One suggestion (the name also labels its checkbox, so its link is counted).
    assert page.count(">Eneste Jensen</a>") == 1
    with app.app_context():
        suggestions = db.session.scalars(
            select(Match).where(Match.volunteer_id == volunteer_id)
        ).all()
        assert [m.status for m in suggestions] == [MatchStatus.PROPOSED]
        assert suggestions[0].referral_id in referral_ids
        assert suggestions[0].reasons


def test_setting_a_suggestion_aside_keeps_the_referral_waiting(app, client, auth):
    with app.app_context():
        factories.make_volunteer()
        factories.make_referral()
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post("/match/alle-ventende")
    with app.app_context():
        match_id = db.session.scalar(select(Match.id))
    client.post(f"/match/{match_id}/kassér", data={"reason": "Kender hinanden", "bekraeftet": "ja"})
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.DISCARDED
