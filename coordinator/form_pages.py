"""Rendering a form page the same way everywhere."""

from typing import NamedTuple

from flask import Flask, g, render_template
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField


class ErrorLink(NamedTuple):
    """One line of the error summary: the control to jump to, its label and what is wrong."""

    target: str
    label: str
    message: str
    text: str = ""  # what the link says: the message, with the label where messages repeat


class ErrorSummary(NamedTuple):
    """What base.html shows above a form that failed (WCAG 3.3.1): a heading that takes the
    focus, a link to each field in error, and "Fejl:" before the page title."""

    message: str
    links: list[ErrorLink]


def error_links(form, row: str = "") -> list[ErrorLink]:
    """A link for every field with an error, in the form's order, also inside its rows.

    A group of checkboxes or radio buttons is reached through its first option, since a
    fieldset cannot take the focus.
    """
    links = []
    for field in form:
        if isinstance(field, FieldList):
            for number, entry in enumerate(field.entries, start=1):
                links += error_links([entry], f" {number}")
        elif isinstance(field, FormField):
            links += error_links(field.form, row)
        elif field.errors and field.type != "CSRFTokenField":
            grouped = getattr(field, "is_group", False) or field.type == "RadioField"
            target = f"{field.id}-0" if grouped else field.id
            messages = field.errors.values() if isinstance(field.errors, dict) else field.errors
            links.append(ErrorLink(target, f"{field.label.text}{row}",
                                   " ".join(str(message) for message in messages)))
    return _worded(links)


def _worded(links: list[ErrorLink]) -> list[ErrorLink]:
    """Our messages name their field ("Skriv dit efternavn."), so a link says the message; a
    message that several fields share ("Dette felt skal udfyldes.") gets the field's label."""
    seen: dict[str, int] = {}
    for link in links:
        seen[link.message] = seen.get(link.message, 0) + 1
    return [link._replace(text=link.message if seen[link.message] == 1
                          else f"{link.label}: {link.message}") for link in links]


def form_page(template: str, form, *, message: str | None = None, **context):
    """Render a form page: 200 when first shown; after a failed submit, 400 with an error
    summary that links to each field in error (the form keeps what the user typed)."""
    status = 200
    if form.is_submitted():
        context["error_summary"] = ErrorSummary(
            message or _("Please correct the fields marked below."), error_links(form)
        )
        status = 400
    return render_template(template, form=form, **context), status


def mark_failed(message: str | None = None) -> None:
    """Say that a form on the page being rendered failed, for views that render it themselves:
    base.html then shows the error summary, built from the page's forms that have errors."""
    g.failed_form_message = message or _("Please correct the fields marked below.")


def failed_form_summary(*forms) -> ErrorSummary | None:
    """The error summary after `mark_failed()`, linking to every field in error in `forms`
    (names a template does not define arrive as Undefined and are skipped)."""
    message = g.get("failed_form_message")
    if message is None:
        return None
    links = []
    for form in forms:
        if isinstance(form, FlaskForm) and form.errors:
            links += error_links(form)
    return ErrorSummary(message, links)


def register(app: Flask) -> None:
    """Let base.html build the error summary of a page whose view called `mark_failed()`."""
    app.jinja_env.globals["failed_form_summary"] = failed_form_summary
