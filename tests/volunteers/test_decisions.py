"""A coordinator's screening decisions: approve, reject with a reason, put on hold, end.

Each decision asks for confirmation (a second POST), is audited, tells the volunteer once in
their own language, and keeps the volunteer away from the matcher when it should.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.inbox import registry
from coordinator.mail.models import OutboxMessage
from coordinator.matches import adapter
from coordinator.notifications.models import Notification
from coordinator.volunteers import services
from coordinator.volunteers.models import ScreeningStep, Volunteer, VolunteerStatus
from tests import factories

TODAY = date.today()
LATER = TODAY + timedelta(days=60)


def _volunteer(app, status=VolunteerStatus.APPLICANT, locale="da", **fields) -> int:
    with app.app_context():
        user = factories.make_user(Role.VOLUNTEER, locale=locale)
        volunteer = factories.make_volunteer(status=status, user=user, **fields)
        db.session.commit()
        return volunteer.id


def _decide(client, volunteer_id, decision, confirmed=True, **fields):
    data = {f"decide-{decision}-{key}": value for key, value in fields.items()}
    if confirmed:
        data[f"decide-{decision}-confirmed"] = "yes"
    return client.post(f"/frivillig/{volunteer_id}/beslutning/{decision}", data=data)


def _told(app, template):
    """(notifications, mails) of a template."""
    with app.app_context():
        notices = db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.kind == template))
        mails = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == template)).all()
        return notices, [(m.subject, m.text) for m in mails]


def _get(app, volunteer_id) -> Volunteer:
    with app.app_context():
        volunteer = db.session.get(Volunteer, volunteer_id)
        db.session.expunge(volunteer)
        return volunteer


def test_the_first_post_asks_for_confirmation_and_changes_nothing(app, client, auth):
    volunteer_id = _volunteer(app)
    auth.login_as(Role.COORDINATOR)
    page = _decide(client, volunteer_id, "reject", confirmed=False, reason="not_needed_now")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Bekræft beslutningen" in html
    assert "Ja, bekræft" in html
    assert 'name="decide-reject-confirmed" value="yes"' in html
    assert _get(app, volunteer_id).status == VolunteerStatus.APPLICANT
    assert _told(app, "volunteer_rejected") == (0, [])


def test_rejecting_tells_the_volunteer_gently_once_and_keeps_the_conviction_out(
    app, client, auth
):
    volunteer_id = _volunteer(app, status=VolunteerStatus.APPROVED)
    auth.login_as(Role.COORDINATOR)
    response = _decide(client, volunteer_id, "reject", reason="certificate_conviction",
                       note="Dom for vold 2019")
    assert response.status_code == 302
    volunteer = _get(app, volunteer_id)
    assert volunteer.status == VolunteerStatus.REJECTED
    assert volunteer.rejection_reason == "certificate_conviction"
    notices, mails = _told(app, "volunteer_rejected")
    assert notices == 1
    assert len(mails) == 1
    subject, text = mails[0]
    assert subject == "Om din ansøgning som frivillig"
    assert "Kontakt os" in text
    assert "dom" not in text.lower()
    assert "Dom for vold" not in text
    assert "attest" not in text.lower()
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "volunteer.decision.reject")).one()
        assert entry.detail["reason"] == "certificate_conviction"
        # Never offered again: the matcher and the list of available volunteers skip them.
        assert volunteer_id not in {r["id"] for r in adapter.matchable_volunteers(TODAY)}


def test_the_rejection_mail_is_in_the_volunteers_own_language(app, client, auth):
    volunteer_id = _volunteer(app, locale="en")
    auth.login_as(Role.COORDINATOR)
    _decide(client, volunteer_id, "reject", reason="not_needed_now")
    _notices, mails = _told(app, "volunteer_rejected")
    subject, text = mails[0]
    assert subject == "About your application as a volunteer"
    assert "Right now we do not need volunteers for what you offer" in text


def test_putting_on_hold_tells_the_volunteer_and_their_page_agrees(app, client, auth):
    volunteer_id = _volunteer(app, status=VolunteerStatus.APPROVED)
    auth.login_as(Role.COORDINATOR)
    response = _decide(client, volunteer_id, "hold", until=LATER.isoformat(),
                       note="Flytter snart")
    assert response.status_code == 302
    volunteer = _get(app, volunteer_id)
    assert volunteer.status == VolunteerStatus.ON_HOLD
    assert volunteer.on_hold_until == LATER
    notices, mails = _told(app, "volunteer_on_hold")
    assert notices == 1
    assert len(mails) == 1
    assert "Din ansøgning er sat i bero til" in mails[0][1]
    assert "Flytter snart" not in mails[0][1]  # the note is for staff
    with app.app_context():
        assert volunteer_id not in {r["id"] for r in adapter.matchable_volunteers(TODAY)}
        # The daily status refresh does not undo the decision.
        services.refresh_all_statuses(TODAY)
        db.session.commit()
    assert _get(app, volunteer_id).status == VolunteerStatus.ON_HOLD
    with app.app_context():
        email = db.session.get(Volunteer, volunteer_id).user.email
    auth.login(email, factories.PASSWORD)
    page = client.get("/frivillig/min-side").get_data(as_text=True)
    assert "Din ansøgning er sat i bero til" in page
    assert "Tag en pause" not in page


def test_an_application_on_hold_comes_back_to_the_inbox_on_its_date(app, client, auth):
    volunteer_id = _volunteer(app, status=VolunteerStatus.APPROVED, first_name="Birgitte")
    auth.login_as(Role.COORDINATOR)
    _decide(client, volunteer_id, "hold", until=LATER.isoformat())
    with app.test_request_context():
        coordinator = factories.make_user(Role.COORDINATOR)
        before = [i.title for i in registry.items_for(coordinator, LATER - timedelta(days=1))]
        on_the_day = registry.items_for(coordinator, LATER)
        assert not any("Birgitte" in title for title in before)
        item = next(i for i in on_the_day if i.kind == "on_hold")
        assert "Birgitte" in item.title
        assert item.url.endswith(f"/frivillig/{volunteer_id}#decision")
    # Taking it off hold gives the automatic approval back (screening is complete) and tells.
    assert _decide(client, volunteer_id, "approve").status_code == 302
    assert _get(app, volunteer_id).status == VolunteerStatus.APPROVED
    assert _told(app, "volunteer_approved")[0] == 1


def test_ending_an_application_keeps_the_volunteer_from_the_matcher(app, client, auth):
    volunteer_id = _volunteer(app, status=VolunteerStatus.APPROVED)
    auth.login_as(Role.COORDINATOR)
    assert _decide(client, volunteer_id, "end", reason="no_reply").status_code == 302
    volunteer = _get(app, volunteer_id)
    assert volunteer.status == VolunteerStatus.ENDED
    assert volunteer.end_reason == "no_reply"
    with app.app_context():
        assert volunteer_id not in {r["id"] for r in adapter.matchable_volunteers(TODAY)}
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "volunteer.decision.end")) == 1


def test_approve_is_only_offered_when_screening_is_complete(app, client, auth):
    volunteer_id = _volunteer(app)
    auth.login_as(Role.COORDINATOR)
    response = _decide(client, volunteer_id, "approve")
    assert response.status_code == 409
    assert "Den beslutning kan ikke træffes" in response.get_data(as_text=True)
    assert _get(app, volunteer_id).status == VolunteerStatus.APPLICANT
    assert _told(app, "volunteer_approved")[0] == 0


def test_a_failed_decision_rolls_back_and_tells_nobody(app, client, auth, monkeypatch):
    volunteer_id = _volunteer(app)
    auth.login_as(Role.COORDINATOR)

    def fail(*args, **kwargs):
        raise services.DecisionRefused("Nej")

    monkeypatch.setattr(services, "discard_open_matches", fail)
    response = _decide(client, volunteer_id, "reject", reason="other", note="x")
    assert response.status_code == 400
    assert _get(app, volunteer_id).status == VolunteerStatus.APPLICANT
    assert _told(app, "volunteer_rejected") == (0, [])


@pytest.mark.parametrize(("decision", "fields", "message"), [
    ("reject", {"reason": "", "note": "skrevet tekst"}, "Vælg en begrundelse."),
    ("reject", {"reason": "mystery", "note": "skrevet tekst"}, None),
    ("reject", {"reason": "other", "note": ""}, "Skriv en note"),
    ("hold", {"until": (TODAY - timedelta(days=1)).isoformat(), "note": "skrevet tekst"},
     "skal ligge efter i dag"),
    ("hold", {"until": "", "note": "skrevet tekst"}, "Skriv datoen"),
    ("hold", {"until": "31-02-2027", "note": "skrevet tekst"}, None),
    ("end", {"reason": "", "note": "skrevet tekst"}, "Vælg en begrundelse."),
])
def test_bad_input_gives_a_danish_message_and_keeps_what_was_typed(
    app, client, auth, decision, fields, message
):
    volunteer_id = _volunteer(app)
    auth.login_as(Role.COORDINATOR)
    response = _decide(client, volunteer_id, decision, **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Ret venligst de markerede felter nedenfor." in html
    if message:
        assert message in html
    if fields.get("note"):
        assert fields["note"] in html
    assert _get(app, volunteer_id).status == VolunteerStatus.APPLICANT


def test_unknown_decision_is_not_found(app, client, auth):
    volunteer_id = _volunteer(app)
    auth.login_as(Role.COORDINATOR)
    assert _decide(client, volunteer_id, "banish").status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VOLUNTEER, Role.ORGANISATION_CONTACT,
                                  None])
def test_only_coordinators_and_admins_decide(app, client, auth, role):
    volunteer_id = _volunteer(app)
    if role is not None:
        auth.login_as(role)
    response = _decide(client, volunteer_id, "reject", reason="not_needed_now")
    assert response.status_code in (302, 403, 404)
    if role is None:
        assert "/konto/log-ind" in response.headers["Location"]
    else:
        assert response.status_code in (403, 404)
    assert _get(app, volunteer_id).status == VolunteerStatus.APPLICANT
    assert _told(app, "volunteer_rejected") == (0, [])


def test_an_admin_may_decide(app, client, auth):
    volunteer_id = _volunteer(app)
    auth.login_as(Role.ADMIN)
    assert _decide(client, volunteer_id, "end", reason="withdrew").status_code == 302
    assert _get(app, volunteer_id).status == VolunteerStatus.ENDED


def test_the_screening_page_speaks_to_the_coordinator(app, client, auth):
    volunteer_id = _volunteer(app)
    auth.login_as(Role.COORDINATOR)
    html = client.get(f"/frivillig/{volunteer_id}").get_data(as_text=True)
    assert "Hold samtalen." in html
    assert "Vi inviterer dig til en samtale." not in html  # the volunteer's wording
    for summary in ("Afvis", "Sæt i bero", "Afslut ansøgningen"):
        assert summary in html
    assert "Godkend" not in html.split('id="decision"', 1)[1]  # screening not complete


def test_recording_a_step_on_an_application_on_hold_keeps_it_on_hold(app, client, auth):
    volunteer_id = _volunteer(app)
    auth.login_as(Role.COORDINATOR)
    _decide(client, volunteer_id, "hold", until=LATER.isoformat())
    client.post(f"/frivillig/{volunteer_id}/screening",
                data={"step": "interview", "completed_on": TODAY.isoformat()})
    assert _get(app, volunteer_id).status == VolunteerStatus.ON_HOLD
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ScreeningStep)) == 1


def test_a_decision_without_its_reason_links_the_error_summary_to_the_reason(
    app, client, auth
):
    """Before, the summary said only "Ret venligst de markerede felter" with nothing to follow."""
    volunteer_id = _volunteer(app)
    auth.login_as(Role.COORDINATOR)
    page = _decide(client, volunteer_id, "reject", confirmed=False)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    summary = html.split('id="error-summary"', 1)[1].split("</section>", 1)[0]
    assert '<a href="#decide-reject-reason">' in summary
    assert "<details open>" in html
    assert _get(app, volunteer_id).status == VolunteerStatus.APPLICANT
