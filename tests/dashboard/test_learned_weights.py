"""Learned weights in the app: the knowledge bank shows what predicted lasting matches, a
coordinator adopts the learned weights (versioned, audited), the matcher uses them, and going
back restores the defaults."""

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

import matching
from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches import learned_weights, proposals
from coordinator.matches.models import Match, MatchingWeights, MatchStatus, WeightsSource
from coordinator.vocabulary import ClosureReason, MatchType
from tests import factories

TODAY = date.today()


def distance_decides(n: int = 600, seed: int = 3) -> list[dict]:
    """A unit where matches close to home lasted and far ones ended early, whatever the
    interests: the learned weights should move from interests toward distance."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        near = rng.random() < 0.5
        seeker = {"id": i, "age": 14, "match_type": "mentor", "postcode": "2820",
                  "interests": [rng.choice(["chess", "dance"])], "needs": ["homework"]}
        volunteer = {"id": i, "age": 40, "offers": ["mentor"], "capacity": 1, "screened": True,
                     "postcode": "2820" if near else "2950", "helps_with": ["homework"],
                     "interests": [rng.choice(["chess", "dance"])]}  # fmt: skip
        early = (not near) and rng.random() < 0.8 or near and rng.random() < 0.1
        out.append({"seeker": seeker, "volunteer": volunteer,
                    "months": 1.0 if early else 8.0, "ended_early": early})  # fmt: skip
    return out


@pytest.fixture
def learned_history(monkeypatch):
    history = distance_decides()
    monkeypatch.setattr(learned_weights, "history", lambda today: history)
    learned_weights._evidence_cache.clear()
    yield history
    learned_weights._evidence_cache.clear()


def _referral_with_two_volunteers():
    """A young person who likes chess: A shares chess but lives 13 km away; B lives nearby."""
    person = factories.make_young_person(postcode="2820", interests=["chess"])
    referral = factories.make_referral(young_person=person, needs=["homework"],
                                       description_for_volunteer="")  # fmt: skip
    far = factories.make_volunteer(first_name="Fjern", postcode="2950", interests=["chess"],
                                   helps_with=["homework"])  # fmt: skip
    near = factories.make_volunteer(first_name="Nær", postcode="2820", interests=["dance"],
                                    helps_with=["homework"])  # fmt: skip
    db.session.commit()
    return referral, far, near


def _order(referral) -> list[int]:
    return [c.volunteer.id for c in proposals.candidates_for(referral, TODAY)]


def test_adopting_learned_weights_reorders_the_proposals_and_going_back_restores_them(
    app, learned_history
):
    with app.app_context():
        referral, far, near = _referral_with_two_volunteers()
        coordinator = factories.make_user(Role.COORDINATOR)
        assert _order(referral) == [far.id, near.id]  # defaults: the shared interest wins

        version = learned_weights.adopt_learned(by=coordinator, today=TODAY)
        db.session.commit()
        assert version.source == WeightsSource.LEARNED
        assert version.matches_used == len(learned_history)
        assert version.weights["distance"] > matching.Weights().distance
        assert version.weights["interests"] < matching.Weights().interests
        assert learned_weights.current_weights().distance == version.weights["distance"]
        assert _order(referral) == [near.id, far.id]  # the matcher uses the adopted version

        learned_weights.restore_defaults(by=coordinator)
        db.session.commit()
        assert learned_weights.current_weights() == matching.Weights()
        assert _order(referral) == [far.id, near.id]
        versions = db.session.scalars(select(MatchingWeights).order_by(MatchingWeights.id)).all()
        assert [v.source for v in versions] == [WeightsSource.LEARNED, WeightsSource.DEFAULTS]
        assert all(v.adopted_by_id == coordinator.id for v in versions)
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("matching.weights%"))
        ).all()
        assert actions == ["matching.weights_adopted", "matching.weights_restored"]


def test_a_coordinator_adopts_and_restores_from_the_knowledge_bank(app, client, auth,
                                                                    learned_history):
    coordinator = auth.login_as(Role.COORDINATOR, name="Karen Koordinator")
    page = client.get("/vidensbank/").get_data(as_text=True)
    assert "600" in page  # learned from the unit's matches
    assert "Betød mere end antaget" in page  # distance
    assert "Betød mindre end antaget" in page  # interests
    response = client.post("/vidensbank/vaegte/laerte")
    assert response.status_code == 302
    page = client.get("/vidensbank/").get_data(as_text=True)
    assert "Karen Koordinator" in page
    with app.app_context():
        version = learned_weights.current()
        assert version.source == WeightsSource.LEARNED
        assert version.adopted_by_id == coordinator.id
    client.post("/vidensbank/vaegte/standard")
    with app.app_context():
        assert learned_weights.current().source == WeightsSource.DEFAULTS
        assert learned_weights.current_weights() == matching.Weights()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VOLUNTEER])
@pytest.mark.parametrize("url", ["/vidensbank/vaegte/laerte", "/vidensbank/vaegte/standard"])
def test_only_coordinators_and_admins_may_adopt_weights(app, client, auth, learned_history,
                                                        role, url):
    auth.login_as(role)
    response = client.post(url)
    assert response.status_code in (302, 403)
    with app.app_context():
        assert learned_weights.current() is None
        assert learned_weights.current_weights() == matching.Weights()


def test_signed_out_visitors_cannot_adopt_weights(app, client, learned_history):
    response = client.post("/vidensbank/vaegte/laerte")
    assert response.status_code in (302, 401, 403)
    with app.app_context():
        assert learned_weights.current() is None


def test_an_admin_may_adopt(app, client, auth, learned_history):
    auth.login_as(Role.ADMIN)
    client.post("/vidensbank/vaegte/laerte")
    with app.app_context():
        assert learned_weights.current().source == WeightsSource.LEARNED


def test_with_no_started_match_there_is_nothing_to_adopt(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    client.post("/vidensbank/vaegte/laerte")
    with app.app_context():
        assert learned_weights.current() is None


def test_history_counts_relationship_endings_before_six_months_and_censors_the_rest(app):
    with app.app_context():
        def match(days, *, closed_after=None, reason=None):
            referral = factories.make_referral()
            volunteer = factories.make_volunteer(capacity=3)
            return factories.make_match(
                referral.id, volunteer.id,
                MatchStatus.CLOSED if closed_after is not None else MatchStatus.ACTIVE,
                start_date=TODAY - timedelta(days=days),
                end_date=(TODAY - timedelta(days=days - closed_after)
                          if closed_after is not None else None),
                closure_reason=reason,
            )  # fmt: skip

        failed = match(200, closed_after=60, reason=ClosureReason.RELATIONSHIP_NOT_WORKING)
        moved = match(200, closed_after=60, reason=ClosureReason.YOUNG_PERSON_MOVED)
        running = match(90)
        lasted = match(400, closed_after=300, reason=ClosureReason.RELATIONSHIP_NOT_WORKING)
        factories.make_match(factories.make_referral().id, factories.make_volunteer().id,
                             MatchStatus.PROPOSED)  # never started: not in the history
        friends = factories.make_young_person(), factories.make_young_person()
        db.session.add(Match(match_type=MatchType.FRIEND_BANK, status=MatchStatus.ACTIVE,
                             friend_a=friends[0], friend_b=friends[1],
                             start_date=TODAY - timedelta(days=30)))  # fmt: skip
        db.session.flush()
        entries = learned_weights.history(TODAY)
        by_seeker = {e["seeker"]["id"]: e for e in entries}
        assert set(by_seeker) == {m.referral_id for m in (failed, moved, running, lasted)}
        assert by_seeker[failed.referral_id]["ended_early"] is True
        assert by_seeker[failed.referral_id]["months"] == pytest.approx(60 / 30.44)
        assert by_seeker[moved.referral_id]["ended_early"] is False  # censored
        assert by_seeker[running.referral_id]["ended_early"] is False
        assert by_seeker[running.referral_id]["months"] == pytest.approx(90 / 30.44)
        assert by_seeker[lasted.referral_id]["ended_early"] is False  # lasted six months
        evidence = learned_weights.evidence(TODAY)
        assert evidence.n_matches == 4
        assert evidence.n_ended_early == 1
