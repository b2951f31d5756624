"""A coordinator goes from their inbox to the action in a real browser and back."""

import os
from datetime import date, timedelta

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Concern, MatchStatus
from coordinator.vocabulary import ConcernType
from tests import factories
from tests.conftest import sign_in_page


def test_coordinator_resolves_a_concern_from_the_inbox_and_comes_back(
    app, live_server, browser, artifacts_dir
):
    with app.app_context():
        coordinator = factories.make_user(Role.COORDINATOR, name="Karen Koordinator")
        referral = factories.make_referral(
            young_person=factories.make_young_person(first_name="Yasmin"))
        match = factories.make_match(referral.id, factories.make_volunteer().id,
                                     MatchStatus.PAUSED,
                                     start_date=date.today() - timedelta(days=30))
        match.concerns.append(Concern(concern_type=ConcernType.NO_CONTACT,
                                      description="Ingen kontakt i tre uger"))
        db.session.commit()
        email, match_id = coordinator.email, match.id
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        sign_in_page(page, live_server, email)
        inbox = page.locator("section.inbox")
        item = inbox.locator("li", has_text="Bekymring om Yasmin")
        assert item.count() == 1
        page.screenshot(path=os.path.join(artifacts_dir, "inbox-coordinator.png"), full_page=True)
        item.get_by_role("link", name="Håndtér bekymringen").click()
        page.wait_for_url(f"**/match/{match_id}")
        page.fill("textarea[name$=resolution]", "Talt med familien; kontakten er genoptaget.")
        page.check("input[name$=resume]")
        page.get_by_role("button", name="Løs", exact=True).click()
        page.wait_for_url(f"**/match/{match_id}")
        assert "Bekymringen er løst." in page.content()
        page.get_by_role("link", name="Forside", exact=True).first.click()
        page.wait_for_url("**/hjem")
        assert page.locator("section.inbox li", has_text="Bekymring om Yasmin").count() == 0
    finally:
        page.close()
