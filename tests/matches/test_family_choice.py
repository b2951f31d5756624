"""Proposals and the family's choice: names link to profiles, the coordinator's own choice by
name, the household on the shortlist, and the caseworker's "none of them"."""

from datetime import date

from sqlalchemy import select

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from coordinator.matches.models import MatchStatus
from coordinator.referrals.models import Referral, ReferralStatus
from coordinator.volunteers.models import HouseholdMember, VolunteerKind
from tests import factories
from tests.matches.conftest import find_match, login, match_status


def _shortlisted(app, scene, *, household: bool = False) -> list[int]:
    """Put the first two volunteers of the scene on the shortlist directly."""
    with app.app_context():
        ids = []
        for volunteer_id in scene.volunteer_ids[:2]:
            match = factories.make_match(scene.referral_id, volunteer_id, MatchStatus.SHORTLISTED)
            ids.append(match.id)
        referral = db.session.get(Referral, scene.referral_id)
        referral.status = ReferralStatus.IN_PROGRESS
        if household:
            volunteer = factories.make_volunteer(
                first_name="Mette", kind=VolunteerKind.FAMILY, offers=["mentor"]
            )
            volunteer.household.extend(
                [
                    HouseholdMember(first_name="Lars", birth_year=date.today().year - 44),
                    HouseholdMember(first_name="Sofie", birth_year=date.today().year - 16),
                ]
            )
            ids.append(
                factories.make_match(scene.referral_id, volunteer.id, MatchStatus.SHORTLISTED).id
            )
        db.session.commit()
        return ids


def test_proposal_names_link_to_the_volunteers_profile(app, client, auth, scene):
    auth.login_as(Role.COORDINATOR)
    html = client.get(f"/match/henvisninger/{scene.referral_id}").get_data(as_text=True)
    assert f'href="/frivillig/{scene.volunteer_ids[0]}"' in html
    assert "(#" not in html  # no internal numbers on the page


def test_the_coordinator_finds_a_volunteer_by_name_for_their_own_choice(
    app, client, auth, scene
):
    with app.app_context():
        own = factories.make_volunteer(first_name="Yrsa", last_name="Særlig", interests=["chess"])
        factories.make_volunteer(
            first_name="Yrsa", last_name="Ansøger", status=factories.VolunteerStatus.APPLICANT
        )
        db.session.commit()
        own_id = own.id
    auth.login_as(Role.COORDINATOR)
    html = client.get(
        f"/match/henvisninger/{scene.referral_id}?find=yrsa"
    ).get_data(as_text=True)
    assert "Yrsa Særlig" in html
    assert "Yrsa Ansøger" not in html  # only approved volunteers can be chosen
    assert "1 godkendt frivillig fundet" in html
    client.post(
        f"/match/henvisninger/{scene.referral_id}/kortliste",
        data={"override_volunteer_id": str(own_id), "override_reason": "Kender familien"},
    )
    match_id = find_match(app, scene.referral_id, own_id)
    assert match_id is not None
    assert match_status(app, match_id) == MatchStatus.SHORTLISTED


def test_the_shortlist_shows_who_comes_with_a_family_volunteer(app, client, scene):
    _shortlisted(app, scene, household=True)
    login(client, scene.caseworker_email)
    html = client.get(f"/match/henvisning/{scene.referral_id}/valg").get_data(as_text=True)
    assert "Kommer med: Lars, 44 år; Sofie, 16 år" in " ".join(html.split())


def test_the_caseworker_reaches_the_shortlist_from_the_referral(app, client, scene):
    login(client, scene.caseworker_email)
    before = client.get(f"/henvisninger/{scene.referral_id}").get_data(as_text=True)
    assert f"/match/henvisning/{scene.referral_id}/valg" not in before
    _shortlisted(app, scene)
    after = client.get(f"/henvisninger/{scene.referral_id}").get_data(as_text=True)
    assert f"/match/henvisning/{scene.referral_id}/valg" in after
    assert "Vis kortlisten for familien" in after


def test_none_of_them_sends_the_referral_back_to_the_coordinators(app, client, auth, scene):
    with app.app_context():
        factories.make_user(Role.COORDINATOR, email="koordinator@example.dk")
        db.session.commit()
    ids = _shortlisted(app, scene)
    login(client, scene.caseworker_email)
    refused = client.post(f"/match/henvisning/{scene.referral_id}/ingen", data={"reason": " "})
    assert refused.status_code == 400
    # The shared error summary names the missing reason and links to its field.
    refused_page = refused.get_data(as_text=True)
    assert 'id="error-summary"' in refused_page
    assert 'href="#reason"' in refused_page
    assert all(match_status(app, match_id) == MatchStatus.SHORTLISTED for match_id in ids)

    done = client.post(
        f"/match/henvisning/{scene.referral_id}/ingen",
        data={"reason": "Drengen vil hellere have en kvindelig mentor"},
    )
    assert done.status_code == 302
    assert all(match_status(app, match_id) == MatchStatus.DISCARDED for match_id in ids)
    with app.app_context():
        assert db.session.get(Referral, scene.referral_id).status == ReferralStatus.WAITING
        mails = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "koordinator@example.dk")
        ).all()
        assert len(mails) == 1
        assert "Drengen vil hellere have en kvindelig mentor" in mails[0].text


def test_another_caseworker_cannot_reach_or_answer_the_shortlist(app, client, auth, scene):
    ids = _shortlisted(app, scene)
    auth.login_as(Role.CASEWORKER)
    assert client.get(f"/match/henvisning/{scene.referral_id}/valg").status_code == 404
    answered = client.post(
        f"/match/henvisning/{scene.referral_id}/ingen", data={"reason": "Ingen passer"}
    )
    assert answered.status_code == 404
    assert all(match_status(app, match_id) == MatchStatus.SHORTLISTED for match_id in ids)


def test_a_volunteer_never_sees_a_proposal_before_it_is_offered(app, client, scene):
    ids = _shortlisted(app, scene)
    login(client, scene.volunteer_emails[0])
    assert client.get(f"/match/{ids[0]}").status_code == 404
    mine = client.get("/match/mine").get_data(as_text=True)
    assert "Ali" not in mine
