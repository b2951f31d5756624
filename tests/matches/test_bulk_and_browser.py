"""Bulk work on "match all waiting" (shortlist several suggestions in one action), and the lists
and a confirmation step in a real browser (Debian's chromium)."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.referrals.models import Referral, ReferralStatus
from coordinator.volunteers.models import VolunteerStatus
from tests import factories
from tests.conftest import sign_in_page
from tests.matches.conftest import match_status


def _suggestions(app, n: int) -> list[int]:
    """n proposed suggestions, each for its own referral and volunteer."""
    with app.app_context():
        ids = []
        for _ in range(n):
            volunteer = factories.make_volunteer()
            referral = factories.make_referral()
            ids.append(
                factories.make_match(referral.id, volunteer.id, MatchStatus.PROPOSED, score=0.8).id
            )
        db.session.commit()
        return ids


def test_several_suggestions_are_shortlisted_in_one_action(app, client, auth):
    chosen, kept = _suggestions(app, 2), _suggestions(app, 1)
    auth.login_as(Role.COORDINATOR)
    response = client.post(
        "/match/alle-ventende/kortliste",
        data={"match_ids": [str(i) for i in chosen], "tilbage": "/match/alle-ventende"},
    )
    assert response.status_code == 302
    assert response.location.endswith("/match/alle-ventende")
    assert [match_status(app, i) for i in chosen] == [MatchStatus.SHORTLISTED] * 2
    assert match_status(app, kept[0]) == MatchStatus.PROPOSED
    with app.app_context():
        statuses = db.session.scalars(
            select(Referral.status).join(Match, Match.referral_id == Referral.id)
            .where(Match.id.in_(chosen))
        ).all()
        assert statuses == [ReferralStatus.IN_PROGRESS] * 2
    page = client.get("/match/alle-ventende").get_data(as_text=True)
    assert "2 forslag er sat på kortlisterne" in page


def test_a_refused_suggestion_is_named_and_the_others_still_go_ahead(app, client, auth):
    good, bad = _suggestions(app, 2)
    with app.app_context():
        volunteer = db.session.get(Match, bad).volunteer
        volunteer.status = VolunteerStatus.PAUSED
        db.session.commit()
        name = volunteer.full_name
    auth.login_as(Role.COORDINATOR)
    client.post("/match/alle-ventende/kortliste", data={"match_ids": [str(good), str(bad)]})
    assert match_status(app, good) == MatchStatus.SHORTLISTED
    assert match_status(app, bad) == MatchStatus.PROPOSED
    page = client.get("/match/alle-ventende").get_data(as_text=True)
    assert f"{name} kan ikke komme på kortlisten" in page


def test_only_staff_can_shortlist_in_bulk(app, client, auth):
    ids = _suggestions(app, 1)
    auth.login_as(Role.CASEWORKER)
    assert client.post(
        "/match/alle-ventende/kortliste", data={"match_ids": [str(ids[0])]}
    ).status_code == 403
    assert match_status(app, ids[0]) == MatchStatus.PROPOSED


def test_selecting_filtering_and_confirming_in_the_browser(app, live_server, browser):
    ids = _suggestions(app, 3)
    with app.app_context():
        factories.make_volunteer(first_name="Arabisktalende", languages=["da", "ar"])
        coordinator = factories.make_user(Role.COORDINATOR)
        db.session.commit()
        email = coordinator.email
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        sign_in_page(page, live_server, email, factories.PASSWORD)

        # A filter: the URL carries it, so the list can be bookmarked.
        page.goto(f"{live_server}/frivillig/")
        page.get_by_label("Taler").select_option("ar")
        page.click("button:has-text('Filtrér')")
        page.wait_for_url("**language=ar**")
        expect(page.locator("main")).to_contain_text("Arabisktalende")
        # One volunteer: the singular form.
        expect(page.locator("main")).to_contain_text(re.compile(r"\b1 frivillig\b"))

        # Bulk: two selected suggestions are shortlisted by one button.
        page.goto(f"{live_server}/match/alle-ventende")
        page.check(f"#select-{ids[0]}")
        page.check(f"#select-{ids[1]}")
        page.click("button:has-text('Sæt de valgte på kortlisten')")
        expect(page.locator("main")).to_contain_text("2 forslag er sat på kortlisterne")

        # Confirm and undo: setting the third aside asks first, then offers an undo.
        page.click(f"tr:has(#select-{ids[2]}) >> button:has-text('Læg til side')")
        expect(page.locator("main")).to_contain_text("Læg forslaget til side?")
        page.click("button:has-text('Ja, læg det til side')")
        expect(page.locator("main")).to_contain_text("Fortryd")
        page.click("button:has-text('Fortryd')")
        expect(page.locator("main")).to_contain_text("Fortrudt: forslaget er tilbage.")
    finally:
        context.close()
    assert [match_status(app, i) for i in ids] == [
        MatchStatus.SHORTLISTED, MatchStatus.SHORTLISTED, MatchStatus.PROPOSED
    ]
