"""The knowledge bank's figures, checked against hand-made fixtures."""

import contextlib
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from coordinator.auth.models import Role
from coordinator.dashboard import services
from coordinator.extensions import db
from coordinator.jobs import runners
from coordinator.matches.models import Match, MatchStatus
from coordinator.referrals.models import ReferralStatus
from coordinator.vocabulary import ClosureReason, MatchType, Phase
from coordinator.volunteers.models import Gender, VolunteerStatus
from tests import factories

TODAY = date.today()


def _match(*, started_days_ago, ended_days_ago=None, reason=None, phase=Phase.DURING):
    referral = factories.make_referral(phase=phase)
    referral.created_at = datetime.now(UTC) - timedelta(days=started_days_ago + 10)
    match = factories.make_match(
        referral.id,
        factories.make_volunteer(capacity=5).id,
        MatchStatus.CLOSED if ended_days_ago is not None else MatchStatus.ACTIVE,
        start_date=TODAY - timedelta(days=started_days_ago),
        end_date=TODAY - timedelta(days=ended_days_ago) if ended_days_ago is not None else None,
        closure_reason=reason,
    )
    referral.status = (
        ReferralStatus.CLOSED if ended_days_ago is not None else ReferralStatus.MATCHED
    )
    return match


def test_kaplan_meier_counts_running_matches_as_censored():
    # Four matches: ended at 30 and 200 days, still running at 100 and 400 days.
    curve = services.kaplan_meier([(30, True), (100, False), (200, True), (400, False)])
    assert curve[0] == (0, 1.0)
    assert curve[1] == (30, 0.75)
    # At 200 days two are at risk (200 and 400); one ends: 0.75 * 1/2.
    assert curve[2] == (200, pytest.approx(0.375))
    assert len(curve) == 3


def test_match_length_milestones_from_fixtures(app):
    with app.app_context():
        _match(started_days_ago=400, ended_days_ago=400 - 60, reason=ClosureReason.VOLUNTEER_TIME)
        _match(
            started_days_ago=400,
            ended_days_ago=400 - 200,
            reason=ClosureReason.RELATIONSHIP_NOT_WORKING,
        )
        _match(started_days_ago=400)  # running for 400 days
        _match(started_days_ago=500)  # running for 500 days
        db.session.flush()
        survival = services.survival(TODAY)
        assert survival.started == 4
        assert survival.closed == 2
        assert survival.milestones[3] == pytest.approx(0.75)
        assert survival.milestones[6] == pytest.approx(0.75)
        assert survival.milestones[12] == pytest.approx(0.5)
        assert services.closure_reasons() == {"volunteer_time": 1, "relationship_not_working": 1}
        db.session.rollback()


def test_milestone_is_too_early_to_say_before_any_match_is_that_old(app):
    with app.app_context():
        _match(started_days_ago=40)
        db.session.flush()
        assert services.survival(TODAY).milestones == {3: None, 6: None, 12: None}
        db.session.rollback()


def test_waiting_and_days_to_match(app):
    with app.app_context():
        for days in (5, 10, 40):
            referral = factories.make_referral()
            referral.created_at = datetime.now(UTC) - timedelta(days=days)
        _match(started_days_ago=3)  # its referral was created 13 days ago: 10 days to a match
        db.session.flush()
        waiting = services.waiting(TODAY)
        assert waiting.count == 3
        assert waiting.median_days == 10
        assert waiting.longest_days == 40
        assert waiting.median_days_to_match == 10
        db.session.rollback()


def test_active_matches_by_phase_and_type(app):
    with app.app_context():
        _match(started_days_ago=10, phase=Phase.BEFORE)
        _match(started_days_ago=10, phase=Phase.BEFORE)
        _match(started_days_ago=10, phase=Phase.AFTER)
        _match(started_days_ago=10, ended_days_ago=1, reason=ClosureReason.AGED_OUT)
        db.session.flush()
        assert services.active_by_phase_and_type() == {
            ("before", "mentor"): 2,
            ("after", "mentor"): 1,
        }
        db.session.rollback()


def test_volunteers_by_status(app):
    with app.app_context():
        factories.make_volunteer()
        factories.make_volunteer(status=VolunteerStatus.APPLICANT)
        factories.make_volunteer(status=VolunteerStatus.APPLICANT)
        db.session.flush()
        counts = services.volunteers_by_status()
        assert counts[VolunteerStatus.APPROVED] == 1
        assert counts[VolunteerStatus.APPLICANT] == 2
        assert counts[VolunteerStatus.ENDED] == 0
        db.session.rollback()


def test_supply_gap_explains_why_nobody_fits(app):
    with app.app_context():
        factories.make_volunteer(gender=Gender.FEMALE, offers=["mentor"])
        boy = factories.make_young_person(
            gender=Gender.MALE, volunteer_gender_wish=Gender.MALE, birth_year=TODAY.year - 16
        )
        factories.make_referral(young_person=boy)
        factories.make_referral(
            match_type=MatchType.PARENT_TO_PARENT, family=factories.make_family()
        )
        factories.make_referral()  # served by the female volunteer
        db.session.flush()
        gap = services.supply_gap(TODAY)
        assert gap.total == 2
        assert gap.by_reason == {("gender", "male"): 1, ("none_offer", "parent_to_parent"): 1}
        db.session.rollback()


def test_supply_gap_names_busy_volunteers(app):
    with app.app_context():
        volunteer = factories.make_volunteer(capacity=1)
        running = factories.make_referral()
        running.status = ReferralStatus.MATCHED
        db.session.add(
            Match(
                match_type=MatchType.MENTOR,
                referral=running,
                volunteer=volunteer,
                status=MatchStatus.ACTIVE,
                start_date=TODAY,
            )
        )
        factories.make_referral()
        db.session.flush()
        assert services.supply_gap(TODAY).by_reason == {("all_busy", ""): 1}
        db.session.rollback()


def test_dashboard_page_and_csv_exports(app, client, auth):
    with app.app_context():
        _match(started_days_ago=400, ended_days_ago=100, reason=ClosureReason.PLANNED_COMPLETED)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    page = client.get("/vidensbank/").get_data(as_text=True)
    assert "Hvor længe match varer" in page
    assert "<svg" in page
    csv = client.get("/vidensbank/closures.csv")
    assert csv.headers["Content-Type"].startswith("text/csv")
    text = csv.get_data(as_text=True)
    assert "Planlagt afslutning – aftalt periode gennemført;1" in text
    assert client.get("/vidensbank/nothing.csv").status_code == 404


# Each table's CSV export and the one figure it is built from.
_TABLE_SOURCES = {
    "volunteers": "volunteers_by_status",
    "waiting": "waiting",
    "active": "active_by_phase_and_type",
    "match_length": "survival",
    "closures": "closure_reasons",
    "supply_gap": "supply_gap",
}


@pytest.mark.parametrize("name", sorted(_TABLE_SOURCES))
def test_csv_export_builds_only_the_table_asked_for(app, client, auth, monkeypatch, name):
    with app.app_context():
        _match(started_days_ago=400, ended_days_ago=100, reason=ClosureReason.PLANNED_COMPLETED)
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    own = _TABLE_SOURCES[name]
    for source in _TABLE_SOURCES.values():
        if source != own:
            monkeypatch.setattr(
                services, source, mock.Mock(side_effect=AssertionError(f"{source} was built"))
            )
    spy = mock.Mock(wraps=getattr(services, own))
    monkeypatch.setattr(services, own, spy)
    response = client.get(f"/vidensbank/{name}.csv")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert spy.call_count == 1


def test_csv_export_of_one_small_table_takes_far_fewer_statements_than_the_page(
    app, client, auth
):
    auth.login_as(Role.COORDINATOR)
    _grow(app, 3)
    page = _count_queries(app, client, "/vidensbank/")
    export = _count_queries(app, client, "/vidensbank/closures.csv")
    assert export * 3 < page, (export, page)


def _count_queries(
    app, client, url: str, *, data=None, expect: int = 200, with_jobs: bool = False
) -> int:
    """SQL statements one request makes (a POST when `data` is given).

    Background jobs the request asks for (mail delivery) are counted only `with_jobs`: in the
    tests they run inline after the commit, in production in the worker, never in the request.
    """
    statements = []

    def count(*_args):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        skip_jobs = mock.patch.object(runners.InlineRunner, "submit")
        with contextlib.nullcontext() if with_jobs else skip_jobs:
            response = client.get(url) if data is None else client.post(url, data=data)
        assert response.status_code == expect, response.get_data(as_text=True)[:300]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def _grow(app, n: int) -> None:
    with app.app_context():
        for index in range(n):
            _match(
                started_days_ago=30 + index,
                ended_days_ago=index % 3 or None,
                reason=ClosureReason.AGED_OUT if index % 3 else None,
            )
            factories.make_referral()
        db.session.commit()


@pytest.mark.parametrize(
    "url",
    [
        "/vidensbank/",
        "/match/henvisninger",
        "/match/opfoelgning",
        "/match/alle-ventende",
        "/hjem",
        "/henvisninger/",
        "/henvisninger/?status=waiting",
        "/frivillig/",
        "/frivillig/?status=approved&q=jensen",
        "/vennebank/",
    ],
)
def test_coordinator_pages_use_the_same_number_of_queries_at_any_size(app, client, auth, url):
    auth.login_as(Role.COORDINATOR)
    _grow(app, 3)
    small = _count_queries(app, client, url)
    _grow(app, 25)
    large = _count_queries(app, client, url)
    assert small == large, (small, large)


def _waiting_referrals_and_volunteers(app, n: int) -> list[int]:
    with app.app_context():
        referrals = [factories.make_referral() for _ in range(n)]
        volunteers = [factories.make_volunteer(capacity=2) for _ in range(n)]
        db.session.commit()
        return [r.id for r in referrals] + [v.id for v in volunteers]


def test_match_all_waiting_uses_the_same_number_of_queries_at_any_size(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    _waiting_referrals_and_volunteers(app, 3)
    # The assignment runs as a background job (here inline): its statements count too.
    small = _count_queries(app, client, "/match/alle-ventende", data={}, expect=302,
                           with_jobs=True)
    with app.app_context():
        db.session.execute(sa.delete(Match))
        db.session.commit()
    _waiting_referrals_and_volunteers(app, 20)
    large = _count_queries(app, client, "/match/alle-ventende", data={}, expect=302,
                           with_jobs=True)
    assert small == large, (small, large)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Match)) == 23


def test_shortlist_of_three_takes_few_queries_at_any_size(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    counts = []
    for grow_by in (0, 25):
        _grow(app, grow_by)
        with app.app_context():
            # Three volunteers who share the young person's interests, so the matcher ranks them.
            shared = {"interests": ["chess", "cooking", "music"], "languages": ["da", "ar"]}
            referral = factories.make_referral(young_person=factories.make_young_person(**shared))
            volunteers = [factories.make_volunteer(**shared) for _ in range(3)]
            db.session.commit()
            referral_id, volunteer_ids = referral.id, [v.id for v in volunteers]
        # The coordinator opens the referral first (which fits the matcher), then shortlists.
        assert client.get(f"/match/henvisninger/{referral_id}").status_code == 200
        counts.append(
            _count_queries(
                app,
                client,
                f"/match/henvisninger/{referral_id}/kortliste",
                data={"volunteer_ids": volunteer_ids},
                expect=302,
            )
        )
        with app.app_context():
            shortlisted = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Match)
                .where(Match.referral_id == referral_id, Match.status == MatchStatus.SHORTLISTED)
            )
        assert shortlisted == 3
    # PostgreSQL writes the three new matches, their status changes and audit entries in one
    # batched INSERT each; SQLite's driver cannot batch an INSERT that returns ids (one per row).
    with app.app_context():
        batched = db.engine.dialect.name == "postgresql"
    # One of them reads the user with their server-side session (auth/sessions.py); one writes
    # the caseworker's in-app notification beside the e-mail (notifications.notify); one reads the
    # guides volunteers must have acknowledged (library/services.py, once per request).
    assert counts[0] == counts[1] <= (17 if batched else 17 + 2 * 3), counts


def test_bar_chart_makes_room_for_the_longest_label_and_scales_bars():
    from coordinator.dashboard.charts import bar_chart

    chart = bar_chart([("Kort", 2), ("En noget længere forklaring", 4)])
    assert chart.label_width >= len("En noget længere forklaring") * 7
    short, long_ = chart.bars
    assert long_.width == 2 * short.width
    assert long_.y > short.y


def _caseworker_cases(app, caseworker_id: int, n: int) -> None:
    """`n` referrals with a shortlist ready and `n` paused matches with an open concern."""
    from coordinator.auth.models import User
    from coordinator.matches.models import Concern
    from coordinator.vocabulary import ConcernType

    with app.app_context():
        caseworker = db.session.get(User, caseworker_id)
        for _ in range(n):
            shortlisted = factories.make_referral(caseworker)
            factories.make_match(
                shortlisted.id, factories.make_volunteer().id, MatchStatus.SHORTLISTED
            )
            running = factories.make_referral(caseworker)
            match = factories.make_match(
                running.id, factories.make_volunteer().id, MatchStatus.PAUSED, start_date=TODAY
            )
            match.concerns.append(
                Concern(concern_type=ConcernType.CHILD_SAFETY, description="Bekymret")
            )
        db.session.commit()


def test_caseworkers_home_uses_the_same_number_of_queries_at_any_size(app, client, auth):
    caseworker = auth.login_as(Role.CASEWORKER)
    _caseworker_cases(app, caseworker.id, 1)
    small = _count_queries(app, client, "/hjem")
    _caseworker_cases(app, caseworker.id, 6)
    large = _count_queries(app, client, "/hjem")
    assert small == large, (small, large)


def test_the_weights_table_scrolls_in_its_own_labelled_region(client, auth):
    """On a phone the figures stay whole ("0,25", not "0,2" and "5" on two lines): the table
    scrolls sideways in a region named by its caption, which a keyboard can reach."""
    auth.login_as(Role.COORDINATOR)
    html = client.get("/vidensbank/").get_data(as_text=True)
    region = html.split('<section id="weights">', 1)[1].split("</section>", 1)[0]
    assert ('<div class="table-scroll" role="region" tabindex="0" '
            'aria-labelledby="weights-caption" data-scroll-region>') in region
    assert '<caption id="weights-caption">Vægten af hvert signal' in region


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VOLUNTEER, Role.ORGANISATION_CONTACT])
def test_only_staff_read_or_export_the_knowledge_bank(app, client, auth, role):
    from coordinator.audit.models import AuditEntry

    auth.login_as(role)
    assert client.get("/vidensbank/").status_code == 403
    assert client.get("/vidensbank/closures.csv").status_code == 403
    with app.app_context():
        exported = db.session.scalar(
            sa.select(sa.func.count()).where(AuditEntry.action == "dashboard.exported")
        )
    assert exported == 0
