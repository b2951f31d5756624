"""Forms people can finish (WCAG 1.3.1, 3.3.1, 3.3.2, 4.1.2): groups are fieldsets with a
legend, every reference reaches an element, and a failed submit says so in the title and in an
error summary that links to each field."""

import re

import pytest

from coordinator.auth.models import Role
from tests.volunteers.helpers import SIGNUP, open_signup_step


@pytest.fixture
def failed_signup(client) -> str:
    response = client.post(SIGNUP, data={"first_name": "Bo"})
    assert response.status_code == 400
    return response.get_data(as_text=True)


def test_a_failed_submit_starts_the_title_with_fejl_and_keeps_what_was_typed(failed_signup):
    title = re.search(r"<title>(.*?)</title>", failed_signup, re.S).group(1)
    assert title.startswith("Fejl: Bliv frivillig")
    assert 'value="Bo"' in failed_signup


def test_the_error_summary_takes_the_focus_and_links_to_each_field_in_error(failed_signup):
    summary = re.search(r'<section class="error-summary[^>]*>(.*?)</section>', failed_signup,
                        re.S)
    assert summary is not None
    assert 'id="error-summary" tabindex="-1" autofocus' in failed_signup
    links = re.findall(r'href="#([^"]+)"', summary.group(1))
    # A text field is reached by its id, a group of checkboxes by its first box. The summary
    # names the fields of the step shown (the sign-up's first step).
    assert "postcode" in links
    assert "last_name" in links
    assert "languages-0" in links
    for target in links:
        assert f'id="{target}"' in failed_signup
    assert ">Skriv dit efternavn.</a>" in summary.group(1)


def test_in_english_the_title_starts_with_error(client):
    client.get("/sprog/en")
    html = client.post(SIGNUP, data={}).get_data(as_text=True)
    assert re.search(r"<title>Error: ", html)


def test_checkbox_and_radio_groups_are_fieldsets_with_a_legend(client, failed_signup):
    pages = {1: failed_signup, 2: open_signup_step(client, 2), 3: open_signup_step(client, 3)}
    for step, group in ((1, "languages"), (1, "gender"), (2, "kind"), (3, "offers"),
                        (3, "availability")):
        assert re.search(rf'<fieldset id="{group}"[^>]*>\s*<legend>', pages[step]), group
        assert f'<label for="{group}">' not in pages[step]
    # One box of a required group is not itself required; the group is invalid, not a list.
    assert not re.search(r'<input[^>]*name="languages"[^>]*required', failed_signup)
    assert not re.search(r"<ul[^>]*aria-invalid", failed_signup)
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*name="languages"', failed_signup)


def test_no_reference_points_at_a_missing_id(failed_signup):
    ids = set(re.findall(r'\sid="([^"]+)"', failed_signup))
    assert 'aria-describedby="None"' not in failed_signup
    for attribute in ("for", "aria-describedby", "aria-labelledby", "aria-controls"):
        for value in re.findall(rf'\s{attribute}="([^"]*)"', failed_signup):
            for ref in value.split():
                assert ref in ids, f'{attribute}="{ref}"'


def test_a_form_shown_for_the_first_time_has_no_error_summary(client):
    html = client.get(SIGNUP).get_data(as_text=True)
    assert "error-summary" not in html
    assert not re.search(r"<title>Fejl", html)


def test_a_wrong_password_is_a_failed_submit_with_a_summary(client):
    html = client.post("/konto/log-ind", data={"email": "nobody@example.dk",
                                               "password": "wrong password here"}
                       ).get_data(as_text=True)
    assert re.search(r"<title>Fejl: ", html)
    assert 'href="#password"' in html


def test_a_long_list_of_checkboxes_has_a_filter_box_hidden_until_javascript_shows_it(client):
    html = open_signup_step(client, 3)  # the interests are asked on the sign-up's third step
    # The interests are many: without JavaScript the whole list shows and the box stays hidden.
    interests = re.search(r'<fieldset id="interests".*?</fieldset>', html, re.S).group(0)
    assert 'class="choice-filter" hidden' in interests
    assert 'data-filter-for="interests"' in interests
    assert interests.count('type="checkbox"') > 12


def test_the_accessibility_statement_is_public_linked_in_the_footer_and_names_a_contact(
    make_app,
):
    app = make_app(ACCESSIBILITY_CONTACT_EMAIL="tilgaengelighed@kommune.example.dk",
                   ACCESSIBILITY_CONTACT_PHONE="39 98 00 00")
    client = app.test_client()
    front = client.get("/").get_data(as_text=True)
    assert 'href="/tilgaengelighed">Tilgængelighedserklæring</a>' in front
    page = client.get("/tilgaengelighed")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "WCAG" in html
    assert "2.1" in html
    assert "Kendte begrænsninger" in html
    assert "mailto:tilgaengelighed@kommune.example.dk" in html
    assert 'href="tel:39980000"' in html
    assert "Digitaliseringsstyrelsen" in html


def test_the_municipality_name_and_logo_are_configurable(make_app):
    app = make_app(MUNICIPALITY_NAME="Lyngby-Taarbæk Kommune", MUNICIPALITY_LOGO="img/logo.svg")
    html = app.test_client().get("/").get_data(as_text=True)
    assert 'src="/static/img/logo.svg" alt="Lyngby-Taarbæk Kommune"' in html
    assert html.count("Lyngby-Taarbæk Kommune") >= 2  # the logo's text and the footer
    assert "Gentofte Kommune" not in html


def test_status_badges_say_the_state_in_words_and_colour(app, client, auth):
    from coordinator.extensions import db
    from coordinator.volunteers.models import VolunteerStatus
    from tests import factories

    auth.login_as(Role.COORDINATOR)
    with app.app_context():
        volunteer = factories.make_volunteer(status=VolunteerStatus.PAUSED)
        db.session.commit()
        path = f"/frivillig/{volunteer.id}"
    html = client.get(path).get_data(as_text=True)
    assert '<span class="badge badge-stopped">På pause</span>' in html
