"""Forms of the match workflow."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DecimalField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from coordinator import vocabulary
from coordinator.form_helpers import (
    AppForm,
    ChoiceField,
    DayField,
    MultiCheckboxField,
    WholeNumberField,
    clean,
    within_days,
)
from coordinator.labels import choices_for
from coordinator.vocabulary import ClosureReason, ConcernType

REQUIRED = _l("This field is required.")

# Every form on the coordinator's match page has its own prefix, so no two controls share an id
# and each label operates its own control. Row forms add the row's id (see the functions below).
CLOSE_PREFIX = "close"
PAUSE_PREFIX = "pause"


def check_in_prefix(follow_up_id: int) -> str:
    """The field prefix of the check-in form of one planned check-in."""
    return f"checkin-{follow_up_id}"


def resolve_prefix(concern_id: int) -> str:
    """The field prefix of the form that resolves one concern."""
    return f"resolve-{concern_id}"


class ProposalFilterForm(AppForm):
    """Narrow the matcher's proposals for a referral (a GET form: no CSRF needed)."""

    class Meta:
        csrf = False

    match_type = SelectField(_l("Match type"), validators=[Optional()])
    max_km = DecimalField(
        _l("At most this many km away"),
        places=1,
        validators=[Optional(), NumberRange(min=0, max=500, message=_l("Between 0 and 500 km."))],
    )
    language = SelectField(_l("Speaks"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.match_type.choices = [("", _l("The referral's own"))] + [
            choice for choice in vocabulary.choices("match_types") if choice[0] != "friend_bank"
        ]
        self.language.choices = [("", _l("Any language"))] + vocabulary.choices("languages")


class NameSearchForm(AppForm):
    """Find a volunteer by name for the coordinator's own choice (a GET form)."""

    class Meta:
        csrf = False

    find = StringField(
        _l("Find a volunteer by name"),
        filters=[clean],
        validators=[Optional(), Length(max=100, message=_l("At most 100 characters."))],
    )


class NoneOfThemForm(AppForm):
    """The family chose none of the shortlisted volunteers, and why."""

    reason = TextAreaField(
        _l("Why none of them fits"),
        filters=[clean],
        validators=[
            DataRequired(_l("Tell the coordinator why, so the next shortlist fits better.")),
            Length(max=1000, message=_l("At most 1000 characters.")),
        ],
    )


class ShortlistForm(AppForm):
    """Pick one to three volunteers for the family to choose from."""

    # Any volunteer number may be posted; the view checks each against the database.
    volunteer_ids = MultiCheckboxField(
        _l("Volunteers for the shortlist"), coerce=int, validate_choice=False
    )
    override_volunteer_id = WholeNumberField(
        _l("Or another volunteer"),
        validators=[
            Optional(),
            NumberRange(min=1, max=2**31 - 1, message=_l("Enter a volunteer number.")),
        ],
    )
    override_reason = TextAreaField(
        _l("Why this volunteer (required when the matcher did not propose them)"),
        filters=[clean],
        validators=[Length(max=1000, message=_l("At most 1000 characters."))],
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        picked = len(self.volunteer_ids.data or []) + (1 if self.override_volunteer_id.data else 0)
        if not 1 <= picked <= 3:
            self.volunteer_ids.errors.append(_l("Choose one to three volunteers."))
            return False
        if self.override_volunteer_id.data and not self.override_reason.data:
            self.override_reason.errors.append(_l("Give a reason for your own choice."))
            return False
        return True


class ActivateForm(AppForm):
    """Start a match with its short written agreement."""

    start_date = DayField(
        _l("Start date"), validators=[InputRequired(REQUIRED), within_days(365, 365)]
    )
    frequency = StringField(
        _l("How often you meet"),
        filters=[clean],
        validators=[DataRequired(REQUIRED), Length(max=200)],
    )
    activities = TextAreaField(
        _l("What you do together"),
        filters=[clean],
        validators=[DataRequired(REQUIRED), Length(max=2000)],
    )
    duration = StringField(
        _l("For how long"), filters=[clean], validators=[DataRequired(REQUIRED), Length(max=200)]
    )
    contact = StringField(
        _l("Who to call"), filters=[clean], validators=[DataRequired(REQUIRED), Length(max=200)]
    )


class ReasonForm(AppForm):
    """A short reason for a pause, a discard or a resumption."""

    reason = StringField(
        _l("Reason"),
        filters=[clean],
        validators=[Length(max=500, message=_l("At most 500 characters."))],
    )


class RespondForm(AppForm):
    """The volunteer's answer to an offered match."""

    answer = RadioField(
        _l("Your answer"),
        choices=[
            SelectChoice("accept", _l("Yes, I would like to")),
            SelectChoice("decline", _l("No, thank you")),
        ],
        validators=[InputRequired(_l("Choose yes or no."))],
    )
    reason = TextAreaField(
        _l("If no: why (helps us find a better match)"),
        filters=[clean],
        validators=[Length(max=1000, message=_l("At most 1000 characters."))],
    )


class CloseForm(AppForm):
    """Close a match, with the healthy-closure checklist."""

    reason = ChoiceField(_l("Reason for closing"), validators=[InputRequired(REQUIRED)])
    planned = BooleanField(_l("The closure was planned"))
    note = TextAreaField(
        _l("Note"),
        filters=[clean],
        validators=[Length(max=2000, message=_l("At most 2000 characters."))],
    )
    talk_volunteer = BooleanField(_l("Closing conversation held with the volunteer"))
    talk_young_person = BooleanField(_l("Closing conversation held with the young person"))
    talk_caregiver = BooleanField(_l("Closing conversation held with the caregiver"))
    contact_after = StringField(
        _l("What contact is allowed afterwards"), filters=[clean], validators=[Length(max=500)]
    )
    volunteer_rematch_from = DayField(
        _l("The volunteer may be matched again from"), validators=[Optional()]
    )
    seeker_rematch_from = DayField(
        _l("The young person or family may be matched again from"), validators=[Optional()]
    )

    def __init__(self, *args, **kwargs) -> None:
        # Its own prefix: the pause form on the same page also has a "reason".
        kwargs.setdefault("prefix", CLOSE_PREFIX)
        super().__init__(*args, **kwargs)
        # No reason is preselected: closing is a decision, not a default.
        self.reason.choices = [("", _l("Choose a reason")), *choices_for(ClosureReason)]


class CheckInForm(AppForm):
    """Record a check-in with one side of a match."""

    done_on = DayField(_l("Date"), validators=[InputRequired(REQUIRED), within_days(365, 0)])
    with_whom = StringField(
        _l("With whom"), filters=[clean], validators=[DataRequired(REQUIRED), Length(max=120)]
    )
    rating = RadioField(
        _l("How is it going?"),
        coerce=int,
        choices=[
            SelectChoice(1, _l("1 – poorly")),
            SelectChoice(2, "2"),
            SelectChoice(3, _l("3 – all right")),
            SelectChoice(4, "4"),
            SelectChoice(5, _l("5 – very well")),
        ],
        validators=[InputRequired(_l("Choose how it is going."))],
    )
    notes = TextAreaField(_l("Notes (staff only)"), filters=[clean], validators=[Length(max=4000)])
    # Asked only where the volunteer has a part in a safety plan (shown by the template).
    safety_plan_holds = RadioField(
        _l("Does the safety plan still hold?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No, it needs review"))],
        validators=[Optional()],
    )


class MeetingForm(AppForm):
    """A volunteer logs a meeting in a few taps."""

    met_on = DayField(
        _l("When did you meet?"), validators=[InputRequired(REQUIRED), within_days(365, 0)]
    )
    activity = StringField(
        _l("What did you do?"),
        filters=[clean],
        validators=[DataRequired(REQUIRED), Length(max=500, message=_l("At most 500 characters."))],
    )
    minutes = WholeNumberField(
        _l("How long (minutes)?"),
        validators=[
            InputRequired(_l("Enter a number of minutes.")),
            NumberRange(min=5, max=24 * 60, message=_l("Between 5 and 1440 minutes.")),
        ],
    )


class ConcernForm(AppForm):
    """Raise a concern about a match."""

    concern_type = SelectField(
        _l("What is the concern about?"), validators=[InputRequired(REQUIRED)]
    )
    description = TextAreaField(
        _l("Describe what happened"),
        filters=[clean],
        validators=[
            DataRequired(REQUIRED),
            Length(max=4000, message=_l("At most 4000 characters.")),
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.concern_type.choices = choices_for(ConcernType)


class ResolveConcernForm(AppForm):
    resolution = TextAreaField(
        _l("How was it resolved?"),
        filters=[clean],
        validators=[DataRequired(REQUIRED), Length(max=4000)],
    )
    resume = BooleanField(_l("It is safe to resume the match"))
