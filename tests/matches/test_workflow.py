"""From proposal to a closed match, through the pages of each role."""

from datetime import date

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import (
    FollowUp,
    InvalidTransition,
    Match,
    MatchStatus,
    MatchStatusChange,
)
from coordinator.referrals.models import Referral, ReferralStatus
from coordinator.vocabulary import MatchType
from tests.matches.conftest import find_match, login, match_status


def test_coordinator_sees_ranked_proposals_with_reasons_in_danish(client, auth, scene):
    auth.login_as(Role.COORDINATOR)
    html = client.get(f"/match/henvisninger/{scene.referral_id}").get_data(as_text=True)
    assert html.index("Bo Jensen") < html.index("Carl Jensen") < html.index("Dan Jensen")
    assert "I deler interesse for skak og fodbold" in html
    # Case notes are there for staff, clearly marked.
    assert "FORTROLIGT SAGSNOTAT" in html


def test_full_journey_shortlist_choice_acceptance_start_check_in_and_close(
    app, client, auth, scene
):
    bo, carl, _dan = scene.volunteer_ids
    auth.login_as(Role.COORDINATOR)
    response = client.post(
        f"/match/henvisninger/{scene.referral_id}/kortliste", data={"volunteer_ids": [bo, carl]}
    )
    assert response.status_code == 302
    bo_match, carl_match = (
        find_match(app, scene.referral_id, bo),
        find_match(app, scene.referral_id, carl),
    )
    assert match_status(app, bo_match) == MatchStatus.SHORTLISTED

    # The caseworker shows the shortlist to the family and records their choice.
    login(client, scene.caseworker_email)
    page = client.get(f"/match/henvisning/{scene.referral_id}/valg").get_data(as_text=True)
    assert "Bo" in page
    assert "Carl" in page
    client.post(f"/match/henvisning/{scene.referral_id}/valg", data={"match_id": bo_match})
    assert match_status(app, bo_match) == MatchStatus.OFFERED
    assert match_status(app, carl_match) == MatchStatus.DISCARDED

    # The volunteer sees only what they need, and accepts.
    login(client, scene.volunteer_emails[0])
    page = client.get(f"/match/{bo_match}").get_data(as_text=True)
    assert "Ali" in page
    assert "13" in page
    assert "Glad for fodbold." in page
    assert "FORTROLIGT SAGSNOTAT" not in page
    client.post(f"/match/{bo_match}/svar", data={"answer": "accept"})
    assert match_status(app, bo_match) == MatchStatus.ACCEPTED

    # The coordinator starts it with the agreement; check-ins are planned.
    auth.login_as(Role.COORDINATOR)
    client.post(
        f"/match/{bo_match}/aktiver",
        data={
            "start_date": date.today().isoformat(),
            "frequency": "Hver anden uge",
            "activities": "Fodbold og lektier",
            "duration": "Et år",
            "contact": "Koordineringsenheden",
        },
    )
    assert match_status(app, bo_match) == MatchStatus.ACTIVE
    with app.app_context():
        follow_ups = db.session.scalars(select(FollowUp).where(FollowUp.match_id == bo_match)).all()
        assert len(follow_ups) > 10
        first = min(follow_ups, key=lambda item: item.due_on)
        assert db.session.get(Referral, scene.referral_id).status == ReferralStatus.MATCHED
    response = client.post(
        f"/match/{bo_match}/opfoelgning/{first.id}",
        data={
            f"checkin-{first.id}-done_on": date.today().isoformat(),
            f"checkin-{first.id}-with_whom": "Bo",
            f"checkin-{first.id}-rating": "4",
            f"checkin-{first.id}-notes": "Godt",
        },
    )
    assert response.status_code == 302
    client.post(
        f"/match/{bo_match}/afslut",
        data={
            "close-reason": "planned_completed",
            "close-planned": "y",
            "close-note": "Godt forløb",
            "close-talk_volunteer": "y",
            "close-talk_young_person": "y",
            "close-contact_after": "Julekort er ok",
            "bekraeftet": "ja",
        },
    )
    assert match_status(app, bo_match) == MatchStatus.CLOSED
    with app.app_context():
        history = db.session.scalars(
            select(MatchStatusChange.to_status)
            .where(MatchStatusChange.match_id == bo_match)
            .order_by(MatchStatusChange.id)
        ).all()
        assert history == [
            MatchStatus.SHORTLISTED,
            MatchStatus.CHOSEN,
            MatchStatus.OFFERED,
            MatchStatus.ACCEPTED,
            MatchStatus.ACTIVE,
            MatchStatus.CLOSED,
        ]
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {
            "match.shortlisted",
            "match.chosen",
            "match.accepted",
            "match.activated",
            "match.closed",
            "follow_up.recorded",
        } <= actions


def test_declined_volunteer_is_never_proposed_again_for_that_referral(app, client, auth, scene):
    bo = scene.volunteer_ids[0]
    auth.login_as(Role.COORDINATOR)
    client.post(f"/match/henvisninger/{scene.referral_id}/kortliste", data={"volunteer_ids": [bo]})
    match_id = find_match(app, scene.referral_id, bo)
    login(client, scene.caseworker_email)
    client.post(f"/match/henvisning/{scene.referral_id}/valg", data={"match_id": match_id})
    login(client, scene.volunteer_emails[0])
    client.post(
        f"/match/{match_id}/svar",
        data={"answer": "decline", "reason": "For langt væk", "bekraeftet": "ja"},
    )
    assert match_status(app, match_id) == MatchStatus.DECLINED
    with app.app_context():
        assert db.session.get(Referral, scene.referral_id).status == ReferralStatus.WAITING
    auth.login_as(Role.COORDINATOR)
    html = client.get(f"/match/henvisninger/{scene.referral_id}").get_data(as_text=True)
    assert f'name="volunteer_ids" value="{bo}"' not in html
    assert f'name="volunteer_ids" value="{scene.volunteer_ids[1]}"' in html


def test_shortlist_holds_one_to_three_volunteers(client, auth, scene):
    auth.login_as(Role.COORDINATOR)
    client.post(f"/match/henvisninger/{scene.referral_id}/kortliste", data={})
    page = client.get(f"/match/henvisninger/{scene.referral_id}").get_data(as_text=True)
    assert "Vælg en til tre frivillige." in page


def test_own_choice_needs_a_reason_and_is_logged_and_counted_as_override(app, client, auth, scene):
    dan = scene.volunteer_ids[2]
    app.config["PROPOSALS_SHOWN"] = 2  # Dan, third best, is not among the proposals shown
    try:
        auth.login_as(Role.COORDINATOR)
        page = client.get(f"/match/henvisninger/{scene.referral_id}").get_data(as_text=True)
        assert "Dan Jensen" not in page
        client.post(
            f"/match/henvisninger/{scene.referral_id}/kortliste",
            data={"override_volunteer_id": str(dan), "override_reason": ""},
        )
        assert find_match(app, scene.referral_id, dan) is None
        client.post(
            f"/match/henvisninger/{scene.referral_id}/kortliste",
            data={
                "override_volunteer_id": str(dan),
                "override_reason": "Kender familien fra klubben",
            },
        )
    finally:
        app.config["PROPOSALS_SHOWN"] = 10
    match_id = find_match(app, scene.referral_id, dan)
    with app.app_context():
        match = db.session.get(Match, match_id)
        assert match.status == MatchStatus.SHORTLISTED
        assert match.is_override
        assert match.override_reason == "Kender familien fra klubben"
        assert match.reasons, "the score and reasons are kept for an override too"
        override_entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "match.override")
        ).all()
        assert len(override_entries) == 1
    dashboard = client.get("/vidensbank/").get_data(as_text=True)
    assert "Koordinatorernes egne valg: <strong>1</strong>" in dashboard


def test_a_volunteer_who_breaks_a_hard_rule_cannot_be_shortlisted(app, client, auth, scene):
    from tests import factories

    with app.app_context():
        unscreened = factories.make_volunteer(status=factories.VolunteerStatus.APPLICANT)
        db.session.commit()
        unscreened_id = unscreened.id
    auth.login_as(Role.COORDINATOR)
    client.post(
        f"/match/henvisninger/{scene.referral_id}/kortliste",
        data={"override_volunteer_id": str(unscreened_id), "override_reason": "Jeg kender ham"},
    )
    assert find_match(app, scene.referral_id, unscreened_id) is None
    page = client.get(f"/match/henvisninger/{scene.referral_id}").get_data(as_text=True)
    # The refusal names the rule that failed, in plain Danish.
    assert "kan ikke komme på kortlisten: den frivillige er ikke færdigscreenet" in page


def test_model_refuses_an_illegal_transition(app, scene):
    with app.app_context():
        match = Match(
            match_type=MatchType.MENTOR,
            referral_id=scene.referral_id,
            volunteer_id=scene.volunteer_ids[0],
            status=MatchStatus.PROPOSED,
        )
        try:
            match.transition(MatchStatus.ACTIVE, by=None)
        except InvalidTransition:
            pass
        else:
            raise AssertionError("a proposal must not jump straight to active")
        assert match.status == MatchStatus.PROPOSED
        assert match.history == []


@pytest.mark.parametrize("number", ["99999999999", "-4", "tolv", "1e3"])
def test_an_impossible_volunteer_number_gets_a_message_not_an_error(client, auth, scene, number):
    auth.login_as(Role.COORDINATOR)
    response = client.post(
        f"/match/henvisninger/{scene.referral_id}/kortliste",
        data={"override_volunteer_id": number, "override_reason": "Kender familien"},
    )
    assert response.status_code == 302
    page = client.get(f"/match/henvisninger/{scene.referral_id}").get_data(as_text=True)
    assert "flash-error" in page
