"""The whole journey in a real browser (Debian's chromium), each role in its own session."""

import os
from datetime import date

from sqlalchemy import select

from coordinator import demo
from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.matches import proposals
from coordinator.referrals.models import Referral, ReferralStatus
from tests.conftest import sign_in_page


def _pick_demo_referral(app):
    """A waiting referral of the demo caseworker with at least two fitting volunteers."""
    with app.app_context():
        demo.seed()
        db.session.commit()
        caseworker = db.session.scalar(
            select(User).where(User.email == demo.DEMO_ACCOUNTS[Role.CASEWORKER])
        )
        for referral in db.session.scalars(
            select(Referral)
            .where(
                Referral.caseworker_id == caseworker.id, Referral.status == ReferralStatus.WAITING
            )
            .order_by(Referral.id)
        ):
            candidates = proposals.candidates_for(referral, date.today())
            if len(candidates) >= 2 and referral.young_person is not None:
                first, second = candidates[:2]
                return (
                    referral.id,
                    referral.young_person.first_name,
                    (first.volunteer.id, first.volunteer.full_name, first.volunteer.user.email),
                    (second.volunteer.id, second.volunteer.full_name),
                )
    raise AssertionError("the demo data has a referral with two fitting volunteers")


def _signed_in(browser, live_server, email, viewport=None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_page(page, live_server, email, demo.DEMO_PASSWORD)
    return context, page


def test_referral_to_closed_match_in_the_browser(app, live_server, browser, artifacts_dir):
    referral_id, young_name, (vol_id, vol_name, vol_email), (other_id, other_name) = (
        _pick_demo_referral(app)
    )

    def shot(page, name):
        page.screenshot(path=os.path.join(artifacts_dir, f"journey-{name}.png"), full_page=True)

    coordinator_ctx, coordinator = _signed_in(
        browser, live_server, demo.DEMO_ACCOUNTS[Role.COORDINATOR]
    )
    coordinator.goto(f"{live_server}/match/henvisninger/{referral_id}")
    assert "Hvem passer?" in coordinator.content()
    assert "Sagsnotater (kun for medarbejdere)" in coordinator.content()
    coordinator.check(f"#pick-{vol_id}")
    coordinator.check(f"#pick-{other_id}")
    shot(coordinator, "1-coordinator-proposals")
    coordinator.click("text=Sæt på kortlisten")
    assert "Kortlisten er klar" in coordinator.content()

    caseworker_ctx, caseworker = _signed_in(
        browser, live_server, demo.DEMO_ACCOUNTS[Role.CASEWORKER]
    )
    assert "er klar" in caseworker.content()  # the inbox item: "Kortlisten for … er klar"
    caseworker.goto(f"{live_server}/match/henvisning/{referral_id}/valg")
    content = caseworker.content()
    assert vol_name.split()[0] in content
    assert other_name.split()[0] in content
    assert "Sagsnotat" not in content
    caseworker.check(f"text={vol_name.split()[0]}")
    shot(caseworker, "2-caseworker-shortlist")
    caseworker.click("text=Registrér familiens valg")
    assert "Valget er registreret" in caseworker.content()

    volunteer_ctx, volunteer = _signed_in(
        browser, live_server, vol_email, viewport={"width": 390, "height": 844}
    )
    assert "Et forslag venter på dit svar" in volunteer.content()
    volunteer.click("text=Læs og svar")
    match_path = volunteer.url.removeprefix(live_server)
    content = volunteer.content()
    assert young_name in content
    assert "Sagsnotat" not in content
    shot(volunteer, "3-volunteer-offer-phone")
    volunteer.check("text=Ja, det vil jeg gerne")
    volunteer.click("text=Send mit svar")
    # the click starts a POST and a redirect: read the page once the answer page has arrived
    volunteer.wait_for_selector("text=Tak for dit svar.")
    assert "Tak for dit svar." in volunteer.content()

    coordinator.goto(f"{live_server}/hjem")
    assert "Accepteret, klar til start" in coordinator.content()
    coordinator.goto(f"{live_server}{match_path}")
    coordinator.fill("input[name=frequency]", "Hver anden uge")
    coordinator.fill("textarea[name=activities]", "Fodbold og lektier")
    coordinator.fill("input[name=duration]", "Et år")
    coordinator.fill("input[name=contact]", "Koordineringsenheden, 39 98 00 00")
    coordinator.click("button:has-text('Start matchet')")
    assert "Matchet er startet" in coordinator.content()
    coordinator.click("details:has(form[action*=opfoelgning]) >> summary >> nth=0")
    check_in = coordinator.locator("form[action*=opfoelgning]").first
    # The labels of this form operate this form's own controls (each form has its own ids).
    check_in.get_by_label("Med hvem").fill(vol_name)
    check_in.get_by_label("4", exact=True).check()
    check_in.get_by_label("Notater (kun for medarbejdere)").fill("Godt i gang")
    check_in.locator("button[type=submit]").click()
    assert "Opfølgningen er registreret." in coordinator.content()
    shot(coordinator, "4-coordinator-active-match")

    volunteer.goto(f"{live_server}/match/mine")
    assert "Aktiv" in volunteer.content()
    assert "Godt i gang" not in volunteer.content()  # check-in notes are staff only

    # Closing is folded away, nothing is preselected, and a confirmation step comes first.
    close = coordinator.locator("details.close-match")
    close.locator("summary").click()
    close.get_by_label("Årsag til afslutning").select_option("planned_completed")
    close.get_by_label("Afslutningssamtale holdt med den frivillige").check()
    close.get_by_label("Afslutningssamtale holdt med den unge").check()
    close.locator("button:has-text('Afslut matchet')").click()
    assert "Afslut matchet?" in coordinator.content()
    coordinator.click("text=Nej, gå tilbage")
    assert "Aktiv" in coordinator.content()  # going back changed nothing
    close.locator("summary").click()
    close.get_by_label("Årsag til afslutning").select_option("planned_completed")
    close.locator("button:has-text('Afslut matchet')").click()
    coordinator.click("button:has-text('Ja, afslut matchet')")
    assert "Matchet er afsluttet." in coordinator.content()
    shot(coordinator, "5-coordinator-closed")

    coordinator.goto(f"{live_server}/vidensbank/")
    assert "Hvor længe match varer" in coordinator.content()
    shot(coordinator, "6-knowledge-bank")
    for context in (coordinator_ctx, caseworker_ctx, volunteer_ctx):
        context.close()
