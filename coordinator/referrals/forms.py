"""A caseworker's referral of a young person or a family, with consent."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import Form, FormField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from coordinator import vocabulary
from coordinator.ages import age_on, birth_year_for
from coordinator.form_helpers import (
    AppForm,
    CheckboxesField,
    ChoiceField,
    DayField,
    RadioChoiceField,
    WholeNumberField,
    clean,
    postcode_field,
    text,
)
from coordinator.labels import choices_for
from coordinator.reference_data import districts
from coordinator.referrals.models import ConsentGiver, Referral, ReferralStatus
from coordinator.referrals.services import (
    CONSENT_AGE,
    ConsentData,
    FamilyData,
    PersonData,
    ReferralData,
    ReferralFilters,
    latest_consent,
)
from coordinator.vocabulary import MatchType, Phase
from coordinator.volunteers.forms import gender_choices
from coordinator.volunteers.models import Gender

MAX_CHILDREN = 6


class ReferralForm(AppForm):
    """What is asked for and the consent; the two subclasses add who it is for."""

    phase = RadioChoiceField(_l("Phase"), validators=[DataRequired(_l("Please choose the phase."))])
    match_type = ChoiceField(
        _l("What kind of volunteer is wanted?"),
        validators=[DataRequired(_l("Please choose the kind of match."))],
    )
    needs = CheckboxesField(
        _l("Needs"), validators=[DataRequired(_l("Please choose at least one need."))]
    )
    interests = CheckboxesField(_l("Interests"))
    languages = CheckboxesField(_l("Languages"))
    availability = CheckboxesField(_l("When are they free?"))
    volunteer_gender_wish = RadioChoiceField(_l("Wish for the volunteer's gender"), default="")
    postcode = postcode_field()
    description_for_volunteer = text(
        _l("Short description for the volunteer"), 2000, area=True,
        required=_l("Please write a short description for the volunteer."),
        description=_l("The volunteer may read this once a coordinator has approved the match. "
                       "Only what they need: first name, age, interests, the task."),
    )
    case_notes = text(
        _l("Case notes (staff only)"), 5000, area=True,
        description=_l("Never shown to volunteers or organisations."),
    )
    consent_given_by = RadioChoiceField(
        _l("Consent given by"), validators=[DataRequired(_l("Please say who gave consent."))]
    )
    consent_giver_name = text(
        _l("Name of the person who consented"), 120,
        required=_l("Please write who consented."),
    )
    consent_given_on = DayField(
        _l("Consent given on"), validators=[InputRequired(_l("Please enter the date."))]
    )
    consent_scope = text(
        _l("What the consent covers"), 2000, area=True,
        required=_l("Please describe what the consent covers."),
        description=_l("E.g. referral to the coordination unit and sharing first name, age and "
                       "interests with a volunteer."),
    )
    consent_form_location = text(
        _l("Where the signed form is kept"), 200,
        required=_l("Please say where the signed form is kept."),
        description=_l("E.g. the case number in the case system. Never a CPR number."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.phase.choices = vocabulary.choices("phases")
        self.match_type.choices = [("", str(_l("Choose…")))] + [
            (m.value, vocabulary.label("match_types", m.value))
            for m in MatchType if m != MatchType.FRIEND_BANK
        ]
        self.needs.choices = vocabulary.choices("needs")
        self.interests.choices = vocabulary.choices("interests")
        self.languages.choices = vocabulary.choices("languages")
        self.availability.choices = vocabulary.choices("availability")
        self.volunteer_gender_wish.choices = gender_choices(_l("No wish"))
        self.consent_given_by.choices = choices_for(ConsentGiver)

    def validate_consent_given_on(self, field) -> None:
        if field.data is not None and field.data > date.today():
            raise ValidationError(str(_l("The date cannot be in the future.")))

    def referral_data(self) -> ReferralData:
        wish = self.volunteer_gender_wish.data
        return ReferralData(
            phase=Phase(self.phase.data),
            match_type=MatchType(self.match_type.data),
            postcode=self.postcode.data,
            needs=list(self.needs.data),
            interests=list(self.interests.data or []),
            languages=list(self.languages.data or []),
            availability=list(self.availability.data or []),
            volunteer_gender_wish=Gender(wish) if wish else None,
            description_for_volunteer=self.description_for_volunteer.data,
            case_notes=self.case_notes.data or "",
        )

    def consent_data(self) -> ConsentData:
        return ConsentData(
            given_by=ConsentGiver(self.consent_given_by.data),
            giver_name=self.consent_giver_name.data,
            given_on=self.consent_given_on.data,
            scope=self.consent_scope.data,
            form_location=self.consent_form_location.data,
        )

    def fill_from(self, referral: Referral) -> None:
        seeker = referral.seeker
        self.phase.data = referral.phase.value
        self.match_type.data = referral.match_type.value
        self.needs.data = referral.needs
        self.interests.data = seeker.interests
        self.languages.data = seeker.languages
        self.availability.data = seeker.availability
        wish = seeker.volunteer_gender_wish
        self.volunteer_gender_wish.data = wish.value if wish else ""
        self.postcode.data = seeker.postcode
        self.description_for_volunteer.data = referral.description_for_volunteer
        self.case_notes.data = referral.case_notes
        consent = latest_consent(referral)
        if consent is not None:
            self.consent_given_by.data = consent.given_by.value
            self.consent_giver_name.data = consent.giver_name
            self.consent_given_on.data = consent.given_on
            self.consent_scope.data = consent.scope
            self.consent_form_location.data = consent.form_location


class YoungPersonReferralForm(ReferralForm):
    first_name = text(_l("First name"), 80, required=_l("Please enter the first name."))
    age = WholeNumberField(
        _l("Age"),
        validators=[
            InputRequired(_l("Please enter the age.")),
            NumberRange(min=0, max=25, message=_l("Enter an age between 0 and 25.")),
        ],
        description=_l("Age only: never a CPR number."),
    )
    gender = RadioChoiceField(_l("Gender"), default="")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gender.choices = gender_choices(_l("Not stated"))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if (
            self.consent_given_by.data == ConsentGiver.YOUNG_PERSON.value
            and self.age.data is not None
            and self.age.data < CONSENT_AGE
        ):
            self.consent_given_by.errors.append(
                str(_l("Under 15, the custody holder must consent.")))
            ok = False
        return ok

    def person_data(self, today: date) -> PersonData:
        return PersonData(
            first_name=self.first_name.data,
            birth_year=birth_year_for(self.age.data, today),
            gender=Gender(self.gender.data) if self.gender.data else None,
        )

    def fill_from(self, referral: Referral, today: date | None = None) -> None:
        super().fill_from(referral)
        today = today or date.today()
        person = referral.young_person
        assert person is not None  # this form edits a young person's referral
        self.first_name.data = person.first_name
        self.age.data = age_on(person.birth_year, today)
        self.gender.data = person.gender.value if person.gender else ""


class ChildRow(Form):
    first_name = text(_l("First name"), 80)
    age = WholeNumberField(
        _l("Age"),
        validators=[Optional(), NumberRange(min=0, max=25,
                                            message=_l("Enter an age between 0 and 25."))],
    )


class FamilyReferralForm(ReferralForm):
    display_name = text(
        _l("What we call the family"), 120,
        required=_l("Please give the family a name for the case, e.g. a parent's first "
                            "name."),
        description=_l("E.g. \u201cSara and the children\u201d: first names only."),
    )

    def child_rows(self):
        return [getattr(self, f"child{i}") for i in range(1, MAX_CHILDREN + 1)]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.consent_given_by.data == ConsentGiver.YOUNG_PERSON.value:
            self.consent_given_by.errors.append(
                str(_l("For a family, the custody holder must consent.")))
            ok = False
        for row in self.child_rows():
            name, age = row.form.first_name, row.form.age
            if name.data and age.data is None and not age.errors:
                age.errors.append(str(_l("Please enter the age.")))
                ok = False
            elif age.data is not None and not name.data and not name.errors:
                name.errors.append(str(_l("Please enter the first name.")))
                ok = False
        return ok

    def family_data(self, today: date) -> FamilyData:
        return FamilyData(
            display_name=self.display_name.data,
            children=[
                (row.form.first_name.data, birth_year_for(row.form.age.data, today))
                for row in self.child_rows()
                if row.form.first_name.data and row.form.age.data is not None
            ],
        )

    def fill_from(self, referral: Referral, today: date | None = None) -> None:
        super().fill_from(referral)
        today = today or date.today()
        family = referral.family
        assert family is not None  # this form edits a family's referral
        self.display_name.data = family.display_name
        for row, child in zip(self.child_rows(), family.children, strict=False):
            row.form.first_name.data = child.first_name
            row.form.age.data = age_on(child.birth_year, today)


for _index in range(1, MAX_CHILDREN + 1):
    setattr(FamilyReferralForm, f"child{_index}", FormField(ChildRow, label=_l("Child")))


class ReferralFilterForm(AppForm):
    """Narrow the list of referrals (a GET form: the URL can be bookmarked)."""

    class Meta:
        csrf = False

    status = ChoiceField(_l("Status"), default="")
    phase = ChoiceField(_l("Phase"), default="")
    match_type = ChoiceField(_l("Wanted"), default="")
    district = ChoiceField(_l("District"), default="")
    waited = ChoiceField(_l("Waiting time"), default="")
    q = StringField(
        _l("Name"),
        filters=[clean],
        validators=[Optional(), Length(max=100, message=_l("At most %(max)d characters."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", str(_l("All")))
        self.status.choices = [everything, *choices_for(ReferralStatus)]
        self.phase.choices = [everything, *choices_for(Phase)]
        self.match_type.choices = [everything, *choices_for(MatchType)]
        self.district.choices = [everything, *((town, town) for town in districts())]
        self.waited.choices = [
            everything,
            *((str(days), str(_l("%(days)s days or more", days=days))) for days in WAITED_DAYS),
        ]

    def filters(self) -> ReferralFilters:
        """The validated choices as filters (call after validate())."""
        return ReferralFilters(
            status=ReferralStatus(self.status.data) if self.status.data else None,
            phase=Phase(self.phase.data) if self.phase.data else None,
            match_type=MatchType(self.match_type.data) if self.match_type.data else None,
            district=self.district.data or None,
            waited_days=int(self.waited.data) if self.waited.data else None,
            name=self.q.data or "",
        )

    def in_url(self) -> dict[str, str]:
        """The chosen filters as URL parameters, for the pager's links."""
        return {
            field.name: field.data
            for field in (self.status, self.phase, self.match_type, self.district, self.waited,
                          self.q)
            if field.data
        }


# The waiting-time choices of the referral list, in days.
WAITED_DAYS = (14, 30, 60, 90)
