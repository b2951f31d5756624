"""No CPR numbers are stored: every free-text field refuses one, and keeps what was typed."""

import pytest

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.form_helpers import contains_cpr
from coordinator.referrals.models import Referral


@pytest.mark.parametrize(
    "text",
    [
        "010203-1234",
        "0102031234",
        "010203 1234",
        "Ali (CPR 241299-1234) er ked af det",
        "født 290200-4321",  # 29 February 2000 existed
        "x\n311285-1111\ny",
    ],
)
def test_a_cpr_number_is_found(text):
    assert contains_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "310299-1234",  # 31 February: not a date, so not a CPR number
        "290201-1234",  # 29 February 2001 / 1901: not a date
        "ring på 45 12 34 56",
        "+45 12345678",
        "mobil 20304050",
        "sagsnummer 12345678901",  # eleven digits: not a CPR number
        "2820 Gentofte",
        "",
        None,
    ],
)
def test_other_numbers_are_not_taken_for_a_cpr_number(text):
    assert not contains_cpr(text)


def test_a_referral_with_a_cpr_number_in_its_case_notes_is_refused_and_keeps_the_text(
    app, client, auth
):
    auth.login_as(Role.CASEWORKER)
    form = client.get("/henvisninger/ny/ung")
    assert form.status_code == 200
    response = client.post(
        "/henvisninger/ny/ung",
        data={
            "first_name": "Ali",
            "age": "13",
            "case_notes": "Mor ringede. Alis CPR er 010203-1234.",
            "description_for_volunteer": "Ali vil gerne spille fodbold.",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Skriv ikke CPR-numre her." in html
    assert "Ali vil gerne spille fodbold." in html  # what was typed is kept
    with app.app_context():
        assert db.session.query(Referral).count() == 0


def test_a_household_member_row_is_checked_too(app, client, auth):
    from coordinator.volunteers.forms import ProfileForm

    with app.test_request_context(
        method="POST", data={"member1-first_name": "Søren 010203-1234", "member1-age": "40"}
    ):
        form = ProfileForm()
        form.validate()
        assert any("CPR" in message for message in form.member1.form.first_name.errors)
