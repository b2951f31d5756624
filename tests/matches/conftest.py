"""Fixtures for the match workflow: a referral, a caseworker, volunteers who fit, and logins."""

from dataclasses import dataclass
from datetime import date

import pytest

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.volunteers.models import Gender
from tests import factories


@dataclass
class Scene:
    """Ids of one referral, its caseworker and three volunteers who fit it."""

    referral_id: int
    caseworker_email: str
    volunteer_ids: list[int]
    volunteer_emails: list[str]


@pytest.fixture
def scene(app) -> Scene:
    with app.app_context():
        caseworker = factories.make_user(Role.CASEWORKER, name="Søren Sagsbehandler")
        person = factories.make_young_person(
            first_name="Ali", birth_year=date.today().year - 13, interests=["football", "chess"]
        )
        referral = factories.make_referral(caseworker, young_person=person, needs=["homework"])
        volunteers = [
            factories.make_volunteer(
                first_name=name,
                gender=Gender.MALE,
                interests=interests,
                capacity=1,
                about="Jeg elsker fodbold og skak",
            )
            for name, interests in [
                ("Bo", ["football", "chess"]),
                ("Carl", ["football"]),
                ("Dan", ["cooking"]),
            ]
        ]
        db.session.commit()
        return Scene(
            referral_id=referral.id,
            caseworker_email=caseworker.email,
            volunteer_ids=[v.id for v in volunteers],
            volunteer_emails=[v.user.email for v in volunteers],
        )


def login(client, email: str) -> None:
    client.post("/konto/log-ud")
    response = client.post("/konto/log-ind", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def match_status(app, match_id: int) -> MatchStatus:
    with app.app_context():
        return db.session.get(Match, match_id).status


def find_match(app, referral_id: int, volunteer_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(Match.id).where(
                Match.referral_id == referral_id, Match.volunteer_id == volunteer_id
            )
        )
