"""A form sent after its CSRF token or its sign-in ran out keeps what was typed: the person is
asked to sign in again (or just sees the form again with a fresh token) and then finds the form
filled in, ready to send. Tested with CSRF protection switched on, as in production."""

import re
import time
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import select, update

from coordinator.auth.models import Role, UserSession
from coordinator.drafts.models import FormDraft
from coordinator.extensions import db
from coordinator.matches.models import Concern, MeetingLog
from tests import factories
from tests.events.helpers import live_match

CONCERN = "Mikkel fortalte, at han ikke tør gå hjem efter skole."
ACTIVITY = "Vi spillede skak på biblioteket og talte om skolen."


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


@pytest.fixture
def strict(make_app):
    """The app with CSRF protection on."""
    return make_app(WTF_CSRF_ENABLED=True)


def sign_in(client, email: str):
    token = csrf_token(client.get("/konto/log-ind").get_data(as_text=True))
    return client.post("/konto/log-ind", data={
        "email": email, "password": factories.PASSWORD, "csrf_token": token,
    })


@pytest.fixture
def volunteer_in_a_match(strict):
    """A signed-up volunteer (e-mail) in an active match (id)."""
    with strict.app_context():
        user = factories.make_user(Role.VOLUNTEER)
        volunteer = factories.make_volunteer(user=user)
        match, _person = live_match(volunteer=volunteer)
        db.session.commit()
        return user.email, match.id


def expire_csrf_tokens(app):
    """Make the tokens already on the page older than the configured limit."""
    app.config["WTF_CSRF_TIME_LIMIT"] = 1
    time.sleep(2.1)


def test_an_expired_csrf_token_on_the_concern_form_keeps_what_was_typed(
    strict, volunteer_in_a_match
):
    email, match_id = volunteer_in_a_match
    client = strict.test_client()
    sign_in(client, email)
    page = f"/match/{match_id}"
    token = csrf_token(client.get(page).get_data(as_text=True))
    expire_csrf_tokens(strict)

    response = client.post(f"{page}/bekymring", data={
        "csrf_token": token, "concern_type": "child_safety", "description": CONCERN,
    }, headers={"Referer": f"http://localhost{page}"})
    # Not an error page: back to the page of the form, with a fresh token.
    assert response.status_code == 303
    assert response.headers["Location"] == page
    strict.config["WTF_CSRF_TIME_LIMIT"] = 8 * 3600
    with strict.app_context():
        assert db.session.scalars(select(Concern)).all() == []  # nothing was sent
        kept = db.session.scalars(select(FormDraft)).one()
        assert "csrf_token" not in kept.data

    html = unescape(client.get(page).get_data(as_text=True))
    assert "Formularen var udløbet, så den blev ikke sendt." in html
    assert CONCERN in html
    assert re.search(r'<option selected value="child_safety">', html)
    # Only the concern form is filled in, not the meeting form on the same page.
    assert html.count(CONCERN) == 1
    # Shown once: the kept copy is gone, and a reload shows an empty form.
    with strict.app_context():
        assert db.session.scalars(select(FormDraft)).all() == []
    assert CONCERN not in unescape(client.get(page).get_data(as_text=True))

    # Sending it again with the fresh token works.
    fresh = csrf_token(html)
    response = client.post(f"{page}/bekymring", data={
        "csrf_token": fresh, "concern_type": "child_safety", "description": CONCERN,
    })
    assert response.status_code == 302
    with strict.app_context():
        assert db.session.scalars(select(Concern.description)).all() == [CONCERN]


def _end_the_server_session(app, email: str) -> None:
    """The volunteer was idle longer than the timeout: the server session has run out."""
    with app.app_context():
        db.session.execute(update(UserSession).values(
            last_seen_at=datetime.now(UTC) - timedelta(hours=3)))
        db.session.commit()


def _log_meeting_after_the_session_ran_out(strict, client, email, match_id):
    sign_in(client, email)
    page = f"/match/{match_id}"
    token = csrf_token(client.get(page).get_data(as_text=True))
    _end_the_server_session(strict, email)
    return client.post(f"{page}/moede", data={
        "csrf_token": token, "met_on": date.today().isoformat(), "activity": ACTIVITY,
        "minutes": "90",
    }, headers={"Referer": f"http://localhost{page}"})


def test_an_expired_sign_in_on_the_meeting_note_asks_to_sign_in_and_then_fills_it_in(
    strict, volunteer_in_a_match
):
    email, match_id = volunteer_in_a_match
    client = strict.test_client()
    response = _log_meeting_after_the_session_ran_out(strict, client, email, match_id)
    page = f"/match/{match_id}"
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/konto/log-ind?next=")
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Du blev logget ud, før formularen blev sendt." in unescape(login_page)

    # Signing in again leads back to the page, with the note filled in.
    token = csrf_token(login_page)
    response = client.post(response.headers["Location"], data={
        "email": email, "password": factories.PASSWORD, "csrf_token": token,
    })
    assert response.headers["Location"].endswith(page)
    html = unescape(client.get(page).get_data(as_text=True))
    assert f'value="{ACTIVITY}"' in html
    assert 'value="90"' in html
    with strict.app_context():
        assert db.session.scalars(select(MeetingLog)).all() == []

    response = client.post(f"{page}/moede", data={
        "csrf_token": csrf_token(html), "met_on": date.today().isoformat(),
        "activity": ACTIVITY, "minutes": "90",
    })
    assert response.status_code == 302
    with strict.app_context():
        assert db.session.scalars(select(MeetingLog.activity)).all() == [ACTIVITY]


def test_someone_else_signing_in_on_the_same_browser_never_sees_the_kept_form(
    strict, volunteer_in_a_match
):
    email, match_id = volunteer_in_a_match
    client = strict.test_client()
    _log_meeting_after_the_session_ran_out(strict, client, email, match_id)
    with strict.app_context():
        other = factories.make_user(Role.COORDINATOR)
        db.session.commit()
        other_email = other.email
    sign_in(client, other_email)
    html = unescape(client.get(f"/match/{match_id}").get_data(as_text=True))
    assert ACTIVITY not in html


def test_a_password_is_never_kept(strict):
    with strict.app_context():
        user = factories.make_user(Role.VOLUNTEER)
        factories.make_volunteer(user=user)
        db.session.commit()
        email = user.email
    client = strict.test_client()
    sign_in(client, email)
    response = client.post("/konto/adgangskode", data={
        "csrf_token": "an-old-token", "current_password": factories.PASSWORD,
        "new_password": "et-nyt-og-godt-kodeord-77", "new_password_again": "x",
    }, headers={"Referer": "http://localhost/konto/adgangskode"})
    assert response.status_code in (303, 400)
    with strict.app_context():
        for draft in db.session.scalars(select(FormDraft)):
            assert not [key for key in draft.data if "password" in key]


def test_a_forged_post_from_another_site_is_not_kept(strict, volunteer_in_a_match):
    """Text posted without this browser's own token (a cross-site post) must never end up in
    the person's form."""
    email, match_id = volunteer_in_a_match
    client = strict.test_client()
    sign_in(client, email)
    attacker = strict.test_client()
    foreign = csrf_token(attacker.get("/konto/log-ind").get_data(as_text=True))
    page = f"/match/{match_id}"
    for token in (None, foreign):
        data = {"concern_type": "other", "description": "Skrevet af en anden."}
        if token:
            data["csrf_token"] = token
        response = client.post(f"{page}/bekymring", data=data,
                               headers={"Referer": f"http://localhost{page}"})
        assert response.status_code == 400
    assert "Skrevet af en anden." not in client.get(page).get_data(as_text=True)
    with strict.app_context():
        assert db.session.scalars(select(FormDraft)).all() == []
