"""Printing: a caseworker prints the shortlist for the family meeting, and a match's agreement.
On paper only the content shows (no menu, buttons or forms), and never a case note."""

from datetime import date

import pytest

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import MatchStatus
from tests import factories
from tests.conftest import sign_in_page

pytestmark = pytest.mark.browser
CASE_NOTE = "Mor har svært ved at overholde aftaler (FORTROLIGT)"


def _printed_text(browser, live_server: str, email: str, path: str) -> tuple[str, str]:
    """The page's text on screen and as the browser lays it out for printing."""
    page = browser.new_page()
    try:
        sign_in_page(page, live_server, email)
        page.goto(live_server + path)
        on_screen = page.evaluate("document.body.innerText")
        page.emulate_media(media="print")
        return on_screen, page.evaluate("document.body.innerText")
    finally:
        page.close()


def test_the_printed_shortlist_shows_the_volunteers_and_no_case_notes(app, live_server, browser):
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER)
        referral = factories.make_referral(caseworker, case_notes=CASE_NOTE)
        for name in ("Birgitte", "Carsten"):
            volunteer = factories.make_volunteer(first_name=name, about=f"{name} spiller skak.")
            factories.make_match(referral.id, volunteer.id, MatchStatus.SHORTLISTED,
                                 reasons=[["shared_interests", "skak"]])
        db.session.commit()
        email, path = caseworker.email, f"/match/henvisning/{referral.id}/valg"

    on_screen, printed = _printed_text(browser, live_server, email, path)

    assert "Birgitte" in printed
    assert "Carsten spiller skak." in printed
    assert CASE_NOTE not in printed
    # Paper has no use for the menu, the sign-out button or the choice's radio buttons.
    assert "Log ud" in on_screen
    assert "Log ud" not in printed
    assert "Registrér familiens valg" not in printed


def test_the_printed_agreement_shows_what_was_agreed_and_no_case_notes(app, live_server, browser):
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER)
        referral = factories.make_referral(caseworker, case_notes=CASE_NOTE)
        volunteer = factories.make_volunteer(first_name="Dorthe")
        match = factories.make_match(
            referral.id, volunteer.id, MatchStatus.ACTIVE, start_date=date.today(),
            agreement_frequency="Hver anden uge", agreement_activities="Lektier og fodbold",
            agreement_duration="Et år", agreement_contact="Koordinator Karen, 39 98 00 00")
        db.session.commit()
        email, path = caseworker.email, f"/match/{match.id}"

    on_screen, printed = _printed_text(browser, live_server, email, path)

    assert "Hver anden uge" in printed
    assert "Lektier og fodbold" in printed
    assert CASE_NOTE not in printed
    assert "Log ud" not in printed
