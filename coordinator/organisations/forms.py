"""Forms for partner organisations and their agreements."""


from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from coordinator import vocabulary
from coordinator.form_helpers import TOO_LONG, AppForm, CheckboxesField, DayField, clean, text


class OrganisationForm(AppForm):
    name = text(_l("Name"), 200, required=_l("Give the organisation a name."))
    contact_name = text(_l("Contact person"), 120)
    contact_email = StringField(
        _l("Contact e-mail"),
        filters=[clean],
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


class AgreementForm(AppForm):
    starts_on = DayField(
        _l("Starts on"), validators=[DataRequired(_l("Please enter the start date."))]
    )
    ends_on = DayField(_l("Ends on"), validators=[Optional()])
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
