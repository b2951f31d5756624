"""Each role's home is a task inbox: named, linked items, oldest first, scoped to the reader,
read in a bounded number of statements."""

from datetime import date, timedelta

from sqlalchemy import event

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.inbox import registry
from coordinator.inbox.registry import InboxItem
from coordinator.matches.models import MatchStatus
from coordinator.referrals.models import ReferralStatus
from coordinator.volunteers.models import VolunteerStatus
from tests import factories

TODAY = date.today()


def _statements(app, client, url: str) -> int:
    counted = []
    with app.app_context():
        engine = db.engine
    listener = lambda *_args: counted.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(counted)


def _scene(n: int) -> None:
    """n of every kind of task a coordinator has."""
    for index in range(n):
        caseworker = factories.make_user(Role.CASEWORKER)
        factories.make_referral(caseworker, status=ReferralStatus.WAITING)
        accepted = factories.make_referral(caseworker, status=ReferralStatus.IN_PROGRESS)
        volunteer = factories.make_volunteer(capacity=3)
        factories.make_match(accepted.id, volunteer.id, MatchStatus.ACCEPTED)
        factories.make_volunteer(status=VolunteerStatus.APPLICANT)
        expired = factories.make_volunteer()
        expired.certificates[0].valid_until = TODAY - timedelta(days=index + 1)


def test_the_coordinators_inbox_names_and_links_each_task_oldest_first(app, client, auth):
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER)
        referral = factories.make_referral(caseworker, status=ReferralStatus.IN_PROGRESS,
                                           young_person=factories.make_young_person(
                                               first_name="Ali"))
        volunteer = factories.make_volunteer(first_name="Mette")
        match = factories.make_match(referral.id, volunteer.id, MatchStatus.ACCEPTED)
        factories.make_referral(caseworker, status=ReferralStatus.WAITING)
        expired = factories.make_volunteer(first_name="Udløbet")
        expired.certificates[0].valid_until = TODAY - timedelta(days=3)
        db.session.commit()
        match_id = match.id
    auth.login_as(Role.COORDINATOR)
    page = client.get("/hjem").get_data(as_text=True)
    inbox = page[page.index('id="inbox-heading"'):page.index("</section>",
                                                              page.index('id="inbox-heading"'))]
    assert f'<a href="/match/{match_id}"><strong>Klar til start: Mette og Ali</strong></a>' in inbox
    assert "Start matchet" in inbox
    assert '<a href="/match/henvisninger"><strong>Henvisninger, der venter på en kortliste: 1' \
        in inbox
    assert '<a href="/frivillig/advarsler#certificates"><strong>Børneattester udløbet: 1' in inbox
    # Oldest first: the certificate expired three days ago, before the rest arrived today.
    assert inbox.index("Børneattester udløbet") < inbox.index("Klar til start")


def test_the_coordinators_home_reads_the_same_number_of_statements_at_any_size(
    app, client, auth
):
    auth.login_as(Role.COORDINATOR)
    with app.app_context():
        _scene(2)
        db.session.commit()
    small = _statements(app, client, "/hjem")
    with app.app_context():
        _scene(12)
        db.session.commit()
    assert _statements(app, client, "/hjem") == small


def test_a_caseworker_never_sees_another_caseworkers_items(app, client, auth):
    with app.app_context():
        other = factories.make_user(Role.CASEWORKER)
        referral = factories.make_referral(
            other, status=ReferralStatus.IN_PROGRESS,
            young_person=factories.make_young_person(first_name="Hemmelig"))
        volunteer = factories.make_volunteer()
        factories.make_match(referral.id, volunteer.id, MatchStatus.SHORTLISTED)
        active = factories.make_referral(
            other, young_person=factories.make_young_person(first_name="Hemmelig"))
        match = factories.make_match(active.id, factories.make_volunteer().id,
                                     MatchStatus.ACCEPTED)
        match.transition(MatchStatus.ACTIVE, by=None, reason="")
        db.session.commit()
        other_id = other.id
    me = auth.login_as(Role.CASEWORKER)
    page = client.get("/hjem").get_data(as_text=True)
    assert "Hemmelig" not in page
    assert "Intet venter på dig lige nu." in page
    with app.test_request_context():
        user = db.session.get(type(me), me.id)
        assert registry.items_for(user, TODAY) == []
        owner = db.session.get(type(me), other_id)
        titles = [item.title for item in registry.items_for(owner, TODAY)]
    assert "Kortlisten for Hemmelig er klar" in titles


def test_a_volunteer_never_sees_a_proposal_before_it_is_offered(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    with app.app_context():
        volunteer = factories.make_volunteer(user=db.session.get(type(user), user.id),
                                             capacity=5)
        for status in (MatchStatus.PROPOSED, MatchStatus.SHORTLISTED, MatchStatus.CHOSEN):
            factories.make_match(factories.make_referral(
                young_person=factories.make_young_person(first_name="Skjult")).id,
                volunteer.id, status)
        db.session.commit()
        volunteer_id = volunteer.id
    page = client.get("/hjem").get_data(as_text=True)
    assert "Skjult" not in page
    assert "Et forslag venter på dit svar" not in page
    assert "Du er godkendt. Vi kontakter dig" in page
    with app.app_context():
        offered = factories.make_match(factories.make_referral(
            young_person=factories.make_young_person(first_name="Synlig")).id,
            volunteer_id, MatchStatus.OFFERED)
        db.session.commit()
        offered_id = offered.id
    page = client.get("/hjem").get_data(as_text=True)
    first = page[page.index("Det vigtigste lige nu"):]
    assert "Et forslag venter på dit svar" in first[:400]
    assert f'href="/match/{offered_id}"' in first[:600]
    # The status text agrees with what is pending.
    assert "Du er godkendt. Vi kontakter dig" not in page


def test_the_volunteers_home_links_to_their_running_match(app, client, auth):
    user = auth.login_as(Role.VOLUNTEER)
    with app.app_context():
        volunteer = factories.make_volunteer(user=db.session.get(type(user), user.id))
        match = factories.make_match(factories.make_referral(
            young_person=factories.make_young_person(first_name="Ali")).id,
            volunteer.id, MatchStatus.ACTIVE, start_date=TODAY - timedelta(days=10))
        db.session.commit()
        match_id = match.id
    page = client.get("/hjem").get_data(as_text=True)
    assert "Dit match med Ali" in page
    assert f'href="/match/{match_id}"' in page
    assert "Du er godkendt og har et igangværende match." in page


def test_a_feature_adds_an_inbox_item_by_registering_one_provider(app, client, auth):
    def at_risk(user, today):
        return [InboxItem(title="Match i fare: Ali", url="/match/1", action="Ring")]

    registry.register(Role.COORDINATOR)(at_risk)
    try:
        auth.login_as(Role.COORDINATOR)
        assert "Match i fare: Ali" in client.get("/hjem").get_data(as_text=True)
    finally:
        registry._PROVIDERS[Role.COORDINATOR].remove(at_risk)


def test_an_organisation_contact_sees_their_own_volunteers_screening_gaps(app, client, auth):
    with app.app_context():
        ours = factories.make_organisation()
        theirs = factories.make_organisation()
        mine = factories.make_volunteer(first_name="Vores", status=VolunteerStatus.APPLICANT,
                                        organisation=ours)
        factories.make_volunteer(first_name="Andres", status=VolunteerStatus.APPLICANT,
                                 organisation=theirs)
        factories.make_volunteer(first_name="Færdig", organisation=ours)
        db.session.commit()
        ours_id, mine_id = ours.id, mine.id
    auth.login_as(Role.ORGANISATION_CONTACT, organisation_id=ours_id)
    page = client.get("/hjem").get_data(as_text=True)
    assert f'<a href="/min-organisation/frivillige/{mine_id}"><strong>Vores Jensen: 5' in page
    assert "Andres" not in page
    assert "Færdig" not in page
