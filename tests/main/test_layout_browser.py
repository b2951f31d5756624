"""What the usability walk found in a real browser, on a phone (360 px) and a desktop (1280 px):
filter forms that Pico drew as one squeezed pill, a sign-up progress laid out as a menu bar,
and table headings broken inside a word."""

import pytest

from coordinator.auth.models import Role
from coordinator.extensions import db
from tests import factories
from tests.conftest import sign_in_page

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def coordinator_page(app, live_server, browser):
    """A signed-in coordinator's browser page, with a few referrals and volunteers to list."""
    with app.app_context():
        user = factories.make_user(Role.COORDINATOR)
        caseworker = factories.make_user(Role.CASEWORKER)
        for _ in range(3):
            factories.make_referral(caseworker=caseworker)
            factories.make_volunteer()
        email = user.email
        db.session.commit()
    page = browser.new_page(viewport=PHONE)
    sign_in_page(page, live_server, email)
    yield page
    page.close()


@pytest.mark.parametrize("path", ["/frivillig/", "/henvisninger/"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_list_filter_has_an_ordinary_button_and_square_fields(
        coordinator_page, live_server, path, viewport):
    page = coordinator_page
    page.set_viewport_size(viewport)
    page.goto(f"{live_server}{path}")
    button = page.locator("form[role=search] button[type=submit]").bounding_box()
    # Before: a round button as tall as the whole form; on a phone "Filtrér" one letter a line.
    assert button["height"] < 70
    assert button["width"] > button["height"]
    radii = page.eval_on_selector(
        "form[role=search] select",
        "el => [getComputedStyle(el).borderTopLeftRadius,"
        " getComputedStyle(el).borderTopRightRadius]")
    assert radii[0] == radii[1]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_sign_up_steps_stand_below_the_progress_bar(live_server, browser, viewport):
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(f"{live_server}/frivillig/tilmeld")
        nav = page.locator("nav.signup-steps").bounding_box()
        title = page.locator("#signup-progress").bounding_box()
        bar = page.locator("nav.signup-steps progress").bounding_box()
        steps = page.locator("nav.signup-steps ol").bounding_box()
        # Before: "Trin 1 af 4" squeezed into a narrow column beside the bar and the steps.
        assert title["width"] > nav["width"] * 0.9
        assert bar["y"] >= title["y"] + title["height"] - 1
        assert steps["y"] >= bar["y"] + bar["height"] - 1
    finally:
        page.close()


def test_list_headings_are_not_broken_inside_a_word_on_a_phone(coordinator_page, live_server):
    page = coordinator_page
    page.goto(f"{live_server}/henvisninger/")
    heading = page.locator("table thead th").first
    assert heading.inner_text().strip() == "Hvem"
    line = float(heading.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    padding = heading.evaluate(
        "el => parseFloat(getComputedStyle(el).paddingTop)"
        " + parseFloat(getComputedStyle(el).paddingBottom)")
    # Before: "Hve" on one line and "m" on the next.
    assert heading.bounding_box()["height"] - padding < line * 1.5
    # The table scrolls in its own box instead; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
