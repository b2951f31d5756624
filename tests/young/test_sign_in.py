"""A young person's passwordless sign-in: a one-time link or code that works once, briefly,
for those aged 15 or over, throttled, and with the same answer for every address."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.mail.models import OutboxMessage
from coordinator.referrals.models import YoungPerson
from coordinator.young import accounts
from coordinator.young.models import SignInToken
from tests import factories
from tests.young.helpers import known_young_person, link_and_code, sent_to, sign_in

SAME_ANSWER = "Hvis adressen tilhører en ung"


def _ask(client, email: str):
    return client.post("/ung/log-ind", data={"email": email})


def test_a_known_young_person_gets_a_link_that_signs_them_in(app, client):
    with app.app_context():
        known_young_person(email="asta@test.example.dk")
        db.session.commit()
    answer = _ask(client, "Asta@Test.example.dk ")
    assert answer.status_code == 200
    assert SAME_ANSWER in answer.get_data(as_text=True)
    with app.app_context():
        token, _code = link_and_code(sent_to("asta@test.example.dk")[-1])
    # Opening the link only shows a button: a mail scanner that fetches it signs nobody in.
    assert "Log ind" in client.get(f"/ung/log-ind/{token}").get_data(as_text=True)
    assert client.get("/ung/").status_code == 302
    response = client.post(f"/ung/log-ind/{token}")
    assert response.headers["Location"].endswith("/ung/")
    page = client.get("/ung/")
    assert page.status_code == 200
    assert "Hej Asta" in page.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "asta@test.example.dk"))
        assert user.role == Role.YOUNG_PERSON
        assert user.email_confirmed_at is not None


def test_the_code_from_the_email_signs_in_too(app, client):
    with app.app_context():
        known_young_person(email="bo@test.example.dk", first_name="Bo")
        db.session.commit()
    _ask(client, "bo@test.example.dk")
    with app.app_context():
        _token, code = link_and_code(sent_to("bo@test.example.dk")[-1])
    response = client.post("/ung/log-ind/kode", data={"email": "bo@test.example.dk",
                                                       "code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    assert "Hej Bo" in client.get("/ung/").get_data(as_text=True)


def test_a_link_works_only_once(app, client):
    with app.app_context():
        known_young_person()
        db.session.commit()
    _ask(client, "asta@test.example.dk")
    with app.app_context():
        token, code = link_and_code(sent_to("asta@test.example.dk")[-1])
    assert client.post(f"/ung/log-ind/{token}").status_code == 302
    client.post("/konto/log-ud")
    again = client.post(f"/ung/log-ind/{token}")
    assert again.status_code == 410
    assert "virker ikke længere" in again.get_data(as_text=True)
    # Its code is spent with it.
    by_code = client.post("/ung/log-ind/kode", data={"email": "asta@test.example.dk",
                                                      "code": code})
    assert by_code.status_code == 400
    assert client.get("/ung/").status_code == 302


def test_a_link_runs_out(app, client):
    with app.app_context():
        known_young_person()
        db.session.commit()
    _ask(client, "asta@test.example.dk")
    with app.app_context():
        token, code = link_and_code(sent_to("asta@test.example.dk")[-1])
        db.session.execute(update(SignInToken).values(
            expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()
    assert client.get(f"/ung/log-ind/{token}").status_code == 410
    assert client.post(f"/ung/log-ind/{token}").status_code == 410
    assert client.post("/ung/log-ind/kode", data={"email": "asta@test.example.dk",
                                                   "code": code}).status_code == 400
    assert client.get("/ung/").status_code == 302


def test_a_link_is_short_lived_by_default(app):
    with app.app_context():
        person = known_young_person()
        accounts.request_sign_in(person.email, date.today())
        row = db.session.scalar(select(SignInToken))
        assert row.expires_at - row.created_at == timedelta(minutes=15)


def test_wrong_codes_kill_the_code(app, client):
    with app.app_context():
        known_young_person()
        db.session.commit()
    _ask(client, "asta@test.example.dk")
    with app.app_context():
        _token, code = link_and_code(sent_to("asta@test.example.dk")[-1])
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        response = client.post("/ung/log-ind/kode", data={"email": "asta@test.example.dk",
                                                           "code": wrong})
        assert response.status_code == 400
        assert "Koden er forkert" in response.get_data(as_text=True)
    right = client.post("/ung/log-ind/kode", data={"email": "asta@test.example.dk",
                                                    "code": code})
    assert right.status_code == 400
    assert client.get("/ung/").status_code == 302


def test_a_wrong_code_is_named_in_the_error_summary_above_the_form(app, client):
    with app.app_context():
        known_young_person()
        db.session.commit()
    _ask(client, "asta@test.example.dk")
    with app.app_context():
        _token, code = link_and_code(sent_to("asta@test.example.dk")[-1])
    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/ung/log-ind/kode", data={"email": "asta@test.example.dk",
                                                       "code": wrong})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="error-summary"' in html
    assert "Ret venligst de markerede felter nedenfor." in html
    assert 'href="#code"' in html  # the summary's link takes the reader to the code field


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, client):
    with app.app_context():
        known_young_person(email="known@test.example.dk")
        db.session.commit()
    known = _ask(client, "known@test.example.dk")
    unknown = _ask(client, "nobody@test.example.dk")
    assert known.status_code == unknown.status_code == 200
    # The page is the same word for word, apart from the address typed into the code form.
    assert known.get_data(as_text=True).replace("known@", "X@") == unknown.get_data(
        as_text=True).replace("nobody@", "X@")
    with app.app_context():
        assert sent_to("nobody@test.example.dk") == []
        assert db.session.scalar(select(func.count()).select_from(User).where(
            User.email == "nobody@test.example.dk")) == 0


def test_a_staff_address_gets_no_young_link(app, client):
    with app.app_context():
        staff = factories.make_user(Role.COORDINATOR)
        db.session.commit()
        email = staff.email
    assert SAME_ANSWER in _ask(client, email).get_data(as_text=True)
    with app.app_context():
        assert sent_to(email) == []


def test_a_14_year_old_cannot_make_an_account(app, client):
    with app.app_context():
        known_young_person(age=14, email="lille@test.example.dk")
        db.session.commit()
    assert SAME_ANSWER in _ask(client, "lille@test.example.dk").get_data(as_text=True)
    with app.app_context():
        assert sent_to("lille@test.example.dk") == []
        person = db.session.scalar(select(YoungPerson).where(
            YoungPerson.email == "lille@test.example.dk"))
        assert person.user_id is None
        with pytest.raises(accounts.TooYoung):
            accounts.invite(factories.make_user(Role.CASEWORKER), person, date.today())


def test_an_unconfirmed_address_gets_no_account(app, client):
    with app.app_context():
        known_young_person(email="unconfirmed@test.example.dk", email_confirmed_at=None)
        db.session.commit()
    _ask(client, "unconfirmed@test.example.dk")
    with app.app_context():
        assert sent_to("unconfirmed@test.example.dk") == []


def test_a_caseworker_invites_their_own_young_person(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    with app.app_context():
        person = known_young_person(email="invited@test.example.dk", email_confirmed_at=None,
                                    signed_up_by_id=caseworker.id)
        db.session.commit()
        person_id = person.id
    assert client.get(f"/ung/inviter/{person_id}").status_code == 200
    assert client.post(f"/ung/inviter/{person_id}").status_code == 302
    with app.app_context():
        message = sent_to("invited@test.example.dk")[-1]
        assert message.template == "young_invitation"
        token, _code = link_and_code(message)
        row = db.session.scalar(select(SignInToken))
        # An invitation lives days, not minutes.
        assert row.expires_at - row.created_at == timedelta(days=3)
    client.post("/konto/log-ud")
    assert client.post(f"/ung/log-ind/{token}").status_code == 302
    assert "Hej Asta" in client.get("/ung/").get_data(as_text=True)


def test_a_caseworker_cannot_invite_someone_elses_young_person(app, client, auth):
    auth.login_as(Role.CASEWORKER)
    with app.app_context():
        person_id = known_young_person().id
        db.session.commit()
    assert client.get(f"/ung/inviter/{person_id}").status_code == 404
    assert client.post(f"/ung/inviter/{person_id}").status_code == 404


def test_a_volunteer_cannot_invite(app, client, auth):
    auth.login_as(Role.VOLUNTEER)
    with app.app_context():
        person_id = known_young_person().id
        db.session.commit()
    assert client.post(f"/ung/inviter/{person_id}").status_code == 403


def test_the_invitation_page_refuses_a_14_year_old(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    with app.app_context():
        person_id = known_young_person(age=14).id
        db.session.commit()
    response = client.post(f"/ung/inviter/{person_id}")
    assert response.status_code == 400
    assert "under 15" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


@pytest.fixture
def limited_app(make_app):
    return make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_YOUNG_LINK="10 per minute",
        RATELIMIT_YOUNG_LINK_ADDRESS="2 per minute",
        RATELIMIT_YOUNG_CODE="10 per minute",
        RATELIMIT_YOUNG_CODE_ADDRESS="3 per minute",
    )


def test_asking_for_links_is_throttled_per_address(limited_app):
    client = limited_app.test_client()
    for _ in range(2):
        assert _ask(client, "someone@test.example.dk").status_code == 200
    refused = _ask(client, "someone@test.example.dk")
    assert refused.status_code == 429
    assert _ask(client, "other@test.example.dk").status_code == 200


def test_guessing_codes_is_throttled(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        response = client.post("/ung/log-ind/kode", data={"email": "x@test.example.dk",
                                                           "code": "123456"})
        assert response.status_code == 400
    response = client.post("/ung/log-ind/kode", data={"email": "x@test.example.dk",
                                                       "code": "123456"})
    assert response.status_code == 429


def test_sign_in_helper_round_trip(app, client):
    with app.app_context():
        known_young_person(email="round@test.example.dk", first_name="Rune")
        db.session.commit()
    sign_in(client, app, "round@test.example.dk")
    assert "Hej Rune" in client.get("/ung/").get_data(as_text=True)
