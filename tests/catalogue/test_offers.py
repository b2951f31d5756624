"""Coordinators and admins keep the catalogue: add, edit, retire; others only look."""

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.catalogue.models import Offer
from coordinator.extensions import db
from tests import factories

NEW = "/katalog/nyt"

GOOD = {
    "name": "Ventilen",
    "provider_id": "0",
    "description": "Mødested for unge ramt af ensomhed.",
    "target_group": "15 - 25 år",
    "contact": "ventilen@example.dk",
    "area": "Gentofte",
    "active": "y",
}


def _offer(app, name: str) -> Offer:
    with app.app_context():
        offer = db.session.scalars(select(Offer).where(Offer.name == name)).one()
        db.session.expunge(offer)
        return offer


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_coordinator_adds_an_offer_and_its_ages_are_read_from_the_target_group(
    app, client, auth, role
):
    auth.login_as(role)
    response = client.post(NEW, data=GOOD)
    assert response.status_code == 302
    offer = _offer(app, "Ventilen")
    assert (offer.min_age, offer.max_age, offer.active) == (15, 25, True)
    assert "Tilbuddet Ventilen er tilføjet." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == (
            "offer.created"
        )


def test_an_offer_can_name_a_partner_organisation_as_provider(app, client, auth):
    with app.app_context():
        organisation_id = factories.make_organisation(name="Red Barnet Gentofte").id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post(NEW, data={**GOOD, "provider_id": str(organisation_id)})
    assert _offer(app, "Ventilen").provider_id == organisation_id
    html = client.get(f"/katalog/{_offer(app, 'Ventilen').id}").get_data(as_text=True)
    assert "Red Barnet Gentofte" in html


def test_editing_keeps_ages_typed_by_staff_over_the_text(app, client, auth):
    with app.app_context():
        offer_id = factories.make_offer(name="Klubben", target_group="13-17 år").id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    form = client.get(f"/katalog/{offer_id}/rediger").get_data(as_text=True)
    assert 'value="Klubben"' in form
    response = client.post(
        f"/katalog/{offer_id}/rediger",
        data={**GOOD, "name": "Klubben", "target_group": "13-17 år", "min_age": "14",
              "max_age": "16"},
    )
    assert response.status_code == 302
    offer = _offer(app, "Klubben")
    assert (offer.min_age, offer.max_age) == (14, 16)


def test_retiring_hides_the_offer_and_it_can_come_back(app, client, auth):
    with app.app_context():
        offer_id = factories.make_offer(name="Klubben", description="Mod ensomhed").id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    client.post(f"/katalog/{offer_id}/aktiv", data={"active": "0"}, follow_redirects=True)
    assert _offer(app, "Klubben").active is False
    assert "Klubben" not in client.get("/katalog/soeg?q=ensom").get_data(as_text=True)
    assert "Klubben" not in client.get("/tilbud").get_data(as_text=True)
    assert "Udgået" in client.get("/katalog").get_data(as_text=True)
    client.post(f"/katalog/{offer_id}/aktiv", data={"active": "1"})
    assert _offer(app, "Klubben").active is True


def test_a_bad_retire_request_is_refused(app, client, auth):
    with app.app_context():
        offer_id = factories.make_offer().id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    assert client.post(f"/katalog/{offer_id}/aktiv", data={"active": "maybe"}).status_code == 400


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VOLUNTEER, Role.ORGANISATION_CONTACT])
def test_only_coordinators_and_admins_keep_the_catalogue(app, client, auth, role):
    with app.app_context():
        offer_id = factories.make_offer().id
        db.session.commit()
    auth.login_as(role)
    assert client.get("/katalog").status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, data=GOOD).status_code == 403
    assert client.get(f"/katalog/{offer_id}/rediger").status_code == 403
    assert client.post(f"/katalog/{offer_id}/aktiv", data={"active": "0"}).status_code == 403


def test_volunteer_sees_an_active_offer_but_not_a_retired_one(app, client, auth):
    with app.app_context():
        active_id = factories.make_offer(name="Åben").id
        retired_id = factories.make_offer(name="Lukket", active=False).id
        db.session.commit()
    auth.login_as(Role.VOLUNTEER)
    response = client.get(f"/katalog/{active_id}")
    assert response.status_code == 200
    assert "Redigér" not in response.get_data(as_text=True)
    assert client.get(f"/katalog/{retired_id}").status_code == 404


def test_an_unknown_offer_is_not_found(client, auth):
    auth.login_as(Role.COORDINATOR)
    assert client.get("/katalog/999999").status_code == 404
    assert client.get("/katalog/999999/rediger").status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Giv tilbuddet et navn."),
        ({"name": "x" * 301}, "Højst 300 tegn."),
        ({"provider_id": "424242"}, "Vælg en udbyder fra listen."),
        ({"provider_id": ""}, "Vælg en udbyder fra listen."),
        ({"target_group": "x" * 201}, "Højst 200 tegn."),
        ({"min_age": "femten"}, "Skriv en alder mellem 0 og 120."),
        ({"max_age": "500"}, "Skriv en alder mellem 0 og 120."),
        ({"min_age": "17", "max_age": "13"}, "Den øvre alder må ikke være under den nedre."),
        ({"contact": "k" * 301}, "Højst 300 tegn."),
        ({"area": "a" * 121}, "Højst 120 tegn."),
    ],
)
def test_bad_offer_input_gets_a_danish_message_and_keeps_what_was_typed(
    app, client, auth, changes, message
):
    auth.login_as(Role.COORDINATOR)
    response = client.post(NEW, data={**GOOD, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ret venligst de markerede felter nedenfor." in html
    assert message in html
    assert "Mødested for unge ramt af ensomhed." in html
    with app.app_context():
        assert db.session.scalar(select(Offer.id)) is None


def test_unicode_in_every_text_field_is_kept(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    name = "Fællesskab for unge \U0001f91d \u202e"
    response = client.post(NEW, data={**GOOD, "name": name, "description": "æøå " * 50})
    assert response.status_code == 302
    assert _offer(app, name).description.startswith("æøå")


def test_the_list_writes_an_open_age_range_as_plus_and_keeps_a_range_on_one_line(
    app, client, auth
):
    """"18+" reads as "from 18"; the old "18–" looked like a range cut off."""
    auth.login_as(Role.COORDINATOR)
    client.post(NEW, data={**GOOD, "name": "Voksenhjælp", "target_group": "18 år+"})
    client.post(NEW, data=GOOD)
    with app.app_context():
        ages = {offer.name: (offer.min_age, offer.max_age)
                for offer in db.session.scalars(select(Offer))}
    assert ages["Voksenhjælp"] == (18, None)
    html = client.get("/katalog").get_data(as_text=True)
    assert '<td class="nowrap">18+</td>' in html
    assert '<td class="nowrap">15–25</td>' in html
