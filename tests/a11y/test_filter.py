"""A long list of interests gets a filter box: with JavaScript typing narrows the list; without
it the whole list shows and no box that cannot work is offered."""

from urllib.parse import urlencode

import pytest

from tests.volunteers.helpers import SIGNUP, step_data

pytestmark = pytest.mark.browser


def _open_interests_step(page, live_server) -> None:
    """The interests are asked on the sign-up's third step: complete the first two (the page's
    request context shares the browser's cookies, so the kept draft is this browser's)."""
    for step in (1, 2):
        response = page.request.post(
            f"{live_server}{SIGNUP}", data=urlencode(step_data(step), doseq=True),
            headers={"Content-Type": "application/x-www-form-urlencoded"}, max_redirects=0)
        assert response.status == 302, step
    page.goto(f"{live_server}{SIGNUP}?trin=3")


def _visible_interests(page) -> list[str]:
    return page.eval_on_selector_all(
        "#interests .choice-list label",
        "labels => labels.filter(l => l.offsetParent !== null).map(l => l.textContent.trim())")


def test_typing_in_the_filter_box_narrows_the_interests_and_keeps_ticked_ones(
    app, live_server, browser
):
    page = browser.new_page()
    try:
        _open_interests_step(page, live_server)
        everything = _visible_interests(page)
        page.check("#interests-0")
        first = everything[0]
        page.fill("#interests-filter", "fodbold")
        shown = _visible_interests(page)
        assert "Fodbold" in shown
        assert first in shown  # ticked before filtering: still in view
        assert len(shown) < len(everything)
        page.fill("#interests-filter", "")
        assert _visible_interests(page) == everything
    finally:
        page.close()


def test_without_javascript_the_whole_list_shows_and_the_box_is_hidden(app, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        _open_interests_step(page, live_server)
        assert not page.is_visible("#interests-filter")
        assert len(_visible_interests(page)) > 12
    finally:
        context.close()
