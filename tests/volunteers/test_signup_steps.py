"""The volunteer sign-up in four steps: what was typed is kept on the server between the steps,
after an error and when going back; skipping ahead is refused kindly; the last step creates the
volunteer exactly as the one-page form did."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.drafts.models import FormDraft
from coordinator.extensions import db
from coordinator.volunteers.models import Volunteer
from tests.volunteers.helpers import SIGNUP, post_step, step_data


def test_each_step_goes_to_the_next_and_the_last_creates_the_volunteer(app, client):
    page = client.get(SIGNUP).get_data(as_text=True)
    assert "Trin 1 af 4" in page
    for step in (1, 2, 3):
        response = post_step(client, step)
        assert response.status_code == 302, step
        assert response.headers["Location"].endswith(f"/frivillig/tilmeld?trin={step + 1}")
        assert f"Trin {step + 1} af 4" in client.get(response.headers["Location"]).get_data(
            as_text=True)
    last = client.get(f"{SIGNUP}?trin=4").get_data(as_text=True)
    assert "Privatlivserklæring" in last
    assert 'name="privacy_consent"' in last
    response = post_step(client, 4)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/frivillig/tilmeld/sendt")
    with app.app_context():
        volunteer = db.session.scalars(select(Volunteer)).one()
        # Values from every step reached the volunteer.
        assert (volunteer.first_name, volunteer.postcode) == ("Mette", "2820")
        assert volunteer.languages == ["da", "en"]
        assert volunteer.offers == ["mentor", "events"]
        assert volunteer.capacity == 2
        assert volunteer.user.email == "mette@test.example.dk"
        # The same audit as the one-page form, and the draft is gone.
        assert db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "volunteer.signed_up")) is not None
        assert db.session.scalars(select(FormDraft)).all() == []


def test_a_step_not_yet_filled_shows_its_defaults(client):
    post_step(client, 1)
    step_two = client.get(f"{SIGNUP}?trin=2").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="kind"[^>]*value="person"', step_two)
    post_step(client, 2)
    step_three = client.get(f"{SIGNUP}?trin=3").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="capacity"[^>]*value="1"', step_three)


def test_an_error_on_a_step_keeps_everything_typed_and_stays_on_the_step(app, client):
    post_step(client, 1)
    response = post_step(client, 2, kind="family", **{"member1-first_name": "Ole"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Trin 2 af 4" in html
    assert "Skriv alderen." in html
    assert 'value="Ole"' in html
    # Step 1 was kept while step 2 had the error.
    back = client.post(SIGNUP, data=step_data(2, "back", kind="family",
                                              **{"member1-first_name": "Ole"}))
    assert back.headers["Location"].endswith("?trin=1")
    step_one = client.get(back.headers["Location"]).get_data(as_text=True)
    assert 'value="Mette"' in step_one
    assert 'value="2820"' in step_one
    # Going forward again shows step 2 as it was left, error and all fixable.
    post_step(client, 1)
    step_two = client.get(f"{SIGNUP}?trin=2").get_data(as_text=True)
    assert 'value="Ole"' in step_two


def test_back_keeps_what_was_typed_on_every_step(client):
    post_step(client, 1)
    post_step(client, 2)
    post_step(client, 3, about="Jeg spiller skak.", capacity="3")
    response = client.post(SIGNUP, data=step_data(4, "back", email="mette@test.example.dk"))
    assert response.headers["Location"].endswith("?trin=3")
    step_three = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jeg spiller skak." in step_three
    assert 'value="3"' in step_three
    step_one = client.get(f"{SIGNUP}?trin=1").get_data(as_text=True)
    assert 'value="Hansen"' in step_one


def test_a_cpr_number_on_a_step_is_refused_and_the_rest_kept(app, client):
    post_step(client, 1)
    post_step(client, 2)
    response = post_step(client, 3, about="Mit cpr er 010190-1234")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Skriv ikke CPR-numre her." in html
    assert 'value="Kager"' in html  # interests_other, typed on the same step
    with app.app_context():
        assert db.session.scalars(select(Volunteer)).all() == []


def test_skipping_ahead_is_refused_kindly(client):
    response = client.get(f"{SIGNUP}?trin=4")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("?trin=1")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Udfyld venligst trinene i rækkefølge" in page
    # Posting step 4 straight away is refused the same way, and creates nobody.
    response = post_step(client, 4)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("?trin=1")
    # After step 1, step 2 opens but step 3 still does not.
    post_step(client, 1)
    assert client.get(f"{SIGNUP}?trin=2").status_code == 200
    assert client.get(f"{SIGNUP}?trin=3").headers["Location"].endswith("?trin=2")


def test_no_password_or_csrf_token_is_kept_in_the_draft(app, client):
    post_step(client, 1)
    response = client.post(SIGNUP, data=step_data(4, "back"))
    assert response.status_code == 302
    with app.app_context():
        draft = db.session.scalars(select(FormDraft)).one()
        assert draft.data["first_name"] == ["Mette"]
        assert not {"password", "password_again", "csrf_token"} & set(draft.data)
        assert len(draft.token_hash) == 64  # only a hash of the session's token is stored


def test_a_draft_older_than_a_day_is_not_used(app, client):
    post_step(client, 1)
    with app.app_context():
        draft = db.session.scalars(select(FormDraft)).one()
        draft.updated_at = datetime.now(UTC) - timedelta(days=2)
        db.session.commit()
    assert client.get(f"{SIGNUP}?trin=2").headers["Location"].endswith("?trin=1")
    assert 'value="Mette"' not in client.get(SIGNUP).get_data(as_text=True)


def test_another_browser_does_not_see_the_draft(app, client):
    post_step(client, 1)
    other = app.test_client()
    html = other.get(SIGNUP).get_data(as_text=True)
    assert 'value="Mette"' not in html
