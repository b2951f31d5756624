"""Joining the friend bank (by oneself from 15, or signed up by staff from 13 with consent), the
member list's filter, approving friend pairs and choosing a pair's first meeting."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from coordinator import vocabulary
from coordinator.ages import birth_year_for
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
    within_days,
)
from coordinator.friendbank.services import MAX_AGE, SELF_MIN_AGE, STAFF_MIN_AGE, FriendData
from coordinator.labels import choices_for
from coordinator.referrals.models import ConsentGiver, FriendBankStatus
from coordinator.referrals.services import CONSENT_AGE, ConsentData
from coordinator.volunteers.forms import gender_choices
from coordinator.volunteers.models import Gender


class FriendForm(AppForm):
    """Who the young person is; the two sign-ups add consent their own way."""

    first_name = text(_l("First name"), 80, required=_l("Please enter the first name."))
    age = WholeNumberField(_l("Age"), validators=[InputRequired(_l("Please enter the age."))])
    gender = RadioChoiceField(_l("Gender"), default="")
    postcode = postcode_field()
    interests = CheckboxesField(
        _l("Interests"), validators=[DataRequired(_l("Please choose at least one interest."))]
    )
    availability = CheckboxesField(_l("When are you free?"))
    about = text(_l("About me"), 1000, area=True,
                 description=_l("A few lines another young person may read."))
    same_gender_friend = BooleanField(_l("I would like a friend of my own gender"))

    min_age = SELF_MIN_AGE

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gender.choices = gender_choices(_l("Prefer not to say"))
        self.interests.choices = vocabulary.choices("interests")
        self.availability.choices = vocabulary.choices("availability")

    def validate_age(self, field) -> None:
        if field.data is not None and not self.min_age <= field.data <= MAX_AGE:
            raise ValidationError(str(_l("The friend bank is for young people from %(min)d to "
                                          "%(max)d.", min=self.min_age, max=MAX_AGE)))

    def validate_same_gender_friend(self, field) -> None:
        if field.data and not self.gender.data:
            raise ValidationError(str(_l("Tell us your gender, so we can find a friend of the "
                                          "same gender.")))

    def friend_data(self, today: date) -> FriendData:
        return FriendData(
            first_name=self.first_name.data,
            birth_year=birth_year_for(self.age.data, today),
            postcode=self.postcode.data,
            gender=Gender(self.gender.data) if self.gender.data else None,
            email=getattr(self, "email", None) and self.email.data or None,
            phone=getattr(self, "phone", None) and self.phone.data or None,
            interests=list(self.interests.data),
            availability=list(self.availability.data or []),
            about=self.about.data or "",
            same_gender_friend=bool(self.same_gender_friend.data),
        )


class SelfSignupForm(FriendForm):
    email = EmailField(
        _l("E-mail"),
        filters=[clean],
        validators=[
            Optional(),
            Length(max=254, message=_l("The e-mail address is too long.")),
            Email(_l("Please enter a valid e-mail address.")),
        ],
        description=_l("We send you a link to confirm it."),
    )
    phone = StringField(
        _l("Phone"),
        filters=[clean],
        validators=[
            Optional(),
            Length(max=30, message=_l("Please keep it under %(max)d characters.")),
            Regexp(r"^\+?[0-9 ]{8,20}$",
                   message=_l("Please enter a phone number, e.g. 12 34 56 78.")),
        ],
        description=_l("An e-mail address or a phone number, so the coordination unit can "
                       "reach you."),
    )
    consent = BooleanField(
        _l("I agree that the coordination unit keeps this information and may share my first "
           "name, age and interests with another young person when a friendship is proposed."),
        validators=[DataRequired(_l("We can only take your sign-up with your consent."))],
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # A sign-up about a child that nobody can reach cannot be verified or answered.
        if not self.email.data and not self.phone.data:
            self.email.errors = [*self.email.errors, str(_l(
                "Please give an e-mail address or a phone number, so we can reach you."))]
            ok = False
        return ok


class StaffSignupForm(FriendForm):
    consent_given_by = RadioChoiceField(
        _l("Consent given by"), validators=[DataRequired(_l("Please say who gave consent."))]
    )
    consent_giver_name = text(_l("Name of the person who consented"), 120,
                              required=_l("Please write who consented."))
    consent_given_on = DayField(
        _l("Consent given on"), validators=[InputRequired(_l("Please enter the date."))]
    )
    consent_form_location = text(_l("Where the signed form is kept"), 200,
                                 required=_l("Please say where the signed form is kept."))

    min_age = STAFF_MIN_AGE

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consent_given_by.choices = choices_for(ConsentGiver)
        # Staff fill this in about someone else: the young person's own wording is rephrased.
        self.availability.label.text = _l("When is the young person free?")
        self.about.label.text = _l("About the young person")
        self.about.description = _l(
            "A few lines another young person may read; write them with the young person."
        )
        self.same_gender_friend.label.text = _l("They would like a friend of their own gender")
        self.gender.choices = gender_choices(_l("Not stated"))

    def validate_consent_given_on(self, field) -> None:
        if field.data is not None and field.data > date.today():
            raise ValidationError(str(_l("The date cannot be in the future.")))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if (self.consent_given_by.data == ConsentGiver.YOUNG_PERSON.value
                and self.age.data is not None and self.age.data < CONSENT_AGE):
            self.consent_given_by.errors.append(
                str(_l("Under 15, the custody holder must consent.")))
            ok = False
        return ok

    def consent_data(self, scope: str) -> ConsentData:
        return ConsentData(
            given_by=ConsentGiver(self.consent_given_by.data),
            giver_name=self.consent_giver_name.data,
            given_on=self.consent_given_on.data,
            scope=scope,
            form_location=self.consent_form_location.data,
        )


class MemberFilterForm(AppForm):
    class Meta:
        csrf = False

    status = ChoiceField(_l("Status"), default="")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [("", str(_l("All")))] + choices_for(FriendBankStatus)


class StartFriendPairForm(AppForm):
    start_date = DayField(
        _l("First meeting"),
        validators=[InputRequired(_l("This field is required.")), within_days(30, 365)],
    )


class PairSignupForm(AppForm):
    """Choose one of the events suggested as a friend pair's first meeting."""

    event_id = ChoiceField(_l("Event"))

    def __init__(self, events, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event_id.choices = [(str(event.id), event.title) for event in events]
