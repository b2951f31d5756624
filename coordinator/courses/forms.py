"""Forms for courses and supervision: planning a session and recording attendance."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import DataRequired, NumberRange, Optional

from coordinator.courses.models import CourseKind, CourseTheme
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

KIND_LABELS = {
    CourseKind.INTRODUCTION: _l("Introductory course"),
    CourseKind.THEME: _l("Theme course"),
    CourseKind.SUPERVISION: _l("Group supervision"),
}
THEME_LABELS = {
    CourseTheme.CONFIDENTIALITY: _l("Confidentiality"),
    CourseTheme.ETHICS: _l("Ethics"),
    CourseTheme.LAW: _l("The law"),
    CourseTheme.CONCERN: _l("What to do about a concern"),
}
PLACES_MESSAGE = _l("Enter the number of places, from 1 to 500.")
MINUTES_MESSAGE = _l("Enter the length in minutes, from 15 to 600.")


class CourseForm(AppForm):
    kind = ChoiceField(
        _l("Kind"),
        validators=[DataRequired(_l("Please choose the kind."))],
    )
    theme = ChoiceField(
        _l("Theme (theme courses)"),
        validators=[Optional()],
    )
    title = text(_l("Title"), 200, required=_l("Give the course a title."))
    description = text(_l("What happens"), 5000, area=True)
    day = DayField(
        _l("Date"),
        validators=[DataRequired(_l("Please enter the date.")), within_days(365, 2 * 365)],
    )
    start_time = TimeField(
        _l("Starts at"), validators=[DataRequired(_l("Please enter the start time."))]
    )
    duration_minutes = WholeNumberField(
        _l("Length in minutes"),
        validators=[DataRequired(MINUTES_MESSAGE),
                    NumberRange(min=15, max=600, message=MINUTES_MESSAGE)],
    )
    location = text(_l("Where"), 300, required=_l("Please say where the course is."))
    places = WholeNumberField(
        _l("Places"),
        validators=[DataRequired(PLACES_MESSAGE),
                    NumberRange(min=1, max=500, message=PLACES_MESSAGE)],
    )
    cancelled = BooleanField(_l("The course is cancelled"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not in the field: the shared choice check reads (value, label) pairs.
        self.kind.choices = [(kind.value, label) for kind, label in KIND_LABELS.items()]
        self.theme.choices = [("", "–")] + [
            (theme.value, label) for theme, label in THEME_LABELS.items()
        ]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # IntegerField's own "Not a valid integer value." is English-only: say it our way.
        for field, message in ((self.places, PLACES_MESSAGE),
                               (self.duration_minutes, MINUTES_MESSAGE)):
            if field.errors:
                field.errors = [str(message)]
        for field, message in (
            (self.day, _l("Please enter a date (yyyy-mm-dd).")),
            (self.start_time, _l("Please enter a time (hh:mm).")),
        ):
            if field.errors and field.raw_data and field.raw_data[0].strip():
                field.errors = [str(message)]
        if self.kind.data == CourseKind.THEME.value and not self.theme.data:
            self.theme.errors = [str(_l("Choose the theme of a theme course."))]
            ok = False
        return ok and not any(field.errors for field in self)


class AttendanceForm(AppForm):
    attended = CheckboxesField(_l("Who came"))

    def __init__(self, signups, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.attended.choices = [
            (str(signup.id), signup.volunteer.full_name) for signup in signups
        ]
