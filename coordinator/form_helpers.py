"""Pieces every feature's forms share: filters, a checkbox-list field, common validators."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, widgets
from wtforms.validators import Regexp


def strip(value: object) -> object:
    """Trim surrounding white space from text input; leave other values alone."""
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; unknown submitted values fail validation with a clear message."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def danish_postcode():
    """A Danish postcode is four digits."""
    return Regexp(r"^\d{4}$", message=_l("Please enter a Danish postcode of four digits."))
