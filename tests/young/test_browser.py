"""On a phone, in a real browser (Debian's chromium): from the one-time link to a club sign-up."""

import os
from datetime import UTC, datetime, timedelta

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.young import club
from coordinator.young.models import ActivityKind
from tests import factories
from tests.young.helpers import known_young_person, link_and_code, sent_to, young_account

PHONE = {"width": 390, "height": 844}


def test_from_the_one_time_link_to_a_club_sign_up_on_a_phone(app, live_server, browser,
                                                              artifacts_dir):
    with app.app_context():
        known_young_person(email="mobil@test.example.dk", first_name="Maja", age=16)
        proposer, person = young_account(age=17)
        activity = club.propose(person, proposer, {
            "kind": ActivityKind.FILM_NIGHT, "title": "Filmaften i klubben",
            "description": "Popcorn og gyser.", "starts_at": datetime.now(UTC) + timedelta(days=5),
            "location": "Ungdomshuset", "min_age": 15, "max_age": 18, "places": 8})
        staff = factories.make_user(Role.COORDINATOR)
        club.approve(activity, by=staff, host=staff)
        db.session.commit()

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  service_workers="block")
    page = context.new_page()

    def shot(name: str) -> None:
        page.screenshot(path=os.path.join(artifacts_dir, f"young-{name}.png"), full_page=True)

    try:
        page.goto(f"{live_server}/ung/")
        page.wait_for_url("**/ung/log-ind**")
        page.fill("input[name=email]", "mobil@test.example.dk")
        page.click("main button[type=submit]")
        page.wait_for_selector("text=Se din e-mail")
        shot("1-link-sent")
        with app.app_context():
            token, _code = link_and_code(sent_to("mobil@test.example.dk")[-1])
        page.goto(f"{live_server}/ung/log-ind/{token}")
        page.click("main button[type=submit]")
        page.wait_for_url("**/ung/")
        assert "Hej Maja" in page.content()
        # Phone first: nothing is wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot("2-my-page")
        page.click("text=Gå til klubben")
        page.wait_for_url("**/ung/klub")
        card = page.locator("article", has_text="Filmaften i klubben")
        card.locator("button", has_text="Tilmeld mig").click()
        page.wait_for_selector("text=Du er tilmeldt.")
        shot("3-signed-up")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # The link was used: opening it again does not sign anyone in.
        page.goto(f"{live_server}/ung/log-ind/{token}")
        assert "Linket virker ikke længere" in page.content()
    finally:
        context.close()
