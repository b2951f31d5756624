"""Markdown written by staff, turned into HTML that can never run script.

Python-Markdown passes raw HTML through and writes any link target it is given, so its output is
cleaned by nh3 (the Rust `ammonia` sanitiser) with a short allow-list: text structure, tables and
links to http, https and mailto only. `<script>`, `<style>`, event attributes and `javascript:`
links are removed whatever the author typed.
"""

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "blockquote",
    "a", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> Markup:
    """Staff Markdown as safe HTML for a page (headings start at h2: the page has the h1)."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"])
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)  # noqa: S704 - cleaned by nh3 with the allow-list above
