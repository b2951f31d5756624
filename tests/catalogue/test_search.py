"""The need-based search: a need in everyday Danish finds the offers that fit, with why."""

from datetime import date

import pytest
from flask import render_template_string

import matching
from coordinator.auth.models import Role
from coordinator.catalogue import services
from coordinator.catalogue.models import Offer
from coordinator.extensions import db
from tests import factories
from tests.catalogue.helpers import load_real_catalogue

SEARCH = "/katalog/soeg"


def test_caseworker_typing_loneliness_in_danish_finds_ventilen_first_with_why(app, client, auth):
    with app.app_context():
        load_real_catalogue()
        db.session.commit()
    auth.login_as(Role.CASEWORKER)
    response = client.get(SEARCH, query_string={"q": "har ingen venner og er ensom", "age": "15"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    first = html.index("<ol class=\"offer-hits\">")
    assert html.index("Ventilen", first) < html.index("Musikbunken", first)
    assert "Hvorfor: ensomhed" in html


def test_age_filter_leaves_out_an_offer_for_adults(app, client, auth):
    with app.app_context():
        factories.make_offer(name="Voksenklubben", description="Fællesskab mod ensomhed",
                             target_group="18 år+", min_age=18)
        factories.make_offer(name="Ungeklubben", description="Fællesskab mod ensomhed",
                             target_group="13-17 år", min_age=13, max_age=17)
        db.session.commit()
    auth.login_as(Role.CASEWORKER)
    html = client.get(SEARCH, query_string={"q": "ensom", "age": "14"}).get_data(as_text=True)
    assert "Ungeklubben" in html
    assert "Voksenklubben" not in html
    without_age = client.get(SEARCH, query_string={"q": "ensom"}).get_data(as_text=True)
    assert "Voksenklubben" in without_age


def test_stored_ages_win_over_the_catalogue_text(app, client, auth):
    with app.app_context():
        # Staff corrected the age range: the text says 13-17, the offer really takes 16-17.
        factories.make_offer(name="Ungeklubben", description="Fællesskab mod ensomhed",
                             target_group="13-17 år", min_age=16, max_age=17)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    html = client.get(SEARCH, query_string={"q": "ensom", "age": "14"}).get_data(as_text=True)
    assert "Ungeklubben" not in html


def test_retired_and_professionals_only_offers_are_not_found(app, client, auth):
    with app.app_context():
        factories.make_offer(name="Lukket klub", description="Mod ensomhed", active=False)
        factories.make_offer(name="Faglig sparring", description="Om ensomhed hos unge",
                             target_group="Fagpersoner", for_professionals=True)
        factories.make_offer(name="Åben klub", description="Mod ensomhed")
        db.session.commit()
    auth.login_as(Role.VOLUNTEER)
    html = client.get(SEARCH, query_string={"q": "ensom"}).get_data(as_text=True)
    assert "Åben klub" in html
    assert "Lukket klub" not in html
    assert "Faglig sparring" not in html


def test_a_need_nothing_fits_says_so(app, client, auth):
    auth.login_as(Role.CASEWORKER)
    html = client.get(SEARCH, query_string={"q": "ensom"}).get_data(as_text=True)
    assert "Ingen tilbud i kataloget passer til behovet" in html


def test_the_empty_search_page_shows_the_form_without_errors(client, auth):
    auth.login_as(Role.CASEWORKER)
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "field-error" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"q": ""}, "Beskriv behovet med få ord."),
        ({"q": "   "}, "Beskriv behovet med få ord."),
        ({"age": "14"}, "Beskriv behovet med få ord."),
        ({"q": "ensom " * 100}, "Hold det under 500 tegn."),
        ({"q": "ensom", "age": "fjorten"}, "Skriv en alder mellem 0 og 30."),
        ({"q": "ensom", "age": "99"}, "Skriv en alder mellem 0 og 30."),
        ({"q": "ensom", "age": "-1"}, "Skriv en alder mellem 0 og 30."),
        ({"q": "ensom", "age": "1e3"}, "Skriv en alder mellem 0 og 30."),
    ],
)
def test_bad_search_input_gets_a_danish_message_and_keeps_the_text(client, auth, query, message):
    auth.login_as(Role.CASEWORKER)
    response = client.get(SEARCH, query_string=query)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    if query.get("q", "").strip():
        assert "ensom" in html


def test_unicode_and_odd_characters_are_searched_not_refused(app, client, auth):
    with app.app_context():
        factories.make_offer(name="Åben klub", description="Mod ensomhed")
        db.session.commit()
    auth.login_as(Role.CASEWORKER)
    response = client.get(SEARCH, query_string={"q": "ensom \U0001f622 \u202e <script>"})
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.ORGANISATION_CONTACT])
def test_organisation_contact_cannot_search_the_catalogue(client, auth, role):
    auth.login_as(role)
    assert client.get(SEARCH, query_string={"q": "ensom"}).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(SEARCH, query_string={"q": "ensom"})
    assert response.status_code == 302
    assert "/konto/log-ind" in response.headers["Location"]


def test_offers_for_a_referral_fit_its_needs_and_age_with_why(app):
    with app.test_request_context():
        load_real_catalogue()
        person = factories.make_young_person(birth_year=date.today().year - 16)
        referral = factories.make_referral(
            young_person=person, needs=["loneliness"], description_for_volunteer=""
        )
        hits = services.offers_for_referral(referral)
        assert 0 < len(hits) <= 5
        names = [offer.name for offer, _score, _why in hits]
        assert "Ventilen" in names
        offer, score, why = hits[names.index("Ventilen")]
        assert isinstance(offer, Offer)
        assert 0 < score <= 1
        assert "ensomhed" in why
        for offer, _score, _why in hits:
            assert offer.min_age is None or offer.min_age <= 16
            assert offer.max_age is None or offer.max_age >= 16


def test_the_referral_partial_lists_the_offers_with_why(app):
    with app.test_request_context():
        factories.make_offer(name="Ventilen", description="Mødested for unge ramt af ensomhed")
        referral = factories.make_referral(needs=["loneliness"])
        html = render_template_string(
            '{% include "catalogue/_offers_for_referral.html" %}', referral=referral
        )
    assert "Tilbud, der kan passe" in html
    assert "Ventilen" in html
    assert "Hvorfor:" in html


def test_the_offer_list_is_loaded_once_per_request(app):
    with app.test_request_context():
        factories.make_offer(name="Åben klub", description="Mod ensomhed")
        assert [h.offer.name for h in services.search_offers("ensom")] == ["Åben klub"]
        # Added behind the service's back: the request's cached list does not see it ...
        db.session.add(Offer(name="Ny klub", description="Mod ensomhed", target_group=""))
        db.session.flush()
        assert len(services.search_offers("ensom")) == 1
        # ... while a change through the service refreshes it.
        services.forget_cached_catalogue()
        assert len(services.search_offers("ensom")) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13-17 år", (13, 17, False, False)),
        ("7.-9. klasse", (13, 16, False, False)),
        ("18 år+", (18, None, False, False)),
        ("Forældre", (None, None, True, False)),
        ("Fagpersoner", (None, None, False, True)),
        ("", (None, None, False, False)),
    ],
)
def test_parse_offer_ages_reads_the_catalogue_text(text, expected):
    offer = Offer(name="x", target_group=text)
    services.parse_offer_ages(offer)
    assert (offer.min_age, offer.max_age, offer.for_parents, offer.for_professionals) == expected


def test_a_need_the_catalogue_does_not_cover_says_no_offer_fits_well(app, client, auth):
    with app.app_context():
        load_real_catalogue()
        db.session.commit()
    auth.login_as(Role.CASEWORKER)
    html = client.get(SEARCH, query_string={"q": "mor har brug for praktisk hjælp"}).get_data(
        as_text=True
    )
    assert "Ingen tilbud i kataloget passer godt til det behov" in html
    assert "offer-hits" not in html


def test_the_parents_flag_survives_the_adapter(app):
    with app.app_context():
        offer = factories.make_offer(
            name="Familiecenter", target_group="Under 18 år og deres familier.",
            min_age=0, max_age=17, for_parents=True,
        )
        (record,) = services.offer_records([offer])
    assert matching.parse_target_group(record["target_group"]).for_parents
