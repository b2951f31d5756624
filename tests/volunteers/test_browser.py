"""A volunteer signs up on a phone in a real browser and confirms from the e-mail."""

import os
from urllib.parse import urlsplit

from sqlalchemy import select

from coordinator.extensions import db
from coordinator.volunteers.models import Volunteer
from tests.volunteers.helpers import confirmation_link


def test_volunteer_signs_up_on_a_phone_and_confirms_by_email(
    app, live_server, browser, artifacts_dir, smtp_server
):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{live_server}/frivillig/tilmeld")
        assert "Bliv frivillig" in page.content()
        assert "Trin 1 af 4" in page.content()
        # The steps are short and fit the phone: nothing scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=os.path.join(artifacts_dir, "volunteer-signup-phone.png"),
                        full_page=True)
        next_button = "main button[name=go][value=next]"
        # Step 1: who you are, with a typo first: the page must say so and keep the rest.
        page.fill("input[name=first_name]", "Sofie")
        page.fill("input[name=last_name]", "Nielsen")
        page.fill("input[name=age_or_birth_year]", "34")
        page.fill("input[name=postcode]", "282")
        page.check("input[name=languages][value=da]")
        page.click(next_button)
        assert "Skriv et dansk postnummer på fire cifre." in page.content()
        assert "Trin 1 af 4" in page.content()
        assert page.input_value("input[name=first_name]") == "Sofie"
        assert page.is_checked("input[name=languages][value=da]")
        page.screenshot(path=os.path.join(artifacts_dir, "volunteer-signup-error-phone.png"),
                        full_page=True)
        page.fill("input[name=postcode]", "2820")
        page.click(next_button)
        # Step 2: on your own (the default).
        page.wait_for_url("**/frivillig/tilmeld?trin=2")
        assert "Trin 2 af 4" in page.content()
        page.click(next_button)
        # Step 3: what you would like to do.
        page.wait_for_url("**/frivillig/tilmeld?trin=3")
        page.check("input[name=offers][value=mentor]")
        page.check("input[name=offers][value=events]")
        page.check("input[name=interests][value=football]")
        page.check("input[name=availability][value=weekend]")
        # Back to step 1 and forward again: nothing is lost.
        page.click("main button[name=go][value=back]")
        page.wait_for_url("**/frivillig/tilmeld?trin=2")
        page.click("main button[name=go][value=back]")
        page.wait_for_url("**/frivillig/tilmeld?trin=1")
        assert page.input_value("input[name=postcode]") == "2820"
        page.click(next_button)
        page.wait_for_url("**/frivillig/tilmeld?trin=2")
        page.click(next_button)
        page.wait_for_url("**/frivillig/tilmeld?trin=3")
        assert page.is_checked("input[name=offers][value=events]")
        page.click(next_button)
        # Step 4: the account and consent.
        page.wait_for_url("**/frivillig/tilmeld?trin=4", timeout=5000)
        assert "Trin 4 af 4" in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.fill("input[name=email]", "sofie@test.example.dk")
        page.fill("input[name=password]", "et-godt-kodeord-2026")
        page.fill("input[name=password_again]", "et-godt-kodeord-2026")
        page.check("input[name=privacy_consent]")
        page.click(next_button)
        # The same page whether or not the address had an account: nothing is revealed.
        page.wait_for_url("**/frivillig/tilmeld/sendt")
        assert "Se din e-mail" in page.content()

        link = confirmation_link(smtp_server.messages[-1])
        page.goto(live_server + urlsplit(link).path)
        page.wait_for_url("**/konto/log-ind")
        assert "Tak, din e-mailadresse er bekræftet." in page.content()
        page.fill("input[name=email]", "sofie@test.example.dk")
        page.fill("input[name=password]", "et-godt-kodeord-2026")
        page.click("main button[type=submit]")
        page.wait_for_url("**/hjem")
        page.goto(f"{live_server}/frivillig/min-side")
        assert "Vi inviterer dig til en samtale." in page.content()
        page.screenshot(path=os.path.join(artifacts_dir, "volunteer-my-page-phone.png"),
                        full_page=True)
    finally:
        page.close()
    with app.app_context():
        volunteer = db.session.scalars(select(Volunteer)).one()
        assert volunteer.user.email_confirmed_at is not None
        assert volunteer.offers == ["mentor", "events"]
