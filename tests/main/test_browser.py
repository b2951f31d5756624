"""A real browser (Debian's chromium through Playwright) sees the login page and signs in."""

import os

from coordinator.auth.models import Role
from coordinator.extensions import db
from tests import factories
from tests.conftest import sign_in_page


def test_coordinator_signs_in_through_a_real_browser(app, live_server, browser, artifacts_dir):
    with app.app_context():
        user = factories.make_user(Role.COORDINATOR, name="Karen Koordinator")
        email = user.email
        db.session.commit()
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        sign_in_page(page, live_server, email)
        assert "Hej Karen Koordinator" in page.content()
        page.screenshot(path=os.path.join(artifacts_dir, "coordinator-home-phone.png"))
    finally:
        page.close()
