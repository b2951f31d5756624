"""A caseworker refers a young person with consent in a real browser and follows the status."""

import os
from datetime import date

from coordinator.auth.models import Role
from coordinator.extensions import db
from tests import factories
from tests.conftest import sign_in_page


def test_caseworker_refers_a_young_person_and_sees_it_waiting(
    app, live_server, browser, artifacts_dir
):
    with app.app_context():
        user = factories.make_user(Role.CASEWORKER, name="Camilla Sagsbehandler")
        email = user.email
        db.session.commit()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        sign_in_page(page, live_server, email)
        page.click("text=Mine henvisninger")
        page.click("text=Henvis en ung")
        page.fill("input[name=first_name]", "Mads")
        page.fill("input[name=age]", "13")
        page.fill("input[name=postcode]", "2820")
        page.check("input[name=phase][value=during]")
        page.select_option("select[name=match_type]", "mentor")
        page.check("input[name=needs][value=homework]")
        page.check("input[name=interests][value=football]")
        page.check("input[name=consent_given_by][value=custody_holder]")
        page.fill("input[name=consent_giver_name]", "Lene (mor)")
        page.fill("input[name=consent_given_on]", date.today().isoformat())
        page.fill("textarea[name=consent_scope]", "Henvisning og deling af fornavn og alder.")
        page.fill("input[name=consent_form_location]", "Sag 2026-123")
        page.fill("textarea[name=description_for_volunteer]", "Mads er glad for fodbold.")
        page.fill("textarea[name=case_notes]", "Anbragt i plejefamilie.")
        page.screenshot(path=os.path.join(artifacts_dir, "caseworker-referral-form.png"),
                        full_page=True)
        page.click("main button[type=submit]")
        page.wait_for_url("**/henvisninger/*")
        content = page.content()
        assert "Venter på et match" in content
        assert "Du henviste til koordineringsenheden." in content
        page.screenshot(path=os.path.join(artifacts_dir, "caseworker-referral-status.png"),
                        full_page=True)
        with page.expect_navigation():  # read the list only once it has loaded
            page.click("text=Mine henvisninger")
        assert "Mads (13)" in page.content()
    finally:
        page.close()
