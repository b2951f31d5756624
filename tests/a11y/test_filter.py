"""A long list of interests gets a filter box: with JavaScript typing narrows the list; without
it the whole list shows and no box that cannot work is offered."""

import pytest

pytestmark = pytest.mark.browser


def _visible_interests(page) -> list[str]:
    return page.eval_on_selector_all(
        "#interests .choice-list label",
        "labels => labels.filter(l => l.offsetParent !== null).map(l => l.textContent.trim())")


def test_typing_in_the_filter_box_narrows_the_interests_and_keeps_ticked_ones(
    app, live_server, browser
):
    page = browser.new_page()
    try:
        page.goto(f"{live_server}/frivillig/tilmeld")
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
        page.goto(f"{live_server}/frivillig/tilmeld")
        assert not page.is_visible("#interests-filter")
        assert len(_visible_interests(page)) > 12
    finally:
        context.close()
