"""The form staff write a guide in."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, ValidationError

from coordinator.form_helpers import AppForm, text

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class GuideForm(AppForm):
    slug = text(
        _l("Address (lower-case letters, digits and dashes)"), 80,
        required=_l("Give the guide an address, e.g. tavshedspligt."),
    )
    title_da = text(_l("Title (Danish)"), 200, required=_l("Give the guide a Danish title."))
    body_da = text(
        _l("Text (Danish, Markdown)"), 50_000, area=True,
        required=_l("Write the guide's Danish text."),
        description=_l("Markdown: # heading, **bold**, - list, [link](https://…)."),
    )
    title_en = text(_l("Title (English)"), 200)
    body_en = text(_l("Text (English, Markdown)"), 50_000, area=True)
    requires_acknowledgement = BooleanField(
        _l("Volunteers must read and acknowledge it before they can be matched")
    )

    def validate_slug(self, field) -> None:
        if field.data and not SLUG.match(field.data):
            raise ValidationError(str(_l("Use lower-case letters a–z, digits and dashes only.")))
