"""Rendering a form page the same way everywhere."""

from flask import flash, render_template
from flask_babel import gettext as _


def form_page(template: str, form, *, message: str | None = None, **context):
    """Render a form page: 200 when first shown; after a failed submit, 400 with a flash that
    asks the user to correct the marked fields (the form keeps what they typed)."""
    status = 200
    if form.is_submitted():
        flash(message or _("Please correct the fields marked below."), "error")
        status = 400
    return render_template(template, form=form, **context), status
