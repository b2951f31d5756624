"""The coordinator's match page: every form its own ids, the next check-ins only, failed forms
shown open; and the confirmation and undo steps of destructive actions."""

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.matches import follow_up
from coordinator.matches import services as match_services
from coordinator.matches.models import (
    Concern,
    FollowUp,
    FollowUpTrack,
    Match,
    MatchStatus,
    MatchStatusChange,
)
from coordinator.referrals.models import Referral, ReferralStatus
from coordinator.vocabulary import ConcernType
from tests import factories
from tests.matches.conftest import login, match_status


class _FormMap(HTMLParser):
    """Which form each id and each label belongs to, and which <details> are open."""

    def __init__(self) -> None:
        super().__init__()
        self.form_no = 0
        self.in_form = False
        self.ids: list[str] = []
        self.form_of_id: dict[str, int | None] = {}
        self.labels: list[tuple[str, int | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.form_no += 1
            self.in_form = True
        where = self.form_no if self.in_form else None
        if found.get("id"):
            self.ids.append(found["id"] or "")
            self.form_of_id[found["id"] or ""] = where
        if tag == "label" and found.get("for"):
            self.labels.append((found["for"] or "", where))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False


def _parse(html: str) -> _FormMap:
    parsed = _FormMap()
    parsed.feed(html)
    return parsed


def _running_match(app, *, started_days_ago: int, concerns: int = 0) -> tuple[int, list[int]]:
    """An active mentor match for a 12-year-old, started a while ago, with its check-ins."""
    today = date.today()
    with app.app_context():
        referral = factories.make_referral(
            young_person=factories.make_young_person(first_name="Ali", birth_year=today.year - 12)
        )
        volunteer = factories.make_volunteer(first_name="Bo")
        match = factories.make_match(
            referral.id,
            volunteer.id,
            MatchStatus.ACTIVE,
            start_date=today - timedelta(days=started_days_ago),
        )
        referral.status = ReferralStatus.MATCHED
        follow_up.plan_check_ins(match, match.start_date)
        for number in range(concerns):
            db.session.add(
                Concern(match=match, concern_type=ConcernType.BOUNDARIES,
                        description=f"Bekymring {number}")
            )
        db.session.commit()
        return match.id, [f.id for f in match.follow_ups]


def test_every_id_on_the_match_page_is_unique_and_each_label_belongs_to_its_own_form(
    app, client, auth
):
    # 20 days in: the 14-day check-in is overdue on all three tracks, and two concerns are open:
    # five row forms on one page, besides pause, close and the new-concern form.
    match_id, _ = _running_match(app, started_days_ago=20, concerns=2)
    auth.login_as(Role.COORDINATOR)
    page = _parse(client.get(f"/match/{match_id}").get_data(as_text=True))

    repeated = [id_ for id_, count in Counter(page.ids).items() if count > 1]
    assert repeated == []
    assert page.labels, "the page has labelled controls"
    for target, form in page.labels:
        assert target in page.form_of_id, f"label for={target} names no control"
        assert page.form_of_id[target] == form, f"label for={target} operates another form"


def test_a_failed_check_in_opens_its_own_form_with_the_error_and_keeps_only_its_text(
    app, client, auth
):
    match_id, _ = _running_match(app, started_days_ago=20)
    auth.login_as(Role.COORDINATOR)
    with app.app_context():
        overdue = db.session.scalars(
            db.select(FollowUp.id)
            .where(FollowUp.match_id == match_id, FollowUp.due_on < date.today())
            .order_by(FollowUp.id)
        ).all()
    second = overdue[1]
    prefix = f"checkin-{second}-"
    response = client.post(
        f"/match/{match_id}/opfoelgning/{second}",
        data={f"{prefix}done_on": "", f"{prefix}with_whom": "Mormor Inger",
              f"{prefix}rating": "5", f"{prefix}notes": "Talte om skoleskiftet"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The typed note is in that form only, not copied into the other check-in forms.
    assert html.count("Talte om skoleskiftet") == 1
    assert html.count('value="Mormor Inger"') == 1
    # The error is next to the field, and the form holding it is open.
    form_start = html.index(f'/opfoelgning/{second}"')
    details_start = html.rindex("<details", 0, form_start)
    assert html[details_start:form_start].startswith("<details open")
    assert f'id="{prefix}done_on-error"' in html
    # The choice of "5" stays checked in the form it was made in.
    five = re.search(rf'<input[^>]*id="{prefix}rating-4"[^>]*>', html)
    assert five is not None
    assert "checked" in five.group(0)
    checked = [tag for tag in re.findall(r"<input[^>]*>", html) if "checked" in tag]
    assert [tag for tag in checked if "rating" in tag] == [five.group(0)]
    with app.app_context():
        assert db.session.get(FollowUp, second).done_on is None


def test_a_running_match_shows_the_next_check_in_per_track_and_all_on_request(
    app, client, auth
):
    match_id, follow_up_ids = _running_match(app, started_days_ago=3)
    auth.login_as(Role.COORDINATOR)
    html = client.get(f"/match/{match_id}").get_data(as_text=True)
    # A 12-year-old's match has three tracks: one upcoming check-in shown for each.
    assert html.count("/opfoelgning/") == 3
    assert "Vis alle" in html
    everything = client.get(f"/match/{match_id}?alle=1").get_data(as_text=True)
    assert everything.count("<tr") > len(follow_up_ids)  # every planned check-in, plus the head


def test_a_closed_match_lists_no_future_check_ins(app, client, auth):
    match_id, _ = _running_match(app, started_days_ago=40)
    with app.app_context():
        match = db.session.get(Match, match_id)
        first = match.follow_ups[0]
        first.done_on, first.with_whom, first.rating = date.today(), "Bo", 4
        match.status = MatchStatus.CLOSED
        db.session.commit()
    auth.login_as(Role.COORDINATOR)
    html = client.get(f"/match/{match_id}").get_data(as_text=True)
    assert "/opfoelgning/" not in html
    assert "Vis alle" not in html
    assert html.count("<tr") == 2  # the head of the folded table and the one recorded
    assert "1 opfølgning registreret" in html  # the one that happened stays, folded


def test_closing_asks_first_and_nothing_is_preselected(app, client, auth):
    match_id, _ = _running_match(app, started_days_ago=3)
    auth.login_as(Role.COORDINATOR)
    page = client.get(f"/match/{match_id}").get_data(as_text=True)
    assert '<details class="close-match">' in page  # folded, not always open
    assert "selected" not in page.split('name="close-reason"')[1].split("</select>")[0]

    data = {"close-reason": "relationship_not_working", "close-note": "Kemien manglede"}
    asked = client.post(f"/match/{match_id}/afslut", data=data)
    assert asked.status_code == 200
    text = asked.get_data(as_text=True)
    assert "Afslut matchet?" in text
    assert 'name="close-note" value="Kemien manglede"' in text  # carried to the second step
    assert match_status(app, match_id) == MatchStatus.ACTIVE

    done = client.post(f"/match/{match_id}/afslut", data={**data, "bekraeftet": "ja"})
    assert done.status_code == 302
    assert match_status(app, match_id) == MatchStatus.CLOSED


def test_closing_without_a_reason_reopens_the_form_with_its_error(app, client, auth):
    match_id, _ = _running_match(app, started_days_ago=3)
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/match/{match_id}/afslut", data={"close-note": "Skrevet"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<details class="close-match" open>' in html
    assert "Skrevet" in html
    assert match_status(app, match_id) == MatchStatus.ACTIVE


def _offered(app) -> tuple[int, str]:
    with app.app_context():
        volunteer = factories.make_volunteer(first_name="Vera")
        referral = factories.make_referral()
        match = factories.make_match(referral.id, volunteer.id, MatchStatus.OFFERED)
        db.session.commit()
        return match.id, volunteer.user.email


def test_the_volunteers_no_thank_you_is_confirmed_first(app, client):
    match_id, email = _offered(app)
    login(client, email)
    asked = client.post(f"/match/{match_id}/svar", data={"answer": "decline", "reason": "Travlt"})
    assert "Sig nej tak?" in asked.get_data(as_text=True)
    assert match_status(app, match_id) == MatchStatus.OFFERED
    client.post(
        f"/match/{match_id}/svar",
        data={"answer": "decline", "reason": "Travlt", "bekraeftet": "ja"},
    )
    assert match_status(app, match_id) == MatchStatus.DECLINED


def test_the_volunteers_yes_needs_no_confirmation(app, client):
    match_id, email = _offered(app)
    login(client, email)
    client.post(f"/match/{match_id}/svar", data={"answer": "accept"})
    assert match_status(app, match_id) == MatchStatus.ACCEPTED


def _proposal(app, status: MatchStatus = MatchStatus.PROPOSED) -> tuple[int, int]:
    with app.app_context():
        volunteer = factories.make_volunteer(first_name="Pia")
        referral = factories.make_referral()
        match = factories.make_match(referral.id, volunteer.id, status)
        if status == MatchStatus.SHORTLISTED:
            referral.status = ReferralStatus.IN_PROGRESS
        db.session.commit()
        return match.id, referral.id


def test_setting_aside_asks_first_then_can_be_undone(app, client, auth):
    match_id, referral_id = _proposal(app, MatchStatus.SHORTLISTED)
    auth.login_as(Role.COORDINATOR)
    back = f"/match/henvisninger/{referral_id}"
    asked = client.post(f"/match/{match_id}/kassér", data={"tilbage": back})
    assert "Læg forslaget til side?" in asked.get_data(as_text=True)
    assert match_status(app, match_id) == MatchStatus.SHORTLISTED

    done = client.post(f"/match/{match_id}/kassér", data={"tilbage": back, "bekraeftet": "ja"})
    assert match_status(app, match_id) == MatchStatus.DISCARDED
    with app.app_context():  # nothing else on the shortlist: the referral waits again
        assert db.session.get(Referral, referral_id).status == ReferralStatus.WAITING
    offer = client.get(done.location).get_data(as_text=True)
    assert "Fortryd" in offer

    undone = client.post(f"/match/{match_id}/fortryd-kassering", data={"tilbage": back})
    assert undone.status_code == 302
    assert undone.location.endswith(back)
    assert match_status(app, match_id) == MatchStatus.SHORTLISTED
    with app.app_context():
        assert db.session.get(Referral, referral_id).status == ReferralStatus.IN_PROGRESS


def test_undo_is_refused_after_the_window_and_to_another_coordinator(app, client, auth):
    match_id, _ = _proposal(app)
    first = auth.login_as(Role.COORDINATOR)
    client.post(f"/match/{match_id}/kassér", data={"bekraeftet": "ja"})
    with app.app_context():
        match = db.session.get(Match, match_id)
        later = datetime.now(UTC) + timedelta(minutes=match_services.UNDO_MINUTES + 1)
        assert not match_services.can_undo_discard(match, by=first, now=later)
        assert match_services.can_undo_discard(match, by=first)
    auth.login_as(Role.COORDINATOR)  # someone else
    refused = client.post(f"/match/{match_id}/fortryd-kassering")
    assert refused.status_code == 302
    assert match_status(app, match_id) == MatchStatus.DISCARDED
    with app.app_context():
        changes = db.session.scalars(
            db.select(MatchStatusChange.to_status).where(MatchStatusChange.match_id == match_id)
        ).all()
        assert changes == [MatchStatus.DISCARDED]


def test_a_volunteer_cannot_undo_or_set_aside(app, client):
    match_id, _ = _proposal(app)
    _other, email = _offered(app)
    login(client, email)
    assert client.post(f"/match/{match_id}/kassér", data={"bekraeftet": "ja"}).status_code == 403
    assert client.post(f"/match/{match_id}/fortryd-kassering").status_code == 403
    assert match_status(app, match_id) == MatchStatus.PROPOSED


def test_the_tracks_shown_cover_every_track_of_a_child(app):
    match_id, _ = _running_match(app, started_days_ago=3)
    with app.app_context():
        match = db.session.get(Match, match_id)
        shown = follow_up.check_ins_to_show(match, date.today())
        assert {item.track for item in shown.upcoming} == set(FollowUpTrack)
        assert shown.hidden == len(match.follow_ups) - 3


def test_the_error_summary_names_the_field_a_bare_required_message_belongs_to(
    app, client, auth
):
    """"Feltet skal udfyldes." alone left the coordinator guessing which field it meant."""
    match_id, _ = _running_match(app, started_days_ago=3)
    auth.login_as(Role.COORDINATOR)
    response = client.post(f"/match/{match_id}/afslut", data={"close-note": "Skrevet"})
    html = response.get_data(as_text=True)
    summary = html.split('id="error-summary"', 1)[1].split("</section>", 1)[0]
    assert '<a href="#close-reason">Årsag til afslutning: Feltet skal udfyldes.</a>' in summary
