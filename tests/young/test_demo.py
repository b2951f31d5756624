"""`make run` shows the young people's own place: the demo has a young person who can sign in."""

from coordinator import demo
from coordinator.auth.models import Role
from tests.conftest import AuthActions
from tests.young.helpers import sign_in


def test_the_demo_young_person_signs_in_and_sees_friend_club_and_proposal(demo_app):
    # The demo data seeded once for the process (`flask seed-demo`, as `make run` does).
    client = demo_app.test_client()
    auth = AuthActions(demo_app, client)
    sign_in(client, demo_app, demo.DEMO_YOUNG_EMAIL)
    page = client.get("/ung/").get_data(as_text=True)
    assert "Hej Maja" in page
    assert "Sofie, 17 år" in page
    club = client.get("/ung/klub").get_data(as_text=True)
    assert "Filmaften i klubben" in club
    assert "Fodbold i parken" in club  # her own proposal, waiting for a coordinator
    auth.login(demo.DEMO_ACCOUNTS[Role.COORDINATOR], demo.DEMO_PASSWORD)
    assert "Fodbold i parken" in client.get("/ung/koordinator").get_data(as_text=True)
