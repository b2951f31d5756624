"""The knowledge bank asks whether the at-risk warning came before the early endings: the
first day a match is found at risk is recorded, and early endings are compared with it."""

from datetime import date, timedelta

from sqlalchemy import event

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.vocabulary import ClosureReason
from coordinator.young.health import early_warning, record_risk_flags
from tests import factories

TODAY = date.today()


def _ended(days_long: int, reason: ClosureReason, *, ended_days_ago: int = 5,
           flagged_days_before_end: int | None = None) -> Match:
    end = TODAY - timedelta(days=ended_days_ago)
    match = factories.make_match(
        factories.make_referral().id, factories.make_volunteer().id, MatchStatus.CLOSED,
        start_date=end - timedelta(days=days_long), end_date=end, closure_reason=reason)
    if flagged_days_before_end is not None:
        match.first_at_risk_on = end - timedelta(days=flagged_days_before_end)
    db.session.flush()
    return match


def _fixtures() -> None:
    rel = ClosureReason.RELATIONSHIP_NOT_WORKING
    _ended(60, rel, flagged_days_before_end=20)  # warned 20 days before
    _ended(90, ClosureReason.YOUNG_PERSON_LOST_INTEREST, flagged_days_before_end=40)
    _ended(100, rel)  # never warned
    _ended(120, ClosureReason.VOLUNTEER_TIME)  # never warned
    # Not early endings: too long, or a reason outside the relationship.
    _ended(400, rel, flagged_days_before_end=10)
    _ended(50, ClosureReason.YOUNG_PERSON_MOVED, flagged_days_before_end=10)


def test_the_share_warned_before_an_early_ending_and_how_long_before(app_context):
    _fixtures()
    found = early_warning()
    assert found.ended_early == 4
    assert found.flagged_before == 2
    assert found.share == 0.5
    assert found.median_days_before == 30  # the middle of 20 and 40


def test_endings_before_any_flag_was_recorded_are_left_out(app_context):
    _fixtures()
    # Ended a year ago, before the first recorded flag: we cannot know if it was warned.
    _ended(60, ClosureReason.RELATIONSHIP_NOT_WORKING, ended_days_ago=365)
    assert early_warning().ended_early == 4


def test_nothing_recorded_says_so(app_context):
    _ended(60, ClosureReason.RELATIONSHIP_NOT_WORKING)
    found = early_warning()
    assert (found.since, found.ended_early, found.share) == (None, 0, None)


def test_the_figures_cost_the_same_number_of_queries_at_any_size(app_context):
    _fixtures()
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        early_warning()
        few = len(statements)
        for _ in range(10):
            _ended(70, ClosureReason.RELATIONSHIP_NOT_WORKING, flagged_days_before_end=5)
        statements.clear()
        early_warning()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == few == 2


def test_the_first_flag_is_recorded_once_and_kept(app_context):
    quiet = factories.make_match(factories.make_referral().id, factories.make_volunteer().id,
                                 MatchStatus.ACTIVE, start_date=TODAY - timedelta(days=90))
    assert record_risk_flags(TODAY - timedelta(days=3)) == 1  # no meeting ever logged
    assert record_risk_flags(TODAY) == 0
    db.session.refresh(quiet)
    assert quiet.first_at_risk_on == TODAY - timedelta(days=3)


def test_opening_the_at_risk_page_records_the_flag(app, client, auth):
    with app.app_context():
        match_id = factories.make_match(
            factories.make_referral().id, factories.make_volunteer().id, MatchStatus.ACTIVE,
            start_date=TODAY - timedelta(days=90)).id
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    assert client.get("/ung/koordinator/matcher-i-risiko").status_code == 200
    with app.app_context():
        assert db.session.get(Match, match_id).first_at_risk_on == TODAY


def test_the_knowledge_bank_says_it_in_plain_danish(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    html = client.get("/vidensbank/").get_data(as_text=True)
    assert "Kom advarslen før de tidlige afslutninger?" in html
    assert "Intet match er endnu fundet i risiko" in html
    with app.app_context():
        _fixtures()
        db.session.commit()
    html = client.get("/vidensbank/").get_data(as_text=True)
    assert "Af de 4 matcher, der sluttede inden for seks måneder" in html
    assert "havde 2 (50 %) stået på listen over matcher i risiko" in html
    assert "Typisk kom den første advarsel 30 dage før afslutningen." in html
