"""Lists that find things: referrals, volunteers and the catalogue filtered from the URL, paged
with a count, a clear message for bad filter values, and the same number of SQL statements per
page whatever the size of the list."""

from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import event

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.referrals.models import ReferralStatus
from coordinator.vocabulary import MatchType, Phase
from tests import factories


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(value or "" for name, value in attrs if name == "href")


def _hrefs(html: str) -> list[str]:
    links = _Links()
    links.feed(html)
    return links.hrefs


def _count_statements(app, client, url: str) -> int:
    """SQL statements one GET makes."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def _referral(first_name: str, *, days_ago: int = 0, **fields):
    referral = factories.make_referral(
        young_person=factories.make_young_person(
            first_name=first_name, postcode=fields.pop("postcode", "2900")
        ),
        **fields,
    )
    referral.created_at = datetime.now(UTC) - timedelta(days=days_ago)
    return referral


def _names(html: str, *candidates: str) -> set[str]:
    return {name for name in candidates if name in html}


def test_referrals_are_filtered_by_phase_type_status_district_waiting_time_and_name(
    app, client, auth
):
    with app.app_context():
        _referral("Alma", phase=Phase.BEFORE, days_ago=100)
        _referral("Bertil", phase=Phase.AFTER, match_type=MatchType.LEISURE_JOB, days_ago=40)
        _referral("Cecilie", postcode="2800", status=ReferralStatus.IN_PROGRESS)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    everyone = ("Alma", "Bertil", "Cecilie")

    def shown(query: str) -> set[str]:
        response = client.get(f"/henvisninger/?{query}")
        assert response.status_code == 200
        return _names(response.get_data(as_text=True), *everyone)

    assert shown("") == set(everyone)
    assert shown("phase=before") == {"Alma"}
    assert shown("match_type=leisure_job") == {"Bertil"}
    assert shown("status=in_progress") == {"Cecilie"}
    assert shown("district=Kongens+Lyngby") == {"Cecilie"}
    assert shown("district=Hellerup") == {"Alma", "Bertil"}
    assert shown("waited=30") == {"Alma", "Bertil"}
    assert shown("waited=90") == {"Alma"}
    assert shown("q=ber") == {"Bertil"}
    assert shown("phase=after&waited=90") == set()


def test_a_caseworkers_filters_never_reach_another_caseworkers_referrals(app, client, auth):
    with app.app_context():
        _referral("Fremmed", phase=Phase.BEFORE)
        db.session.commit()
    auth.login_as(Role.CASEWORKER)
    html = client.get("/henvisninger/?phase=before&q=frem").get_data(as_text=True)
    assert "Fremmed" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/henvisninger/?phase=nonsense&waited=abc",
        "/henvisninger/?district=Atlantis&q=" + "x" * 200,
        "/frivillig/?language=klingon&organisation=999999999999999999999",
        "/frivillig/?offer=%00&district=%C3%A6",
        "/katalog?age=-4&theme=nowhere&audience=aliens",
        "/katalog?age=elleve",
    ],
)
def test_bad_filter_values_give_a_clear_message_not_a_500(app, client, auth, url):
    auth.login_as(Role.COORDINATOR)
    response = client.get(url)
    assert response.status_code == 400
    assert "Nogle filtre kunne ikke bruges" in response.get_data(as_text=True)


def test_volunteers_are_filtered_by_offer_language_district_and_organisation(
    app, client, auth
):
    with app.app_context():
        club = factories.make_organisation(name="Fodboldklubben")
        factories.make_volunteer(first_name="Asta", languages=["da", "ar"], postcode="2900")
        factories.make_volunteer(first_name="Birk", offers=["leisure_job"], organisation=club)
        factories.make_volunteer(first_name="Carla", postcode="2800")
        db.session.commit()
        club_id = club.id
    auth.login_as(Role.COORDINATOR)
    everyone = ("Asta", "Birk", "Carla")

    def shown(query: str) -> set[str]:
        response = client.get(f"/frivillig/?{query}")
        assert response.status_code == 200
        return _names(response.get_data(as_text=True), *everyone)

    assert shown("") == set(everyone)
    assert shown("language=ar") == {"Asta"}
    assert shown("offer=leisure_job") == {"Birk"}
    assert shown("offer=mentor") == {"Asta", "Carla"}
    assert shown("district=Hellerup") == {"Asta"}
    assert shown(f"organisation={club_id}") == {"Birk"}
    assert shown("status=approved&district=Kongens+Lyngby") == {"Carla"}


def test_the_catalogue_is_filtered_by_theme_age_and_target_group(app, client, auth):
    with app.app_context():
        factories.make_offer(name="Klubben", target_group="13-17 år", min_age=13, max_age=17)
        factories.make_offer(
            name="Forældrekursus", main_effort="Viden og værktøjer til forældre og fagpersoner",
            target_group="Forældre", for_parents=True,
        )
        factories.make_offer(
            name="Småbørn", main_effort="Grundlæggende trivsel", min_age=3, max_age=6,
        )
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    everyone = ("Klubben", "Forældrekursus", "Småbørn")

    def shown(query: str) -> set[str]:
        response = client.get(f"/katalog?{query}")
        assert response.status_code == 200
        return _names(response.get_data(as_text=True), *everyone)

    assert shown("") == set(everyone)
    assert shown("theme=communities") == {"Klubben"}
    assert shown("theme=parents") == {"Forældrekursus"}
    assert shown("age=15&audience=young") == {"Klubben"}
    assert shown("age=4") == {"Forældrekursus", "Småbørn"}  # an offer with no ages fits any
    assert shown("audience=parents") == {"Forældrekursus"}


def test_the_pager_keeps_the_filters_and_the_count_is_of_the_filtered_list(app, client, auth):
    with app.app_context():
        for number in range(55):
            _referral(f"Barn{number}", phase=Phase.BEFORE)
        _referral("Anden", phase=Phase.AFTER)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    html = client.get("/henvisninger/?phase=before").get_data(as_text=True)
    assert "55 henvisninger" in html
    following = [href for href in _hrefs(html) if "side=2" in href]
    assert following
    assert "phase=before" in following[0]
    second = client.get(following[0]).get_data(as_text=True)
    assert "Anden" not in second
    assert "Side 2 af 2" in second


LISTS = [
    "/henvisninger/?phase=during&match_type=mentor&status=waiting&district=Hellerup"
    "&waited=14&q=ung",
    "/frivillig/?status=approved&offer=mentor&language=da&district=Gentofte&q=jensen",
    "/katalog?theme=communities&age=15&audience=young&q=tilbud",
]


def _grow(app, n: int) -> None:
    """n more rows of each kind, every one of them matching the filters above."""
    with app.app_context():
        organisation = factories.make_organisation()
        for _ in range(n):
            _referral(factories_name(), days_ago=20)
            factories.make_volunteer(organisation=organisation)
            factories.make_offer(min_age=13, max_age=17, provider=organisation)
        db.session.commit()


def factories_name() -> str:
    return f"Ung{next(factories._sequence)}"


@pytest.mark.parametrize("url", LISTS)
def test_a_filtered_list_makes_the_same_number_of_sql_statements_at_any_size(
    app, client, auth, url
):
    auth.login_as(Role.COORDINATOR)
    _grow(app, 3)
    small = _count_statements(app, client, url)
    _grow(app, 60)  # more than a page
    large = _count_statements(app, client, url)
    assert small == large, (small, large)
    html = client.get(url).get_data(as_text=True)
    assert "Side 1 af 2" in html  # the large list really is filtered to more than a page


def test_a_volunteer_or_caseworker_cannot_use_the_staff_lists(app, client, auth):
    auth.login_as(Role.VOLUNTEER)
    assert client.get("/frivillig/?language=da").status_code == 403
    assert client.get("/katalog?theme=parents").status_code == 403
    auth.login_as(Role.CASEWORKER)
    assert client.get("/frivillig/?language=da").status_code == 403
    assert client.get("/katalog?theme=parents").status_code == 403


def test_waiting_time_counts_whole_days(app):
    with app.app_context():
        from coordinator.referrals import services

        coordinator = factories.make_user(Role.COORDINATOR)
        _referral("Præcis", days_ago=30)
        db.session.commit()
        found = db.session.scalars(
            services.referrals_for(
                coordinator, filters=services.ReferralFilters(waited_days=30), today=date.today()
            )
        ).all()
        assert [r.young_person.first_name for r in found] == ["Præcis"]
