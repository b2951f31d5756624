"""Forms of the leisure-job track: a workplace, and a job-search milestone."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from coordinator import vocabulary
from coordinator.form_helpers import (
    AppForm,
    CheckboxesField,
    ChoiceField,
    DayField,
    WholeNumberField,
    clean,
    postcode_field,
    text,
    within_days,
)
from coordinator.workplaces.models import MilestoneStep

OFFER_LABELS = {
    "leisure_job": _l("Leisure job"),
    "internship": _l("Internship"),
    "trial_work": _l("Unpaid trial work"),
}
STEP_LABELS = {
    MilestoneStep.WHERE_TO_WORK: _l("Where I want to work"),
    MilestoneStep.CV_WRITTEN: _l("CV written"),
    MilestoneStep.APPLICATION_SENT: _l("Application sent"),
    MilestoneStep.INTERVIEW_PREPARED: _l("Job interview prepared"),
    MilestoneStep.INTERVIEW_EVALUATED: _l("Job interview evaluated"),
    MilestoneStep.JOB_STARTED: _l("Job or internship started"),
}
AGE_MESSAGE = _l("Enter an age from 10 to 30.")


class WorkplaceForm(AppForm):
    name = text(_l("Name of the workplace"), 200, required=_l("Give the workplace's name."))
    sector = text(_l("Sector (e.g. retail, café, sports club)"), 120,
                  required=_l("Say which sector."))
    postcode = postcode_field(_l("Postcode (area)"))
    offers = CheckboxesField(_l("What they offer"))
    interests = CheckboxesField(_l("Fits young people interested in"))
    min_age = WholeNumberField(_l("From age"),
                               validators=[Optional(), NumberRange(10, 30, AGE_MESSAGE)])
    contact_name = text(_l("Contact person"), 120)
    contact_phone = text(_l("Contact person's phone"), 30)
    contact_email = EmailField(
        _l("Contact person's e-mail"), filters=[clean],
        validators=[Optional(), Length(max=254),
                    Email(message=_l("Please enter a valid e-mail address."))],
    )
    notes = text(_l("Notes"), 2000, area=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offers.choices = [(key, label) for key, label in OFFER_LABELS.items()]
        self.interests.choices = vocabulary.choices("interests")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.min_age.errors:
            self.min_age.errors = [str(AGE_MESSAGE)]
        if not self.offers.data:
            self.offers.errors = [str(_l("Choose at least one thing they offer."))]
            ok = False
        return ok and not any(field.errors for field in self)


class MilestoneForm(AppForm):
    step = ChoiceField(_l("Step"), validators=[InputRequired(_l("Choose a step."))])
    done_on = DayField(_l("When"), validators=[Optional(), within_days(730, 0)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.step.choices = [(step.value, label) for step, label in STEP_LABELS.items()]
