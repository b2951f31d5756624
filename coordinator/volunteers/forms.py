"""Forms of volunteers: sign-up, profile, pause and leave; the coordinators' screening forms.

WTForms has no Danish messages of its own, so the few fields that produce a built-in message
(numbers, dates, choices) are small subclasses here with our own, translated messages; the
referral and friend-bank forms use them too.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    SearchField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from coordinator import vocabulary
from coordinator.ages import age_on, birth_year_for
from coordinator.extensions import db
from coordinator.form_helpers import (
    AppForm,
    CheckboxesField,
    ChoiceField,
    DayField,
    RadioChoiceField,
    WholeNumberField,
    clean,
    email_field,
    new_password_field,
    postcode_field,
    text,
)
from coordinator.labels import choices_for
from coordinator.organisations.models import PartnerOrganisation
from coordinator.reference_data import districts
from coordinator.vocabulary import MatchType, ScreeningStepKind
from coordinator.volunteers.certificates import CertificateState
from coordinator.volunteers.models import (
    CertificateAssessment,
    Gender,
    VolunteerKind,
    VolunteerStatus,
)
from coordinator.volunteers.services import EXTRA_OFFERS, Profile, VolunteerFilters

MAX_HOUSEHOLD = 6
# The certificate states a coordinator can filter the list by (the one rule's states).
CERTIFICATE_CHOICES = [
    (CertificateState.VALID.value, _l("Valid certificate")),
    (CertificateState.RUNNING_OUT.value, _l("Certificate running out")),
    (CertificateState.EXPIRED.value, _l("Certificate expired")),
    (CertificateState.MISSING.value, _l("Certificate missing")),
]
NO_ORGANISATION = ""


def gender_choices(none_label):
    return [("", str(none_label)), *choices_for(Gender)]


def offer_choices() -> list[tuple[str, str]]:
    """The match types a volunteer can offer, plus helping at events."""
    offers = [(m.value, vocabulary.label("match_types", m.value))
              for m in MatchType if m != MatchType.FRIEND_BANK]
    labels = {"events": str(_l("Helping at events and activities"))}
    return offers + [(key, labels[key]) for key in EXTRA_OFFERS]


def organisation_choices() -> list[tuple[str, str]]:
    """Every partner organisation, active or not, by name (for filtering lists)."""
    rows = db.session.execute(
        select(PartnerOrganisation.id, PartnerOrganisation.name).order_by(PartnerOrganisation.name)
    ).all()
    return [(str(org_id), name) for org_id, name in rows]


def offer_label(key: str) -> str:
    """The label of one offer key (a match type or an extra offer such as events)."""
    return dict(offer_choices()).get(key, key)


def birth_year_from(value: int, today: date) -> int | None:
    """Read an age (18–99) or a birth year; None if it is neither."""
    if 18 <= value <= 99:
        return birth_year_for(value, today)
    if birth_year_for(99, today) <= value <= birth_year_for(18, today):
        return value
    return None


# --- sign-up and profile ----------------------------------------------------------------------


class HouseholdRow(Form):
    """One household member: first name and age."""

    first_name = text(_l("First name"), 80)
    age = WholeNumberField(
        _l("Age"),
        validators=[Optional(), NumberRange(min=0, max=120,
                                            message=_l("Enter an age between 0 and 120."))],
    )


class ProfileForm(AppForm):
    """Who the volunteer is and what they offer (the sign-up adds account and consent)."""

    first_name = text(_l("First name"), 80, required=_l("Please enter your first name."))
    last_name = text(_l("Last name"), 80, required=_l("Please enter your last name."))
    age_or_birth_year = WholeNumberField(
        _l("Age or birth year"),
        validators=[InputRequired(_l("Please enter your age or your birth year."))],
        description=_l("For example 42 or 1983. You must be at least 18."),
    )
    gender = RadioChoiceField(_l("Gender (optional)"), default="")
    postcode = postcode_field()
    phone = StringField(
        _l("Phone (optional)"),
        filters=[clean],
        validators=[
            Optional(),
            Length(max=30, message=_l("Please keep it under %(max)d characters.")),
            Regexp(r"^\+?[0-9 ]{8,20}$",
                   message=_l("Please enter a phone number, e.g. 12 34 56 78.")),
        ],
    )
    languages = CheckboxesField(
        _l("Languages you speak"),
        validators=[DataRequired(_l("Please choose at least one language."))],
    )
    kind = RadioChoiceField(_l("Do you volunteer on your own or as a family?"), default="person")
    interests = CheckboxesField(_l("Interests"))
    interests_other = text(_l("Other interests"), 500)
    helps_with = CheckboxesField(_l("What can you help with?"))
    offers = CheckboxesField(
        _l("What would you like to offer?"),
        validators=[DataRequired(_l("Please choose at least one way to help."))],
    )
    availability = CheckboxesField(
        _l("When are you free?"),
        validators=[DataRequired(_l("Please tell us when you are free."))],
    )
    capacity = WholeNumberField(
        _l("How many matches can you take at the same time?"),
        default=1,
        validators=[
            InputRequired(_l("Please enter a number from 1 to 5.")),
            NumberRange(min=1, max=5, message=_l("Please enter a number from 1 to 5.")),
        ],
    )
    lived_experience = CheckboxesField(
        _l("Lived experience (optional)"),
        description=_l("We ask because a volunteer who has been there themselves can mean a lot "
                       "to a young person or a parent. You decide whether to tell us."),
    )
    organisation_id = ChoiceField(_l("Partner organisation (optional)"), default=NO_ORGANISATION)
    about = text(
        _l("About me"), 2000, area=True,
        description=_l("A few lines a family or young person may read when you are proposed."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gender.choices = gender_choices(_l("Prefer not to say"))
        self.languages.choices = vocabulary.choices("languages")
        self.kind.choices = choices_for(VolunteerKind)
        self.interests.choices = vocabulary.choices("interests")
        self.helps_with.choices = vocabulary.choices("needs")
        self.offers.choices = offer_choices()
        self.availability.choices = vocabulary.choices("availability")
        self.lived_experience.choices = vocabulary.choices("lived_experience")
        organisations = db.session.scalars(
            select(PartnerOrganisation)
            .where(PartnerOrganisation.active.is_(True))
            .order_by(PartnerOrganisation.name)
        ).all()
        self.organisation_id.choices = [(NO_ORGANISATION, str(_l("None")))] + [
            (str(org.id), org.name) for org in organisations
        ]

    def household_rows(self):
        return [getattr(self, f"member{i}") for i in range(1, MAX_HOUSEHOLD + 1)]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        today = date.today()
        year = self.age_or_birth_year
        if (year.data is not None and not year.errors
                and birth_year_from(year.data, today) is None):
            year.errors.append(str(_l("Enter your age (18 to 99) or your birth year.")))
            ok = False
        filled = 0
        for row in self.household_rows():
            name, age = row.form.first_name, row.form.age
            if name.data and age.data is None and not age.errors:
                age.errors.append(str(_l("Please enter the age.")))
                ok = False
            elif age.data is not None and not name.data and not name.errors:
                name.errors.append(str(_l("Please enter the first name.")))
                ok = False
            if name.data or age.data is not None:
                filled += 1
        if self.kind.data == VolunteerKind.FAMILY.value and filled == 0:
            self.member1.form.first_name.errors.append(
                str(_l("Please list the people in your household who will take part.")))
            ok = False
        return ok

    def profile(self, today: date) -> Profile:
        """The typed values as a plain Profile for the service."""
        household = [
            (row.form.first_name.data, birth_year_for(row.form.age.data, today))
            for row in self.household_rows()
            if row.form.first_name.data and row.form.age.data is not None
        ]
        birth_year = birth_year_from(self.age_or_birth_year.data, today)
        assert birth_year is not None  # validate() refused any value that gives None
        return Profile(
            first_name=self.first_name.data,
            last_name=self.last_name.data,
            birth_year=birth_year,
            postcode=self.postcode.data,
            kind=VolunteerKind(self.kind.data),
            gender=Gender(self.gender.data) if self.gender.data else None,
            phone=self.phone.data or None,
            languages=list(self.languages.data),
            household=household,
            interests=list(self.interests.data or []),
            interests_other=self.interests_other.data or "",
            helps_with=list(self.helps_with.data or []),
            offers=list(self.offers.data),
            availability=list(self.availability.data),
            capacity=self.capacity.data,
            lived_experience=list(self.lived_experience.data or []),
            organisation_id=int(self.organisation_id.data) if self.organisation_id.data else None,
            about=self.about.data or "",
        )

    def fill_from(self, volunteer, today: date) -> None:
        """Show a saved volunteer's values (on GET of the profile page)."""
        for name in ("first_name", "last_name", "postcode", "phone", "languages", "interests",
                     "interests_other", "helps_with", "offers", "availability", "capacity",
                     "lived_experience", "about"):
            getattr(self, name).data = getattr(volunteer, name)
        self.age_or_birth_year.data = volunteer.birth_year
        self.gender.data = volunteer.gender.value if volunteer.gender else ""
        self.kind.data = volunteer.kind.value
        self.organisation_id.data = (
            str(volunteer.organisation_id) if volunteer.organisation_id else NO_ORGANISATION
        )
        for row, member in zip(self.household_rows(), volunteer.household, strict=False):
            row.form.first_name.data = member.first_name
            row.form.age.data = age_on(member.birth_year, today)


for _index in range(1, MAX_HOUSEHOLD + 1):
    setattr(ProfileForm, f"member{_index}", FormField(HouseholdRow, label=_l("Household member")))


class SignupForm(ProfileForm):
    email = email_field()
    password = new_password_field(_l("Choose a password"))
    password_again = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Please repeat the password.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
    privacy_consent = BooleanField(
        _l("I have read the privacy note and agree that the coordination unit processes my "
           "information as described."),
        validators=[DataRequired(_l("We can only take your sign-up with your consent."))],
    )
    # No check that the address is free: the form must not reveal who has an account. The
    # view answers a taken address like a new one and e-mails its holder instead.


# The sign-up in four steps, each a fieldset of the one SignupForm: (title, field names). The
# account comes last, so a password is only ever sent with the final step and never kept.
SIGNUP_STEPS = (
    (_l("Who you are"), ("first_name", "last_name", "age_or_birth_year", "postcode", "phone",
                         "gender", "languages")),
    (_l("On your own or as a family"),
     ("kind", *(f"member{i}" for i in range(1, MAX_HOUSEHOLD + 1)))),
    (_l("What you would like to do"), ("offers", "helps_with", "interests", "interests_other",
                                       "availability", "capacity", "lived_experience",
                                       "organisation_id", "about")),
    (_l("Your account and consent"), ("email", "password", "password_again", "privacy_consent")),
)


def signup_step_of(name: str) -> int | None:
    """The step (1–4) a posted field belongs to ("member2-age" is step 2's), or None."""
    top = name.split("-", 1)[0]
    for number, (_title, fields) in enumerate(SIGNUP_STEPS, start=1):
        if top in fields:
            return number
    return None


def signup_step_errors(form, step: int) -> dict:
    """The errors of one step's fields only."""
    fields = SIGNUP_STEPS[step - 1][1]
    return {name: form[name].errors for name in fields if form[name].errors}


def first_signup_step_with_errors(form) -> int | None:
    """The first step whose fields have errors (after validate()), or None."""
    for number in range(1, len(SIGNUP_STEPS) + 1):
        if signup_step_errors(form, number):
            return number
    return None


# --- pause and leave ---------------------------------------------------------------------------


class PauseForm(AppForm):
    until = DayField(
        _l("Paused until (optional)"),
        validators=[Optional()],
        description=_l("Leave empty to pause until you resume yourself."),
    )

    def validate_until(self, field) -> None:
        if field.data is not None and field.data < date.today():
            raise ValidationError(str(_l("Please choose a date from today on.")))


class LeaveForm(AppForm):
    confirm = BooleanField(
        _l("Yes, I want to stop as a volunteer"),
        validators=[DataRequired(_l("Please tick the box to confirm."))],
    )




# --- screening (coordinators) ------------------------------------------------------------------


class VolunteerFilterForm(AppForm):
    """Narrow the list of volunteers (a GET form: the URL can be bookmarked)."""

    class Meta:
        csrf = False  # a filter changes nothing; the query string must be bookmarkable

    status = ChoiceField(_l("Status"), default="")
    q = SearchField(
        _l("Name or postcode"),
        filters=[clean],
        validators=[Optional(), Length(max=100, message=_l("Please keep it under %(max)d "
                                                            "characters."))],
    )
    offer = ChoiceField(_l("Offers"), default="")
    language = ChoiceField(_l("Speaks"), default="")
    district = ChoiceField(_l("District"), default="")
    organisation = ChoiceField(_l("Organisation"), default="")
    certificate = ChoiceField(_l("Child certificate"), default="")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", str(_l("All")))
        self.status.choices = [everything, *choices_for(VolunteerStatus)]
        self.offer.choices = [everything, *offer_choices()]
        self.language.choices = [everything, *vocabulary.choices("languages")]
        self.district.choices = [everything, *((town, town) for town in districts())]
        self.organisation.choices = [everything, *organisation_choices()]
        self.certificate.choices = [everything, *CERTIFICATE_CHOICES]

    def filters(self) -> VolunteerFilters:
        """The validated choices as filters (call after validate())."""
        return VolunteerFilters(
            status=VolunteerStatus(self.status.data) if self.status.data else None,
            query=self.q.data or "",
            offer=self.offer.data or None,
            language=self.language.data or None,
            district=self.district.data or None,
            organisation_id=int(self.organisation.data) if self.organisation.data else None,
            certificate=(
                CertificateState(self.certificate.data) if self.certificate.data else None
            ),
        )

    def in_url(self) -> dict[str, str]:
        """The chosen filters as URL parameters, for the pager's links."""
        return {
            field.name: field.data
            for field in (self.status, self.q, self.offer, self.language, self.district,
                          self.organisation, self.certificate)
            if field.data
        }


class ScreeningStepForm(AppForm):
    step = ChoiceField(_l("Step"), validators=[DataRequired(_l("Please choose a step."))])
    completed_on = DayField(
        _l("Date"), validators=[InputRequired(_l("Please enter the date."))]
    )
    notes = text(_l("Notes (staff only)"), 5000, area=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.step.choices = [
            (kind.value, vocabulary.label("screening_steps", kind.value))
            for kind in ScreeningStepKind
            if kind != ScreeningStepKind.CHILD_CERTIFICATE
        ]
        if not self.completed_on.data and not self.is_submitted():
            self.completed_on.data = date.today()

    def validate_completed_on(self, field) -> None:
        if field.data is not None and field.data > date.today():
            raise ValidationError(str(_l("The date cannot be in the future.")))


class CertificateRequestForm(AppForm):
    holder = ChoiceField(_l("For whom"), default="")
    requested_on = DayField(
        _l("Requested on"), validators=[InputRequired(_l("Please enter the date."))]
    )

    def __init__(self, *args, household=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.holder.choices = [("", str(_l("The volunteer")))] + [
            (str(member.id), member.first_name) for member in household
        ]
        if not self.requested_on.data and not self.is_submitted():
            self.requested_on.data = date.today()

    def validate_requested_on(self, field) -> None:
        if field.data is not None and field.data > date.today():
            raise ValidationError(str(_l("The date cannot be in the future.")))


class CertificateAnswerForm(AppForm):
    received_on = DayField(
        _l("Arrived on"), validators=[InputRequired(_l("Please enter the date."))]
    )
    assessment = RadioChoiceField(
        _l("Assessment"), validators=[DataRequired(_l("Please choose the assessment."))]
    )
    note = text(_l("Note on the assessment"), 2000, area=True,
                description=_l("Never the certificate itself: it is deleted after assessment."))
    valid_until = DayField(
        _l("Valid until (optional)"),
        validators=[Optional()],
        description=_l("Leave empty to use the unit's renewal policy."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.assessment.choices = choices_for(CertificateAssessment)
        if not self.received_on.data and not self.is_submitted():
            self.received_on.data = date.today()

    def validate_received_on(self, field) -> None:
        if field.data is not None and field.data > date.today():
            raise ValidationError(str(_l("The date cannot be in the future.")))

    def validate_valid_until(self, field) -> None:
        if field.data and self.received_on.data and field.data <= self.received_on.data:
            raise ValidationError(str(_l("The date must be after the arrival date.")))


class DecisionForm(AppForm):
    """A coordinator's screening decision; `decision` (from the URL) says which fields count.

    The first submit shows a confirmation page; it posts the same fields again with
    `confirmed` set, so the confirm step works without JavaScript.
    """

    reason = ChoiceField(_l("Reason"), default="")
    until = DayField(_l("Look again on"), validators=[Optional()])
    note = text(_l("Note (staff only)"), 2000, area=True)
    confirmed = HiddenField(default="")

    def __init__(self, decision: str, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", f"decide-{decision}")
        super().__init__(*args, **kwargs)
        self.decision = decision
        group = {"reject": "rejection_reasons", "end": "application_end_reasons"}.get(decision)
        self.reason.choices = [("", _l("Choose a reason"))] + (
            vocabulary.choices(group) if group else []
        )

    def validate_reason(self, field) -> None:
        if self.decision in ("reject", "end") and not field.data:
            raise ValidationError(str(_l("Please choose a reason.")))

    def validate(self, extra_validators=None) -> bool:
        """Check what this decision needs; an empty optional field skips inline validators,
        so the required-for-this-decision checks live here."""
        valid = super().validate(extra_validators)
        if self.decision == "hold" and not self.until.errors:
            if self.until.data is None:
                self.until.errors = [str(_l("Please enter the date to look again."))]
            elif self.until.data <= date.today():
                self.until.errors = [str(_l("The date to look again must be after today."))]
        if (self.decision == "reject" and self.reason.data == "other" and not self.note.data
                and not self.note.errors):
            self.note.errors = [str(_l("Please write a note when the reason is “Other”."))]
        return valid and not self.until.errors and not self.note.errors
