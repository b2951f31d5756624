"""A caseworker searches the real catalogue in a real browser for a need typed in Danish."""

import os

import pytest

from coordinator.auth.models import Role
from coordinator.extensions import db
from tests import factories
from tests.catalogue.helpers import load_real_catalogue
from tests.conftest import sign_in_page

pytestmark = pytest.mark.browser


def test_caseworker_types_a_danish_need_and_sees_a_loneliness_offer(
    app, live_server, browser, artifacts_dir
):
    with app.app_context():
        load_real_catalogue()
        user = factories.make_user(Role.CASEWORKER, name="Sanne Sagsbehandler")
        email = user.email
        db.session.commit()
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        sign_in_page(page, live_server, email)
        page.goto(f"{live_server}/katalog/soeg")
        page.fill("input[name=q]", "har ingen venner og er ensom")
        page.fill("input[name=age]", "16")
        page.click("#offer-search button[type=submit]")
        page.wait_for_selector("#results")
        first = page.locator("#results ol.offer-hits > li").first
        assert "Ventilen" in first.inner_text()
        assert "ensomhed" in first.inner_text()
        page.screenshot(path=os.path.join(artifacts_dir, "catalogue-search-phone.png"))
    finally:
        page.close()
