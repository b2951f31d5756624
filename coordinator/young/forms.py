"""Forms of the young people's own place: sign-in, club proposals, check-ins and signals."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from coordinator.events.forms import AGE, checked_when_and_ages
from coordinator.form_helpers import (
    AppForm,
    ChoiceField,
    DayField,
    RadioChoiceField,
    TimeField,
    WholeNumberField,
    clean,
    email_field,
    text,
    within_days,
)
from coordinator.young.models import ActivityKind

SMILEYS = [("3", _l("😊 Good")), ("2", _l("😐 So-so")), ("1", _l("🙁 Not good"))]
KIND_LABELS = {
    ActivityKind.FILM_NIGHT: _l("Film night"),
    ActivityKind.FOOTBALL: _l("Football"),
    ActivityKind.GAME_NIGHT: _l("Game night"),
    ActivityKind.TALK: _l("A talk"),
    ActivityKind.OTHER: _l("Something else"),
}


class AskForLinkForm(AppForm):
    email = email_field()


class CodeForm(AppForm):
    email = email_field()
    code = StringField(
        _l("Code from the e-mail"),
        filters=[clean],
        validators=[
            DataRequired(_l("Please enter the code from the e-mail.")),
            Regexp(r"^\s*\d{3}\s*\d{3}\s*$", message=_l("The code is 6 digits.")),
        ],
    )


class ProposalForm(AppForm):
    kind = ChoiceField(_l("What kind of activity"))
    title = text(_l("Title"), 200, required=_l("Give the activity a title."))
    description = text(_l("What happens"), 2000, area=True)
    day = DayField(
        _l("Date"),
        validators=[DataRequired(_l("Please enter the date.")), within_days(0, 365)],
    )
    start_time = TimeField(
        _l("Starts at"), validators=[DataRequired(_l("Please enter the start time."))]
    )
    location = text(_l("Where"), 300, required=_l("Please say where the activity is."))
    min_age = WholeNumberField(_l("From age"), validators=[Optional(), AGE])
    max_age = WholeNumberField(_l("To age"), validators=[Optional(), AGE])
    places = WholeNumberField(
        _l("Places"),
        validators=[
            DataRequired(_l("Enter the number of places, from 1 to 100.")),
            NumberRange(min=1, max=100, message=_l("Enter the number of places, from 1 to 100.")),
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [(kind.value, label) for kind, label in KIND_LABELS.items()]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = checked_when_and_ages(self, _l("Enter the number of places, from 1 to 100.")) and ok
        return ok and not any(field.errors for field in self)


class ApproveForm(AppForm):
    host_id = ChoiceField(_l("Adult host"),
                          validators=[DataRequired(_l("Choose an adult host."))])

    def __init__(self, hosts, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.host_id.choices = [("", _l("Choose…"))] + [
            (str(user.id), f"{user.name} ({user.email})") for user in hosts
        ]


class CheckInForm(AppForm):
    how_was_it = RadioChoiceField(_l("How was it?"),
                                  validators=[DataRequired(_l("Please choose a smiley."))])
    together_well = RadioChoiceField(_l("Are you two getting on well?"),
                                     validators=[DataRequired(_l("Please choose a smiley."))])
    message = text(_l("Is there anything you want to tell us?"), 2000, area=True,
                   description=_l("Only the coordination unit reads this. You may leave it "
                                  "empty."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.how_was_it.choices = list(SMILEYS)
        self.together_well.choices = list(SMILEYS)


class SignalForm(AppForm):
    kind = HiddenField(validators=[DataRequired(), Regexp(r"^(wants_to_stop|worried)$")])
    message = StringField(
        _l("Tell us more if you want"), filters=[clean],
        validators=[Optional(), Length(max=2000, message=_l("The text is too long."))],
    )
