"""The knowledge library: safe rendering, versions, acknowledgements before matching."""

from sqlalchemy import select

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.library import services
from coordinator.library.models import Guide
from coordinator.library.rendering import render
from coordinator.matches import adapter
from coordinator.matches.models import Match
from coordinator.volunteers.models import Volunteer
from tests import factories
from tests.matches.conftest import login

CONCERN_TEXT = """# Bekymring

Hvis du er bekymret for et barn, så **ring til koordinatoren**.

- Ved akut fare: ring 112.
"""


def make_guide(slug: str = "tavshedspligt", *, required: bool = True, body: str = "Tekst",
               title: str = "Tavshedspligt") -> Guide:
    author = factories.make_user(Role.COORDINATOR)
    return services.create_guide(author, slug, required,
                                 {"title_da": title, "body_da": body, "title_en": "",
                                  "body_en": ""})


def test_markdown_is_rendered_and_script_and_javascript_links_are_inert():
    html = str(render(
        "# Titel\n\n<script>alert('x')</script>\n\n"
        "[klik](javascript:alert(1)) <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">a</a>"
        "\n\n<img src=x onerror=alert(4)> [ok](https://gentofte.dk)"
    ))
    assert "<h2>Titel</h2>" in html
    assert "<script" not in html
    assert "alert" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert 'href="https://gentofte.dk"' in html


def test_a_guide_page_serves_no_script_from_its_text(app, client, auth):
    with app.app_context():
        make_guide(body="Hej\n\n<script>document.title='hacked'</script>\n\n"
                        "[Læs mere](javascript:steal())")
        db.session.commit()
    auth.login_as(Role.VOLUNTEER)
    page = client.get("/vejledninger/tavshedspligt").get_data(as_text=True)
    assert "hacked" not in page
    assert "steal()" not in page
    assert "Version 1 · senest ændret" in page


def test_coordinator_writes_a_guide_and_a_changed_text_is_a_new_version(app, client, auth):
    auth.login_as(Role.COORDINATOR)
    response = client.post("/vejledninger/ny", data={
        "slug": "bekymring", "title_da": "Bekymringsrutine", "body_da": CONCERN_TEXT,
        "title_en": "When you are worried", "body_en": "Call the coordinator.",
        "requires_acknowledgement": "y",
    })
    assert response.status_code == 302
    page = client.get("/vejledninger/bekymring").get_data(as_text=True)
    assert "<strong>ring til koordinatoren</strong>" in page
    client.post("/vejledninger/bekymring/rediger", data={
        "title_da": "Bekymringsrutine", "body_da": CONCERN_TEXT + "\nNyt afsnit.",
        "requires_acknowledgement": "y",
    })
    with app.app_context():
        guide = services.guide_by_slug("bekymring")
        assert [v.number for v in guide.versions] == [1, 2]
        assert guide.versions[0].body_da == CONCERN_TEXT.strip()  # the old text is kept


def test_a_guide_address_with_capitals_is_refused_and_the_text_kept(client, auth):
    auth.login_as(Role.COORDINATOR)
    response = client.post("/vejledninger/ny", data={
        "slug": "Tavs Hed", "title_da": "Tavshedspligt", "body_da": "Min lange tekst",
    })
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Brug kun små bogstaver a–z, tal og bindestreger." in page
    assert "Min lange tekst" in page


def test_only_staff_write_guides_and_only_volunteers_acknowledge(app, client, auth):
    with app.app_context():
        make_guide()
        db.session.commit()
    auth.login_as(Role.VOLUNTEER)
    assert client.get("/vejledninger/ny").status_code == 403
    assert client.get("/vejledninger/tavshedspligt/rediger").status_code == 403
    auth.login_as(Role.COORDINATOR)
    assert client.post("/vejledninger/tavshedspligt/kvitter").status_code == 403
    auth.login_as(Role.ORGANISATION_CONTACT)
    assert client.get("/vejledninger/").status_code == 403


def test_acknowledging_is_recorded_and_a_new_version_asks_again(app, client, auth):
    with app.app_context():
        volunteer = factories.make_volunteer()
        email, volunteer_id = volunteer.user.email, volunteer.id
        make_guide()
        db.session.commit()
    auth.login(email, factories.PASSWORD)
    assert "Læs og kvittér" in client.get("/vejledninger/").get_data(as_text=True)
    assert "Tavshedspligt" in client.get("/frivillig/min-side").get_data(as_text=True)
    client.post("/vejledninger/tavshedspligt/kvitter")
    page = client.get("/vejledninger/tavshedspligt").get_data(as_text=True)
    assert "Du har kvitteret for denne version." in page
    with app.app_context():
        volunteer = db.session.get(Volunteer, volunteer_id)
        assert services.missing_acknowledgements(volunteer) == []
        assert db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action == "guide.acknowledged")).all() == ["guide.acknowledged"]
        guide = services.guide_by_slug("tavshedspligt")
        services.update_guide(factories.make_user(), guide, True,
                              {"title_da": "Tavshedspligt", "body_da": "Ny tekst",
                               "title_en": "", "body_en": ""})
        db.session.commit()
        assert [g.slug for g in services.missing_acknowledgements(volunteer)] == ["tavshedspligt"]
    assert "Læs og kvittér" in client.get("/vejledninger/").get_data(as_text=True)


def test_an_unacknowledged_volunteer_is_not_proposed_and_a_manual_choice_says_why(
    app, client, auth, scene
):
    bo = scene.volunteer_ids[0]
    auth.login_as(Role.COORDINATOR)
    assert "Bo Jensen" in client.get(f"/match/henvisninger/{scene.referral_id}").get_data(
        as_text=True)
    with app.app_context():
        make_guide()
        make_guide("bekymring", title="Bekymringsrutine")
        db.session.commit()
        from datetime import date
        records = {r["id"]: r for r in adapter.matchable_volunteers(date.today())}
        assert records[bo]["screened"] is False
    html = client.get(f"/match/henvisninger/{scene.referral_id}").get_data(as_text=True)
    assert "Bo Jensen" not in html
    response = client.post(
        f"/match/henvisninger/{scene.referral_id}/kortliste",
        data={"override_volunteer_id": str(bo), "override_reason": "Kender familien"},
        follow_redirects=True,
    )
    assert ("Bo Jensen har endnu ikke læst og kvitteret for: Bekymringsrutine, Tavshedspligt."
            in response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(Match).where(Match.volunteer_id == bo)) is None
    # Once Bo has acknowledged both, he is proposed again.
    login(client, scene.volunteer_emails[0])
    client.post("/vejledninger/tavshedspligt/kvitter")
    client.post("/vejledninger/bekymring/kvitter")
    auth.login_as(Role.COORDINATOR)
    assert "Bo Jensen" in client.get(f"/match/henvisninger/{scene.referral_id}").get_data(
        as_text=True)


def test_the_concern_form_links_to_the_concern_guide(app, client, auth):
    from tests.events.helpers import live_match

    with app.app_context():
        volunteer = factories.make_volunteer()
        match, _person = live_match(volunteer=volunteer)
        make_guide("bekymring", title="Bekymringsrutine", required=False)
        email, match_id = volunteer.user.email, match.id
        db.session.commit()
    auth.login(email, factories.PASSWORD)
    page = client.get(f"/match/{match_id}").get_data(as_text=True)
    assert 'href="/vejledninger/bekymring"' in page
