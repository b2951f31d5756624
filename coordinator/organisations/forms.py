"""Forms for partner organisations and their agreements."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import DateInput

from coordinator import vocabulary
from coordinator.form_helpers import MultiCheckboxField, strip

TOO_LONG = _l("At most %(max)d characters.")


class DateField(Field):
    """A date as yyyy-mm-dd (the browser's date picker) with our own, translated message."""

    widget = DateInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if not valuelist or not valuelist[0] or not valuelist[0].strip():
            return
        try:
            self.data = date.fromisoformat(valuelist[0].strip())
        except ValueError as error:
            raise ValueError(str(_l("Please enter a date (yyyy-mm-dd)."))) from error


class CheckboxesField(MultiCheckboxField):
    """Checkboxes that refuse values not offered, with a translated message."""

    def pre_validate(self, form) -> None:
        known = {value for value, _label in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError(str(_l("Please choose only from the options shown.")))


def text(label, max_length: int, *, required=None, area: bool = False, description=None):
    """A trimmed text field with a length limit and, if `required` is a message, required."""
    validators = [
        DataRequired(required) if required else Optional(),
        Length(max=max_length, message=TOO_LONG),
    ]
    cls = TextAreaField if area else StringField
    return cls(label, filters=[strip], validators=validators, description=description)


class OrganisationForm(FlaskForm):
    name = text(_l("Name"), 200, required=_l("Give the organisation a name."))
    contact_name = text(_l("Contact person"), 120)
    contact_email = StringField(
        _l("Contact e-mail"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=254, message=TOO_LONG),
            Email(_l("Please enter a valid e-mail address.")),
        ],
    )
    contact_phone = text(_l("Contact phone"), 30)
    description = text(_l("What the organisation offers"), 5000, area=True)
    match_types = CheckboxesField(_l("Match types"))
    active = BooleanField(_l("Active partner"), default=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.match_types.choices = vocabulary.choices("match_types")

    def values(self) -> dict:
        return {
            "name": self.name.data,
            "contact_name": self.contact_name.data or None,
            "contact_email": (self.contact_email.data or "").lower() or None,
            "contact_phone": self.contact_phone.data or None,
            "description": self.description.data or "",
            "match_types": list(self.match_types.data or []),
            "active": self.active.data,
        }


class AgreementForm(FlaskForm):
    starts_on = DateField(
        _l("Starts on"), validators=[DataRequired(_l("Please enter the start date."))]
    )
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    organisation_role = text(_l("The organisation's role"), 5000, area=True)
    unit_role = text(_l("The coordination unit's role"), 5000, area=True)
    contact_points = text(_l("Contact points"), 5000, area=True)
    document_reference = text(
        _l("Reference to the agreement document"),
        200,
        description=_l("E.g. the case number in the document system."),
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.starts_on.errors and self.starts_on.raw_data and self.starts_on.raw_data[0]:
            self.starts_on.errors = [str(_l("Please enter a date (yyyy-mm-dd)."))]
        if (
            self.starts_on.data
            and self.ends_on.data
            and self.ends_on.data < self.starts_on.data
        ):
            self.ends_on.errors = [str(_l("The agreement cannot end before it starts."))]
            ok = False
        return ok

    def values(self) -> dict:
        return {
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "organisation_role": self.organisation_role.data or "",
            "unit_role": self.unit_role.data or "",
            "contact_points": self.contact_points.data or "",
            "document_reference": self.document_reference.data or None,
        }
