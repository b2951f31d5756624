"""Check-ins follow the practice standards, and overdue ones reach the coordinator."""

from datetime import date, timedelta

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches import follow_up
from coordinator.matches.models import FollowUp, FollowUpTrack, Match, MatchStatus
from tests import factories


def test_schedule_is_two_in_the_first_month_monthly_to_a_year_then_quarterly():
    start = date(2026, 1, 31)
    dates = follow_up.schedule(start)
    assert dates[:2] == [date(2026, 2, 14), date(2026, 2, 28)]
    assert date(2026, 3, 31) in dates  # month 2
    assert date(2026, 4, 30) in dates  # month 3, clamped to the month's end
    assert date(2027, 1, 31) in dates  # month 12
    after_first_year = [d for d in dates if d > date(2027, 1, 31)]
    assert after_first_year == [
        date(2027, 4, 30),
        date(2027, 7, 31),
        date(2027, 10, 31),
        date(2028, 1, 31),
    ]
    assert len(dates) == 2 + 11 + 4


def test_schedule_is_configurable():
    dates = follow_up.schedule(
        date(2026, 1, 1),
        {"first_days": (7,), "monthly_until_month": 3, "quarterly_until_month": 3},
    )
    assert dates == [date(2026, 1, 8), date(2026, 3, 1), date(2026, 4, 1)]


def check_in_data(follow_up_id: int, **values: str) -> dict[str, str]:
    """A check-in form's fields as posted: each check-in's form has its own prefix."""
    return {f"checkin-{follow_up_id}-{name}": value for name, value in values.items()}


def _running_match(today: date, *, started_days_ago: int, child_age: int = 12) -> Match:
    referral = factories.make_referral(
        young_person=factories.make_young_person(birth_year=today.year - child_age)
    )
    match = factories.make_match(
        referral.id,
        factories.make_volunteer().id,
        MatchStatus.ACTIVE,
        start_date=today - timedelta(days=started_days_ago),
    )
    follow_up.plan_check_ins(match, match.start_date)
    db.session.flush()
    return match


def test_a_child_has_three_tracks_a_young_adult_two(app):
    today = date.today()
    with app.app_context():
        child = _running_match(today, started_days_ago=0, child_age=12)
        adult = _running_match(today, started_days_ago=0, child_age=19)
        assert {f.track for f in child.follow_ups} == set(FollowUpTrack)
        assert {f.track for f in adult.follow_ups} == {
            FollowUpTrack.VOLUNTEER,
            FollowUpTrack.YOUNG_PERSON,
        }
        db.session.rollback()


def test_overdue_check_ins_are_listed_and_disappear_once_recorded(app, client, auth):
    today = date.today()
    with app.app_context():
        match = _running_match(today, started_days_ago=20)
        db.session.commit()
        match_id = match.id
        overdue_ids = [f.id for f in match.follow_ups if f.due_on < today]
    assert len(overdue_ids) == 3  # the 14-day check-in, one per track
    auth.login_as(Role.COORDINATOR)
    page = client.get("/match/opfoelgning").get_data(as_text=True)
    assert "3 opfølgninger er forsinkede." in page
    home = client.get("/hjem").get_data(as_text=True)
    assert "Forsinkede opfølgninger" in home
    client.post(
        f"/match/{match_id}/opfoelgning/{overdue_ids[0]}",
        data=check_in_data(
            overdue_ids[0], done_on=today.isoformat(), with_whom="Mor", rating="5", notes="Fint"
        ),
    )
    page = client.get("/match/opfoelgning").get_data(as_text=True)
    assert "2 opfølgninger er forsinkede." in page


def test_bad_check_in_input_keeps_what_was_typed_and_stores_nothing(app, client, auth):
    today = date.today()
    with app.app_context():
        match = _running_match(today, started_days_ago=20)
        db.session.commit()
        match_id, item_id = match.id, match.follow_ups[0].id
    auth.login_as(Role.COORDINATOR)
    response = client.post(
        f"/match/{match_id}/opfoelgning/{item_id}",
        data=check_in_data(
            item_id, done_on="i går", with_whom="Mormor Inger", rating="9", notes="x"
        ),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Mormor Inger" in html
    with app.app_context():
        assert db.session.get(FollowUp, item_id).done_on is None


def test_a_check_in_dated_only_with_spaces_is_refused_and_the_note_kept(app, client, auth):
    today = date.today()
    with app.app_context():
        match = _running_match(today, started_days_ago=20)
        db.session.commit()
        match_id, item_id = match.id, match.follow_ups[0].id
    auth.login_as(Role.COORDINATOR)
    response = client.post(
        f"/match/{match_id}/opfoelgning/{item_id}",
        data=check_in_data(item_id, done_on="   ", with_whom="Mormor Inger", rating="4",
                           notes="Talte om skoleskiftet"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Feltet skal udfyldes." in html
    assert "Mormor Inger" in html
    assert "Talte om skoleskiftet" in html
    with app.app_context():
        item = db.session.get(FollowUp, item_id)
        assert item.done_on is None
        assert item.with_whom is None


def test_check_in_of_another_match_is_a_404(app, client, auth):
    today = date.today()
    with app.app_context():
        one = _running_match(today, started_days_ago=20)
        other = _running_match(today, started_days_ago=20)
        db.session.commit()
        one_id, foreign_item = one.id, other.follow_ups[0].id
    auth.login_as(Role.COORDINATOR)
    response = client.post(
        f"/match/{one_id}/opfoelgning/{foreign_item}",
        data=check_in_data(foreign_item, done_on=today.isoformat(), with_whom="X", rating="3"),
    )
    assert response.status_code == 404


def test_daily_reminder_mails_coordinators_about_due_check_ins_and_certificates(
    app, runner, smtp_server
):
    today = date.today()
    with app.app_context():
        factories.make_user(Role.COORDINATOR, email="karen@test.example.dk", locale="da")
        _running_match(today, started_days_ago=14)  # due today
        volunteer = factories.make_volunteer(first_name="Udløb")
        volunteer.certificates[0].valid_until = today + timedelta(days=10)
        db.session.commit()
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    subjects = sorted(message["Subject"] for message in smtp_server.messages)
    assert subjects == ["Børneattester, der udløber", "Opfølgninger i dag"]
    certificate_mail = next(m for m in smtp_server.messages if "Børne" in m["Subject"])
    assert "Udløb Jensen" in certificate_mail.get_body(("plain",)).get_content()
