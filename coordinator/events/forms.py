"""Forms for events: arranging one, signing a young person up, attendance, and confirmations."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import DataRequired, NumberRange, Optional

from coordinator.form_helpers import (
    AppForm,
    CheckboxesField,
    ChoiceField,
    DayField,
    TimeField,
    WholeNumberField,
    text,
    within_days,
)

AGE = NumberRange(min=0, max=30, message=_l("Enter an age between 0 and 30."))


EVENT_KIND_LABELS = {
    "general": _l("Event"),
    "info_meeting": _l("Information meeting at a placement site (leisure jobs)"),
}



def checked_when_and_ages(form, places_message) -> bool:
    """The checks every planned gathering shares (an event, a club activity): messages in our
    words for its day, time, ages and places, and the upper age not below the lower. False
    when the ages are out of order."""
    # IntegerField's own "Not a valid integer value." is English-only: say it our way.
    for field, message in (
        (form.min_age, _l("Enter an age between 0 and 30.")),
        (form.max_age, _l("Enter an age between 0 and 30.")),
        (form.places, places_message),
    ):
        if field.errors:
            field.errors = [str(message)]
    for field, message in (
        (form.day, _l("Please enter a date (yyyy-mm-dd).")),
        (form.start_time, _l("Please enter a time (hh:mm).")),
    ):
        if field.errors and field.raw_data and field.raw_data[0].strip():
            field.errors = [str(message)]
    if (
        form.min_age.data is not None
        and form.max_age.data is not None
        and not form.min_age.errors
        and not form.max_age.errors
        and form.min_age.data > form.max_age.data
    ):
        form.max_age.errors = [str(_l("The upper age must not be below the lower age."))]
        return False
    return True

class EventForm(AppForm):
    kind = ChoiceField(_l("Kind of event"), validators=[Optional()])
    title = text(_l("Title"), 200, required=_l("Give the event a title."))
    description = text(_l("What happens"), 5000, area=True)
    day = DayField(
        _l("Date"),
        validators=[DataRequired(_l("Please enter the date.")), within_days(365, 5 * 365)],
    )
    start_time = TimeField(
        _l("Starts at"), validators=[DataRequired(_l("Please enter the start time."))]
    )
    end_time = TimeField(_l("Ends at"), validators=[Optional()])
    location = text(_l("Where"), 300, required=_l("Please say where the event is."))
    min_age = WholeNumberField(_l("From age"), validators=[Optional(), AGE])
    max_age = WholeNumberField(_l("To age"), validators=[Optional(), AGE])
    places = WholeNumberField(
        _l("Places"),
        validators=[
            DataRequired(_l("Enter the number of places, from 1 to 500.")),
            NumberRange(min=1, max=500, message=_l("Enter the number of places, from 1 to 500.")),
        ],
    )
    cancelled = BooleanField(_l("The event is cancelled"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = list(EVENT_KIND_LABELS.items())

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = checked_when_and_ages(self, _l("Enter the number of places, from 1 to 500.")) and ok
        if (
            self.start_time.data
            and self.end_time.data
            and not self.end_time.errors
            and self.end_time.data <= self.start_time.data
        ):
            self.end_time.errors = [str(_l("The event must end after it starts."))]
            ok = False
        return ok and not any(field.errors for field in self)


class SignupForm(AppForm):
    young_person_id = ChoiceField(_l("Young person"))

    def __init__(self, people, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.young_person_id.choices = [
            (str(person.id), f"{person.first_name} ({person.birth_year})") for person in people
        ]


class AttendanceForm(AppForm):
    attended = CheckboxesField(_l("Who came"))

    def __init__(self, signups, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.attended.choices = [
            (str(signup.id), signup.young_person.first_name if signup.young_person else "–")
            for signup in signups
        ]
